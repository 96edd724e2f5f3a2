"""The map of an exchange analysis, drawn offline with QPainter from the
units' own coordinates (``app.intercambio.mapa``): every unit in scope as a
faint dot (together they draw the state or the country), the units that
need in red and those that offer in green (purple: both), a line from each
offering unit to each unit it covers, wider with more events; the selected
opportunity highlighted on top. The static layer is kept in a pixmap, so
selecting another opportunity only redraws the highlight."""

from __future__ import annotations

from math import sqrt

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.intercambio.analisis import Oportunidad
from app.intercambio.mapa import AMBOS, DEMANDA, OFERTA, Enlace, Mapa

COLORES = {DEMANDA: QColor("#d62728"), OFERTA: QColor("#1f9e3a"), AMBOS: QColor("#8e44ad")}
FONDO = QColor("#f5f8fb")
PUNTO_FONDO = QColor("#c3ccd6")
ENLACE = QColor(62, 98, 146, 120)
RESALTE = QColor("#ff8c00")
TEXTO = QColor("#1f2933")
TENUE = QColor("#5f6b78")
MARGEN = 10


def _pluma(color: QColor, ancho: float) -> QPen:
    return QPen(color, ancho, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)


def ancho_enlace(eventos: int, maximo: int) -> float:
    return 1.0 + 5.0 * sqrt(eventos / maximo) if maximo > 0 else 1.0


