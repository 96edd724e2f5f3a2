"""A file where the backups folder should be (``respaldos`` is a file, or a
file stands in the way of a chosen destination): a Spanish ErrorAlmacen that
says what to do, never an OSError; the start of the program goes on with a
notice, and nothing is changed."""

import shutil

import pytest

from app.almacen.almacen import ARCHIVO_BD
from app.almacen.arranque import abrir_al_iniciar
from app.almacen.respaldos import fijar_dias_conservados, listar_respaldos, respaldar
from app.almacen.restauracion import restaurar
from app.errores import ErrorAlmacen


@pytest.fixture
def respaldos_es_archivo(almacen):
    carpeta = almacen.carpeta
    shutil.rmtree(carpeta / "respaldos", ignore_errors=True)
    (carpeta / "respaldos").write_text("no soy una carpeta", encoding="utf-8")
    return carpeta


def test_respaldar_con_un_archivo_respaldos_explica_que_hacer(almacen, respaldos_es_archivo):
    carpeta = respaldos_es_archivo
    with pytest.raises(ErrorAlmacen) as e:
        respaldar(almacen.ruta_bd, carpeta, "manual")
    assert "hay un archivo llamado «respaldos»" in e.value.mensaje
    assert "Cámbiele el nombre a ese archivo" in e.value.mensaje
    assert (carpeta / "respaldos").read_text(encoding="utf-8") == "no soy una carpeta"
    with pytest.raises(ErrorAlmacen, match="hay un archivo llamado «respaldos»"):
        fijar_dias_conservados(carpeta, 30)
    assert listar_respaldos(carpeta) == []


def test_el_arranque_sigue_y_avisa(almacen, respaldos_es_archivo):
    carpeta = respaldos_es_archivo
    almacen.cerrar()
    arranque = abrir_al_iniciar(carpeta)
    try:
        assert arranque.respaldo_del_dia is None
        (aviso,) = arranque.avisos
        assert aviso.startswith("Aviso: no se pudo hacer el respaldo del día.")
        assert "hay un archivo llamado «respaldos»" in aviso
    finally:
        arranque.almacen.cerrar()


def test_un_destino_que_es_archivo(almacen, tmp_path):
    estorbo = tmp_path / "memoria"
    estorbo.write_text("x", encoding="utf-8")
    for destino in (estorbo, estorbo / "respaldos"):
        with pytest.raises(ErrorAlmacen, match="es un archivo, no una carpeta. No se cambió nada"):
            respaldar(almacen.ruta_bd, almacen.carpeta, "manual", destino=destino)
    assert estorbo.read_text(encoding="utf-8") == "x"


def test_restaurar_una_base_danada_con_un_archivo_respaldos(almacen, tmp_path):
    """The way out of a damaged database must not end in an OSError either."""
    carpeta = almacen.carpeta
    copia = respaldar(almacen.ruta_bd, carpeta, "manual", destino=tmp_path / "usb")
    almacen.cerrar()
    shutil.rmtree(carpeta / "respaldos")
    (carpeta / "respaldos").write_text("x", encoding="utf-8")
    for extra in ("-wal", "-shm"):
        (carpeta / (ARCHIVO_BD + extra)).unlink(missing_ok=True)
    danada = b"esto no es una base de datos" * 50
    (carpeta / ARCHIVO_BD).write_bytes(danada)
    with pytest.raises(ErrorAlmacen, match="hay un archivo llamado «respaldos»"):
        restaurar(carpeta, copia)
    assert (carpeta / ARCHIVO_BD).read_bytes() == danada  # nothing changed
