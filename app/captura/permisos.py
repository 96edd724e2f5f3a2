"""Who may change what, and when: installation scope, Paso 2 answer,
finalization, capture period. One place, used by every write use case and
by the window to show a screen read-only with its reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.almacen.modelos import Catalogo, Entidad, EstadoEntidad, EstadoUnidad, Instalacion, Unidad
from app.errores import ErrorEyF

MODOS = ("unidad", "estatal", "nacional")


def fecha(d: date) -> str:
    return d.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class Configuracion:
    uuid: str
    modo: str | None
    entidad: str | None
    clues: str | None
    persona: str

    @property
    def configurada(self) -> bool:
        return self.modo is not None


def configuracion(s: Session) -> Configuracion:
    inst = s.get(Instalacion, 1)
    if inst is None:  # pragma: no cover - Almacen.abrir always creates it
        return Configuracion("", None, None, None, "")
    return Configuracion(inst.uuid, inst.modo, inst.entidad_clave, inst.clues, inst.persona)


def exigir_configuracion(s: Session) -> Configuracion:
    conf = configuracion(s)
    if not conf.configurada:
        raise ErrorEyF(
            "Esta instalación aún no está configurada. Indique para quién es antes de capturar: "
            "«eyf configurar --modo unidad --entidad CC --clues CLUES» (una unidad) o "
            "«eyf configurar --modo estatal --entidad CC» (la coordinación estatal), "
            "o use el asistente de la ventana."
        )
    return conf


def exigir_entidad(s: Session, clave: str) -> Entidad:
    entidad = s.get(Entidad, clave)
    if entidad is None:
        raise ErrorEyF(
            f"No existe la entidad «{clave}». Use la clave INEGI de dos dígitos "
            "(por ejemplo 05 para Coahuila de Zaragoza); «eyf entidades» las lista."
        )
    return entidad


def exigir_entidad_visible(s: Session, conf: Configuracion, clave: str) -> Entidad:
    entidad = exigir_entidad(s, clave)
    if conf.modo in ("unidad", "estatal") and conf.entidad != clave:
        raise ErrorEyF(
            f"Esta instalación es de la entidad {conf.entidad} y no puede operar sobre "
            f"{entidad.nombre} ({clave})."
        )
    return entidad


def exigir_unidad(s: Session, clues: str) -> Unidad:
    unidad = s.get(Unidad, clues.strip().upper())
    if unidad is None:
        raise ErrorEyF(
            f"La CLUES «{clues}» no existe en el catálogo. Búsquela por nombre con "
            "«eyf unidades --entidad CC --buscar TEXTO»."
        )
    return unidad


def motivo_solo_lectura_periodo(s: Session, hoy: date) -> str | None:
    cat = s.get(Catalogo, 1)
    if cat is None:
        return "No hay catálogo cargado; cárguelo con «eyf catalogo importar RUTA»."
    if hoy < cat.periodo_inicio:
        return (
            f"La captura del periodo {cat.periodo_anio} abre el {fecha(cat.periodo_inicio)}; "
            "hasta entonces todo es de solo lectura."
        )
    if hoy > cat.periodo_fin:
        return (
            f"La captura del periodo {cat.periodo_anio} cerró el {fecha(cat.periodo_fin)}; "
            "solo se pueden consultar los registros y los reportes."
        )
    return None


def motivo_entidad_cerrada(s: Session, entidad: Entidad, hoy: date) -> str | None:
    """Why the entidad's state cannot change now (period, finalized), or None."""
    periodo = motivo_solo_lectura_periodo(s, hoy)
    if periodo:
        return periodo
    estado = s.get(EstadoEntidad, entidad.clave)
    if estado is not None and estado.finalizada:
        return (
            f"La entidad {entidad.nombre} ya finalizó su registro (Paso 7) y no se puede "
            "modificar. Para corregir se necesita una reapertura con la contraseña y un motivo "
            f"escrito: «eyf reabrir --entidad {entidad.clave} --motivo TEXTO»."
        )
    return None


def motivo_alcance(conf: Configuracion, unidad: Unidad, *, para_borrar: bool = False) -> str | None:
    """Why this installation may not change this unit's records (scope, retired unit)."""
    if not conf.configurada:
        return "Esta instalación aún no está configurada."
    if conf.modo == "nacional":
        return (
            "Una instalación nacional consolida los paquetes de las entidades y no captura; "
            "los registros se corrigen en la unidad o la entidad que los envió."
        )
    if conf.modo == "unidad" and unidad.clues != conf.clues:
        return f"Esta instalación captura solo la unidad {conf.clues}, no {unidad.clues}."
    if conf.modo == "estatal" and unidad.entidad_clave != conf.entidad:
        return (
            f"Esta instalación es de la entidad {conf.entidad}; la unidad {unidad.clues} "
            f"es de la entidad {unidad.entidad_clave}."
        )
    if not unidad.vigente and not para_borrar:
        return (
            f"La unidad {unidad.clues} fue retirada del catálogo: sus registros se conservan "
            "pero ya no se modifican (sí pueden borrarse)."
        )
    return None


def motivo_entidad_no_editable(s: Session, entidad_clave: str, hoy: date) -> str | None:
    """Why no record of the entidad can change now (period, finalized, Paso 2)."""
    entidad = s.get(Entidad, entidad_clave)
    assert entidad is not None
    cerrada = motivo_entidad_cerrada(s, entidad, hoy)
    if cerrada:
        return cerrada
    estado = s.get(EstadoEntidad, entidad.clave)
    if estado is None or estado.respuesta is None:
        return (
            f"Responda primero el Paso 2 de {entidad.nombre}: ¿alguna unidad tiene excedentes "
            f"o faltantes? («eyf entidad responder --entidad {entidad.clave} --respuesta si»)."
        )
    if estado.respuesta == "no":
        return (
            f"La entidad {entidad.nombre} respondió NO en el Paso 2: ninguna de sus unidades "
            "registra excedentes ni faltantes. Si alguna sí los tiene, responda SÍ primero."
        )
    return None


def motivo_unidad_cerrada(clues: str) -> str:
    return (
        f"La unidad {clues} ya cerró su captura; para corregirla se necesita una "
        "reapertura con la contraseña de la entidad y un motivo."
    )


def unidades_cerradas(s: Session) -> set[str]:
    return set(s.scalars(select(EstadoUnidad.clues).where(EstadoUnidad.finalizada)))


def motivo_no_editable(
    s: Session, conf: Configuracion, unidad: Unidad, hoy: date, *, para_borrar: bool = False
) -> str | None:
    """Why this unit's records cannot change now, or None when they can.

    Records of a retired unit are kept and read-only, but may be deleted."""
    motivo = motivo_alcance(conf, unidad, para_borrar=para_borrar)
    motivo = motivo or motivo_entidad_no_editable(s, unidad.entidad_clave, hoy)
    if motivo:
        return motivo
    estado_unidad = s.get(EstadoUnidad, unidad.clues)
    if estado_unidad is not None and estado_unidad.finalizada:
        return motivo_unidad_cerrada(unidad.clues)
    return None


def exigir_editable(
    s: Session, clues: str, hoy: date, *, para_borrar: bool = False
) -> tuple[Configuracion, Unidad]:
    conf = exigir_configuracion(s)
    unidad = exigir_unidad(s, clues)
    motivo = motivo_no_editable(s, conf, unidad, hoy, para_borrar=para_borrar)
    if motivo:
        raise ErrorEyF(motivo)
    return conf, unidad
