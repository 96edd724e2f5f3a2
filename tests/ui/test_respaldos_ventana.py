"""Herramientas › Respaldos in the open window: list, create one now, a copy
in another folder, the days kept, restore a chosen one (the data that backup
had is back, in every screen) and undo it."""

from pathlib import Path

import pytest
from PySide6.QtGui import QAction

from app.almacen.consulta_bitacora import consultar_bitacora
from app.almacen.respaldos import dias_conservados, listar_respaldos
from app.captura.consultas import listar_capturas
from app.captura.registro import registrar
from tests.ui.ayudantes import esperar, responder
from tests.ui.ayudantes_archivos import elegir
from tests.ui.test_teclado import sin_nombre_accesible
from ui.respaldos import DialogoRespaldos


def abrir(qtbot, v) -> DialogoRespaldos:
    v.findChild(QAction, "accion_respaldos").trigger()
    d = v.findChild(DialogoRespaldos)
    assert d is not None and d.isVisible()
    qtbot.waitUntil(lambda: d.listos)
    esperar(qtbot, v)
    return d


def motivos(d) -> list[str]:
    return [d.modelo.index(i, 1).data() for i in range(d.modelo.rowCount())]


def productos(almacen) -> set[str]:
    return {c.producto for c in listar_capturas(almacen)}


@pytest.fixture
def d(qtbot, ventana):
    dialogo = abrir(qtbot, ventana)
    yield dialogo
    dialogo.close()


def test_crear_un_respaldo_y_los_dias_que_se_conservan(qtbot, ventana, d):
    v = ventana
    antes = listar_respaldos(v.ctx.carpeta)
    assert len(d.modelo.filas) == len(antes)
    d.crear.click()
    esperar(qtbot, v)
    qtbot.waitUntil(lambda: len(d.modelo.filas) == len(antes) + 1)
    (nuevo,) = [r for r in listar_respaldos(v.ctx.carpeta) if r.motivo == "manual"]
    assert d.seleccionado().ruta == nuevo.ruta  # the new one is selected
    assert "Hecho a mano" in motivos(d)
    assert d.estado.text().startswith(f"Respaldo creado: {nuevo.ruta}")
    assert d.modelo.index(0, 2).data().endswith(("KB", "MB"))

    d.dias.setValue(30)
    qtbot.waitUntil(lambda: dias_conservados(v.ctx.carpeta) == 30)
    assert d.estado.text() == "Los respaldos automáticos se conservan 30 días."
    assert sin_nombre_accesible(d) == []


def test_una_copia_en_otra_carpeta(qtbot, ventana, d, tmp_path):
    v = ventana
    memoria = tmp_path / "memoria-usb"
    memoria.mkdir()
    eleccion = elegir(qtbot, memoria)
    d.copiar.click()
    qtbot.waitUntil(lambda: eleccion.hecha)
    esperar(qtbot, v)
    (copia,) = memoria.glob("eyf-*-manual.sqlite3")
    assert d.estado.text().startswith(f"Respaldo creado: {copia}")
    assert not any(r.motivo == "manual" for r in listar_respaldos(v.ctx.carpeta))


