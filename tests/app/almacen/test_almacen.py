"""Opening the data folder: pragmas, where it lives, and refusing what it
must not touch."""

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from app.almacen.almacen import ARCHIVO_BD, Almacen
from app.errores import ErrorAlmacen
from app.rutas import carpeta_datos


def suma(ruta: Path) -> str:
    return hashlib.sha256(ruta.read_bytes()).hexdigest()


def test_pragmas_de_una_unidad_que_pierde_la_luz(almacen):
    with almacen.motor.connect() as c:
        assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert c.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert c.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_la_base_vive_en_la_carpeta_de_datos(almacen, carpeta):
    assert almacen.ruta_bd == carpeta / ARCHIVO_BD and almacen.ruta_bd.exists()


def test_eleccion_de_la_carpeta(monkeypatch, tmp_path):
    monkeypatch.setenv("EYF_DATOS", str(tmp_path / "entorno"))
    assert carpeta_datos(tmp_path / "opcion") == (tmp_path / "opcion").resolve()
    assert carpeta_datos(None) == (tmp_path / "entorno").resolve()
    monkeypatch.delenv("EYF_DATOS")
    assert "EyF" in str(carpeta_datos(None))


def test_base_de_una_version_mas_nueva_se_rechaza_intacta(almacen, carpeta):
    with almacen.motor.begin() as c:
        c.execute(text("UPDATE alembic_version SET version_num = '9999_futura'"))
    almacen.cerrar()
    antes = suma(carpeta / ARCHIVO_BD)
    with pytest.raises(
        ErrorAlmacen, match="versión más reciente.*9999_futura.*No se modificó nada"
    ):
        Almacen.abrir(carpeta)
    assert suma(carpeta / ARCHIVO_BD) == antes


@pytest.mark.parametrize(
    "contenido, fragmento",
    [
        (b"esto no es una base de datos" * 100, "no es SQLite"),
        (b"SQLite format 3\x00" + b"\xff" * 4000, "está dañada"),
    ],
)
def test_archivo_que_no_es_base_valida_se_rechaza_intacto(carpeta, contenido, fragmento):
    carpeta.mkdir(parents=True)
    (carpeta / ARCHIVO_BD).write_bytes(contenido)
    with pytest.raises(ErrorAlmacen, match=fragmento):
        Almacen.abrir(carpeta)
    assert (carpeta / ARCHIVO_BD).read_bytes() == contenido
    assert not (carpeta / (ARCHIVO_BD + "-wal")).exists()


def test_base_de_otro_programa_se_rechaza_intacta(carpeta):
    carpeta.mkdir(parents=True)
    con = sqlite3.connect(carpeta / ARCHIVO_BD)
    con.execute("CREATE TABLE clientes (id INTEGER)")
    con.commit()
    con.close()
    antes = suma(carpeta / ARCHIVO_BD)
    with pytest.raises(ErrorAlmacen, match="de otro programa"):
        Almacen.abrir(carpeta)
    assert suma(carpeta / ARCHIVO_BD) == antes


def test_carpeta_que_no_se_puede_crear(tmp_path):
    archivo = tmp_path / "soy-un-archivo"
    archivo.write_text("x")
    with pytest.raises(ErrorAlmacen, match="No se pudo crear la carpeta de datos"):
        Almacen.abrir(archivo / "datos")


def test_reabrir_no_migra_ni_respalda_de_nuevo(almacen, carpeta):
    almacen.cerrar()
    Almacen.abrir(carpeta).cerrar()
    assert not (carpeta / "respaldos").exists()
