"""A two-row table header like the guide's tables: a band over grouped
columns ("Faltante" over Ambulatoria / Hospitalaria / Causa) and each
column's own short label below.

The model gives each column's short label with ``ROL_CORTO`` and its group
with ``ROL_GRUPO``; ``DisplayRole`` keeps the full name ("Faltante
ambulatoria"), which is what screen readers announce.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QWidget

ROL_CORTO = Qt.ItemDataRole.UserRole + 10
ROL_GRUPO = Qt.ItemDataRole.UserRole + 11


class EncabezadoAgrupado(QHeaderView):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(False)
        self.setHighlightSections(False)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)

    # What the model says about each column -------------------------------
    def _texto(self, columna: int, rol) -> str:
        modelo = self.model()
        if modelo is None:
            return ""
        valor = modelo.headerData(columna, Qt.Orientation.Horizontal, rol)
        return str(valor) if valor else ""

    def _corto(self, columna: int) -> str:
        return self._texto(columna, ROL_CORTO) or self._texto(columna, Qt.ItemDataRole.DisplayRole)

    def _grupo(self, columna: int) -> str:
        return self._texto(columna, ROL_GRUPO)

    def _hay_grupos(self) -> bool:
        return any(self._grupo(c) for c in range(self.count()))

    def _alto_linea(self) -> int:
        return self.fontMetrics().height()

    def sizeHint(self) -> QSize:
        base = super().sizeHint()
        lineas = max((self._corto(c).count("\n") + 1 for c in range(self.count())), default=1)
        alto = lineas * self._alto_linea() + 10
        if self._hay_grupos():
            alto += self._alto_linea() + 8
        return QSize(base.width(), max(base.height(), alto))

    def sectionSizeFromContents(self, columna: int) -> QSize:
        tamano = super().sectionSizeFromContents(columna)
        lineas = self._corto(columna).split("\n")
        ancho = max(self.fontMetrics().horizontalAdvance(x) for x in lineas) + 16
        return QSize(max(ancho, 24), tamano.height())

    # Painting --------------------------------------------------------------
    def _rango_grupo(self, columna: int) -> tuple[int, int]:
        grupo = self._grupo(columna)
        primero = ultimo = columna
        while primero > 0 and self._grupo(primero - 1) == grupo:
            primero -= 1
        while ultimo + 1 < self.count() and self._grupo(ultimo + 1) == grupo:
            ultimo += 1
        return primero, ultimo

    def _pintar(self, painter: QPainter, rect: QRect, texto: str, columna: int) -> None:
        opcion = QStyleOptionHeader()
        self.initStyleOption(opcion)
        opcion.rect = rect
        opcion.section = columna
        opcion.text = texto
        opcion.textAlignment = Qt.AlignmentFlag.AlignCenter
        opcion.state |= QStyle.StateFlag.State_Enabled
        self.style().drawControl(QStyle.ControlElement.CE_Header, opcion, painter, self)

    def paintSection(self, painter: QPainter, rect: QRect, columna: int) -> None:
        if not rect.isValid():
            return
        grupo = self._grupo(columna)
        if not grupo:
            self._pintar(painter, rect, self._corto(columna), columna)
            return
        banda = self._alto_linea() + 8
        primero, ultimo = self._rango_grupo(columna)
        x0 = self.sectionViewportPosition(primero)
        x1 = self.sectionViewportPosition(ultimo) + self.sectionSize(ultimo)
        painter.save()
        painter.setClipRect(QRect(rect.left(), rect.top(), rect.width(), banda))
        self._pintar(painter, QRect(x0, rect.top(), x1 - x0, banda), grupo, primero)
        painter.restore()
        abajo = QRect(rect.left(), rect.top() + banda, rect.width(), rect.height() - banda)
        self._pintar(painter, abajo, self._corto(columna), columna)
