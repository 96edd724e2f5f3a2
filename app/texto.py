"""Text folding for search: accent- and case-insensitive matching."""

from __future__ import annotations

import unicodedata


def plegar(texto: str) -> str:
    """Fold ``texto`` for comparison: no accents, lower case, single spaces.

    ``plegar("Cirugía  MENOR") == "cirugia menor"``; the ñ folds to n as
    people type it on keyboards without it.
    """
    descompuesto = unicodedata.normalize("NFKD", texto)
    sin_marcas = "".join(c for c in descompuesto if not unicodedata.combining(c))
    return " ".join(sin_marcas.casefold().split())


def palabras(consulta: str) -> list[str]:
    """The folded words of a search query (every one must appear)."""
    return plegar(consulta).split()


def coincide(plegado: str, terminos: list[str]) -> bool:
    return all(t in plegado for t in terminos)


def cuantos(n: int, singular: str, plural: str | None = None) -> str:
    """«1 oportunidad», «2 oportunidades», «1,248 unidades»: the number and the
    word that agrees with it (``plural`` when adding «s» is not enough)."""
    return f"{n:,} {singular if n == 1 else (plural or singular + 's')}"
