"""Opening a step screen the way a user gets there (tablero → … → Paso 6)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.ayudantes import esperar
from ui.pasos.productos import PantallaProductos
from ui.pasos.unidades import PantallaUnidades


def abrir_entidad(qtbot, v, fila: int = 0):
    v.tablero.tabla.activated.emit(v.tablero.modelo.index(fila, 1))
    esperar(qtbot, v)
    return v.cima


def _activar(qtbot, v, tabla, texto: str, columna: int):
    modelo = tabla.model()
    for fila in range(modelo.rowCount()):
        indice = modelo.index(fila, columna)
        if indice.data(Qt.ItemDataRole.DisplayRole) == texto:
            tabla.setCurrentIndex(indice)
            tabla.activated.emit(indice)
            esperar(qtbot, v)
            return v.cima
    raise AssertionError(f"no está «{texto}» en la columna {columna}")


def abrir_unidad(qtbot, v, clues: str):
    pantalla = v.cima if isinstance(v.cima, PantallaUnidades) else abrir_entidad(qtbot, v)
    return _activar(qtbot, v, pantalla.tabla, clues, 1)


def abrir_productos(
    qtbot, v, clues="CLSSA000581", grupo="Atención Estomatológica", especialidad="Odontología"
) -> PantallaProductos:
    grupos = abrir_unidad(qtbot, v, clues)
    especialidades = _activar(qtbot, v, grupos.tabla, grupo, 2)
    pantalla = _activar(qtbot, v, especialidades.tabla, especialidad, 2)
    assert isinstance(pantalla, PantallaProductos)
    return pantalla
