"""A table of plain rows sorted in the model itself, by a key per column.

For tens of thousands of rows, sorting in a ``QSortFilterProxyModel`` calls
Python's ``data()`` for every comparison (seconds); here one ``list.sort``
with a key per column does it in milliseconds, numbers as numbers. The
folded search text of each row (for ``FiltroPlegado``) travels with it.
The view shows the header's sort indicator and calls ``ordenar``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableView

from app.texto import plegar
from ui.modelos.tabla import Columna, ModeloFilas

ASCENDENTE = Qt.SortOrder.AscendingOrder
DESCENDENTE = Qt.SortOrder.DescendingOrder


@dataclass(frozen=True)
class ColumnaOrden(Columna):
    # Sort key of a row in this column (a number for numbers); None: its folded text.
    orden: Callable[[Any], Any] | None = None


class ModeloOrdenable(ModeloFilas):
    def __init__(self, columnas: Sequence[Columna], parent=None):
        super().__init__(columnas, parent)
        self._plegados: list[str] = []
        self.columna_orden = -1  # -1: the order the rows came in
        self.sentido = ASCENDENTE

    def poner(self, filas: Sequence[Any], plegados: Sequence[str] | None = None) -> None:
        filas = list(filas)
        self._plegados = list(plegados) if plegados is not None else [""] * len(filas)
        self.beginResetModel()
        self._filas = filas
        if self.columna_orden >= 0:
            self._ordenar_listas()
        self.endResetModel()

    def plegados(self) -> list[str | None]:
        return list(self._plegados)

    def headerData(self, seccion: int, orientacion, role: int = Qt.ItemDataRole.DisplayRole):
        """The short heading on screen, the full one in its tooltip (and for screen readers)."""
        if orientacion == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            columna = self.columnas[seccion]
            return columna.corto or columna.titulo
        return super().headerData(seccion, orientacion, role)

    def clave_de(self, columna: int) -> Callable[[Any], Any]:
        c = self.columnas[columna]
        orden = getattr(c, "orden", None)
        if orden is not None:
            return orden
        return lambda f: plegar(str(c.valor(f) or ""))

    def ordenar(self, columna: int, sentido: Qt.SortOrder = ASCENDENTE) -> None:
        """Sort the rows by ``columna`` (stable: ties keep their order)."""
        self.columna_orden, self.sentido = columna, sentido
        self.beginResetModel()
        self._ordenar_listas()
        self.endResetModel()

    def _ordenar_listas(self) -> None:
        clave = self.clave_de(self.columna_orden)
        filas = self._filas
        orden = sorted(
            range(len(filas)),
            key=lambda i: clave(filas[i]),
            reverse=self.sentido == DESCENDENTE,
        )
        self._filas = [filas[i] for i in orden]
        if len(self._plegados) == len(orden):
            self._plegados = [self._plegados[i] for i in orden]


def ordenar_con_encabezado(
    tabla: QTableView, modelo: ModeloOrdenable, ordenar: Callable | None = None
) -> None:
    """Clicking a heading sorts by that column (again: the other way round);
    the model sorts (or ``ordenar(columna, sentido)``, which calls it), not the proxy."""
    cabecera: QHeaderView = tabla.horizontalHeader()
    cabecera.setSectionsClickable(True)
    cabecera.setSortIndicatorShown(True)
    cabecera.setSortIndicator(-1, ASCENDENTE)
    cabecera.sortIndicatorChanged.connect(ordenar or modelo.ordenar)
