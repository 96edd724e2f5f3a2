"""Strict reading of a bundle's JSON: no repeated keys, no NaN, exact key
sets, typed and bounded fields. Every problem is a ``FormatoInvalido`` whose
message names the member, the place and what was expected, in Spanish."""

from __future__ import annotations

import json
import re
from datetime import datetime
from functools import lru_cache
from typing import Any

_FECHA_HORA = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
ANIO_MINIMO, ANIO_MAXIMO = 2000, 2100
HEX64 = re.compile(r"^[0-9a-f]{64}$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
CLUES = re.compile(r"^[A-Z]{5}[0-9]{6}$")
ENTIDAD = re.compile(r"^[0-9]{2}$")


class FormatoInvalido(Exception):
    def __init__(self, mensaje: str) -> None:
        super().__init__(mensaje)
        self.mensaje = mensaje


def cargar_json(datos: bytes, miembro: str) -> Any:
    """Parse ``datos`` (already verified against its hash) strictly."""

    def pares(lista: list[tuple[str, Any]]) -> dict[str, Any]:
        resultado: dict[str, Any] = {}
        for clave, valor in lista:
            if clave in resultado:
                raise FormatoInvalido(f"{miembro}: la clave «{clave[:40]}» aparece dos veces.")
            resultado[clave] = valor
        return resultado

    def constante(nombre: str) -> Any:
        raise FormatoInvalido(f"{miembro}: el valor {nombre} no está permitido.")

    try:
        texto = datos.decode("utf-8")
    except UnicodeDecodeError:
        raise FormatoInvalido(f"{miembro} no es texto UTF-8.") from None
    try:
        return json.loads(texto, object_pairs_hook=pares, parse_constant=constante)
    except json.JSONDecodeError as exc:
        raise FormatoInvalido(
            f"{miembro} no es JSON válido (línea {exc.lineno}, columna {exc.colno})."
        ) from None
    except RecursionError:
        raise FormatoInvalido(
            f"{miembro} no es JSON válido (anidado demasiado profundo)."
        ) from None
    except ValueError:  # e.g. an integer with thousands of digits
        raise FormatoInvalido(f"{miembro} no es JSON válido (un número absurdo).") from None


@lru_cache(maxsize=8192)
def fecha_valida(texto: str) -> datetime | None:
    """The datetime of a well-formed, plausible timestamp (cached: bundles repeat them)."""
    if not _FECHA_HORA.match(texto):
        return None
    try:
        valor = datetime.fromisoformat(texto[:-1])
    except ValueError:
        return None
    return valor if ANIO_MINIMO <= valor.year <= ANIO_MAXIMO else None


def a_fecha_hora(texto: Any, donde: str) -> datetime:
    if type(texto) is str:
        valor = fecha_valida(texto)
        if valor is not None:
            return valor
    if not isinstance(texto, str) or not _FECHA_HORA.match(texto):
        raise FormatoInvalido(
            f"{donde}: se esperaba una fecha y hora UTC como 2026-05-31T14:05:00Z."
        )
    try:
        valor = datetime.fromisoformat(texto[:-1])
    except ValueError:
        raise FormatoInvalido(f"{donde}: «{texto}» no es una fecha válida.") from None
    if not ANIO_MINIMO <= valor.year <= ANIO_MAXIMO:
        raise FormatoInvalido(f"{donde}: el año {valor.year} no es plausible.")
    return valor


def de_fecha_hora(valor: datetime | None) -> str | None:
    return None if valor is None else valor.replace(microsecond=0).isoformat() + "Z"


class Objeto:
    """A JSON object with exactly the keys expected, read field by field."""

    __slots__ = ("d", "donde")

    def __init__(self, valor: Any, donde: str, claves: frozenset[str]) -> None:
        if not isinstance(valor, dict):
            raise FormatoInvalido(f"{donde}: se esperaba un objeto JSON.")
        if valor.keys() != claves:
            faltan = sorted(claves - valor.keys())
            sobran = sorted(valor.keys() - claves)
            partes = []
            if faltan:
                partes.append("faltan " + ", ".join(f"«{c}»" for c in faltan))
            if sobran:
                partes.append(
                    "sobran campos desconocidos " + ", ".join(f"«{c[:40]}»" for c in sobran[:5])
                )
            raise FormatoInvalido(f"{donde}: {'; '.join(partes)}.")
        self.d = valor
        self.donde = donde

    def _en(self, clave: str) -> str:
        return f"{self.donde}, «{clave}»"

    def texto(
        self,
        clave: str,
        maximo: int,
        *,
        patron: re.Pattern[str] | None = None,
        nulo: bool = False,
        vacio: bool = True,
    ) -> Any:
        valor = self.d[clave]
        if valor is None and nulo:
            return None
        if not isinstance(valor, str):
            raise FormatoInvalido(f"{self._en(clave)}: se esperaba texto.")
        if len(valor) > maximo:
            raise FormatoInvalido(
                f"{self._en(clave)}: el texto es demasiado largo (máximo {maximo})."
            )
        if not vacio and not valor:
            raise FormatoInvalido(f"{self._en(clave)}: no puede estar vacío.")
        if patron is not None and not patron.match(valor):
            raise FormatoInvalido(
                f"{self._en(clave)}: «{valor[:40]}» no tiene el formato esperado."
            )
        return valor

    def opcion(self, clave: str, opciones: tuple[Any, ...]) -> Any:
        valor = self.d[clave]
        if valor not in opciones or isinstance(valor, bool) != isinstance(opciones[0], bool):
            validas = ", ".join("nulo" if o is None else str(o) for o in opciones)
            raise FormatoInvalido(f"{self._en(clave)}: debe ser uno de: {validas}.")
        return valor

    def entero(self, clave: str, minimo: int, maximo: int, *, nulo: bool = False) -> Any:
        valor = self.d[clave]
        if valor is None and nulo:
            return None
        if not isinstance(valor, int) or isinstance(valor, bool):
            raise FormatoInvalido(f"{self._en(clave)}: se esperaba un número entero.")
        if not minimo <= valor <= maximo:
            raise FormatoInvalido(
                f"{self._en(clave)}: {valor} está fuera del intervalo permitido ({minimo:,} a {maximo:,})."
            )
        return valor

    def booleano(self, clave: str, *, nulo: bool = False) -> Any:
        valor = self.d[clave]
        if valor is None and nulo:
            return None
        if not isinstance(valor, bool):
            raise FormatoInvalido(f"{self._en(clave)}: se esperaba true o false.")
        return valor

    def fecha_hora(self, clave: str, *, nulo: bool = False) -> Any:
        valor = self.d[clave]
        if valor is None and nulo:
            return None
        return a_fecha_hora(valor, self._en(clave))

    def lista(self, clave: str, maximo: int) -> list[Any]:
        valor = self.d[clave]
        if not isinstance(valor, list):
            raise FormatoInvalido(f"{self._en(clave)}: se esperaba una lista.")
        if len(valor) > maximo:
            raise FormatoInvalido(
                f"{self._en(clave)}: {len(valor):,} elementos es demasiado (máximo {maximo:,})."
            )
        return valor

    def objeto(self, clave: str, claves: frozenset[str], *, nulo: bool = False) -> Objeto | None:
        valor = self.d[clave]
        if valor is None and nulo:
            return None
        return Objeto(valor, self._en(clave), claves)

    def crudo(self, clave: str) -> Any:
        return self.d[clave]
