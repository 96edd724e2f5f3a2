"""Fixtures for the robustness tests: a ready data folder copied per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests import fabricas


@pytest.fixture(scope="session")
def plantilla_capturando(tmp_path_factory, ruta_catalogo_pequeno) -> Path:
    """A closed data folder: small catalog, state coordination of 05, Paso 2 SÍ."""
    carpeta = tmp_path_factory.mktemp("plantilla") / "datos"
    almacen = fabricas.almacen_con_catalogo(carpeta, ruta_catalogo_pequeno)
    fabricas.preparar_captura(almacen)
    almacen.cerrar()  # the last connection checkpoints and removes the -wal
    return carpeta


@pytest.fixture
def carpeta_capturando(plantilla_capturando, tmp_path) -> Path:
    carpeta = tmp_path / "datos"
    shutil.copytree(plantilla_capturando, carpeta)
    return carpeta
