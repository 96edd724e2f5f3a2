"""The one domain error type and its few refinements.

Every refusal carries a Spanish message that names what is wrong and how to
fix it; the CLI prints it (exit status 1, or 2 for usage errors) and the
window shows it. Nothing here knows about either.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problema:
    """One thing wrong with one value: the field, the value and the fix
    (and the product, when a save covers several rows)."""

    campo: str
    valor: str
    mensaje: str
    producto: str = ""

    def __str__(self) -> str:
        return self.mensaje


class ErrorEyF(Exception):
    """A use case refused: nothing was changed. Exit status 1 in the CLI."""

    codigo_salida = 1

    def __init__(self, mensaje: str, problemas: tuple[Problema, ...] | list[Problema] = ()):
        super().__init__(mensaje)
        self.mensaje = mensaje
        self.problemas = tuple(problemas)

    def __str__(self) -> str:
        if not self.problemas:
            return self.mensaje
        lineas = [self.mensaje] + [f"  - {p.mensaje}" for p in self.problemas]
        return "\n".join(lineas)


class ErrorUso(ErrorEyF):
    """The order itself is malformed (missing option, bad value). Exit status 2."""

    codigo_salida = 2


class ErrorAlmacen(ErrorEyF):
    """The database or the data folder cannot be used as it is (newer version,
    not a database, damaged, read-only, locked, on a network drive)."""


class ErrorValidacion(ErrorEyF):
    """Values refused by the capture rules; ``problemas`` says which and why."""

    LIMITE = 50

    def __str__(self) -> str:
        lineas = [self.mensaje]
        for p in self.problemas[: self.LIMITE]:
            prefijo = f"{p.producto}: " if p.producto else ""
            lineas.append(f"  - {prefijo}{p.mensaje}")
        if len(self.problemas) > self.LIMITE:
            lineas.append(f"  … y {len(self.problemas) - self.LIMITE} problemas más.")
        return "\n".join(lineas)
