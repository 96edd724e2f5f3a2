"""The manifest of a bundle (``manifest.json``): what it declares, signed.

Its exact bytes are what ``manifest.sig`` signs; it names every other
member with its SHA-256 and size, and carries the public key."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.paquetes import formato as F
from app.paquetes.esquema import (
    CLUES,
    ENTIDAD,
    HEX64,
    UUID,
    FormatoInvalido,
    Objeto,
    de_fecha_hora,
)

HUELLA = re.compile(r"^([0-9A-F]{4} ){7}[0-9A-F]{4}$")
PERSONA = 200


@dataclass(frozen=True)
class Manifiesto:
    programa: str
    alcance: str  # "unidad" or "entidad"
    entidad: str
    entidad_nombre: str
    clues: tuple[str, ...]
    unidad_nombre: str | None
    periodo: int
    catalogo_version: str
    catalogo_huella: str
    instalacion: str
    persona: str
    secuencia: int
    creado_en: datetime
    conteos: dict[str, int]
    entidad_finalizada: bool
    unidad_finalizada: bool | None
    archivos: dict[str, tuple[str, int]]  # member → (sha256, bytes)
    llave_pem: str
    llave_id: str
    huella: str
    anterior: str | None
    paquete: str

    @property
    def origen(self) -> str:
        """Whose data this is: the unit's CLUES, or the entidad's key."""
        return self.clues[0] if self.alcance == "unidad" else self.entidad


CLAVES_MANIFIESTO = frozenset(
    [
        "tipo",
        "version_formato",
        "programa",
        "alcance",
        "entidad",
        "entidad_nombre",
        "clues",
        "unidad_nombre",
        "periodo",
        "catalogo",
        "instalacion",
        "persona",
        "secuencia",
        "creado_en",
        "conteos",
        "entidad_finalizada",
        "unidad_finalizada",
        "archivos",
        "llave",
        "anterior",
        "paquete",
    ]
)
CONTEOS = ("registros", "faltantes", "excedentes", "unidades", "bitacora", "reaperturas")


def manifiesto_a_json(m: Manifiesto) -> dict[str, Any]:
    return {
        "tipo": F.TIPO,
        "version_formato": F.VERSION_FORMATO,
        "programa": m.programa,
        "alcance": m.alcance,
        "entidad": m.entidad,
        "entidad_nombre": m.entidad_nombre,
        "clues": list(m.clues),
        "unidad_nombre": m.unidad_nombre,
        "periodo": m.periodo,
        "catalogo": {"version": m.catalogo_version, "huella": m.catalogo_huella},
        "instalacion": m.instalacion,
        "persona": m.persona,
        "secuencia": m.secuencia,
        "creado_en": de_fecha_hora(m.creado_en),
        "conteos": dict(m.conteos),
        "entidad_finalizada": m.entidad_finalizada,
        "unidad_finalizada": m.unidad_finalizada,
        "archivos": {n: {"sha256": h, "bytes": b} for n, (h, b) in sorted(m.archivos.items())},
        "llave": {"pem": m.llave_pem, "id": m.llave_id, "huella": m.huella},
        "anterior": m.anterior,
        "paquete": m.paquete,
    }


def tipo_declarado(valor: Any) -> None:
    """Refuse early anything that is not a bundle of this format version."""
    if not isinstance(valor, dict) or valor.get("tipo") != F.TIPO:
        tipo = valor.get("tipo") if isinstance(valor, dict) else None
        if isinstance(tipo, str) and tipo.startswith("eyf-paquete/"):
            raise FormatoInvalido(
                f"El paquete es del formato «{tipo[:30]}», más nuevo que el que esta versión de EyF "
                f"conoce ({F.TIPO}). Actualice EyF para importarlo."
            )
        raise FormatoInvalido(
            f"manifest.json no declara el tipo «{F.TIPO}»: no es un paquete de EyF."
        )
    if valor.get("version_formato") != F.VERSION_FORMATO:
        raise FormatoInvalido(
            "manifest.json: la versión del formato no es la que esta versión de EyF conoce; "
            "actualice EyF."
        )


def leer_llave(valor: Any) -> tuple[str, str, str]:
    """(pem, id, huella) of the manifest's key, checked for shape only."""
    if not isinstance(valor, dict):
        raise FormatoInvalido("manifest.json: falta la llave pública.")
    o = Objeto(valor.get("llave"), "manifest.json, «llave»", frozenset({"pem", "id", "huella"}))
    return (
        o.texto("pem", 1000, vacio=False),
        o.texto("id", 64, patron=HEX64),
        o.texto("huella", 39, patron=HUELLA),
    )


