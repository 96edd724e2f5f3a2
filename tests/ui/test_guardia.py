"""Leaving a screen or closing the window with unsaved changes asks first:
keep editing, leave without saving, or save and then leave."""

from PySide6.QtCore import Qt

from app.captura.consultas import listar_capturas
from tests.ui.ayudantes import celda, esperar, foco, responder, tecla
from tests.ui.pasos_helpers import abrir_productos
from ui.pasos.grupos import PantallaEspecialidades
from ui.pasos.productos import PantallaProductos

K = Qt.Key
ALT = Qt.KeyboardModifier.AltModifier


def _editar(p) -> None:
    for campo, valor in (("excedente_ambulatorio", "7"), ("pacientes", "9")):
        p.filtro.setData(celda(p, 0, campo), valor)


def test_regresar_con_cambios_pregunta(qtbot, ventana):
    v = ventana
    p = abrir_productos(qtbot, v)
    _editar(p)
    p.tabla.setFocus()

    # «Seguir editando»: nothing happens.
    dialogo = responder(qtbot, "Seguir editando")
    tecla(qtbot, K.Key_Left, ALT)
    assert dialogo.respondida and dialogo.titulo == "Cambios sin guardar"
    assert dialogo.botones == ["Guardar", "Salir sin guardar", "Seguir editando"]
    assert "los productos de Odontología (CLSSA000581)" in dialogo.texto
    assert v.cima is p and p.modelo.cuantos_cambios() == 1

    # The breadcrumb asks the same.
    dialogo = responder(qtbot, "Seguir editando")
    v.migas.linkActivated.emit("0")
    assert dialogo.respondida and v.cima is p

    # «Salir sin guardar»: back in Paso 5, nothing written.
    dialogo = responder(qtbot, "Salir sin guardar")
    v.regresar()
    esperar(qtbot, v)
    assert dialogo.respondida and isinstance(v.cima, PantallaEspecialidades)
    assert listar_capturas(v.ctx.almacen) == []


def test_guardar_desde_la_pregunta_y_luego_salir(qtbot, ventana):
    v = ventana
    p = abrir_productos(qtbot, v)
    _editar(p)
    # The question («Guardar»), then the summary («Guardar»): both answered in turn.
    pregunta = responder(qtbot, "Guardar")
    resumen = responder(qtbot, "Guardar")
    v.regresar()
    esperar(qtbot, v)
    assert pregunta.respondida and resumen.respondida
    assert {pregunta.titulo, resumen.titulo} == {
        "Cambios sin guardar",
        "Confirmar: guardar cambios",
    }
    assert isinstance(v.cima, PantallaEspecialidades)
    assert [(c.tipo, c.ambulatorio, c.pacientes) for c in listar_capturas(v.ctx.almacen)] == [
        ("excedente", 7, 9)
    ]


def test_si_al_guardar_hay_errores_no_sale(qtbot, ventana):
    v = ventana
    p = abrir_productos(qtbot, v)
    p.filtro.setData(celda(p, 0, "excedente_ambulatorio"), "7")  # pacientes missing
    pregunta = responder(qtbot, "Guardar")
    aviso = responder(qtbot, "Aceptar")
    v.ir_a(0)
    qtbot.waitUntil(lambda: aviso.respondida)
    esperar(qtbot, v)
    assert pregunta.respondida and aviso.titulo == "Hay valores por corregir"
    assert v.cima is p and p.modelo.hay_cambios()


def test_cerrar_la_ventana_con_cambios_pregunta(qtbot, ventana):
    v = ventana
    p = abrir_productos(qtbot, v)
    _editar(p)
    dialogo = responder(qtbot, "Seguir editando")
    assert not v.close()
    assert dialogo.respondida and v.isVisible() and isinstance(v.cima, PantallaProductos)

    pregunta = responder(qtbot, "Guardar")
    resumen = responder(qtbot, "Guardar")
    v.close()
    qtbot.waitUntil(lambda: not v.isVisible(), timeout=10_000)
    assert pregunta.respondida and resumen.respondida
    assert len(listar_capturas(v.ctx.almacen)) == 1


def test_una_celda_a_medio_escribir_cuenta_como_cambio(qtbot, ventana):
    """The editor still open (nothing committed yet) is not lost either."""
    v = ventana
    p = abrir_productos(qtbot, v)
    p.tabla.setFocus()
    p.tabla.setCurrentIndex(celda(p, 1, "faltante_ambulatorio"))
    tecla(qtbot, K.Key_3)  # opens the editor with «3», not committed
    assert foco().objectName() == "editor_cantidad"
    dialogo = responder(qtbot, "Seguir editando")
    v.regresar()
    assert dialogo.respondida and v.cima is p
    assert p.modelo.valores(1)[0] == "3"


def test_mientras_guarda_no_se_sale_ni_se_guarda_dos_veces(qtbot, ventana):
    v = ventana
    p = abrir_productos(qtbot, v)
    _editar(p)
    resumen = responder(qtbot, "Guardar")
    p.guardar()  # the summary is answered; the save now runs off the GUI thread
    assert resumen.respondida and p.ocupada
    v.regresar()
    assert v.cima is p
    assert v.statusBar().currentMessage() == "Espere: se están guardando los cambios."
    p.guardar()  # Ctrl+G again: ignored, no second summary
    assert not v.close() and v.isVisible()
    esperar(qtbot, v)
    assert not p.ocupada and len(listar_capturas(v.ctx.almacen)) == 1
    v.regresar()
    esperar(qtbot, v)
    assert isinstance(v.cima, PantallaEspecialidades)
