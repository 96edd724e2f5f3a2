"""Checking that a refusal speaks to a person in Spanish, not in Python."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from pathlib import Path

from app.errores import ErrorEyF

# Words of Python/library exception texts that never belong in a message.
_INGLES = re.compile(
    r"\b(the|is|not|of|and|for|with|cannot|invalid|expected|unexpected|found|line|"
    r"character|object|attribute|nonetype|none|errno|traceback|exception|"
    r"error:|codec|decode|encode|zip file|magic|bad)\b",
    re.IGNORECASE,
)
_ESPANOL = re.compile(r"[áéíóúñ¿¡«»]|\b(el|la|los|las|de|del|no|un|una|es|está|se)\b", re.I)


def mensaje_en_espanol(error: BaseException) -> str:
    """The message of ``error`` after checking it; fails the test otherwise."""
    assert isinstance(error, ErrorEyF), f"escapó {type(error).__name__}: {error!r}"
    texto = str(error)
    assert texto.strip(), "mensaje vacío"
    # What the person typed is quoted «…»; paths are the person's too.
    propio = re.sub(r"«[^»]*»", "«»", texto)
    propio = re.sub(r"\S*[/\\]\S*", "", propio)
    # A list of problems starts each line with the product key as typed («- NONE:»).
    propio = re.sub(r"^\s*- [^:\n]*:", "-", propio, flags=re.MULTILINE)
    ingles = _INGLES.search(propio)
    assert ingles is None, f"texto de Python en el mensaje ({ingles.group(0)!r}): {texto}"
    assert _ESPANOL.search(propio), f"no parece español: {texto}"
    return texto


def huella_bd(ruta_bd: Path) -> str:
    """Every row of every table (schema included), for «nothing changed»."""
    con = sqlite3.connect(ruta_bd)
    try:
        h = hashlib.sha256()
        for linea in con.iterdump():
            h.update(linea.encode("utf-8", "backslashreplace"))
        return h.hexdigest()
    finally:
        con.close()


def huella_archivos(ruta_bd: Path) -> str:
    """The database's bytes, main file and -wal (byte-for-byte «nothing changed»:
    a refused write transaction never touches either)."""
    h = hashlib.sha256()
    for extra in ("", "-wal", "-journal"):
        archivo = Path(str(ruta_bd) + extra)
        h.update(archivo.read_bytes() if archivo.exists() else b"-")
    return h.hexdigest()