def leer_manifiesto(valor: Any) -> Manifiesto:
    o = Objeto(valor, "manifest.json", CLAVES_MANIFIESTO)
    alcance = o.opcion("alcance", F.ALCANCES)
    clues = o.lista("clues", F.MAXIMO_UNIDADES)
    for i, c in enumerate(clues):
        if not isinstance(c, str) or not CLUES.match(c):
            raise FormatoInvalido(
                f"manifest.json, «clues» {i + 1}: «{str(c)[:20]}» no es una CLUES."
            )
    if len(set(clues)) != len(clues) or clues != sorted(clues):
        raise FormatoInvalido("manifest.json, «clues»: debe estar ordenada y sin repetidos.")
    if alcance == "unidad" and len(clues) != 1:
        raise FormatoInvalido("manifest.json: un paquete de unidad cubre exactamente una CLUES.")
    cat = o.objeto("catalogo", frozenset({"version", "huella"}))
    conteos_o = o.objeto("conteos", frozenset(CONTEOS))
    maximos = {
        "registros": F.MAXIMO_REGISTROS,
        "faltantes": F.MAXIMO_REGISTROS,
        "excedentes": F.MAXIMO_REGISTROS,
        "unidades": F.MAXIMO_UNIDADES,
        "bitacora": F.MAXIMO_BITACORA,
        "reaperturas": F.MAXIMO_REAPERTURAS,
    }
    conteos = {c: conteos_o.entero(c, 0, maximos[c]) for c in CONTEOS}
    archivos_v = o.crudo("archivos")
    if not isinstance(archivos_v, dict):
        raise FormatoInvalido("manifest.json, «archivos»: se esperaba un objeto.")
    archivos = {}
    for nombre, dato in archivos_v.items():
        if nombre not in F.FIRMADOS:
            raise FormatoInvalido(
                f"manifest.json, «archivos»: «{nombre[:40]}» no es un miembro de un paquete."
            )
        a = Objeto(dato, f"manifest.json, «archivos», «{nombre}»", frozenset({"sha256", "bytes"}))
        archivos[nombre] = (
            a.texto("sha256", 64, patron=HEX64),
            a.entero("bytes", 0, F.MAXIMOS[nombre]),
        )
    pem, llave_id, huella = leer_llave(valor)
    unidad_finalizada = o.booleano("unidad_finalizada", nulo=True)
    if (unidad_finalizada is None) != (alcance == "entidad"):
        raise FormatoInvalido(
            "manifest.json, «unidad_finalizada»: va con un paquete de unidad (y solo con él)."
        )
    return Manifiesto(
        programa=o.texto("programa", 60, vacio=False),
        alcance=alcance,
        entidad=o.texto("entidad", 2, patron=ENTIDAD),
        entidad_nombre=o.texto("entidad_nombre", 200),
        clues=tuple(clues),
        unidad_nombre=o.texto("unidad_nombre", 300, nulo=True),
        periodo=o.entero("periodo", 2000, 2100),
        catalogo_version=cat.texto("version", 60),
        catalogo_huella=cat.texto("huella", 64, patron=HEX64),
        instalacion=o.texto("instalacion", 36, patron=UUID),
        persona=o.texto("persona", PERSONA),
        secuencia=o.entero("secuencia", 1, F.MAXIMO_SECUENCIA),
        creado_en=o.fecha_hora("creado_en"),
        conteos=conteos,
        entidad_finalizada=o.booleano("entidad_finalizada"),
        unidad_finalizada=unidad_finalizada,
        archivos=archivos,
        llave_pem=pem,
        llave_id=llave_id,
        huella=huella,
        anterior=o.texto("anterior", 64, patron=HEX64, nulo=True),
        paquete=o.texto("paquete", 36, patron=UUID),
    )
