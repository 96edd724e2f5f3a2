"""Reading the change log: filters, a Spanish name for every kind of change
and a one-line summary of what changed (before → after).

Plain rows for the window's view and for ``eyf bitacora``; the newest first,
in pages (``limite`` and ``antes_de``, the id of the last row already shown).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select

from app.almacen.almacen import Almacen
from app.almacen.modelos import Bitacora
from app.almacen.sesion import lectura
from app.errores import ErrorUso
from app.texto import coincide, palabras, plegar

# Every kind of change the program records, with its name for people.
ACCIONES = {
    "configuracion": "Configuración de la instalación",
    "persona": "Cambio de la persona que captura",
    "paso2_respuesta": "Respuesta del Paso 2",
    "captura_creada": "Registro creado",
    "captura_modificada": "Registro modificado",
    "captura_borrada": "Registro borrado",
    "finalizar": "Registro finalizado (Paso 7)",
    "reapertura": "Registro reabierto",
    "catalogo_actualizado": "Catálogo actualizado",
    "importacion": "Paquete importado",
    "paquete_importado": "Paquete importado",
    "paquete_exportado": "Paquete exportado",
    "exportacion_interrumpida": "Exportación interrumpida",
    "llave_registrada": "Llave registrada",
    "llave_frase": "Frase de la llave cambiada",
    "respaldo_restaurado": "Respaldo restaurado",
}


@dataclass(frozen=True)
class EntradaBitacora:
    id: int
    momento: datetime  # UTC, naive (as stored)
    persona: str
    instalacion: str
    accion: str
    descripcion: str  # the kind of change, in Spanish
    entidad: str | None
    clues: str | None
    objeto: str | None
    antes: Any
    despues: Any
    resumen: str  # what changed, in one line

    @property
    def momento_local(self) -> datetime:
        return self.momento.replace(tzinfo=UTC).astimezone()


def nombre_accion(accion: str) -> str:
    return ACCIONES.get(accion, accion.replace("_", " ").capitalize())


def _valor(v: Any) -> str:
    if v is None or v == "":
        return "—"
    if isinstance(v, bool):
        return "sí" if v else "no"
    if isinstance(v, dict | list):
        return (
            ", ".join(f"{k} {_valor(x)}" for k, x in v.items()) if isinstance(v, dict) else str(v)
        )
    return str(v)


def resumir(antes: Any, despues: Any) -> str:
    """'ambulatorio 5 → 7; pacientes 5 → 9', or the whole value when one side is empty."""
    if isinstance(antes, dict) and isinstance(despues, dict):
        cambios = [
            f"{k} {_valor(antes.get(k))} → {_valor(despues.get(k))}"
            for k in dict.fromkeys([*antes, *despues])
            if antes.get(k) != despues.get(k)
        ]
        return "; ".join(cambios) or "sin cambios"
    if antes in (None, {}) and despues not in (None, {}):
        return _valor(despues)
    if despues in (None, {}) and antes not in (None, {}):
        return f"antes: {_valor(antes)}"
    return "" if antes == despues else f"{_valor(antes)} → {_valor(despues)}"


def _inicio_utc(dia: date) -> datetime:
    """Start of a local calendar day, in naive UTC (how moments are stored)."""
    local = datetime.combine(dia, time.min).astimezone()
    return local.astimezone(UTC).replace(tzinfo=None)


def _condiciones(
    *,
    entidad: str | None,
    clues: str | None,
    acciones: list[str] | tuple[str, ...] | None,
    persona: str | None,
    desde: date | None,
    hasta: date | None,
    personas: list[str] | None = None,
) -> list:
    condiciones = []
    if entidad:
        condiciones.append(Bitacora.entidad_clave == entidad)
    if clues:  # a part of the code is enough («MCIMB0041»)
        condiciones.append(Bitacora.clues.contains(clues.strip().upper(), autoescape=True))
    if acciones:
        condiciones.append(Bitacora.accion.in_(list(acciones)))
    if persona:  # accent- and case-insensitive, as every search of the program
        condiciones.append(Bitacora.persona.in_(personas or []))
    if desde:
        condiciones.append(Bitacora.momento >= _inicio_utc(desde))
    if hasta:
        condiciones.append(Bitacora.momento < _inicio_utc(hasta + timedelta(days=1)))
    return condiciones


def _personas(s, texto: str | None) -> list[str] | None:
    """The names in the bitácora that contain every word of ``texto``, folded
    (a handful of people: filtered here, the same on SQLite and PostgreSQL)."""
    if not texto:
        return None
    terminos = palabras(texto)
    return [
        p for p in s.scalars(select(Bitacora.persona).distinct()) if coincide(plegar(p), terminos)
    ]


def consultar_bitacora(
    almacen: Almacen,
    *,
    entidad: str | None = None,
    clues: str | None = None,
    acciones: list[str] | tuple[str, ...] | None = None,
    persona: str | None = None,
    desde: date | None = None,
    hasta: date | None = None,
    limite: int | None = 200,
    antes_de: int | None = None,
) -> list[EntradaBitacora]:
    """Entries matching every filter given, newest first. ``desde``/``hasta`` are
    local calendar days, both included; ``antes_de`` pages past an id already shown."""
    if desde and hasta and hasta < desde:
        raise ErrorUso("La fecha «hasta» es anterior a «desde»; revise el intervalo.")
    with lectura(almacen) as s:
        condiciones = _condiciones(
            entidad=entidad,
            clues=clues,
            acciones=acciones,
            persona=persona,
            desde=desde,
            hasta=hasta,
            personas=_personas(s, persona),
        )
        if antes_de is not None:
            condiciones.append(Bitacora.id < antes_de)
        consulta = select(Bitacora).where(*condiciones).order_by(Bitacora.id.desc())
        if limite:
            consulta = consulta.limit(limite)
        return [
            EntradaBitacora(
                b.id,
                b.momento,
                b.persona,
                b.instalacion,
                b.accion,
                nombre_accion(b.accion),
                b.entidad_clave,
                b.clues,
                b.objeto,
                b.antes,
                b.despues,
                resumir(b.antes, b.despues),
            )
            for b in s.scalars(consulta)
        ]


def contar_bitacora(almacen: Almacen, **filtros: Any) -> int:
    """How many entries match (same filters as ``consultar_bitacora``, without paging)."""
    with lectura(almacen) as s:
        condiciones = _condiciones(
            entidad=filtros.get("entidad"),
            clues=filtros.get("clues"),
            acciones=filtros.get("acciones"),
            persona=filtros.get("persona"),
            desde=filtros.get("desde"),
            hasta=filtros.get("hasta"),
            personas=_personas(s, filtros.get("persona")),
        )
        return s.scalar(select(func.count()).select_from(Bitacora).where(*condiciones)) or 0


def acciones_registradas(almacen: Almacen) -> list[str]:
    """The kinds of change present in this database (for a filter list)."""
    with lectura(almacen) as s:
        return sorted(s.scalars(select(Bitacora.accion).distinct()))
