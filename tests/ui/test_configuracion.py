"""Herramientas › Configuración de la instalación: the same assistant,
filled with what is configured, guarded by the entidad's password."""

import shiboken6
from PySide6.QtWidgets import QApplication, QWizard

from app.captura.vista import instalacion
from tests.ui.ayudantes import esperar
from ui.asistente import Asistente


def _abrir(qtbot, v) -> Asistente:
    v.findChild(type(v.accion_guardar), "accion_configurar").trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), Asistente))
    return QApplication.activeModalWidget()


def _siguiente(qtbot, a: Asistente, pagina) -> None:
    a.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: a.currentPage() is pagina)


def test_cambiar_la_persona_con_la_contrasena(qtbot, ventana):
    v = ventana
    a = _abrir(qtbot, v)
    assert a.windowTitle() == "Configuración de la instalación"
    assert a.pagina_modo.estatal.isChecked()
    _siguiente(qtbot, a, a.pagina_ubicacion)
    assert a.pagina_ubicacion.clave_entidad == "05"
    assert not a.pagina_ubicacion.tabla.isVisibleTo(a)  # no unit to choose for a coordination
    _siguiente(qtbot, a, a.pagina_acceso)
    assert a.pagina_acceso.persona.text() == "Ana Pérez"
    a.pagina_acceso.persona.setText("Luis Gómez")
    terminar = a.button(QWizard.WizardButton.FinishButton)

    a.pagina_acceso.contrasena.setText("demo-08")
    terminar.click()
    esperar(qtbot, v)
    assert "no es correcta" in a.pagina_acceso.error.text()
    assert a.isVisible() and instalacion(v.ctx.almacen).persona == "Ana Pérez"

    a.pagina_acceso.contrasena.setText("demo-05")
    terminar.click()
    qtbot.waitUntil(lambda: not shiboken6.isValid(a))
    esperar(qtbot, v)
    assert instalacion(v.ctx.almacen).persona == "Luis Gómez"
    assert v.estado_persona.text() == "Captura: Luis Gómez"
    assert "Captura: Luis Gómez." in v.tablero.instalacion.text()


def test_pasar_a_una_unidad_exige_elegirla(qtbot, ventana):
    v = ventana
    a = _abrir(qtbot, v)
    a.pagina_modo.unidad.setChecked(True)
    _siguiente(qtbot, a, a.pagina_ubicacion)
    esperar(qtbot, v)
    pagina = a.pagina_ubicacion
    assert pagina.filtro.cuantas() == 4  # the units of Coahuila in the test catalog
    assert not a.button(QWizard.WizardButton.NextButton).isEnabled()
    pagina.busqueda.setText("acuña")
    assert pagina.clues == "CLSSA000033"
    assert a.button(QWizard.WizardButton.NextButton).isEnabled()
    _siguiente(qtbot, a, a.pagina_acceso)
    assert "unidad CLSSA000033 HOSPITAL GENERAL CD. ACUÑA" in a.pagina_acceso.resumen.text()
    a.pagina_acceso.contrasena.setText("demo-05")
    a.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: not shiboken6.isValid(a))
    esperar(qtbot, v)
    conf = instalacion(v.ctx.almacen)
    assert (conf.modo, conf.clues) == ("unidad", "CLSSA000033")
    assert "unidad médica CLSSA000033 HOSPITAL GENERAL CD. ACUÑA" in v.tablero.instalacion.text()


def test_enter_en_la_busqueda_lleva_a_la_lista_y_no_avanza(qtbot, ventana):
    """With several matches, Enter must not move on with the first of them."""
    from PySide6.QtCore import Qt

    v = ventana
    a = _abrir(qtbot, v)
    a.pagina_modo.unidad.setChecked(True)
    _siguiente(qtbot, a, a.pagina_ubicacion)
    esperar(qtbot, v)
    pagina = a.pagina_ubicacion
    pagina.busqueda.setFocus()
    qtbot.keyClicks(pagina.busqueda, "clssa")
    assert pagina.filtro.cuantas() > 1
    qtbot.keyClick(pagina.busqueda, Qt.Key.Key_Return)
    assert a.currentPage() is pagina  # still choosing
    assert pagina.tabla.hasFocus()
    qtbot.keyClick(pagina.tabla, Qt.Key.Key_Down)
    elegida = pagina.clues
    qtbot.keyClick(pagina.tabla, Qt.Key.Key_Return)  # now Enter goes on, with that unit
    qtbot.waitUntil(lambda: a.currentPage() is a.pagina_acceso)
    assert f"unidad {elegida} " in a.pagina_acceso.resumen.text()
    a.reject()


def test_cancelar_no_cambia_nada(qtbot, ventana):
    v = ventana
    a = _abrir(qtbot, v)
    a.reject()
    esperar(qtbot, v)
    assert instalacion(v.ctx.almacen).modo == "estatal"
