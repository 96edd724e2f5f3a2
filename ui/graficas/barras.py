"""The exchange potential as horizontal bars (by entidad or by service
group): one bar per row with its name, percentage and events, the total on
top, a 0–100 % scale. Drawn with QPainter; tall lists scroll."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QHelpEvent, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from app.intercambio.resumen import FilaResumen

AZUL = QColor("#2f6db5")
AZUL_TOTAL = QColor("#1d3f6e")
PISTA = QColor("#e6ebf1")
TEXTO = QColor("#1f2933")
TENUE = QColor("#6b7785")
MARGEN = 12


@dataclass(frozen=True)
class Barra:
    fila: FilaResumen
    rect: QRectF  # the filled part
    pista: QRectF  # the whole 0–100 % track
    total: bool = False


def etiqueta(f: FilaResumen) -> str:
    return (
        f"{f.potencial * 100:.1f} %  ({f.eventos_cubiertos:,} de {f.eventos_faltantes:,} eventos)"
    )


class GraficaPotencial(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("grafica_potencial")
        self.setAccessibleName("Gráfica del potencial de intercambio")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self.filas: list[FilaResumen] = []
        self.total: FilaResumen | None = None
        self.titulo = ""
        self.barras: list[Barra] = []
        self._negrita = QFont(self.font())
        self._negrita.setBold(True)

    # Data ---------------------------------------------------------------------
    def poner(self, filas: Sequence[FilaResumen], total: FilaResumen | None, titulo: str) -> None:
        self.filas = [f for f in filas if f.eventos_faltantes > 0]
        self.total = total
        self.titulo = titulo
        self.setAccessibleDescription(
            "; ".join(f"{f.nombre}: {etiqueta(f)}" for f in self._todas()) or "Sin faltantes."
        )
        self.setFixedHeight(self._alto())
        self.updateGeometry()
        self.update()

    def _todas(self) -> list[FilaResumen]:
        return ([self.total] if self.total is not None and self.filas else []) + self.filas

    # Geometry -----------------------------------------------------------------
    def _fila(self) -> int:
        return self.fontMetrics().height() + 12

    def _encabezado(self) -> int:
        return 2 * self.fontMetrics().height() + 18

    def _alto(self) -> int:
        n = len(self._todas())
        return self._encabezado() + max(n, 1) * self._fila() + 8 + self.fontMetrics().height() + 16

    def sizeHint(self) -> QSize:
        return QSize(640, self._alto())

    def _disponer(self) -> list[Barra]:
        metrica = QFontMetrics(self._negrita)
        ancho = self.width()
        nombres = max((metrica.horizontalAdvance(f.nombre) for f in self._todas()), default=60)
        columna = min(int(ancho * 0.38), nombres + 16)
        cifras = metrica.horizontalAdvance("100.0 %  (000,000 de 000,000 eventos)") + 12
        largo = max(60, ancho - columna - cifras - 2 * MARGEN)
        alto = self._fila()
        barras = []
        y = self._encabezado()
        for i, f in enumerate(self._todas()):
            pista = QRectF(MARGEN + columna, y + 4, largo, alto - 8)
            lleno = QRectF(
                pista.x(), pista.y(), largo * max(0.0, min(1.0, f.potencial)), pista.height()
            )
            barras.append(Barra(f, lleno, pista, total=(i == 0 and f is self.total)))
            y += alto
        return barras

    # Painting -------------------------------------------------------------------
    def paintEvent(self, evento) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), Qt.GlobalColor.white)
        metrica = self.fontMetrics()
        p.setPen(TEXTO)
        p.setFont(self._negrita)
        p.drawText(MARGEN, MARGEN + metrica.ascent(), self.titulo)
        p.setFont(self.font())
        p.setPen(TENUE)
        p.drawText(
            MARGEN,
            MARGEN + metrica.height() + 4 + metrica.ascent(),
            "Parte de los eventos faltantes al mes que los excedentes de otras unidades pueden cubrir",
        )
        self.barras = self._disponer()
        if not self.barras:
            p.setPen(TENUE)
            p.drawText(
                QRectF(MARGEN, self._encabezado(), self.width() - 2 * MARGEN, self._fila()),
                Qt.AlignmentFlag.AlignVCenter,
                "No hay faltantes registrados: no hay potencial de intercambio que mostrar.",
            )
            return
        self._escala(p, self.barras[0].pista, self.barras[-1].pista.bottom())
        for b in self.barras:
            self._barra(p, b)

    def _escala(self, p: QPainter, pista: QRectF, abajo: float) -> None:
        metrica = self.fontMetrics()
        for k in range(5):
            x = pista.x() + pista.width() * k / 4
            p.setPen(
                QPen(QColor("#d5dce4"), 1, Qt.PenStyle.DashLine if k else Qt.PenStyle.SolidLine)
            )
            p.drawLine(int(x), int(pista.top() - 4), int(x), int(abajo + 4))
            texto = f"{k * 25} %"
            p.setPen(TENUE)
            p.drawText(
                int(x - metrica.horizontalAdvance(texto) / 2),
                int(abajo + 8 + metrica.ascent()),
                texto,
            )

    def _barra(self, p: QPainter, b: Barra) -> None:
        fuente = self._negrita if b.total else self.font()
        p.setFont(fuente)
        m = QFontMetrics(fuente)
        nombre = m.elidedText(
            b.fila.nombre, Qt.TextElideMode.ElideRight, int(b.pista.x() - MARGEN - 10)
        )
        caja = QRectF(MARGEN, b.pista.y(), b.pista.x() - MARGEN - 8, b.pista.height())
        p.setPen(TEXTO)
        p.drawText(caja, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, nombre)
        p.fillRect(b.pista, PISTA)
        if b.rect.width() > 0:
            p.fillRect(b.rect, AZUL_TOTAL if b.total else AZUL)
        p.setPen(TEXTO)
        p.drawText(
            QRectF(b.pista.right() + 8, b.pista.y(), self.width(), b.pista.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            etiqueta(b.fila),
        )

    def event(self, evento: QEvent) -> bool:
        if evento.type() == QEvent.Type.ToolTip and isinstance(evento, QHelpEvent):
            for b in self.barras:
                fila = QRectF(0, b.pista.y() - 4, self.width(), b.pista.height() + 8)
                if fila.contains(evento.position()):
                    f = b.fila
                    QToolTip.showText(
                        evento.globalPos(),
                        f"{f.nombre}\nPotencial: {f.potencial * 100:.1f} %\n"
                        f"{f.eventos_cubiertos:,} de {f.eventos_faltantes:,} eventos faltantes "
                        f"al mes se pueden cubrir\n{f.oportunidades:,} oportunidades",
                        self,
                    )
                    return True
            QToolTip.hideText()
            evento.ignore()
            return True
        return super().event(evento)
