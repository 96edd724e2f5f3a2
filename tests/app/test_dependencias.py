"""The core runs headless: nothing under app/ imports PySide6 or ui."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import app

RAIZ = Path(__file__).resolve().parents[2]


def test_app_no_importa_qt_ni_ui():
    modulos = sorted(
        m.name
        for m in pkgutil.walk_packages(app.__path__, "app.")
        if ".migraciones.versions" not in m.name
        and m.name not in ("app.__main__", "app.almacen.migraciones.env")
    )
    assert len(modulos) > 20
    codigo = (
        "import importlib, sys\n"
        f"for m in {modulos!r}:\n"
        "    importlib.import_module(m)\n"
        "malos = sorted(n for n in sys.modules if n.split('.')[0] in ('PySide6', 'shiboken6', 'ui'))\n"
        "print(','.join(malos))\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", codigo], cwd=RAIZ, capture_output=True, text=True, check=True
    )
    assert r.stdout.strip() == ""
