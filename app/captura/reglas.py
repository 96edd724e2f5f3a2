"""The guide's rules for one product row of Paso 6, as pure functions.

Shared by every interface: the window marks invalid cells with these
messages as the user types, the CLI and the bulk paths refuse with them.

- Quantities (monthly events, monthly patients) are whole numbers ≥ 1;
  empty means none; 0, negatives, decimals and text are refused.
- A faltante needs its causa principal and pacientes mensuales.
- An excedente needs pacientes mensuales.
- A row with no quantity is no record (and then causa and pacientes must be
  empty too: something typed there would otherwise be silently lost).
- Pacientes mensuales is one value per unit and product, as in the guide's
  table; it is stored with each kind of record.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from app.errores import Problema
from app.texto import plegar

TIPOS = ("faltante", "excedente")
MAXIMO_MENSUAL = 1_000_000
ETIQUETAS = {
    "faltante_ambulatorio": "Faltante ambulatoria",
    "faltante_hospitalario": "Faltante hospitalaria",
    "causa": "Causa",
    "excedente_ambulatorio": "Excedente ambulatoria",
    "excedente_hospitalario": "Excedente hospitalaria",
    "pacientes": "Pacientes mensuales",
}
_ENTERO = re.compile(r"^[0-9]+$")
_ESPACIO_ID = uuid.UUID("6f1c1d8e-5a4b-4b7e-9c1e-2d5f0a9b3c71")


@dataclass(frozen=True)
class FilaCaptura:
    """What was typed for one product, values as typed (None or "" = empty)."""

    producto: str
    faltante_ambulatorio: object = None
    faltante_hospitalario: object = None
    causa: object = None
    excedente_ambulatorio: object = None
    excedente_hospitalario: object = None
    pacientes: object = None


@dataclass(frozen=True)
class Registro:
    """A valid record: one kind (faltante or excedente) of one product."""

    producto: str
    tipo: str
    ambulatorio: int | None
    hospitalario: int | None
    causa: str | None  # clave of the causa; None for an excedente
    pacientes: int


def id_registro(clues: str, producto: str, tipo: str) -> str:
    """Stable id of a record: the same unit, product and kind give the same id
    everywhere, so importing the same data twice changes nothing."""
    return str(uuid.uuid5(_ESPACIO_ID, f"{clues}|{producto}|{tipo}"))


def vacio(valor: object) -> bool:
    return valor is None or (isinstance(valor, str) and not valor.strip())


def leer_cantidad(
    campo: str, valor: object, producto: str = ""
) -> tuple[int | None, Problema | None]:
    """A monthly quantity: None when empty, the number when valid, else a Problema."""
    if valor is None:
        return None, None
    if type(valor) is str:  # the common case, kept fast for the bulk paths
        limpio = valor.strip()
        if not limpio:
            return None, None
        if limpio.isascii() and limpio.isdigit() and 1 <= int(limpio) <= MAXIMO_MENSUAL:
            return int(limpio), None
    elif type(valor) is int and 1 <= valor <= MAXIMO_MENSUAL:
        return valor, None
    etiqueta = ETIQUETAS.get(campo, campo)
    texto = str(valor).strip()

    def problema(mensaje: str) -> tuple[None, Problema]:
        return None, Problema(campo, texto, f"{etiqueta}: {mensaje}", producto)

    if isinstance(valor, bool):
        return problema(f"«{texto}» no es un número; escriba un número entero de 1 en adelante.")
    if isinstance(valor, int):
        numero = valor
    elif isinstance(valor, float) or not _ENTERO.match(texto):
        if re.match(r"^[+-]?[0-9]+([.,][0-9]+)?$", texto):
            if texto.startswith("-"):
                return problema(
                    f"«{texto}» no es válido: no se aceptan negativos; la cantidad mínima es 1."
                )
            return problema(
                f"«{texto}» no es válido: escriba un número entero, sin decimales ni separadores."
            )
        return problema(
            f"«{texto}» no es un número; escriba un número entero de 1 en adelante "
            "o deje la celda vacía."
        )
    else:
        numero = int(texto)
    if numero < 1:
        if numero == 0:
            return problema(
                "«0» no es válido: la cantidad mínima es 1. Si no hay nada que registrar, "
                "deje la celda vacía."
            )
        return problema(
            f"«{texto}» no es válido: no se aceptan negativos; la cantidad mínima es 1."
        )
    if numero > MAXIMO_MENSUAL:
        return problema(
            f"«{texto}» es demasiado grande (el máximo es {MAXIMO_MENSUAL:,} al mes); "
            "revise la cantidad."
        )
    return numero, None


@lru_cache(maxsize=32)
def _indice_causas(causas: tuple[tuple[str, str], ...]) -> dict[str, str]:
    indice = {}
    for clave, nombre in causas:
        indice[plegar(clave)] = clave
        indice[plegar(nombre)] = clave
    return indice


def leer_causa(
    valor: object, causas: Mapping[str, str], producto: str = ""
) -> tuple[str | None, Problema | None]:
    """The causa's clave from its clave or its name (accent/case-insensitive)."""
    if vacio(valor):
        return None, None
    texto = str(valor).strip()
    clave = _indice_causas(tuple(causas.items())).get(plegar(texto))
    if clave is not None:
        return clave, None
    opciones = ", ".join(causas.values())
    return None, Problema(
        "causa", texto, f"Causa: «{texto}» no es una causa; elija una de: {opciones}.", producto
    )


