"""The breadcrumb: Inicio › Entidad › Unidad › Grupo › Especialidad. Each
earlier step is a link back to it (Alt+Inicio goes to the first)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

LARGOS = (48, 36, 28, 20, 14)  # characters per step, tried until the path fits


def _corto(texto: str, largo: int) -> str:
    return texto if len(texto) <= largo else texto[: largo - 1].rstrip() + "…"


class Migas(QLabel):
    ir_a = Signal(int)  # level of the stack to go back to

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("migas")
        self.setAccessibleName("Ubicación")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.linkActivated.connect(lambda enlace: self.ir_a.emit(int(enlace)))
        self.pasos: list[str] = []

    def poner(self, pasos: list[str]) -> None:
        self.pasos = list(pasos)
        completo = " › ".join(pasos)
        self.setToolTip(completo)
        self.setAccessibleDescription(completo)
        self._dibujar()

    def _dibujar(self) -> None:
        metrica = self.fontMetrics()
        disponible = max(self.width(), 200)
        for largo in LARGOS:
            cortos = [_corto(t, largo) for t in self.pasos]
            if metrica.horizontalAdvance(" › ".join(cortos)) * 1.1 <= disponible:
                break
        partes = []
        for i, corto in enumerate(cortos):
            corto = escape(corto)
            ultimo = i == len(cortos) - 1
            partes.append(f"<b>{corto}</b>" if ultimo else f'<a href="{i}">{corto}</a>')
        self.setText(" › ".join(partes))

    def resizeEvent(self, evento: QResizeEvent) -> None:
        super().resizeEvent(evento)
        if self.pasos:
            self._dibujar()
