"""Where things live: the data folder and the bundled resources.

The data folder is chosen, in this order, by ``--datos DIR``, by the
``EYF_DATOS`` environment variable, by a ``eyf-portable`` marker file beside
the executable (portable mode: the data travels with the program), and
otherwise by the platform's per-user data folder. Resources (the default
catalog, icons, translations, help) are found the same way from source, from
an installed package and from a frozen (PyInstaller) build.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from app import acerca

VARIABLE_DATOS = "EYF_DATOS"
MARCA_PORTABLE = "eyf-portable"


def raiz_programa() -> Path:
    """Folder that holds ``app/`` and ``recursos/`` (``sys._MEIPASS`` when frozen)."""
    congelado = getattr(sys, "_MEIPASS", None)
    if congelado:
        return Path(congelado)
    return Path(__file__).resolve().parent.parent


def recurso(*partes: str) -> Path:
    """Path of a bundled resource, e.g. ``recurso("catalogo")``."""
    return raiz_programa().joinpath("recursos", *partes)


def carpeta_ejecutable() -> Path | None:
    """Folder of the frozen executable, or None when running from source."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return None


def carpeta_portable() -> Path | None:
    """The data folder beside the executable when the portable marker is there."""
    base = carpeta_ejecutable()
    if base is not None and (base / MARCA_PORTABLE).exists():
        return base / "datos"
    return None


def carpeta_datos(explicita: str | os.PathLike[str] | None = None) -> Path:
    """The data folder to use (not created here)."""
    if explicita:
        return Path(explicita).expanduser().resolve()
    desde_entorno = os.environ.get(VARIABLE_DATOS)
    if desde_entorno:
        return Path(desde_entorno).expanduser().resolve()
    portable = carpeta_portable()
    if portable is not None:
        return portable
    return Path(platformdirs.user_data_dir(acerca.NOMBRE, appauthor=False, roaming=False))


def origen_carpeta_datos(explicita: str | os.PathLike[str] | None = None) -> str:
    """Why that data folder was chosen, in Spanish (for `eyf diagnostico`)."""
    if explicita:
        return "opción --datos"
    if os.environ.get(VARIABLE_DATOS):
        return f"variable de entorno {VARIABLE_DATOS}"
    if carpeta_portable() is not None:
        return "modo portátil (marca junto al programa)"
    return "carpeta de datos del usuario"
