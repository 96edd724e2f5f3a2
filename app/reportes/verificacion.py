"""The verification code printed on every page of the final report.

It lets anyone match a signed paper report with the electronic data later:
the same finalized data always give the same code, and any change in a
record (a quantity, a causa, a product, a unit) gives a different one.

The code is computed as follows (``docs/reportes.md`` shows how to redo it
by hand):

1. Every record of the report as a list
   ``[clues, producto, tipo, ambulatorio, hospitalario, causa, pacientes]``
   (``null`` for an empty quantity or causa), sorted by clues, producto
   and tipo (one record each).
2. The object ``{"formato": "eyf-verificacion/1", "entidad": "05",
   "periodo": 2026, "unidad": null, "respuesta": "si", "registros": [...]}``
   (``unidad`` is the CLUES for a unit's own report) serialized as JSON with
   sorted keys, no spaces (separators ``,`` and ``:``), UTF-8, non-ASCII
   characters as they are.
3. SHA-256 of those bytes; its first 60 bits written in Crockford's base 32
   (digits and letters without I, L, O, U) give 12 characters, printed in
   three groups of four: ``7KQ2-M9XD-4TNA``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from app.errores import ErrorUso

FORMATO = "eyf-verificacion/1"
ALFABETO = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32
LARGO = 12
_CONFUSIONES = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})

Registro = tuple[str, str, str, int | None, int | None, str | None, int]


def serializacion_canonica(
    entidad: str,
    periodo: int,
    unidad: str | None,
    respuesta: str | None,
    registros: Iterable[Registro],
) -> bytes:
    datos = {
        "formato": FORMATO,
        "entidad": entidad,
        "periodo": periodo,
        "unidad": unidad,
        "respuesta": respuesta,
        "registros": sorted([list(r) for r in registros], key=lambda r: (r[0], r[1], r[2])),
    }
    return json.dumps(datos, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def resumen(serializacion: bytes) -> str:
    """The full SHA-256, in hexadecimal."""
    return hashlib.sha256(serializacion).hexdigest()


def codigo(resumen_hex: str) -> str:
    """The short code: the first 60 bits of the digest in base 32, 4-4-4."""
    numero = int(resumen_hex[:15], 16)  # 15 hex digits = 60 bits = 12 base-32 characters
    caracteres = []
    for _ in range(LARGO):
        numero, resto = divmod(numero, 32)
        caracteres.append(ALFABETO[resto])
    texto = "".join(reversed(caracteres))
    return "-".join(texto[i : i + 4] for i in range(0, LARGO, 4))


def normalizar(texto: str) -> str:
    """A code as a person typed it (lower case, spaces, O for 0…) in canonical form."""
    limpio = "".join(c for c in texto.upper() if c.isalnum()).translate(_CONFUSIONES)
    if len(limpio) != LARGO or any(c not in ALFABETO for c in limpio):
        raise ErrorUso(
            f"«{texto}» no es un código de verificación: son {LARGO} letras y dígitos en "
            "grupos de cuatro, como aparece en el reporte final (p. ej. 7KQ2-M9XD-4TNA)."
        )
    return "-".join(limpio[i : i + 4] for i in range(0, LARGO, 4))
