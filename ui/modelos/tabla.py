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

from app.texto import palabras
from ui.encabezado import ROL_CORTO, ROL_GRUPO

# Roles as plain integers: data() runs for every visible cell and role.
DISPLAY = int(Qt.ItemDataRole.DisplayRole)
EDIT = int(Qt.ItemDataRole.EditRole)
ALINEACION = int(Qt.ItemDataRole.TextAlignmentRole)
FONDO = int(Qt.ItemDataRole.BackgroundRole)
TEXTO = int(Qt.ItemDataRole.ForegroundRole)
LETRA = int(Qt.ItemDataRole.FontRole)
AYUDA = int(Qt.ItemDataRole.ToolTipRole)
DESCRIPCION = int(Qt.ItemDataRole.AccessibleDescriptionRole)
ACCESIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
ROL_FILA = int(Qt.ItemDataRole.UserRole) + 1  # the row object itself
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

    def data(self, index: Indice, role: int = DISPLAY):
        if role == DISPLAY:
            return self.columnas[index.column()].valor(self._filas[index.row()])
        if role == ALINEACION:
            return self.columnas[index.column()].alineacion
        if role == AYUDA:
            columna = self.columnas[index.column()]
            return columna.ayuda(self._filas[index.row()]) if columna.ayuda is not None else None
        if role == ROL_FILA:
            return self._filas[index.row()]
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

    The words are matched once per keystroke over the model's folded strings
    (typing one more letter only re-checks the rows that still matched);
    ``filterAcceptsRow`` then only reads the answer. Heading rows (folded
    text ``None``) stay when any row under them stays.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self._aceptadas: bytearray | None = None  # per source row; None: all
        self._texto = ""
        self._extra: Callable[[int], bool] | None = None
        self._textos: list[str] = []  # folded text per source row ("" for headings)
        self._encabezados: list[int] = []  # source rows that are headings
        self._filas: list[int] | None = None  # rows (not headings) that pass; None: all
        self._terminos: list[str] = []  # the words that gave ``_filas``

    @property
    def texto(self) -> str:
        return self._texto

    def setSourceModel(self, modelo) -> None:
        anterior = self.sourceModel()
        if anterior is not None:
            anterior.modelAboutToBeReset.disconnect(self._olvidar)
            anterior.modelReset.disconnect(self._releer)
        super().setSourceModel(modelo)
        modelo.modelAboutToBeReset.connect(self._olvidar)
        modelo.modelReset.connect(self._releer)
        self._releer()

    def _olvidar(self) -> None:
        self._aceptadas = None

    def _releer(self) -> None:
        plegados = self.sourceModel().plegados()
        self._textos = [p or "" for p in plegados]
        self._encabezados = [i for i, p in enumerate(plegados) if p is None]
        self._filas = None
        self._terminos = []
        self.recalcular()

    def poner_texto(self, texto: str) -> None:
        self._texto = texto
        self.recalcular()

    def poner_condicion(self, condicion: Callable[[int], bool] | None) -> None:
        """An extra test per source row (e.g. "only rows with records")."""
        self._extra = condicion
        self._terminos = []  # the extra test may let rows back in: match from scratch
        self.recalcular()

    def _coinciden(self, terminos: list[str]) -> list[int]:
        textos = self._textos
        previos = self._terminos
        if self._filas is not None and previos and _mas_estricto(terminos, previos):
            candidatas = self._filas  # one more letter: only what matched can match
        else:
            encabezados = set(self._encabezados)
            candidatas = [i for i in range(len(textos)) if i not in encabezados]
            if self._extra is not None:
                candidatas = [i for i in candidatas if self._extra(i)]
        for t in terminos:
            candidatas = [i for i in candidatas if t in textos[i]]
        return candidatas

    def recalcular(self) -> None:
        terminos = palabras(self._texto)
        if self.sourceModel() is None or (not terminos and self._extra is None):
            filas, aceptadas = None, None
        else:
            filas = self._coinciden(terminos)
            aceptadas = bytearray(len(self._textos))
            for i in filas:
                aceptadas[i] = 1
            if self._encabezados:
                _propagar_a_encabezados(self._encabezados, aceptadas)
        self._filas, self._terminos = filas, terminos
        self.beginFilterChange()
        self._aceptadas = aceptadas
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def cuantas(self) -> int:
        """How many rows (not headings) pass the filter."""
        if self._filas is None:
            return len(self._textos) - len(self._encabezados)
        return len(self._filas)

    def filterAcceptsRow(self, fila: int, padre: Indice) -> bool:
        aceptadas = self._aceptadas
        return True if aceptadas is None else bool(aceptadas[fila])


def _mas_estricto(nuevos: list[str], previos: list[str]) -> bool:
    """Whatever matches ``nuevos`` also matched ``previos`` (each earlier word is
    inside one of the new ones: "cir" → "ciru", "cirugia" → "cirugia menor")."""
    return all(any(p in n for n in nuevos) for p in previos)


def _propagar_a_encabezados(encabezados: list[int], aceptadas: bytearray) -> None:
    limites = [*encabezados[1:], len(aceptadas)]
    for inicio, fin in zip(encabezados, limites, strict=True):
        if any(aceptadas[inicio + 1 : fin]):
            aceptadas[inicio] = 1
