"""The change log inside a bundle (``bitacora.json``): the entries of the
installation that exported it (and, in an entidad bundle, those of its
units), each with the installation that wrote it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.paquetes import formato as F
from app.paquetes.esquema import Objeto, de_fecha_hora, fecha_valida
from app.paquetes.manifiesto import PERSONA


@dataclass(frozen=True, slots=True)
class EntradaBitacora:
    instalacion: str
    numero: int
    momento: datetime
    persona: str
    accion: str
    entidad: str | None
    clues: str | None
    objeto: str | None
    antes: Any
    despues: Any


_C_BITACORA = frozenset(
    [
        "instalacion",
        "numero",
        "momento",
        "persona",
        "accion",
        "entidad",
        "clues",
        "objeto",
        "antes",
        "despues",
    ]
)


def bitacora_a_json(entradas: list[EntradaBitacora]) -> dict[str, Any]:
    return {
        "entradas": [
            {
                "instalacion": b.instalacion,
                "numero": b.numero,
                "momento": de_fecha_hora(b.momento),
                "persona": b.persona,
                "accion": b.accion,
                "entidad": b.entidad,
                "clues": b.clues,
                "objeto": b.objeto,
                "antes": b.antes,
                "despues": b.despues,
            }
            for b in entradas
        ]
    }


def _entrada_valida(c: Any) -> EntradaBitacora | None:
    if type(c) is not dict or c.keys() != _C_BITACORA:
        return None
    inst, numero, momento, persona = c["instalacion"], c["numero"], c["momento"], c["persona"]
    accion, entidad, clues, objeto = c["accion"], c["entidad"], c["clues"], c["objeto"]
    if not (
        type(inst) is str and len(inst) <= 36
        and type(numero) is int and 1 <= numero <= F.MAXIMO_NUMERO
        and type(momento) is str
        and type(persona) is str and len(persona) <= PERSONA
        and type(accion) is str and 0 < len(accion) <= 40
        and (entidad is None or (type(entidad) is str and len(entidad) <= 2))
        and (clues is None or (type(clues) is str and len(clues) <= 11))
        and (objeto is None or (type(objeto) is str and len(objeto) <= 500))
    ):  # fmt: skip
        return None
    fecha = fecha_valida(momento)
    if fecha is None:
        return None
    return EntradaBitacora(
        inst, numero, fecha, persona, accion, entidad, clues, objeto, c["antes"], c["despues"]
    )


def leer_bitacora(valor: Any) -> list[EntradaBitacora]:
    raiz = Objeto(valor, F.BITACORA, frozenset({"entradas"}))
    resultado = []
    for i, crudo in enumerate(raiz.lista("entradas", F.MAXIMO_BITACORA), start=1):
        entrada = _entrada_valida(crudo)
        if entrada is None:
            entrada = _entrada_detallada(crudo, f"{F.BITACORA}, entrada {i}")
        resultado.append(entrada)
    return resultado


def _entrada_detallada(crudo: Any, donde: str) -> EntradaBitacora:
    o = Objeto(crudo, donde, _C_BITACORA)
    return EntradaBitacora(
        o.texto("instalacion", 36),
        o.entero("numero", 1, F.MAXIMO_NUMERO),
        o.fecha_hora("momento"),
        o.texto("persona", PERSONA),
        o.texto("accion", 40, vacio=False),
        o.texto("entidad", 2, nulo=True),
        o.texto("clues", 11, nulo=True),
        o.texto("objeto", 500, nulo=True),
        o.crudo("antes"),
        o.crudo("despues"),
    )
