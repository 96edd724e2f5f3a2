"""Build the Windows installer with NSIS around a one-folder build.

    python empaquetado/windows/instalador.py CARPETA [--salida EXE] [--icono ICO]

CARPETA is PyInstaller's ``dist/eyf`` (with ``eyf.exe``, ``eyf-consola.exe``
and ``_internal``). Name, version and publisher come from ``app/acerca.py``;
the icon is made from the program's PNG when no ``.ico`` is given. Runs on
Windows (NSIS from nsis.sourceforge.io) and on Debian (package ``nsis``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

AQUI = Path(__file__).resolve().parent
RAIZ = AQUI.parent.parent
GUION = AQUI / "eyf.nsi"
sys.path.insert(0, str(AQUI))

from version_windows import texto  # noqa: E402


def _acerca():
    sys.path.insert(0, str(RAIZ))
    from app import acerca

    return acerca


def version_windows(version: str) -> str:
    """ "0.1.0" -> "0.1.0.0" (four numbers, as Windows wants)."""
    return texto(version)


def nombre_instalador(version: str) -> str:
    return f"EyF-{version}-instalador.exe"


def buscar_makensis() -> str | None:
    encontrado = shutil.which("makensis")
    if encontrado:
        return encontrado
    for base in (os.environ.get("PROGRAMFILES(X86)"), os.environ.get("PROGRAMFILES")):
        if base and (Path(base) / "NSIS" / "makensis.exe").exists():
            return str(Path(base) / "NSIS" / "makensis.exe")
    return None


def orden_makensis(
    makensis: str,
    carpeta: Path,
    salida: Path,
    icono: Path | None,
    acerca,
    panel: Path | None = None,
) -> list[str]:
    definiciones = {
        "NOMBRE": acerca.NOMBRE,
        "NOMBRE_COMPLETO": acerca.NOMBRE_COMPLETO,
        "VERSION": acerca.VERSION,
        "VERSION_WIN": version_windows(acerca.VERSION),
        "EDITOR": acerca.ORGANIZACION,
        "CARPETA": str(carpeta),
        "SALIDA": str(salida),
    }
    if icono is not None:
        definiciones["ICONO"] = str(icono)
    if panel is not None:
        definiciones["PANEL"] = str(panel)
    orden = [makensis, "-V2", "-INPUTCHARSET", "UTF8"]
    orden += [f"-D{clave}={valor}" for clave, valor in definiciones.items()]
    return orden + [str(GUION)]


def construir(carpeta: Path, salida: Path | None = None, icono: Path | None = None) -> Path:
    acerca = _acerca()
    carpeta = carpeta.resolve()
    for necesario in ("eyf.exe", "eyf-consola.exe"):
        if not (carpeta / necesario).exists():
            raise SystemExit(f"Falta {necesario} en {carpeta}: construya antes con PyInstaller.")
    salida = (salida or carpeta.parent / nombre_instalador(acerca.VERSION)).resolve()
    makensis = buscar_makensis()
    if makensis is None:
        raise SystemExit(
            "No se encontró makensis: instale NSIS (Debian: apt install nsis; "
            "Windows: https://nsis.sourceforge.io)."
        )
    sys.path.insert(0, str(AQUI.parent))
    from icono import bmp, ico_de, panel_asistente, ruta_png

    with tempfile.TemporaryDirectory(prefix="eyf-nsis-") as tmp:
        if icono is None:
            icono = Path(tmp) / "eyf.ico"
            icono.write_bytes(ico_de(ruta_png().read_bytes()))
        panel = Path(tmp) / "panel.bmp"
        panel.write_bytes(bmp(panel_asistente()))
        subprocess.run(
            orden_makensis(makensis, carpeta, salida, icono.resolve(), acerca, panel),
            check=True,
        )
    return salida


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Construye el instalador de Windows con NSIS.")
    p.add_argument("carpeta", type=Path, help="la carpeta de PyInstaller (dist/eyf)")
    p.add_argument("--salida", type=Path, help="el instalador a escribir")
    p.add_argument("--icono", type=Path, help="icono .ico (si no, se hace del PNG del programa)")
    args = p.parse_args(argv)
    print(construir(args.carpeta, args.salida, args.icono))
    return 0


if __name__ == "__main__":
    sys.exit(main())
