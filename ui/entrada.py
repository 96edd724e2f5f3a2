"""Entry point of the ``eyf`` command.

With no order — at most ``--datos DIR`` and ``--bd URL`` — it opens the
window straight away, without loading the command-line orders and their
libraries (numpy, openpyxl, reportlab…): that is most of the start-up time
a person waits for. Anything else (an order, ``--ayuda``, ``--version``, a
mistake) goes to ``app.cli``, which parses and explains as always.

It lives in ``ui/`` because it is where the core and the window meet: the
core (``app/``) never imports the window; this module imports Qt only when
the window is asked for, so the orders work where Qt cannot start.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

OPCIONES_VENTANA = ("--datos", "--bd")


def solo_ventana(argv: Sequence[str]) -> dict[str, str] | None:
    """``{"datos": DIR, "bd": URL}`` (either may be missing) when ``argv`` only
    chooses the data folder or the database; None when anything else is there."""
    valores: dict[str, str] = {}
    i = 0
    while i < len(argv):
        nombre, igual, valor = argv[i].partition("=")
        if nombre not in OPCIONES_VENTANA or nombre[2:] in valores:
            return None
        if not igual:
            if i + 1 >= len(argv) or argv[i + 1].startswith("-"):
                return None
            i += 1
            valor = argv[i]
        if not valor or not valor.isprintable() or _surrogados(valor):
            return None  # the command line refuses it with its message
        valores[nombre[2:]] = valor
        i += 1
    return valores


def _surrogados(texto: str) -> bool:
    try:
        texto.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _sin_pantalla() -> str | None:
    """On Linux with no graphical session (a terminal over SSH, a server) Qt
    would abort with its own English messages: say it in Spanish instead."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "No hay una pantalla gráfica para abrir la ventana de EyF (¿es una terminal remota o "
        "un servidor?). Abra EyF desde el escritorio de la computadora, o use las órdenes sin "
        "ventana: eyf --ayuda"
    )


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    opciones = solo_ventana(argv)
    if opciones is not None:
        sin_pantalla = _sin_pantalla()
        if sin_pantalla:
            print(sin_pantalla, file=sys.stderr)
            return 1
        try:
            from ui.principal import ejecutar
        except ImportError:
            pass  # no window here: the command line says why
        else:
            from app.rutas import carpeta_datos

            try:
                return ejecutar(carpeta_datos(opciones.get("datos")), opciones.get("bd"))
            except KeyboardInterrupt:
                return 130
            except Exception:  # a bug: the details to a file for support, as the CLI does
                import argparse

                from app.cli import _error_interno

                return _error_interno(argparse.Namespace(datos=opciones.get("datos")))
    from app.cli import main as linea_de_ordenes

    return linea_de_ordenes(argv)