class MapaOportunidades(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mapa_oportunidades")
        self.setAccessibleName("Mapa de las oportunidades de intercambio")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 220)
        self.mapa: Mapa | None = None
        self.unidades_sin_coordenadas = 0
        self.resaltado: Oportunidad | None = None
        self._cache: QPixmap | None = None
        self._negrita = QFont(self.font())
        self._negrita.setBold(True)

    # Data ---------------------------------------------------------------------------
    def poner(self, mapa: Mapa | None, unidades_sin_coordenadas: int = 0) -> None:
        self.mapa = mapa
        self.unidades_sin_coordenadas = unidades_sin_coordenadas
        self.resaltado = None
        self._cache = None
        if mapa is not None:
            self.setAccessibleDescription(
                f"{len(mapa.fondo):,} unidades del alcance, {len(mapa.puntos):,} con "
                f"oportunidades y {len(mapa.enlaces):,} enlaces."
            )
        self.update()

    def resaltar(self, oportunidad: Oportunidad | None) -> None:
        self.resaltado = oportunidad
        self.update()

    def enlace_resaltado(self) -> Enlace | None:
        o = self.resaltado
        if o is None or self.mapa is None:
            return None
        return next(
            (
                e
                for e in self.mapa.enlaces
                if e.clues_oferta == o.clues_oferta and e.clues_demanda == o.clues_demanda
            ),
            None,
        )

    def posicion(self, latitud: float, longitud: float) -> QPointF:
        """Where a coordinate is drawn in the widget (pixels)."""
        area = self._area()
        x, y = self.mapa.proyectar(latitud, longitud, area.width(), area.height())
        return QPointF(area.x() + x, area.y() + y)

    # Geometry ---------------------------------------------------------------------------
    def _leyenda_alto(self) -> int:
        return 2 * self.fontMetrics().height() + 14

    def _area(self) -> QRectF:
        return QRectF(
            MARGEN,
            MARGEN,
            self.width() - 2 * MARGEN,
            self.height() - 2 * MARGEN - self._leyenda_alto(),
        )

    def sizeHint(self) -> QSize:
        return QSize(640, 420)

    def resizeEvent(self, evento) -> None:  # noqa: N802 - Qt's name
        self._cache = None
        super().resizeEvent(evento)

    # Painting ---------------------------------------------------------------------------
    def paintEvent(self, evento) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.fillRect(self.rect(), Qt.GlobalColor.white)
        if self.mapa is None or self.mapa.vacio:
            p.setPen(TENUE)
            p.drawText(
                self.rect().adjusted(MARGEN, MARGEN, -MARGEN, -MARGEN),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                "No hay unidades con coordenadas que dibujar."
                if self.mapa is not None
                else "El mapa aparece cuando termina el análisis.",
            )
            return
        if self._cache is None or self._cache.size() != self.size() * self.devicePixelRatioF():
            self._cache = self._dibujar_base()
        p.drawPixmap(0, 0, self._cache)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._dibujar_resaltado(p)
        self._dibujar_leyenda(p)

    def _dibujar_base(self) -> QPixmap:
        razon = self.devicePixelRatioF()
        imagen = QPixmap(self.size() * razon)
        imagen.setDevicePixelRatio(razon)
        imagen.fill(Qt.GlobalColor.white)
        p = QPainter(imagen)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = self._area()
        p.fillRect(area, FONDO)
        m = self.mapa
        fondo = QPolygonF([self.posicion(lat, lon) for lat, lon in m.fondo])
        p.setPen(QPen(PUNTO_FONDO, 2.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawPoints(fondo)
        maximo = max((e.eventos for e in m.enlaces), default=0)
        for e in m.enlaces:  # the core sorts them by events: the widest on top
            p.setPen(_pluma(ENLACE, ancho_enlace(e.eventos, maximo)))
            p.drawLine(
                self.posicion(e.latitud_oferta, e.longitud_oferta),
                self.posicion(e.latitud_demanda, e.longitud_demanda),
            )
        mayor = max((pt.eventos for pt in m.puntos), default=0)
        for pt in m.puntos:
            radio = 2.5 + (3.0 * sqrt(pt.eventos / mayor) if mayor else 0)
            p.setPen(QPen(Qt.GlobalColor.white, 1))
            p.setBrush(QBrush(COLORES[pt.papel]))
            p.drawEllipse(self.posicion(pt.latitud, pt.longitud), radio, radio)
        p.end()
        return imagen

    def _dibujar_resaltado(self, p: QPainter) -> None:
        e = self.enlace_resaltado()
        if e is None:
            return
        maximo = max((x.eventos for x in self.mapa.enlaces), default=0)
        ancho = ancho_enlace(e.eventos, maximo) + 2
        a = self.posicion(e.latitud_oferta, e.longitud_oferta)
        b = self.posicion(e.latitud_demanda, e.longitud_demanda)
        p.setPen(_pluma(QColor(Qt.GlobalColor.white), ancho + 4))
        p.drawLine(a, b)
        p.setPen(_pluma(RESALTE, ancho))
        p.drawLine(a, b)
        for punto, color, texto in (
            (a, COLORES[OFERTA], f"Ofrece: {e.clues_oferta}"),
            (b, COLORES[DEMANDA], f"Necesita: {e.clues_demanda}"),
        ):
            p.setPen(QPen(Qt.GlobalColor.black, 2))
            p.setBrush(QBrush(color))
            p.drawEllipse(punto, 6.5, 6.5)
            self._rotulo(p, punto, texto)

    def _rotulo(self, p: QPainter, punto: QPointF, texto: str) -> None:
        metrica = self.fontMetrics()
        ancho = metrica.horizontalAdvance(texto) + 10
        alto = metrica.height() + 4
        x = punto.x() + 10
        if x + ancho > self.width() - MARGEN:
            x = punto.x() - 10 - ancho
        y = max(MARGEN, punto.y() - alto - 4)
        caja = QRectF(x, y, ancho, alto)
        camino = QPainterPath()
        camino.addRoundedRect(caja, 3, 3)
        p.setPen(QPen(QColor("#9aa5b1"), 1))
        p.setBrush(QColor(255, 255, 255, 235))
        p.drawPath(camino)
        p.setPen(TEXTO)
        p.drawText(caja, Qt.AlignmentFlag.AlignCenter, texto)

    def _dibujar_leyenda(self, p: QPainter) -> None:
        metrica = self.fontMetrics()
        y = self.height() - MARGEN - self._leyenda_alto() + 6
        x = MARGEN
        centro = y + metrica.height() / 2
        for color, texto in (
            (COLORES[DEMANDA], "Necesita"),
            (COLORES[OFERTA], "Ofrece"),
            (COLORES[AMBOS], "Necesita y ofrece"),
            (PUNTO_FONDO, "Otra unidad del alcance"),
        ):
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QBrush(color))
            p.drawEllipse(QPointF(x + 5, centro), 5, 5)
            p.setPen(TEXTO)
            p.drawText(int(x + 14), int(y + metrica.ascent()), texto)
            x += 14 + metrica.horizontalAdvance(texto) + 16
        p.setPen(QPen(ENLACE, 3))
        p.drawLine(QPointF(x, centro), QPointF(x + 22, centro))
        p.setPen(TEXTO)
        p.drawText(int(x + 28), int(y + metrica.ascent()), "Enlace (más grueso: más eventos)")
        p.setPen(TENUE)
        p.drawText(int(MARGEN), int(y + metrica.height() + 4 + metrica.ascent()), self.nota())

    def nota(self) -> str:
        """The line under the legend: what the map cannot show."""
        o = self.resaltado
        if o is not None and self.enlace_resaltado() is None:
            sin = [
                c
                for c, lat in (
                    (o.clues_oferta, o.latitud_oferta),
                    (o.clues_demanda, o.latitud_demanda),
                )
                if lat is None
            ]
            return (
                f"La oportunidad seleccionada no está en el mapa: {' y '.join(sin)} no "
                f"tiene{'n' if len(sin) > 1 else ''} coordenadas en el catálogo."
            )
        n = self.unidades_sin_coordenadas
        if n:
            return (
                f"{n:,} unidad{'es' if n != 1 else ''} con oportunidades no tiene"
                f"{'n' if n != 1 else ''} coordenadas en el catálogo: sus enlaces no se dibujan."
            )
        return "Líneas rectas entre las coordenadas de las unidades (no son rutas por carretera)."
