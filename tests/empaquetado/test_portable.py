"""Portable mode: a «eyf-portable» file beside the executable keeps the data
in «datos» beside it (a USB stick that travels between machines)."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest

from app import rutas
from app.almacen.almacen import ARCHIVO_BD, Almacen


@pytest.fixture
def congelado(tmp_path, monkeypatch) -> Path:
    """As a PyInstaller build: sys.frozen, and the executable in a folder of its own."""
    programa = tmp_path / "memoria" / "EyF"
    programa.mkdir(parents=True)
    ejecutable = programa / "eyf.exe"
    ejecutable.write_bytes(b"MZ")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(ejecutable))
    monkeypatch.delenv(rutas.VARIABLE_DATOS, raising=False)
    return programa


def test_sin_marca_usa_la_carpeta_del_usuario(congelado):
    assert rutas.carpeta_portable() is None
    esperada = Path(platformdirs.user_data_dir("EyF", appauthor=False, roaming=False))
    assert rutas.carpeta_datos() == esperada
    assert rutas.origen_carpeta_datos() == "carpeta de datos del usuario"


def test_con_marca_los_datos_quedan_junto_al_programa(congelado):
    (congelado / rutas.MARCA_PORTABLE).write_bytes(b"")
    assert rutas.carpeta_datos() == congelado / "datos"
    assert rutas.origen_carpeta_datos() == "modo portátil (marca junto al programa)"
    almacen = Almacen.abrir(rutas.carpeta_datos(), cargar_catalogo=False)
    almacen.cerrar()
    assert (congelado / "datos" / ARCHIVO_BD).is_file()


def test_datos_y_variable_ganan_al_modo_portatil(congelado, tmp_path, monkeypatch):
    (congelado / rutas.MARCA_PORTABLE).write_bytes(b"")
    assert rutas.carpeta_datos(tmp_path / "otra") == (tmp_path / "otra").resolve()
    monkeypatch.setenv(rutas.VARIABLE_DATOS, str(tmp_path / "variable"))
    assert rutas.carpeta_datos() == (tmp_path / "variable").resolve()


def test_desde_el_codigo_no_hay_modo_portatil(tmp_path, monkeypatch):
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    (tmp_path / rutas.MARCA_PORTABLE).write_bytes(b"")
    assert rutas.carpeta_portable() is None


def test_recursos_congelados_desde_meipass(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert rutas.recurso("catalogo") == tmp_path / "recursos" / "catalogo"
