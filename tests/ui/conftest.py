"""Real windows over real SQLite files, driven with qtbot (offscreen)."""

from __future__ import annotations

import pytest

from tests.ui.ayudantes import abrir_ventana, cerrar_ventana
from ui.principal import crear_aplicacion


@pytest.fixture(autouse=True)
def _aplicacion(qapp):
    """The same QApplication setup as the program: Spanish, es-MX, qtbase_es."""
    return crear_aplicacion()


@pytest.fixture
def ventana(qtbot, almacen_capturando, carpeta):
    """The window of a state coordination of Coahuila (05) that answered SÍ."""
    v = abrir_ventana(qtbot, almacen_capturando, carpeta)
    yield v
    cerrar_ventana(v)


@pytest.fixture
def ventana_nueva(qtbot, almacen, carpeta):
    """The window over a database that has the catalog but no configuration yet."""
    v = abrir_ventana(qtbot, almacen, carpeta)
    yield v
    cerrar_ventana(v)


def pytest_collection_modifyitems(items):
    """A window test that hangs on an unanswered dialog ends with its stacks
    printed instead of blocking the whole run."""
    for item in items:
        if "tests/ui/" in str(item.path).replace("\\", "/") and not item.get_closest_marker(
            "timeout"
        ):
            item.add_marker(pytest.mark.timeout(120, method="thread"))
