"""Each refusal of the guide's rules is shown in the table as it is typed:
the cell turns red and carries the core's own message (not a second copy of
the rules); Guardar refuses and nothing is written."""

import pytest
from PySide6.QtCore import Qt

from app.captura.consultas import listar_capturas
from app.captura.proceso import configurar
from app.captura.reglas import FilaCaptura, validar_fila
from app.catalogo.consultas import causas
from tests.ui.ayudantes import celda, esperar, responder
from tests.ui.pasos_helpers import abrir_productos
from ui.modelos.productos import CAMPOS, FONDO_CAMBIO, FONDO_ERROR, ROL_PROBLEMA

RESINA = 2  # row of «Obturación con resina» in Odontología

CASOS = [
    ({"faltante_ambulatorio": "0"}, "faltante_ambulatorio", "la cantidad mínima es 1"),
    ({"faltante_ambulatorio": "-3"}, "faltante_ambulatorio", "no se aceptan negativos"),
    ({"excedente_hospitalario": "2.5"}, "excedente_hospitalario", "sin decimales"),
    ({"excedente_ambulatorio": "diez"}, "excedente_ambulatorio", "no es un número"),
    (
        {"pacientes": "1,000", "excedente_ambulatorio": "3"},
        "pacientes",
        "sin decimales ni separadores",
    ),
    ({"faltante_hospitalario": "2000000"}, "faltante_hospitalario", "demasiado grande"),
    (
        {"faltante_ambulatorio": "20", "pacientes": "20"},
        "causa",
        "un faltante necesita su causa principal",
    ),
    (
        {"faltante_ambulatorio": "20", "causa": "FE"},
        "pacientes",
        "es obligatorio cuando hay un faltante o un excedente",
    ),
    ({"excedente_ambulatorio": "4"}, "pacientes", "es obligatorio cuando hay"),
    ({"causa": "FP"}, "causa", "solo se indica con un faltante"),
    ({"pacientes": "12"}, "pacientes", "solo se indica con un faltante o un excedente"),
]


@pytest.mark.parametrize("valores, campo, fragmento", CASOS)
def test_cada_rechazo_se_marca_en_su_celda(qtbot, ventana, valores, campo, fragmento):
    v = ventana
    p = abrir_productos(qtbot, v)
    for nombre, valor in valores.items():
        assert p.filtro.setData(celda(p, RESINA, nombre), valor, Qt.ItemDataRole.EditRole)
    indice = celda(p, RESINA, campo)
    mensaje = indice.data(Qt.ItemDataRole.ToolTipRole)
    assert fragmento in mensaje
    assert indice.data(Qt.ItemDataRole.BackgroundRole) == FONDO_ERROR
    assert indice.data(ROL_PROBLEMA) == mensaje
    # The very message the core refuses with, for the same row.
    fila = FilaCaptura("EST-ODO-0003", **valores)
    _, problemas = validar_fila(fila, causas(v.ctx.almacen))
    assert mensaje in [pr.mensaje for pr in problemas if pr.campo == campo]
    # The status line under the table explains the selected cell.
    p.tabla.setCurrentIndex(indice)
    assert p.linea.text() == mensaje

    # Guardar refuses, goes to the first cell to fix, and writes nothing.
    dialogo = responder(qtbot, "Aceptar")
    p.guardar()
    esperar(qtbot, v)
    assert dialogo.respondida and dialogo.titulo == "Hay valores por corregir"
    assert "No se guardó nada" in dialogo.texto and fragmento in dialogo.detalle
    primero = p.modelo.problemas()[0]
    assert p.tabla.currentIndex() == celda(p, primero[0], primero[1])
    assert listar_capturas(v.ctx.almacen) == []


def test_corregir_quita_la_marca_y_volver_al_valor_guardado_quita_el_cambio(qtbot, ventana):
    p = abrir_productos(qtbot, ventana)
    m = p.filtro
    m.setData(celda(p, RESINA, "faltante_ambulatorio"), "0")
    assert celda(p, RESINA, "faltante_ambulatorio").data(ROL_PROBLEMA)
    m.setData(celda(p, RESINA, "faltante_ambulatorio"), "")
    assert p.modelo.problemas() == [] and not p.modelo.hay_cambios()
    m.setData(celda(p, RESINA, "excedente_ambulatorio"), "3")
    m.setData(celda(p, RESINA, "pacientes"), "3")
    assert p.modelo.problemas() == []
    assert celda(p, RESINA, "pacientes").data(Qt.ItemDataRole.BackgroundRole) == FONDO_CAMBIO
    assert "1 producto(s) con cambios sin guardar" in p.pendientes.text()


def test_un_rechazo_del_nucleo_al_guardar_se_muestra_y_no_guarda(qtbot, ventana):
    """Something the table could not know (here, the installation was changed
    to another unit after the screen opened): the core refuses, the window
    shows its message, and nothing is written."""
    v = ventana
    p = abrir_productos(qtbot, v)
    for campo, valor in zip(CAMPOS, ("20", "", "FE", "", "", "20"), strict=True):
        p.filtro.setData(celda(p, RESINA, campo), valor)
    configurar(v.ctx.almacen, "unidad", entidad="05", clues="CLSSA002343", contrasena="demo-05")
    resumen = responder(qtbot, "Guardar")
    aviso = responder(qtbot, "Aceptar")  # scheduled first: the dialog runs its own loop
    p.guardar()
    esperar(qtbot, v)
    assert resumen.respondida and aviso.respondida
    assert aviso.titulo == "No se pudo completar"
    assert "No se guardó nada" in aviso.texto
    assert "captura solo la unidad CLSSA002343" in aviso.detalle
    assert p.modelo.hay_cambios()  # what was typed is still there
    assert listar_capturas(v.ctx.almacen) == []
