"""The ``eyf`` command: with no order it opens the window; with an order it
runs the same use case headless.

Exit status: 0 done, 1 refused by a rule (the message says why), 2 usage
error (a missing or malformed option), 3 internal error (a bug: the message
says where the details were written).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from datetime import datetime

from app import acerca
from app.cli import (
    argumentos,  # noqa: F401  (installs the Spanish argparse messages)
    bitacora,
    captura,
    catalogo,
    cierre,
    diagnostico,
    oportunidades,
    paquetes,
    pasos,
    reportes,
    respaldos,
)
from app.cli.argumentos import Analizador
from app.cli.comun import cerrar_abiertos, exigir_texto_valido, opciones_globales
from app.errores import ErrorEyF
from app.rutas import carpeta_datos

# Each module adds its orders: registrar(subparsers, common options parser).
GRUPOS = [
    catalogo,
    pasos,
    captura,
    cierre,
    reportes,
    bitacora,
    respaldos,
    paquetes,
    oportunidades,
    diagnostico,
]

SALIDA_INTERNA = 3


def construir_analizador() -> argparse.ArgumentParser:
    comun = argparse.ArgumentParser(add_help=False)
    opciones_globales(comun, suprimir=True)
    parser = Analizador(
        prog="eyf",
        description=(
            f"{acerca.NOMBRE_COMPLETO}.\n"
            "Sin orden, abre la ventana. Con una orden, hace lo mismo sin ventana."
        ),
        epilog="Ejemplo: eyf catalogo buscar cirugia menor\nAyuda de una orden: eyf ORDEN --ayuda",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"{acerca.NOMBRE} {acerca.VERSION}",
        help="muestra la versión del programa y termina",
    )
    opciones_globales(parser, suprimir=False)
    sub = parser.add_subparsers(title="órdenes", metavar="ORDEN")
    sub._parser_class = Analizador  # sub-orders speak Spanish too
    for grupo in GRUPOS:
        grupo.registrar(sub, comun)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for flujo in (sys.stdout, sys.stderr):
        if hasattr(flujo, "reconfigure"):
            flujo.reconfigure(errors="replace")
    parser = construir_analizador()
    args = parser.parse_args(argv)
    funcion = getattr(args, "funcion", None)
    try:
        exigir_texto_valido(args)
        if funcion is None:
            return sin_orden(parser)
        return int(funcion(args) or 0)
    except ErrorEyF as exc:
        print(str(exc), file=sys.stderr)
        return exc.codigo_salida
    except KeyboardInterrupt:
        print("Cancelado.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader stopped early (eyf … | head): the order did its work; the
        # rest of the output goes nowhere instead of raising again at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception:  # a bug: keep the details, tell the person what to do
        return _error_interno(args)
    finally:
        cerrar_abiertos()


def sin_orden(parser: argparse.ArgumentParser) -> int:
    """No order reached the command line: «eyf» alone opens the window before
    coming here (``ui.entrada``); here there is only the list of orders."""
    parser.print_usage(sys.stderr)
    print(
        "Falta la orden. «eyf» sin nada más abre la ventana; con una orden trabaja sin "
        "ventana. Vea las órdenes con: eyf --ayuda",
        file=sys.stderr,
    )
    return 2


def _error_interno(args: argparse.Namespace) -> int:
    detalle = traceback.format_exc()
    destino = None
    try:
        carpeta = carpeta_datos(getattr(args, "datos", None)) / "registro"
        carpeta.mkdir(parents=True, exist_ok=True)
        destino = carpeta / f"error-{datetime.now():%Y%m%d-%H%M%S}.txt"
        destino.write_text(
            f"{acerca.NOMBRE} {acerca.VERSION}\n{' '.join(sys.argv)}\n\n{detalle}",
            encoding="utf-8",
            errors="backslashreplace",
        )
    except OSError:
        pass
    donde = f" Los detalles quedaron en {destino}." if destino else f"\n{detalle}"
    print(
        f"Error interno de {acerca.NOMBRE}: no se completó la orden y no se guardó nada a medias."
        f"{donde} Envíe ese archivo al soporte técnico.",
        file=sys.stderr,
    )
    return SALIDA_INTERNA
