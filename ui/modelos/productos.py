"""Paso 6: the products table, editable, validated cell by cell with the
core's own rules (``app.captura.reglas.validar_fila``), edits kept in memory
until Guardar."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from PySide6.QtCore import QAbstractTableModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from app.captura.reglas import FilaCaptura, fila_de_registros, leer_causa, validar_fila
from app.captura.vista import FilaProductoUbicada
from app.errores import Problema
from ui.encabezado import ROL_CORTO, ROL_GRUPO
from ui.modelos.tabla import (
    ALINEACION,
    AYUDA,
    CENTRO,
    DERECHA,
    DESCRIPCION,
    DISPLAY,
    EDIT,
    FONDO,
    IZQUIERDA,
    RAIZ,
    ROL_FILA,
    TEXTO,
    Indice,
)

CAMPOS = (
    "faltante_ambulatorio",
    "faltante_hospitalario",
    "causa",
    "excedente_ambulatorio",
    "excedente_hospitalario",
    "pacientes",
)

ROL_PROBLEMA = int(Qt.ItemDataRole.UserRole) + 20  # the reason a cell is refused, or ""
POS_CAUSA = CAMPOS.index("causa")
_FIJA = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDITABLE = _FIJA | Qt.ItemFlag.ItemIsEditable
_ROLES = frozenset(
    {DISPLAY, EDIT, ALINEACION, FONDO, TEXTO, AYUDA, DESCRIPCION, ROL_FILA, ROL_PROBLEMA}
)
_FIJOS = {
    "No.": lambda f: str(f.numero),
    "Producto": lambda f: f.nombre,
    "Especialidad": lambda f: f.especialidad,
    "Grupo y especialidad": lambda f: f"{f.grupo} › {f.especialidad}",
    "Unidad de medida": lambda f: f.unidad_medida,
}
FONDO_ERROR = QBrush(QColor("#f4c7c3"))
FONDO_CAMBIO = QBrush(QColor("#fff1b8"))
FONDO_BLOQUEADO = QBrush(QColor("#eeeeee"))
TEXTO_BLOQUEADO = QBrush(QColor("#666666"))
AVISO_IMPORTADO = (
    "Registro recibido en un paquete de la unidad: se corrige en la unidad que lo "
    "capturó, que envía un paquete nuevo."
)


@dataclass(frozen=True)
class ColumnaProducto:
    titulo: str
    corto: str = ""
    grupo: str = ""
    campo: str = ""  # one of CAMPOS for the editable columns
    alineacion: Qt.AlignmentFlag = IZQUIERDA


def columnas(ubicacion: str) -> list[ColumnaProducto]:
    """``ubicacion``: "" (one especialidad), "especialidad" (a group) or "grupo" (all)."""
    cols = [ColumnaProducto("No.", alineacion=CENTRO), ColumnaProducto("Producto")]
    if ubicacion:
        cols.append(
            ColumnaProducto(
                "Especialidad" if ubicacion == "especialidad" else "Grupo y especialidad"
            )
        )
    cols += [
        ColumnaProducto("Faltante ambulatoria", "Ambulatoria", "Faltante", CAMPOS[0], DERECHA),
        ColumnaProducto("Faltante hospitalaria", "Hospitalaria", "Faltante", CAMPOS[1], DERECHA),
        ColumnaProducto("Causa del faltante", "Causa", "Faltante", CAMPOS[2]),
        ColumnaProducto("Excedente ambulatoria", "Ambulatoria", "Excedente", CAMPOS[3], DERECHA),
        ColumnaProducto("Excedente hospitalaria", "Hospitalaria", "Excedente", CAMPOS[4], DERECHA),
        ColumnaProducto("Pacientes mensuales", "Pacientes\nmensuales", "", CAMPOS[5], DERECHA),
        ColumnaProducto("Unidad de medida", "Unidad de\nmedida"),
    ]
    return cols


def _texto(valor: object) -> str:
    return "" if valor is None else str(valor).strip()


def originales(fila: FilaProductoUbicada) -> tuple[str, ...]:
    return tuple(_texto(getattr(fila.guardado, c)) for c in CAMPOS)


@dataclass(frozen=True)
class Cambio:
    """One product about to be saved: what was saved and what will be."""

    fila: int
    clave: str
    nombre: str
    antes: FilaCaptura
    despues: FilaCaptura


class ModeloProductos(QAbstractTableModel):
    cambios_pendientes = Signal(int)  # products with unsaved changes

    def __init__(self, causas: Mapping[str, str], ubicacion: str = "", parent=None):
        super().__init__(parent)
        self.causas = dict(causas)
        self.ubicacion = ubicacion
        self.columnas = columnas(ubicacion)
        self._campo_de_columna = {i: c.campo for i, c in enumerate(self.columnas) if c.campo}
        self._columna_de_campo = {c: i for i, c in self._campo_de_columna.items()}
        self._posicion = [CAMPOS.index(c.campo) if c.campo else -1 for c in self.columnas]
        self._fijos = [_FIJOS.get(c.titulo) for c in self.columnas]
        self._alineaciones = [c.alineacion for c in self.columnas]
        self._originales: list[tuple[str, ...] | None] = []
        self._filas: list[FilaProductoUbicada] = []
        self._editadas: dict[int, list[str]] = {}
        self._problemas: dict[int, dict[str, str]] = {}
        self.editable = False

    # Data in ---------------------------------------------------------------
    def poner(self, filas: Sequence[FilaProductoUbicada], *, editable: bool) -> None:
        self.beginResetModel()
        self._filas = list(filas)
        self._originales = [None] * len(self._filas)
        self._editadas.clear()
        self._problemas.clear()
        self.editable = editable
        self.endResetModel()
        self.cambios_pendientes.emit(0)

    def fila(self, numero: int) -> FilaProductoUbicada:
        return self._filas[numero]

    @property
    def filas(self) -> list[FilaProductoUbicada]:
        return self._filas

    def plegados(self) -> list[str]:
        return [f.plegado for f in self._filas]

    def columna_de_campo(self, campo: str) -> int:
        return self._columna_de_campo[campo]

    def campo_de_columna(self, columna: int) -> str:
        return self._campo_de_columna.get(columna, "")

    def columnas_editables(self) -> list[int]:
        return sorted(self._campo_de_columna)

    def fila_de_clave(self, clave: str) -> int | None:
        for i, f in enumerate(self._filas):
            if f.clave == clave:
                return i
        return None

    # State -----------------------------------------------------------------
    def valores(self, fila: int) -> tuple[str, ...]:
        editada = self._editadas.get(fila)
        return tuple(editada) if editada is not None else self._original(fila)

    def hay_cambios(self) -> bool:
        return bool(self._editadas)

    def cuantos_cambios(self) -> int:
        return len(self._editadas)

    def tiene_datos(self, fila: int) -> bool:
        return fila in self._editadas or any(self.valores(fila))

    def cambiada(self, fila: int, campo: str) -> bool:
        """Whether this cell differs from what is saved."""
        editada = self._editadas.get(fila)
        posicion = CAMPOS.index(campo)
        return editada is not None and editada[posicion] != self._original(fila)[posicion]

    def problema(self, fila: int, campo: str) -> str:
        return self._problemas.get(fila, {}).get(campo, "")

    def problemas(self) -> list[tuple[int, str, str]]:
        """(row, field, message) of every invalid cell, in table order."""
        return [
            (fila, campo, mensaje)
            for fila in sorted(self._problemas)
            for campo, mensaje in sorted(
                self._problemas[fila].items(), key=lambda p: CAMPOS.index(p[0])
            )
        ]

    def cambios(self) -> list[Cambio]:
        resultado = []
        for fila in sorted(self._editadas):
            f = self._filas[fila]
            despues = FilaCaptura(f.clave, *(v or None for v in self._editadas[fila]))
            resultado.append(Cambio(fila, f.clave, f.nombre, f.guardado, despues))
        return resultado

    def descartar(self) -> None:
        if not self._editadas:
            return
        self._editadas.clear()
        self._problemas.clear()
        self._todo_cambio()

    def marcar_guardado(self) -> None:
        """After Guardar: what was typed is now the saved state, normalized by
        the core's own rules ("007" is saved as 7)."""
        for fila, valores in self._editadas.items():
            f = self._filas[fila]
            registros, _ = validar_fila(FilaCaptura(f.clave, *valores), self.causas)
            registrado = fila_de_registros(f.clave, registros) if registros else None
            self._filas[fila] = replace(f, registrado=registrado)
            self._originales[fila] = None
        self._editadas.clear()
        self._problemas.clear()
        self._todo_cambio()

    def poner_problemas(self, problemas: Sequence[Problema]) -> list[tuple[int, str]]:
        """Mark the cells the core refused at save time; returns (row, field)."""
        marcadas = []
        for p in problemas:
            fila = self.fila_de_clave(p.producto) if p.producto else None
            if fila is None:
                continue
            campo = p.campo if p.campo in CAMPOS else CAMPOS[0]
            previo = self._problemas.setdefault(fila, {}).get(campo)
            self._problemas[fila][campo] = f"{previo}\n{p.mensaje}" if previo else p.mensaje
            marcadas.append((fila, campo))
        self._todo_cambio()
        return marcadas

    def _todo_cambio(self) -> None:
        if self._filas:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._filas) - 1, len(self.columnas) - 1)
            )
        self.cambios_pendientes.emit(len(self._editadas))

    def _validar(self, fila: int, valores: list[str]) -> dict[str, str]:
        f = self._filas[fila]
        _, problemas = validar_fila(FilaCaptura(f.clave, *valores), self.causas)
        resultado: dict[str, str] = {}
        for p in problemas:
            previo = resultado.get(p.campo)
            resultado[p.campo] = f"{previo}\n{p.mensaje}" if previo else p.mensaje
        return resultado

    # Qt interface ------------------------------------------------------------
    def rowCount(self, parent: Indice = RAIZ) -> int:
        return 0 if parent.isValid() else len(self._filas)

    def columnCount(self, parent: Indice = RAIZ) -> int:
        return 0 if parent.isValid() else len(self.columnas)

    def flags(self, index: Indice) -> Qt.ItemFlag:
        if (
            self.editable
            and self._posicion[index.column()] >= 0
            and not self._filas[index.row()].importado
        ):
            return _EDITABLE
        return _FIJA

    def _original(self, fila: int) -> tuple[str, ...]:
        valores = self._originales[fila]
        if valores is None:
            valores = self._originales[fila] = originales(self._filas[fila])
        return valores

    def data(self, index: Indice, role: int = DISPLAY):
        # Called for every visible cell and role on each repaint: kept lean
        # (roles as plain integers, one lookup per column, no enum access).
        if role not in _ROLES:
            return None
        fila, columna = index.row(), index.column()
        f = self._filas[fila]
        posicion = self._posicion[columna]
        if role in (DISPLAY, EDIT):
            if posicion < 0:
                return self._fijos[columna](f)
            editada = self._editadas.get(fila)
            valor = (editada if editada is not None else self._original(fila))[posicion]
            if posicion == POS_CAUSA and role == DISPLAY:
                return self.causas.get(valor, valor)
            return valor
        if role == ALINEACION:
            return self._alineaciones[columna]
        campo = CAMPOS[posicion] if posicion >= 0 else ""
        if role == FONDO:
            if not campo:
                return None
            if fila in self._problemas and self.problema(fila, campo):
                return FONDO_ERROR
            if fila in self._editadas and self.cambiada(fila, campo):
                return FONDO_CAMBIO
            return FONDO_BLOQUEADO if f.importado else None
        if role == TEXTO:
            return TEXTO_BLOQUEADO if f.importado else None
        if role in (AYUDA, DESCRIPCION):
            if campo and self.problema(fila, campo):
                return self.problema(fila, campo)
            if f.importado:
                return AVISO_IMPORTADO
            if self.columnas[columna].titulo == "Producto":
                return f"{f.nombre}\nClave {f.clave} · {f.grupo} › {f.especialidad}"
            return None
        if role == ROL_FILA:
            return f
        if role == ROL_PROBLEMA:
            return self.problema(fila, campo) if campo else ""
        return None

    def setData(self, index: Indice, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        campo = self._campo_de_columna.get(index.column())
        if (
            role != Qt.ItemDataRole.EditRole
            or not campo
            or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable)
        ):
            return False
        fila = index.row()
        texto = _texto(value)
        if campo == "causa" and texto:
            clave, _ = leer_causa(texto, self.causas)
            texto = clave or texto
        valores = list(self.valores(fila))
        posicion = CAMPOS.index(campo)
        if valores[posicion] == texto:
            return True
        valores[posicion] = texto
        if tuple(valores) == self._original(fila):
            self._editadas.pop(fila, None)
            self._problemas.pop(fila, None)
        else:
            self._editadas[fila] = valores
            self._problemas[fila] = self._validar(fila, valores)
            if not self._problemas[fila]:
                del self._problemas[fila]
        editables = self.columnas_editables()
        self.dataChanged.emit(self.index(fila, editables[0]), self.index(fila, editables[-1]))
        self.cambios_pendientes.emit(len(self._editadas))
        return True

    def headerData(self, seccion: int, orientacion, role: int = Qt.ItemDataRole.DisplayRole):
        if orientacion != Qt.Orientation.Horizontal:
            return None
        c = self.columnas[seccion]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return c.titulo
        if role == ROL_CORTO:
            return c.corto or c.titulo
        if role == ROL_GRUPO:
            return c.grupo
        return None
