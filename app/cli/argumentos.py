"""argparse speaking Spanish: usage, help and its own error messages."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

# argparse's own messages (Python 3.11–3.13), translated. argparse looks its
# ``_`` up at call time, so replacing it translates every message it emits.
_MENSAJES = {
    "usage: ": "uso: ",
    "positional arguments": "argumentos",
    "options": "opciones",
    "show this help message and exit": "muestra esta ayuda y termina",
    "show program's version number and exit": "muestra la versión del programa y termina",
    "the following arguments are required: %s": "faltan estos argumentos: %s",
    "unrecognized arguments: %s": "argumentos no reconocidos: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "opción no válida: %(value)r (elija entre %(choices)s)",
    "invalid %(type)s value: %(value)r": "valor no válido: %(value)r",
    "expected one argument": "se esperaba un valor",
    "expected at most one argument": "se esperaba como máximo un valor",
    "expected at least one argument": "se esperaba al menos un valor",
    "ambiguous option: %(option)s could match %(matches)s": "opción ambigua: %(option)s puede ser %(matches)s",
    "not allowed with argument %s": "no se permite junto con %s",
    "one of the arguments %s is required": "se necesita uno de estos argumentos: %s",
    "argument %(argument_name)s: %(message)s": "argumento %(argument_name)s: %(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: error: %(message)s\n",
    "unrecognized arguments: %s\n": "argumentos no reconocidos: %s\n",
    "ignored explicit argument %r": "se ignoró el argumento explícito %r",
    "expected %s argument": "se esperaba %s valor",
    "expected %s arguments": "se esperaban %s valores",
}
_original = argparse._


def _traducir(mensaje: str) -> str:
    return _MENSAJES.get(mensaje, _original(mensaje))


argparse._ = _traducir  # type: ignore[attr-defined]


class Formato(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=34, width=100)


class Analizador(argparse.ArgumentParser):
    """ArgumentParser with Spanish help (-h/--ayuda) and exit status 2 on usage errors."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", Formato)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        # --help too: it is what people who used other programs type first.
        self.add_argument(
            "-h", "--ayuda", "--help", action="help", help="muestra esta ayuda y termina"
        )

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(
            2, f"{self.prog}: error: {message}\nUse «{self.prog} --ayuda» para ver las opciones.\n"
        )


def entero_positivo(texto: str) -> int:
    try:
        valor = int(texto)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{texto}» no es un número entero") from None
    if valor < 1:
        raise argparse.ArgumentTypeError(f"«{texto}» debe ser 1 o mayor")
    return valor
