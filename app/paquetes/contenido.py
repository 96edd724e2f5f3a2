"""What a bundle holds besides its manifest, as plain dataclasses, and the
JSON of each member (written by the export, read strictly by the import)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.paquetes import formato as F
from app.paquetes.esquema import (
    CLUES,
    HEX64,
    UUID,
    FormatoInvalido,
    Objeto,
    a_fecha_hora,
    de_fecha_hora,
    fecha_valida,
)
from app.paquetes.manifiesto import HUELLA, PERSONA

_CLAVE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


# --- records ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RegistroPaquete:
    id: str
    clues: str
    producto: str
    tipo: str
    ambulatorio: int | None
    hospitalario: int | None
    causa: str | None
    pacientes: int
    creada_en: datetime
    modificada_en: datetime
    persona: str
    origen: str | None  # the unit bundle it came from (in an entidad bundle), or None


CLAVES_REGISTRO = frozenset(
    [
        "id",
        "clues",
        "producto",
        "tipo",
        "ambulatorio",
        "hospitalario",
        "causa",
        "pacientes",
        "creada_en",
        "modificada_en",
        "persona",
        "origen",
    ]
)


def registro_a_json(r: RegistroPaquete) -> dict[str, Any]:
    return {
        "id": r.id,
        "clues": r.clues,
        "producto": r.producto,
        "tipo": r.tipo,
        "ambulatorio": r.ambulatorio,
        "hospitalario": r.hospitalario,
        "causa": r.causa,
        "pacientes": r.pacientes,
        "creada_en": de_fecha_hora(r.creada_en),
        "modificada_en": de_fecha_hora(r.modificada_en),
        "persona": r.persona,
        "origen": r.origen,
    }


def _cantidad(valor: Any, donde: str, nulo: bool) -> int | None:
    # Only the JSON type is checked here; the guide's rules (1 to 1,000,000)
    # are applied by app.captura.reglas with their own messages.
    if valor is None and nulo:
        return None
    if not isinstance(valor, int) or isinstance(valor, bool):
        raise FormatoInvalido(f"{donde}: se esperaba un número entero.")
    return valor


def _registro_valido(c: Any) -> RegistroPaquete | None:
    """The record when every field is well formed (the common case, checked
    inline for speed), else None: the caller then names what is wrong."""
    if type(c) is not dict or c.keys() != CLAVES_REGISTRO:
        return None
    i, clues, producto, tipo = c["id"], c["clues"], c["producto"], c["tipo"]
    amb, hosp, causa, pac = c["ambulatorio"], c["hospitalario"], c["causa"], c["pacientes"]
    persona, origen, creada, modificada = (
        c["persona"],
        c["origen"],
        c["creada_en"],
        c["modificada_en"],
    )
    if not (
        type(i) is str and UUID.match(i)
        and type(clues) is str and CLUES.match(clues)
        and type(producto) is str and len(producto) <= 20 and _CLAVE.match(producto)
        and tipo in ("faltante", "excedente")
        and (amb is None or type(amb) is int)
        and (hosp is None or type(hosp) is int)
        and type(pac) is int
        and (causa is None or (type(causa) is str and len(causa) <= 10 and _CLAVE.match(causa)))
        and type(persona) is str and len(persona) <= PERSONA
        and (origen is None or (type(origen) is str and UUID.match(origen)))
        and type(creada) is str and type(modificada) is str
    ):  # fmt: skip
        return None
    creada_en, modificada_en = fecha_valida(creada), fecha_valida(modificada)
    if creada_en is None or modificada_en is None:
        return None
    return RegistroPaquete(
        i, clues, producto, tipo, amb, hosp, causa, pac, creada_en, modificada_en, persona, origen
    )


def leer_registros(valor: Any) -> list[RegistroPaquete]:
    raiz = Objeto(valor, F.REGISTROS, frozenset({"registros"}))
    lista = raiz.lista("registros", F.MAXIMO_REGISTROS)
    resultado = []
    for i, crudo in enumerate(lista, start=1):
        registro = _registro_valido(crudo)
        if registro is None:
            registro = _registro_detallado(crudo, f"{F.REGISTROS}, registro {i}")
        resultado.append(registro)
    return resultado


def _registro_detallado(crudo: Any, donde: str) -> RegistroPaquete:
    """Field by field, raising ``FormatoInvalido`` that names the first problem."""
    o = Objeto(crudo, donde, CLAVES_REGISTRO)
    return RegistroPaquete(
        id=o.texto("id", 36, patron=UUID),
        clues=o.texto("clues", 11, patron=CLUES),
        producto=o.texto("producto", 20, patron=_CLAVE),
        tipo=o.opcion("tipo", ("faltante", "excedente")),
        ambulatorio=_cantidad(crudo["ambulatorio"], f"{donde}, «ambulatorio»", True),
        hospitalario=_cantidad(crudo["hospitalario"], f"{donde}, «hospitalario»", True),
        causa=o.texto("causa", 10, patron=_CLAVE, nulo=True),
        pacientes=_cantidad(crudo["pacientes"], f"{donde}, «pacientes»", False),
        creada_en=a_fecha_hora(crudo["creada_en"], f"{donde}, «creada_en»"),
        modificada_en=a_fecha_hora(crudo["modificada_en"], f"{donde}, «modificada_en»"),
        persona=o.texto("persona", PERSONA),
        origen=o.texto("origen", 36, patron=UUID, nulo=True),
    )


# --- states, reopenings, provenance, signed report ------------------------------


@dataclass(frozen=True)
class EstadoEntidadPaquete:
    respuesta: str | None
    respondida_en: datetime | None
    respondida_por: str
    finalizada: bool
    finalizada_en: datetime | None
    finalizada_por: str


@dataclass(frozen=True)
class EstadoUnidadPaquete:
    clues: str
    finalizada: bool
    finalizada_en: datetime | None
    finalizada_por: str


@dataclass(frozen=True)
class ReaperturaPaquete:
    instalacion: str
    clues: str | None
    motivo: str
    momento: datetime
    persona: str


@dataclass(frozen=True)
class ProcedenciaPaquete:
    """In an entidad bundle: a unit bundle the coordination imported."""

    clues: str
    paquete: str
    secuencia: int
    huella: str
    llave_id: str
    instalacion: str
    creado_en: datetime
    importado_en: datetime
    registros: int
    finalizada: bool


@dataclass(frozen=True)
class ReportePaquete:
    nombre_original: str
    sha256: str
    tamano: int
    subido_en: datetime
    persona: str


@dataclass(frozen=True)
class EstadoPaquete:
    entidad: EstadoEntidadPaquete
    unidades: tuple[EstadoUnidadPaquete, ...]
    reaperturas: tuple[ReaperturaPaquete, ...]
    procedencia: tuple[ProcedenciaPaquete, ...]
    reporte: ReportePaquete | None


_C_ENTIDAD = frozenset(
    [
        "respuesta",
        "respondida_en",
        "respondida_por",
        "finalizada",
        "finalizada_en",
        "finalizada_por",
    ]
)
_C_UNIDAD = frozenset(["clues", "finalizada", "finalizada_en", "finalizada_por"])
_C_REAPERTURA = frozenset(["instalacion", "clues", "motivo", "momento", "persona"])
_C_PROCEDENCIA = frozenset(
    [
        "clues",
        "paquete",
        "secuencia",
        "huella",
        "llave_id",
        "instalacion",
        "creado_en",
        "importado_en",
        "registros",
        "finalizada",
    ]
)
_C_REPORTE = frozenset(["nombre_original", "sha256", "tamano", "subido_en", "persona"])


def estado_a_json(e: EstadoPaquete) -> dict[str, Any]:
    f = de_fecha_hora
    return {
        "entidad": {
            "respuesta": e.entidad.respuesta,
            "respondida_en": f(e.entidad.respondida_en),
            "respondida_por": e.entidad.respondida_por,
            "finalizada": e.entidad.finalizada,
            "finalizada_en": f(e.entidad.finalizada_en),
            "finalizada_por": e.entidad.finalizada_por,
        },
        "unidades": [
            {
                "clues": u.clues,
                "finalizada": u.finalizada,
                "finalizada_en": f(u.finalizada_en),
                "finalizada_por": u.finalizada_por,
            }
            for u in e.unidades
        ],
        "reaperturas": [
            {
                "instalacion": r.instalacion,
                "clues": r.clues,
                "motivo": r.motivo,
                "momento": f(r.momento),
                "persona": r.persona,
            }
            for r in e.reaperturas
        ],
        "procedencia": [
            {
                "clues": p.clues,
                "paquete": p.paquete,
                "secuencia": p.secuencia,
                "huella": p.huella,
                "llave_id": p.llave_id,
                "instalacion": p.instalacion,
                "creado_en": f(p.creado_en),
                "importado_en": f(p.importado_en),
                "registros": p.registros,
                "finalizada": p.finalizada,
            }
            for p in e.procedencia
        ],
        "reporte_firmado": None
        if e.reporte is None
        else {
            "nombre_original": e.reporte.nombre_original,
            "sha256": e.reporte.sha256,
            "tamano": e.reporte.tamano,
            "subido_en": f(e.reporte.subido_en),
            "persona": e.reporte.persona,
        },
    }


def leer_estado(valor: Any) -> EstadoPaquete:
    raiz = Objeto(
        valor,
        F.ESTADO,
        frozenset({"entidad", "unidades", "reaperturas", "procedencia", "reporte_firmado"}),
    )
    e = raiz.objeto("entidad", _C_ENTIDAD)
    entidad = EstadoEntidadPaquete(
        e.opcion("respuesta", (None, "si", "no")),
        e.fecha_hora("respondida_en", nulo=True),
        e.texto("respondida_por", PERSONA),
        e.booleano("finalizada"),
        e.fecha_hora("finalizada_en", nulo=True),
        e.texto("finalizada_por", PERSONA),
    )
    unidades = []
    for i, u in enumerate(raiz.lista("unidades", F.MAXIMO_UNIDADES), start=1):
        o = Objeto(u, f"{F.ESTADO}, unidad {i}", _C_UNIDAD)
        unidades.append(
            EstadoUnidadPaquete(
                o.texto("clues", 11, patron=CLUES),
                o.booleano("finalizada"),
                o.fecha_hora("finalizada_en", nulo=True),
                o.texto("finalizada_por", PERSONA),
            )
        )
    reaperturas = []
    for i, r in enumerate(raiz.lista("reaperturas", F.MAXIMO_REAPERTURAS), start=1):
        o = Objeto(r, f"{F.ESTADO}, reapertura {i}", _C_REAPERTURA)
        reaperturas.append(
            ReaperturaPaquete(
                o.texto("instalacion", 36, patron=UUID),
                o.texto("clues", 11, patron=CLUES, nulo=True),
                o.texto("motivo", 4000),
                o.fecha_hora("momento"),
                o.texto("persona", PERSONA),
            )
        )
    procedencia = []
    for i, p in enumerate(raiz.lista("procedencia", F.MAXIMO_UNIDADES), start=1):
        o = Objeto(p, f"{F.ESTADO}, procedencia {i}", _C_PROCEDENCIA)
        procedencia.append(
            ProcedenciaPaquete(
                o.texto("clues", 11, patron=CLUES),
                o.texto("paquete", 36, patron=UUID),
                o.entero("secuencia", 1, F.MAXIMO_SECUENCIA),
                o.texto("huella", 39, patron=HUELLA),
                o.texto("llave_id", 64, patron=HEX64),
                o.texto("instalacion", 36, patron=UUID),
                o.fecha_hora("creado_en"),
                o.fecha_hora("importado_en"),
                o.entero("registros", 0, F.MAXIMO_REGISTROS),
                o.booleano("finalizada"),
            )
        )
    r = raiz.objeto("reporte_firmado", _C_REPORTE, nulo=True)
    reporte = (
        None
        if r is None
        else ReportePaquete(
            r.texto("nombre_original", 255),
            r.texto("sha256", 64, patron=HEX64),
            r.entero("tamano", 1, F.MAXIMOS[F.REPORTE]),
            r.fecha_hora("subido_en"),
            r.texto("persona", PERSONA),
        )
    )
    return EstadoPaquete(entidad, tuple(unidades), tuple(reaperturas), tuple(procedencia), reporte)
