"""Paso 2: SÍ or NO with the entidad's password. NO is explained, confirmed,
saved, and the tablero says what comes next; refusals are shown on the page."""

import pytest
from PySide6.QtCore import Qt

from app.captura import consultas
from app.captura.proceso import configurar
from app.captura.proceso import responder as responder_paso2
from app.captura.registro import guardar_capturas
from app.captura.reglas import FilaCaptura
from tests.ui.ayudantes import abrir_ventana, cerrar_ventana, escribir, esperar, responder, tecla
from tests.ui.pasos_helpers import abrir_entidad
from ui.pasos.respuesta import PantallaRespuesta
from ui.pasos.unidades import PantallaUnidades

K = Qt.Key


@pytest.fixture
def ventana_sin_respuesta(qtbot, almacen, carpeta):
    configurar(almacen, "estatal", entidad="05", contrasena="demo-05", persona="Ana Pérez")
    v = abrir_ventana(qtbot, almacen, carpeta)
    yield v
    cerrar_ventana(v)


def _respuesta(almacen):
    return consultas.tablero(almacen).filas[0].respuesta


def test_no_explica_pide_confirmacion_y_guarda(qtbot, ventana_sin_respuesta):
    v = ventana_sin_respuesta
    p = abrir_entidad(qtbot, v)
    assert isinstance(p, PantallaRespuesta)
    assert p.instruccion.text().startswith(
        "Paso 2.- ¿Alguna de las Unidades Médicas de la Entidad Federativa Coahuila de Zaragoza"
    )
    p.si.setFocus()
    tecla(qtbot, K.Key_Right)  # arrows choose within the SÍ/NO group
    assert p.no.isChecked()
    assert "acepta de conformidad la inexistencia de oferta y/o demanda" in p.explicacion.text()
    assert "finalizar el registro (Paso 7)" in p.explicacion.text()
    assert p.boton.text().replace("&", "") == "Guardar la respuesta NO"
    tecla(qtbot, K.Key_Tab)
    escribir(qtbot, "demo-05")

    # Cancel at the confirmation: nothing is saved.
    dialogo = responder(qtbot, "Cancelar")
    tecla(qtbot, K.Key_Return)
    assert dialogo.respondida and dialogo.titulo == "Responder NO"
    assert dialogo.botones == ["Responder NO", "Cancelar"]
    assert "ninguna unidad médica de Coahuila de Zaragoza" in dialogo.texto
    assert "inexistencia de oferta y/o demanda" in dialogo.detalle
    assert _respuesta(v.ctx.almacen) is None

    # Confirm: saved, back to the tablero, which says what comes next.
    dialogo = responder(qtbot, "Responder NO")
    p.acceder()
    esperar(qtbot, v)
    assert dialogo.respondida and _respuesta(v.ctx.almacen) == "no"
    assert v.cima is v.tablero
    assert v.tablero.modelo.fila(0).respuesta == "no"
    assert "finalizar el registro (Paso 7)" in v.tablero.siguiente.text()
    assert "Respuesta guardada: NO" in v.statusBar().currentMessage()

    # Opening the entidad again shows Paso 2 with NO chosen.
    p = abrir_entidad(qtbot, v)
    assert isinstance(p, PantallaRespuesta) and p.no.isChecked()


def test_contrasena_incorrecta_se_dice_en_la_pagina(qtbot, ventana_sin_respuesta):
    v = ventana_sin_respuesta
    p = abrir_entidad(qtbot, v)
    p.acceder()
    assert p.error.text() == "Escriba la contraseña de la entidad."
    p.contrasena.setText("demo-08")
    p.acceder()
    esperar(qtbot, v)
    assert "no es correcta" in p.error.text() and p.error.isVisible()
    assert p.contrasena.hasFocus() and v.cima is p
    assert _respuesta(v.ctx.almacen) is None


def test_si_lleva_al_paso_3_y_ahi_se_puede_cambiar(qtbot, ventana_sin_respuesta):
    v = ventana_sin_respuesta
    p = abrir_entidad(qtbot, v)
    p.contrasena.setText("demo-05")
    p.acceder()
    esperar(qtbot, v)
    assert isinstance(v.cima, PantallaUnidades)
    assert v.migas.pasos == ["Inicio", "Coahuila de Zaragoza"]  # Paso 2 was replaced
    assert _respuesta(v.ctx.almacen) == "si"
    v.cima.cambiar.click()
    esperar(qtbot, v)
    assert isinstance(v.cima, PantallaRespuesta) and v.cima.si.isChecked()


def test_no_con_registros_guardados_se_rechaza_antes_de_preguntar(qtbot, ventana_sin_respuesta):
    v = ventana_sin_respuesta
    almacen = v.ctx.almacen
    responder_paso2(almacen, "05", "si", "demo-05")
    guardar_capturas(
        almacen, [("CLSSA000581", FilaCaptura("EST-ODO-0003", 20, None, "FE", None, None, 20))]
    )
    v.ctx.senales.datos_cambiados.emit()  # changed outside the window: reload
    esperar(qtbot, v)
    p = abrir_entidad(qtbot, v)  # answered SÍ: straight to Paso 3
    p.cambiar.click()
    esperar(qtbot, v)
    p = v.cima
    p.no.setChecked(True)
    p.contrasena.setText("demo-05")
    dialogo = responder(qtbot, "Responder NO")
    p.acceder()
    esperar(qtbot, v)
    assert not dialogo.respondida  # no grave question that ends in a refusal
    dialogo._temporizador.stop()
    assert "tiene 1 registro de excedentes o faltantes" in p.error.text()
    assert "bórrelos primero en el Paso 6 de cada unidad" in p.error.text()
    assert _respuesta(almacen) == "si"
