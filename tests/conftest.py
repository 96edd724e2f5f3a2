"""Shared fixtures: every test gets a fresh data folder and a real SQLite file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.almacen.almacen import Almacen  # noqa: E402
from tests import fabricas  # noqa: E402


@pytest.fixture(autouse=True)
def _entorno_limpio(monkeypatch, tmp_path):
    """No test reads the developer's real data folder or password."""
    monkeypatch.delenv("EYF_CONTRASENA", raising=False)
    monkeypatch.setenv("EYF_DATOS", str(tmp_path / "datos-por-omision"))


@pytest.fixture(scope="session")
def ruta_catalogo_pequeno(tmp_path_factory) -> Path:
    return fabricas.escribir_catalogo(tmp_path_factory.mktemp("catalogo") / "pequeno")


@pytest.fixture
def carpeta(tmp_path) -> Path:
    return tmp_path / "datos"


@pytest.fixture
def almacen(carpeta, ruta_catalogo_pequeno) -> Almacen:
    """A fresh database with the small test catalog loaded."""
    a = fabricas.almacen_con_catalogo(carpeta, ruta_catalogo_pequeno)
    yield a
    a.cerrar()


@pytest.fixture
def almacen_capturando(almacen) -> Almacen:
    """State coordination of Coahuila (05), Paso 2 answered SÍ."""
    fabricas.preparar_captura(almacen)
    return almacen


@pytest.fixture(scope="session")
def servidor_pg():
    """A real PostgreSQL server, started once for the session (tests/servidor_pg.py)."""
    from tests.servidor_pg import ServidorPG, binarios

    if binarios() is None:
        pytest.skip("PostgreSQL no está instalado: sh empaquetado/sistema.sh pruebas")
    servidor = ServidorPG().iniciar()
    yield servidor
    servidor.detener()


@pytest.fixture
def url_postgresql(servidor_pg) -> str:
    """A new, empty PostgreSQL database for this test (its SQLAlchemy URL)."""
    return servidor_pg.crear_base()
