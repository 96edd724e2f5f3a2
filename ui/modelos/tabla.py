"""A read-only table model over plain rows (dataclasses from the core) and a
filter proxy that matches pre-folded text: accent- and case-insensitive,
every typed word must appear, cheap enough to run on every keystroke."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from app.texto import coincide, palabras
from ui.encabezado import ROL_CORTO, ROL_GRUPO

ROL_FILA = Qt.ItemDataRole.UserRole + 1  # the row object itself
CENTRO = Qt.AlignmentFlag.AlignCenter
DERECHA = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
IZQUIERDA = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

Indice = QModelIndex | QPersistentModelIndex
RAIZ = QModelIndex()  # the invisible root of a flat table


@dataclass(frozen=True)
class Columna:
    titulo: str  # full name (screen readers, tooltips)
    valor: Callable[[Any], object]
    alineacion: Qt.AlignmentFlag = IZQUIERDA
    corto: str = ""  # label under a group band; "\n" allowed
    grupo: str = ""  # the band above ("Unidades médicas", "Faltante")
    ayuda: Callable[[Any], str] | None = None  # tooltip per row


def si_no(valor: bool) -> str:
    return "SÍ" if valor else ""


class ModeloFilas(QAbstractTableModel):
    def __init__(self, columnas: Sequence[Columna], parent=None):
        super().__init__(parent)
        self.columnas = list(columnas)
        self._filas: list[Any] = []

    # Data in ---------------------------------------------------------------
    def poner(self, filas: Sequence[Any]) -> None:
        self.beginResetModel()
        self._filas = list(filas)
        self.endResetModel()

    def fila(self, numero: int) -> Any:
        return self._filas[numero]

    @property
    def filas(self) -> list[Any]:
        return self._filas

    def plegados(self) -> list[str | None]:
        """Folded search text per row (None: a heading row, see FiltroPlegado)."""
        return [getattr(f, "busqueda", None) or getattr(f, "plegado", "") for f in self._filas]

    # Qt interface ------------------------------------------------------------
    def rowCount(self, parent: Indice = RAIZ) -> int:
        return 0 if parent.isValid() else len(self._filas)

    def columnCount(self, parent: Indice = RAIZ) -> int:
        return 0 if parent.isValid() else len(self.columnas)

    def data(self, index: Indice, role: int = Qt.ItemDataRole.DisplayRole):
        fila = self._filas[index.row()]
        columna = self.columnas[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return columna.valor(fila)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return columna.alineacion
        if role == Qt.ItemDataRole.ToolTipRole and columna.ayuda is not None:
            return columna.ayuda(fila)
        if role == ROL_FILA:
            return fila
        return None

    def headerData(self, seccion: int, orientacion, role: int = Qt.ItemDataRole.DisplayRole):
        if orientacion != Qt.Orientation.Horizontal:
            return None
        columna = self.columnas[seccion]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return columna.titulo
        if role == ROL_CORTO:
            return columna.corto or columna.titulo
        if role == ROL_GRUPO:
            return columna.grupo
        return None


class FiltroPlegado(QSortFilterProxyModel):
    """Keeps the rows whose folded text holds every typed word.

    The words are matched once per keystroke over the model's list of folded
    strings; ``filterAcceptsRow`` then only reads the answer. Heading rows
    (folded text ``None``) stay when any row under them stays.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self._aceptadas: list[bool] | None = None
        self._texto = ""
        self._extra: Callable[[int], bool] | None = None

    @property
    def texto(self) -> str:
        return self._texto

    def setSourceModel(self, modelo) -> None:
        anterior = self.sourceModel()
        if anterior is not None:
            anterior.modelAboutToBeReset.disconnect(self._olvidar)
            anterior.modelReset.disconnect(self.recalcular)
        super().setSourceModel(modelo)
        modelo.modelAboutToBeReset.connect(self._olvidar)
        modelo.modelReset.connect(self.recalcular)

    def _olvidar(self) -> None:
        self._aceptadas = None

    def poner_texto(self, texto: str) -> None:
        self._texto = texto
        self.recalcular()

    def poner_condicion(self, condicion: Callable[[int], bool] | None) -> None:
        """An extra test per source row (e.g. "only rows with records")."""
        self._extra = condicion
        self.recalcular()

    def recalcular(self) -> None:
        modelo = self.sourceModel()
        terminos = palabras(self._texto)
        if modelo is None or (not terminos and self._extra is None):
            aceptadas = None
        else:
            extra = self._extra
            plegados = modelo.plegados()
            aceptadas = [
                p is not None
                and (not terminos or coincide(p, terminos))
                and (extra is None or extra(i))
                for i, p in enumerate(plegados)
            ]
            _propagar_a_encabezados(plegados, aceptadas)
        self.beginFilterChange()
        self._aceptadas = aceptadas
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def cuantas(self) -> int:
        """How many rows (not headings) pass the filter."""
        modelo = self.sourceModel()
        if modelo is None:
            return 0
        plegados = modelo.plegados()
        if self._aceptadas is None:
            return sum(p is not None for p in plegados)
        return sum(a and p is not None for a, p in zip(self._aceptadas, plegados, strict=True))

    def filterAcceptsRow(self, fila: int, padre: Indice) -> bool:
        aceptadas = self._aceptadas
        return True if aceptadas is None else aceptadas[fila]


def _propagar_a_encabezados(plegados: list[str | None], aceptadas: list[bool]) -> None:
    encabezado = None
    for i, p in enumerate(plegados):
        if p is None:
            encabezado = i
        elif aceptadas[i] and encabezado is not None:
            aceptadas[encabezado] = True
