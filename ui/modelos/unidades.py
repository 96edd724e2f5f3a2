"""Paso 3: the entidad's units under a heading row per nivel de atención."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QTableView

from app.captura.consultas import FilaUnidad
from app.paquetes.consultas import EstadoOrigen
from ui.modelos.tabla import (
    ACCESIBLE,
    CENTRO,
    DISPLAY,
    FONDO,
    LETRA,
    ROL_FILA,
    TEXTO,
    Columna,
    FiltroPlegado,
    Indice,
    ModeloFilas,
    si_no,
)
from ui.modelos.tablero import describir_paquete

COLUMNAS = [
    Columna("No.", lambda u: str(u.numero), CENTRO),
    Columna("CLUES", lambda u: u.clues),
    Columna(
        "Unidad médica",
        lambda u: u.nombre,
        ayuda=lambda u: f"{u.clues} {u.nombre}\n{u.institucion} · {u.localidad}",
    ),
    Columna("Municipio", lambda u: u.municipio or u.localidad),
    Columna(
        "¿Con excedentes/faltantes?",
        lambda u: si_no(u.con_registros),
        CENTRO,
        corto="¿Con excedentes/\nfaltantes?",
    ),
]

_FONDO_NIVEL = QBrush(QColor("#e4ebf2"))
_TEXTO_NIVEL = QBrush(QColor("#1f3b57"))


PAQUETE = len(COLUMNAS)  # a state coordination sees each unit's bundle state


class ModeloUnidades(ModeloFilas):
    """Rows are the level names (str, a heading) and the units (FilaUnidad)."""

    def __init__(self, parent=None):
        self.paquetes: dict[str, EstadoOrigen] = {}
        super().__init__(
            [
                *COLUMNAS,
                Columna(
                    "Paquete de la unidad",
                    lambda u: describir_paquete(self.paquetes.get(u.clues)),
                    CENTRO,
                    corto="Paquete",
                ),
            ],
            parent,
        )
        self._negrita = QFont()
        self._negrita.setBold(True)

    def poner_unidades(
        self, unidades: Sequence[FilaUnidad], paquetes: dict[str, EstadoOrigen] | None = None
    ) -> None:
        self.paquetes = paquetes or {}
        filas: list[object] = []
        nivel = None
        for u in unidades:
            if u.nivel != nivel:
                nivel = u.nivel
                filas.append(nivel or "SIN NIVEL")
            filas.append(u)
        self.poner(filas)

    def es_encabezado(self, fila: int) -> bool:
        return isinstance(self.fila(fila), str)

    def unidades(self) -> list[FilaUnidad]:
        return [f for f in self.filas if not isinstance(f, str)]

    def plegados(self) -> list[str | None]:
        return [None if isinstance(f, str) else f.busqueda for f in self.filas]

    def data(self, index: Indice, role: int = DISPLAY):
        fila = self.fila(index.row())
        if isinstance(fila, str):  # a level heading
            if role == DISPLAY:
                return fila if index.column() == 0 else ""
            if role == LETRA:
                return self._negrita
            if role == FONDO:
                return _FONDO_NIVEL
            if role == TEXTO:
                return _TEXTO_NIVEL
            if role == ACCESIBLE:
                return f"Nivel de atención: {fila}"
            if role == ROL_FILA:
                return fila
            return None
        return super().data(index, role)

    def flags(self, index: Indice) -> Qt.ItemFlag:
        if self.es_encabezado(index.row()):
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def extender_encabezados(vista: QTableView, filtro: FiltroPlegado) -> None:
    """Make every visible level heading span the whole row (after each filter)."""
    vista.clearSpans()
    modelo = filtro.sourceModel()
    columnas = modelo.columnCount()
    for fila in range(modelo.rowCount()):
        if modelo.es_encabezado(fila):
            visible = filtro.mapFromSource(modelo.index(fila, 0))
            if visible.isValid():
                vista.setSpan(visible.row(), 0, 1, columnas)


def unidad_de(indice: QModelIndex) -> FilaUnidad | None:
    fila = indice.data(ROL_FILA) if indice.isValid() else None
    return None if fila is None or isinstance(fila, str) else fila