def test_restaurar_uno_y_deshacer(qtbot, ventana, d):
    v = ventana
    viejo = v.ctx.almacen
    registrar(
        viejo, "CLSSA000581", "EST-ODO-0003", faltante_ambulatorio="5", causa="FE", pacientes="5"
    )
    d.crear.click()  # the backup holds EST-ODO-0003 only
    esperar(qtbot, v)
    qtbot.waitUntil(lambda: "Hecho a mano" in motivos(d))
    registrar(viejo, "CLSSA000581", "EST-ODO-0001", excedente_ambulatorio="9", pacientes="9")
    assert productos(viejo) == {"EST-ODO-0003", "EST-ODO-0001"}
    manual = next(r for r in d.modelo.filas if r.motivo == "manual")
    d.tabla.selectRow(d.modelo.filas.index(manual))

    confirmar = responder(qtbot, "Restaurar")
    hecho = responder(qtbot, "Aceptar")
    d.restaurar.click()
    qtbot.waitUntil(lambda: hecho.respondida, timeout=20_000)
    esperar(qtbot, v)
    assert confirmar.titulo == "Restaurar un respaldo"
    assert "Antes de restaurar, EyF respalda la base actual" in confirmar.detalle
    assert "se puede deshacer" in confirmar.texto or "Deshacer la última restauración" in (
        confirmar.detalle
    )
    assert hecho.titulo == "Respaldo restaurado"
    assert "Deshacer la última restauración" in hecho.detalle
    assert v.ctx.almacen is not viejo  # the window works on the restored database
    assert productos(v.ctx.almacen) == {"EST-ODO-0003"}
    assert consultar_bitacora(v.ctx.almacen, limite=1)[0].accion == "respaldo_restaurado"
    assert v.cima is v.tablero
    qtbot.waitUntil(lambda: d.listos and "Antes de restaurar: la base de entonces" in motivos(d))
    assert d.deshacer.isEnabled()

    confirmar = responder(qtbot, "Deshacer la restauración")
    hecho = responder(qtbot, "Aceptar")
    d.deshacer.click()
    qtbot.waitUntil(lambda: hecho.respondida, timeout=20_000)
    esperar(qtbot, v)
    assert confirmar.titulo == "Deshacer la última restauración"
    assert productos(v.ctx.almacen) == {"EST-ODO-0003", "EST-ODO-0001"}  # as it was
    assert hecho.titulo == "Restauración deshecha"


def test_cancelar_la_restauracion_no_cambia_nada(qtbot, ventana, d):
    v = ventana
    d.crear.click()
    esperar(qtbot, v)
    qtbot.waitUntil(lambda: bool(d.modelo.filas))
    almacen = v.ctx.almacen
    archivo = Path(almacen.ruta_bd).read_bytes()
    cancelar = responder(qtbot, "Cancelar")
    d.restaurar.click()
    assert cancelar.respondida
    esperar(qtbot, v)
    assert v.ctx.almacen is almacen
    assert Path(almacen.ruta_bd).read_bytes() == archivo


def test_restaurar_antes_de_finalizar_pide_la_contrasena(qtbot, ventana, d):
    """A backup from before the finalization reopens it: the confirmation says
    so, the entidad password is asked (cancel: nothing changes), and the
    restored entidad shows the reapertura."""
    from app.captura.cierre import estado_cierre, finalizar
    from tests.ui.ayudantes_archivos import escribir_en_dialogo

    v = ventana
    registrar(
        v.ctx.almacen,
        "CLSSA000581",
        "EST-ODO-0003",
        faltante_ambulatorio="5",
        causa="FE",
        pacientes="5",
    )
    d.crear.click()
    esperar(qtbot, v)
    qtbot.waitUntil(lambda: "Hecho a mano" in motivos(d))
    finalizar(v.ctx.almacen, "05", "demo-05")
    manual = next(r for r in d.modelo.filas if r.motivo == "manual")
    d.tabla.selectRow(d.modelo.filas.index(manual))

    confirmar = responder(qtbot, "Restaurar")
    cancelado = escribir_en_dialogo(qtbot, "", boton="Cancelar")
    d.restaurar.click()
    qtbot.waitUntil(lambda: cancelado.hechas == 1)
    esperar(qtbot, v)
    assert "quedará sin finalizar" in confirmar.detalle
    assert "contraseña de la entidad 05" in cancelado.etiquetas[0]
    assert estado_cierre(v.ctx.almacen, "05").finalizada  # nothing changed

    confirmar = responder(qtbot, "Restaurar")
    clave = escribir_en_dialogo(qtbot, "demo-05", boton="Restaurar")
    hecho = responder(qtbot, "Aceptar")
    d.restaurar.click()
    qtbot.waitUntil(lambda: hecho.respondida, timeout=20_000)
    esperar(qtbot, v)
    assert clave.hechas == 1 and hecho.titulo == "Respaldo restaurado"
    estado = estado_cierre(v.ctx.almacen, "05")
    assert not estado.finalizada
    assert manual.ruta.name in estado.reaperturas[-1].motivo
