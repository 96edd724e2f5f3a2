"""Opening a PDF with the computer's own viewer («Consultar»), without Qt.

The window may use ``QDesktopServices.openUrl`` instead; the CLI uses this.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from app.errores import ErrorEyF
from app.sistema import causa


def orden_visor(ruta: Path) -> list[str] | None:
    """The command that opens ``ruta`` on this system (None on Windows: os.startfile)."""
    if sys.platform.startswith("win"):
        return None
    if sys.platform == "darwin":
        return ["open", str(ruta)]
    return ["xdg-open", str(ruta)]


def abrir_con_visor(ruta: Path) -> None:
    ruta = Path(ruta)
    if not ruta.is_file():
        raise ErrorEyF(f"No existe el archivo {ruta}.")
    orden = orden_visor(ruta)
    try:
        if orden is None:
            os.startfile(ruta)  # type: ignore[attr-defined]  # Windows only
            return
        if shutil.which(orden[0]) is None:
            raise OSError(f"no se encontró «{orden[0]}»")
        subprocess.Popen(
            orden,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as exc:
        raise ErrorEyF(
            f"No se pudo abrir el visor de PDF de esta computadora ({causa(exc)}). Abra el archivo "
            f"directamente: {ruta}"
        ) from exc
