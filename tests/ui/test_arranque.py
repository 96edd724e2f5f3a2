"""``eyf`` with no order: ui.principal.ejecutar, as the command calls it."""

import pytest
from PySide6.QtCore import QLocale, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog

from app.almacen.candado import Candado
from tests.ui.ayudantes import responder
from ui import ajustes
from ui.asistente import Asistente
from ui.principal import SALIDA_RECHAZO, crear_aplicacion, ejecutar
from ui.ventana import VentanaPrincipal


def _ventana() -> VentanaPrincipal | None:
    return next(
        (
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, VentanaPrincipal) and w.isVisible()
        ),
        None,
    )


def _cuando(condicion, accion, intervalo=30) -> QTimer:
    """Run ``accion`` once ``condicion()`` holds (while ejecutar runs its loop)."""
    t = QTimer()
    t.setInterval(intervalo)

    def revisar():
        if condicion():
            t.stop()
            accion()

    t.timeout.connect(revisar)
    t.start()
    return t


def test_otra_ventana_abierta_con_la_misma_carpeta(qtbot, carpeta):
    otra = Candado(carpeta)
    otra.adquirir()
    try:
        dialogo = responder(qtbot, "Aceptar")
        assert ejecutar(carpeta, None) == SALIDA_RECHAZO
    finally:
        otra.liberar()
    assert dialogo.respondida
    assert "EyF ya está abierto con esta carpeta de datos" in dialogo.texto
    assert "ciérrela antes de abrir otra" in dialogo.texto


def test_una_base_danada_se_explica_y_no_se_toca(qtbot, carpeta):
    """Without backups the way-out dialog explains the damage; «Salir» quits
    leaving the file as it was (tests/ui/test_rescate.py covers restoring)."""
    from ui.rescate import DialogoRescate

    carpeta.mkdir(parents=True)
    archivo = carpeta / "eyf.sqlite3"
    archivo.write_bytes(b"esto no es una base de datos" * 10)
    visto = {}

    def salir():
        d = QApplication.activeModalWidget()
        visto["titulo"] = d.windowTitle()
        visto["mensaje"] = d.mensaje.text()
        d.salir.click()

    t = _cuando(lambda: isinstance(QApplication.activeModalWidget(), DialogoRescate), salir)
    assert ejecutar(carpeta, None) == SALIDA_RECHAZO
    t.stop()
    assert "no se pudo abrir la base de datos" in visto["titulo"]
    assert "no es una base de datos de EyF" in visto["mensaje"]
    assert archivo.read_bytes() == b"esto no es una base de datos" * 10
    assert not Candado(carpeta).ocupado()  # the lock is released


def test_abre_el_tablero_y_recuerda_la_geometria(qtbot, almacen_capturando, carpeta):
    def cerrar():
        v = _ventana()
        v.resize(760, 500)  # within the offscreen screen (800×600)
        v.close()

    t = _cuando(lambda: _ventana() is not None and _ventana().tablero.cargada, cerrar)
    assert ejecutar(carpeta, None) == 0
    t.stop()
    assert (carpeta / ajustes.ARCHIVO).exists()
    assert not Candado(carpeta).ocupado()

    tamanos = []

    def medir_y_cerrar():
        v = _ventana()
        tamanos.append((v.width(), v.height(), v.tablero.modelo.rowCount()))
        v.close()

    t = _cuando(lambda: _ventana() is not None and _ventana().tablero.cargada, medir_y_cerrar)
    assert ejecutar(carpeta, None) == 0
    t.stop()
    assert tamanos == [(760, 500, 1)]


def test_espanol_de_mexico():
    app = crear_aplicacion()
    assert app._eyf_traductor is not None  # qtbase_es.qm found and installed
    assert QLocale().name() == "es_MX"
    assert (app.organizationName(), app.applicationName()) == ("EyF", "EyF")


@pytest.mark.lento
def test_primera_vez_carga_el_catalogo_con_progreso_y_abre_el_asistente(qtbot, carpeta):
    vistos = {}

    def progreso_visible():
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QProgressDialog) and w.isVisible():
                vistos["progreso"] = w.labelText()
        return False

    t1 = _cuando(progreso_visible, lambda: None, intervalo=50)

    def cerrar():
        asistente = QApplication.activeModalWidget()
        vistos["asistente"] = asistente.windowTitle()
        asistente.reject()
        _ventana().close()

    t2 = _cuando(lambda: isinstance(QApplication.activeModalWidget(), Asistente), cerrar)
    assert ejecutar(carpeta, None) == 0
    t1.stop()
    t2.stop()
    assert "Preparando EyF por primera vez" in vistos["progreso"]
    assert vistos["asistente"] == "Bienvenida: configurar EyF"


def test_los_avisos_del_arranque_se_muestran(qtbot, ventana):
    """What abrir_al_iniciar could not do (its ``avisos``) is said once the
    window is up, in one message."""
    from ui.principal import _avisar

    dialogo = responder(qtbot, "Aceptar")
    _avisar(ventana, ["Aviso: no se pudo hacer el respaldo del día. Disco lleno.", "Otro aviso."])
    assert dialogo.respondida
    assert dialogo.texto == (
        "Aviso: no se pudo hacer el respaldo del día. Disco lleno.\n\nOtro aviso."
    )


def test_un_error_interno_en_un_trabajo_se_explica_y_se_guarda(qtbot, ventana, carpeta):
    """A bug in background work: a dialog in Spanish and the details in a
    file for support, never a traceback on screen or a silent failure."""
    dialogo = responder(qtbot, "Aceptar")
    ventana.ctx.trabajos.lanzar(lambda: 1 / 0, lambda _r: None, mensaje="Probando…")
    qtbot.waitUntil(lambda: dialogo.respondida)
    assert dialogo.titulo == "Error interno"
    assert "no se guardó nada a medias" in dialogo.texto
    (archivo,) = (carpeta / "registro").glob("error-*.txt")
    assert "ZeroDivisionError" in archivo.read_text(encoding="utf-8")
    assert str(archivo) in dialogo.detalle
