"""The way out of a damaged database at start-up: the window offers the
latest healthy backup (which one, and its date), another one, one from
another folder, or to quit; restoring opens the tablero with the data back,
and the damaged file is kept aside, never deleted."""

from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.almacen.almacen import ARCHIVO_BD
from app.almacen.respaldos import carpeta_respaldos, respaldar
from app.captura.consultas import listar_capturas
from app.captura.registro import registrar
from tests.ui.ayudantes import responder
from tests.ui.ayudantes_archivos import elegir
from tests.ui.test_arranque import _cuando, _ventana
from ui.principal import SALIDA_RECHAZO, ejecutar
from ui.rescate import DialogoRescate

BASURA = b"esto no es una base de datos" * 40


def danar(carpeta: Path) -> None:
    for extra in ("-wal", "-shm"):
        (carpeta / (ARCHIVO_BD + extra)).unlink(missing_ok=True)
    (carpeta / ARCHIVO_BD).write_bytes(BASURA)


def _rescate() -> DialogoRescate | None:
    d = QApplication.activeModalWidget()
    return d if isinstance(d, DialogoRescate) else None


def test_ofrece_el_ultimo_respaldo_sano_y_abre_con_los_datos(qtbot, almacen_capturando, carpeta):
    a = almacen_capturando
    registrar(a, "CLSSA000581", "EST-ODO-0003", faltante_ambulatorio="5", causa="FE", pacientes="5")
    sano = respaldar(a.ruta_bd, carpeta, "manual")
    a.cerrar()
    # A newer backup that is damaged too: it is not the one offered.
    roto = carpeta_respaldos(carpeta) / (
        f"eyf-{datetime.now() + timedelta(minutes=1):%Y%m%d-%H%M%S-%f}-diario.sqlite3"
    )
    roto.write_bytes(BASURA)
    danar(carpeta)
    visto = {}

    def restaurar() -> None:
        d = _rescate()
        visto["titulo"] = d.windowTitle()
        visto["mensaje"] = d.mensaje.text()
        visto["propuesta"] = d.propuesta.text()
        visto["elegido"] = d.tabla.currentIndex().row()
        visto["botones"] = [b.text().replace("&", "") for b in (d.restaurar, d.otro, d.salir)]
        d.restaurar.click()

    t1 = _cuando(lambda: _rescate() is not None, restaurar)
    aviso = responder(qtbot, "Aceptar")  # what was done, said once the window is up

    def revisar_y_cerrar() -> None:
        v = _ventana()
        visto["capturas"] = [c.producto for c in listar_capturas(v.ctx.almacen)]
        visto["filas"] = v.tablero.modelo.rowCount()
        v.close()

    t2 = _cuando(
        lambda: _ventana() is not None and _ventana().tablero.cargada and aviso.respondida,
        revisar_y_cerrar,
    )
    assert ejecutar(carpeta, None) == 0
    t1.stop()
    t2.stop()
    assert visto["titulo"] == "EyF: no se pudo abrir la base de datos"
    assert "no es una base de datos de EyF" in visto["mensaje"]
    momento = datetime.strptime(sano.name[4:26], "%Y%m%d-%H%M%S-%f")
    assert (
        f"El respaldo sano más reciente es del {momento:%d/%m/%Y a las %H:%M}"
        in (visto["propuesta"])
    )
    assert visto["elegido"] == 1  # the damaged newer one is listed first, not chosen
    assert visto["botones"] == [
        "Restaurar el respaldo elegido",
        "Buscar un respaldo en otra carpeta…",
        "Salir",
    ]
    assert visto["capturas"] == ["EST-ODO-0003"] and visto["filas"] == 1
    assert aviso.texto.startswith(f"Se restauró el respaldo del {momento:%d/%m/%Y a las %H:%M}")
    assert "La base dañada no se borró" in aviso.texto
    (apartada,) = (carpeta / "respaldos" / "apartadas").glob(f"*/{ARCHIVO_BD}")
    assert apartada.read_bytes() == BASURA  # kept for support, byte for byte


def test_un_respaldo_de_otra_carpeta(qtbot, almacen_capturando, carpeta, tmp_path):
    a = almacen_capturando
    registrar(a, "CLSSA000581", "EST-ODO-0001", excedente_ambulatorio="3", pacientes="3")
    memoria = tmp_path / "memoria"
    copia = respaldar(a.ruta_bd, carpeta, "manual", destino=memoria)
    a.cerrar()
    danar(carpeta)
    visto = {}

    def buscar() -> None:
        d = _rescate()
        visto["propuesta"] = d.propuesta.text()
        visto["restaurar"] = d.restaurar.isEnabled()
        d.otro.click()

    eleccion = elegir(qtbot, copia)
    t1 = _cuando(lambda: _rescate() is not None, buscar)
    aviso = responder(qtbot, "Aceptar")

    def cerrar() -> None:
        v = _ventana()
        visto["capturas"] = [c.producto for c in listar_capturas(v.ctx.almacen)]
        v.close()

    t2 = _cuando(
        lambda: _ventana() is not None and _ventana().tablero.cargada and aviso.respondida, cerrar
    )
    assert ejecutar(carpeta, None) == 0
    t1.stop()
    t2.stop()
    assert visto["propuesta"].startswith("No hay respaldos en ")
    assert not visto["restaurar"]
    assert eleccion.hecha
    assert visto["capturas"] == ["EST-ODO-0001"]


def test_salir_no_toca_nada(qtbot, almacen, carpeta):
    almacen.cerrar()
    danar(carpeta)
    salir = QTimer()
    salir.setInterval(30)
    salir.timeout.connect(lambda: _rescate() is not None and _rescate().salir.click())
    salir.start()
    assert ejecutar(carpeta, None) == SALIDA_RECHAZO
    salir.stop()
    assert (carpeta / ARCHIVO_BD).read_bytes() == BASURA
    assert not (carpeta / "respaldos" / "apartadas").exists()
