"""Entry point of the frozen program: both executables (``eyf``, the window,
windowed on Windows; ``eyf-consola``, its console twin for support) run the
same ``eyf`` command, so every order works in either.

A double click (no arguments at all) goes straight to the window without
loading the ~20 command-line orders and their libraries (numpy, openpyxl,
reportlab...): that is most of the start-up time. It is what ``eyf`` does
with no order (``app.cli.abrir_ventana``): the per-user or portable data
folder and the local database."""

import sys


def _ventana() -> int | None:
    """The window, or None when it cannot be imported (then the CLI says why)."""
    try:
        from app.rutas import carpeta_datos
        from ui.principal import ejecutar
    except ImportError:
        return None
    return ejecutar(carpeta_datos(None), None)


def main() -> int:
    if len(sys.argv) == 1:
        try:
            salida = _ventana()
        except Exception:  # a bug: the details to a file for support, as the CLI does
            import argparse

            from app.cli import _error_interno

            return _error_interno(argparse.Namespace(datos=None))
        if salida is not None:
            return salida
    from app.cli import main as eyf

    return eyf()


if __name__ == "__main__":
    sys.exit(main())