def validar_fila(
    fila: FilaCaptura, causas: Mapping[str, str]
) -> tuple[list[Registro], list[Problema]]:
    """The records a row makes, or the problems that stop it (never both)."""
    p = fila.producto
    problemas: list[Problema] = []
    valores: dict[str, int | None] = {}
    for campo in (
        "faltante_ambulatorio",
        "faltante_hospitalario",
        "excedente_ambulatorio",
        "excedente_hospitalario",
        "pacientes",
    ):
        numero, problema = leer_cantidad(campo, getattr(fila, campo), p)
        valores[campo] = numero
        if problema:
            problemas.append(problema)
    causa, problema = leer_causa(fila.causa, causas, p)
    if problema:
        problemas.append(problema)

    hay_faltante = not (vacio(fila.faltante_ambulatorio) and vacio(fila.faltante_hospitalario))
    hay_excedente = not (vacio(fila.excedente_ambulatorio) and vacio(fila.excedente_hospitalario))
    lista_causas = ", ".join(causas.values())
    if hay_faltante and vacio(fila.causa):
        problemas.append(
            Problema(
                "causa",
                "",
                f"Causa: un faltante necesita su causa principal; elija una de: {lista_causas}.",
                p,
            )
        )
    if not hay_faltante and not vacio(fila.causa):
        problemas.append(
            Problema(
                "causa",
                str(fila.causa),
                "Causa: solo se indica con un faltante; escriba los eventos faltantes (ambulatoria u hospitalaria) o deje la causa vacía.",
                p,
            )
        )
    if (hay_faltante or hay_excedente) and vacio(fila.pacientes):
        problemas.append(
            Problema(
                "pacientes",
                "",
                "Pacientes mensuales: es obligatorio cuando hay un faltante o un excedente; escriba cuántos pacientes al mes.",
                p,
            )
        )
    if not (hay_faltante or hay_excedente) and not vacio(fila.pacientes):
        problemas.append(
            Problema(
                "pacientes",
                str(fila.pacientes),
                "Pacientes mensuales: solo se indica con un faltante o un excedente; escriba los eventos o deje pacientes vacío.",
                p,
            )
        )
    if problemas:
        return [], problemas

    registros = []
    pacientes = valores["pacientes"]
    if hay_faltante:
        assert pacientes is not None
        registros.append(
            Registro(
                p,
                "faltante",
                valores["faltante_ambulatorio"],
                valores["faltante_hospitalario"],
                causa,
                pacientes,
            )
        )
    if hay_excedente:
        assert pacientes is not None
        registros.append(
            Registro(
                p,
                "excedente",
                valores["excedente_ambulatorio"],
                valores["excedente_hospitalario"],
                None,
                pacientes,
            )
        )
    return registros, []


def fila_de_registros(producto: str, registros: list[Registro]) -> FilaCaptura:
    """The Paso 6 row that shows a product's saved records."""
    por_tipo = {r.tipo: r for r in registros}
    f, e = por_tipo.get("faltante"), por_tipo.get("excedente")
    pacientes = (f or e).pacientes if (f or e) else None
    return FilaCaptura(
        producto,
        f.ambulatorio if f else None,
        f.hospitalario if f else None,
        f.causa if f else None,
        e.ambulatorio if e else None,
        e.hospitalario if e else None,
        pacientes,
    )
