"""What every order shares: opening the data folder, the password, the
confirmation, and printing (human-readable or ``--json``)."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app.almacen.almacen import Almacen
from app.almacen.arranque import abrir_al_iniciar
from app.errores import ErrorUso
from app.rutas import carpeta_datos

VARIABLE_CONTRASENA = "EYF_CONTRASENA"


def opciones_globales(parser: argparse.ArgumentParser, *, suprimir: bool) -> None:
    """--datos, --bd and --json, accepted before or after the order."""
    defecto = argparse.SUPPRESS if suprimir else None
    parser.add_argument(
        "--datos",
        metavar="DIR",
        default=defecto,
        help="carpeta de datos (si no, EYF_DATOS o la carpeta del usuario)",
    )
    parser.add_argument(
        "--bd",
        metavar="URL",
        default=defecto,
        help="base de datos SQLAlchemy, p. ej. postgresql://usuario@servidor/eyf (si no, SQLite en la carpeta de datos)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS if suprimir else False,
        help="salida en JSON (para programas)",
    )


_ABIERTOS: list[Almacen] = []


def abrir(args: argparse.Namespace) -> Almacen:
    """Open the data folder as the window does: leftovers removed, the day's backup made."""
    arranque = abrir_al_iniciar(
        carpeta_datos(getattr(args, "datos", None)), getattr(args, "bd", None)
    )
    for aviso in arranque.avisos:
        print(aviso, file=sys.stderr)
    _ABIERTOS.append(arranque.almacen)
    return arranque.almacen


def cerrar_abiertos() -> None:
    """Close what the order opened (its connections must not outlive it)."""
    while _ABIERTOS:
        _ABIERTOS.pop().cerrar()


def exigir_texto_valido(args: argparse.Namespace) -> None:
    """Refuse text that is not valid Unicode: bytes from a terminal that is not
    UTF-8 arrive as lone surrogates, which nothing can store or print."""
    for nombre, valor in vars(args).items():
        for texto in valor if isinstance(valor, list) else [valor]:
            if isinstance(texto, str | os.PathLike) and _surrogados(str(texto)):
                opcion = nombre.replace("_", "-")
                raise ErrorUso(
                    f"El valor de «{opcion}» tiene caracteres que no son texto válido (¿la "
                    "terminal no está en UTF-8?). Escríbalo de nuevo con letras, números y acentos "
                    "normales."
                )


def _surrogados(texto: str) -> bool:
    try:
        texto.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def contrasena(args: argparse.Namespace, entidad: str) -> str:
    """From --contrasena, else EYF_CONTRASENA, else asked without echo."""
    dada = getattr(args, "contrasena", None)
    if dada is not None:
        return dada
    if os.environ.get(VARIABLE_CONTRASENA) is not None:
        return os.environ[VARIABLE_CONTRASENA]
    if sys.stdin.isatty():
        return getpass.getpass(f"Contraseña de la entidad {entidad}: ")
    raise ErrorUso(
        f"Falta la contraseña de la entidad {entidad}: use --contrasena o la variable {VARIABLE_CONTRASENA}."
    )


def confirmar(args: argparse.Namespace, pregunta: str) -> bool:
    """True with --si; otherwise asks on a terminal; refuses without one."""
    if getattr(args, "si", False):
        return True
    if not sys.stdin.isatty():
        raise ErrorUso(
            f"{pregunta} Esta orden pide confirmación: agregue --si para confirmar sin preguntar."
        )
    respuesta = input(f"{pregunta} [s/N] ").strip().lower()
    return respuesta in ("s", "si", "sí", "y")


def agregar_confirmacion(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--si", action="store_true", help="confirma sin preguntar (para scripts)")


def agregar_contrasena(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--contrasena",
        metavar="TEXTO",
        help=f"contraseña de la entidad (si no, {VARIABLE_CONTRASENA} o se pregunta)",
    )


def en_json(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "json", False))


def _serializable(valor: Any) -> Any:
    if is_dataclass(valor) and not isinstance(valor, type):
        return {k: _serializable(v) for k, v in asdict(valor).items()}
    if isinstance(valor, dict):
        return {str(k): _serializable(v) for k, v in valor.items()}
    if isinstance(valor, list | tuple):
        return [_serializable(v) for v in valor]
    if isinstance(valor, datetime | date):
        return valor.isoformat()
    if isinstance(valor, Path):
        return str(valor)
    return valor


def imprimir_json(valor: Any) -> None:
    print(json.dumps(_serializable(valor), ensure_ascii=False, indent=2))


def imprimir_tabla(encabezados: list[str], filas: list[list[Any]], *, anchos_max: int = 60) -> None:
    """A plain text table for people reading a terminal."""
    if not filas:
        return
    texto = [[("" if v is None else str(v)) for v in fila] for fila in filas]
    anchos = [
        min(anchos_max, max(len(h), *(len(f[i]) for f in texto))) for i, h in enumerate(encabezados)
    ]

    def linea(valores: list[str]) -> str:
        celdas = [
            (v if len(v) <= a else v[: a - 1] + "…").ljust(a)
            for v, a in zip(valores, anchos, strict=True)
        ]
        return "  ".join(celdas).rstrip()

    print(linea(encabezados))
    print("  ".join("-" * a for a in anchos))
    for fila in texto:
        print(linea(fila))


def numero(n: int | None) -> str:
    return "" if n is None else f"{n:,}"
