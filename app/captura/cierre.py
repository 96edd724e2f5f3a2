"""Paso 7: finalize the capture, and the explicit reopening ("reapertura").

- A **state coordination** finalizes its entidad: from then on the core
  refuses every change (``permisos``), the tablero shows it finalized and the
  final report (Paso 8) becomes available.
- A **unit installation** closes its own unit's capture the same way (its
  bundle then says so); finalizing the entidad is the coordination's.
- A **national installation** does neither.

The official tool reopens only on request to the federal authority; EyF
reopens only through ``reabrir``, which needs the entidad's password and a
written reason, is recorded (``Reapertura`` and the bitácora) and is printed
on the next reports. Reopening also retires the signed report in force: the
data it signed may change, so a new one must be signed and uploaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.almacen.almacen import Almacen
from app.almacen.bitacora import anotar
from app.almacen.modelos import (
    Adjunto,
    Captura,
    Entidad,
    EstadoEntidad,
    EstadoUnidad,
    Reapertura,
    Unidad,
)
from app.almacen.modelos.base import ahora_utc
from app.almacen.sesion import lectura, transaccion
from app.captura.acceso import comprobar_contrasena
from app.captura.permisos import (
    Configuracion,
    configuracion,
    exigir_configuracion,
    exigir_entidad_visible,
    motivo_solo_lectura_periodo,
)
from app.captura.proceso import Totales, contar_totales
from app.errores import ErrorEyF

MOTIVO_MINIMO = 10  # characters: a written reason, not "x"
MOTIVO_MAXIMO = 2000


@dataclass(frozen=True)
class ReaperturaVista:
    momento: datetime  # UTC
    persona: str
    motivo: str
    clues: str | None  # None: the entidad; otherwise the unit reopened


@dataclass(frozen=True)
class EstadoCierre:
    """What the tablero and the Paso 7 screen need to show and enable.

    ``ambito`` is "entidad" (state coordination), "unidad" (unit installation,
    ``clues`` is its unit) or None (national installation: neither)."""

    entidad: str
    nombre: str
    ambito: str | None
    clues: str | None
    respuesta: str | None
    finalizada: bool
    finalizada_en: datetime | None  # UTC
    finalizada_por: str
    motivo_no_finalizar: str | None  # None: the Finalizar button is enabled
    motivo_no_reabrir: str | None  # None: the Reabrir button is enabled
    totales: Totales
    reaperturas: tuple[ReaperturaVista, ...]


def _ambito(conf: Configuracion) -> str | None:
    return {"estatal": "entidad", "unidad": "unidad"}.get(conf.modo or "")


def _estado(s: Session, conf: Configuracion, entidad: str) -> tuple:
    """(finalizada, en, por) of what this installation finalizes."""
    if _ambito(conf) == "unidad":
        e = s.get(EstadoUnidad, conf.clues)
    else:
        e = s.get(EstadoEntidad, entidad)
    if e is None:
        return False, None, ""
    return bool(e.finalizada), e.finalizada_en, e.finalizada_por


def _motivos(
    s: Session, conf: Configuracion, ent: Entidad, hoy: date
) -> tuple[str | None, str | None]:
    """(why finalizar is not available, why reabrir is not available)."""
    ambito = _ambito(conf)
    if ambito is None:
        nacional = (
            "Una instalación nacional no finaliza ni reabre: cada entidad finaliza su registro "
            "en su coordinación estatal."
        )
        return nacional, nacional
    estado = s.get(EstadoEntidad, ent.clave)
    respuesta = estado.respuesta if estado else None
    finalizada, _, _ = _estado(s, conf, ent.clave)
    quien = f"la unidad {conf.clues}" if ambito == "unidad" else f"la entidad {ent.nombre}"
    if finalizada:
        no_finalizar = f"El registro de {quien} ya está finalizado."
    elif respuesta is None:
        no_finalizar = (
            f"Responda primero el Paso 2 de {ent.nombre} (¿alguna unidad tiene excedentes o "
            f"faltantes?): «eyf entidad responder --entidad {ent.clave} --respuesta si|no»."
        )
    elif ambito == "unidad" and estado is not None and estado.finalizada:
        no_finalizar = f"La entidad {ent.nombre} ya finalizó su registro."
    elif ambito == "entidad" and respuesta == "si" and not _hay_registros(s, ent.clave):
        no_finalizar = (
            f"La entidad {ent.nombre} respondió SÍ en el Paso 2 pero ninguna unidad tiene "
            "registros. Capture los excedentes y faltantes de sus unidades o, si ninguna los "
            "tiene, responda NO antes de finalizar."
        )
    else:
        no_finalizar = None
    if not finalizada:
        no_reabrir = f"El registro de {quien} no está finalizado; no hay nada que reabrir."
    else:
        no_reabrir = motivo_solo_lectura_periodo(s, hoy)
        if no_reabrir:
            no_reabrir += " Reabrir no permitiría corregir nada."
    return no_finalizar, no_reabrir


def _hay_registros(s: Session, entidad: str) -> bool:
    return bool(
        s.scalar(
            select(func.count())
            .select_from(Captura)
            .join(Unidad)
            .where(Unidad.entidad_clave == entidad)
        )
    )


def reaperturas_de(
    s: Session, entidad: str, clues: str | None = None
) -> tuple[ReaperturaVista, ...]:
    """Reopenings of the entidad (and of its units), oldest first; only the
    unit's own when ``clues`` is given."""
    consulta = select(Reapertura).where(Reapertura.entidad_clave == entidad)
    if clues is not None:
        consulta = consulta.where(Reapertura.clues == clues)
    filas = s.scalars(consulta.order_by(Reapertura.momento, Reapertura.id))
    return tuple(ReaperturaVista(r.momento, r.persona, r.motivo, r.clues) for r in filas)


def estado_cierre(almacen: Almacen, entidad: str, *, hoy: date | None = None) -> EstadoCierre:
    """The Paso 7 state of an entidad as this installation sees it."""
    hoy = hoy or date.today()
    with lectura(almacen) as s:
        conf = configuracion(s)
        ent = exigir_entidad_visible(s, conf, entidad)
        ambito = _ambito(conf)
        finalizada, en, por = _estado(s, conf, entidad)
        no_finalizar, no_reabrir = _motivos(s, conf, ent, hoy)
        estado = s.get(EstadoEntidad, entidad)
        clues = conf.clues if ambito == "unidad" else None
        reaperturas = reaperturas_de(s, entidad, clues)
        nombre = ent.nombre
        respuesta = estado.respuesta if estado else None
        resumen = contar_totales(s, entidad, clues)
    return EstadoCierre(
        entidad,
        nombre,
        ambito,
        clues,
        respuesta,
        finalizada,
        en,
        por,
        no_finalizar,
        no_reabrir,
        resumen,
        reaperturas,
    )


def _preparar(s: Session, entidad: str, hoy: date, cual: int) -> tuple[Configuracion, Entidad]:
    conf = exigir_configuracion(s)
    ent = exigir_entidad_visible(s, conf, entidad)
    motivo = _motivos(s, conf, ent, hoy)[cual]
    if motivo:
        raise ErrorEyF(motivo)
    return conf, ent


def finalizar(
    almacen: Almacen, entidad: str, contrasena: str, *, hoy: date | None = None
) -> Totales:
    """Paso 7: lock the entidad (state coordination) or this unit (unit
    installation). Needs the entidad's password; returns the totals locked."""
    hoy = hoy or date.today()
    with lectura(almacen) as s:
        _preparar(s, entidad, hoy, 0)
    comprobar_contrasena(almacen, entidad, contrasena)
    with transaccion(almacen) as s:
        conf, _ = _preparar(s, entidad, hoy, 0)  # again, inside the write transaction
        ahora = ahora_utc()
        if _ambito(conf) == "unidad":
            estado = s.get(EstadoUnidad, conf.clues) or EstadoUnidad(clues=conf.clues)
        else:
            estado = s.get(EstadoEntidad, entidad)
        s.add(estado)
        estado.finalizada, estado.finalizada_en, estado.finalizada_por = True, ahora, conf.persona
        s.flush()
        unidad = conf.clues if _ambito(conf) == "unidad" else None
        resumen = contar_totales(s, entidad, unidad)
        anotar(
            s,
            "finalizar",
            entidad=entidad,
            clues=unidad,
            antes={"finalizada": False},
            despues={
                "finalizada": True,
                "faltantes": resumen.faltantes,
                "excedentes": resumen.excedentes,
            },
        )
    return resumen


def validar_motivo(motivo: str) -> str:
    """The written reason, cleaned; refused when too short or too long."""
    limpio = " ".join((motivo or "").split())
    if len(limpio) < MOTIVO_MINIMO:
        raise ErrorEyF(
            "Escriba el motivo de la reapertura (al menos "
            f"{MOTIVO_MINIMO} caracteres): qué se va a corregir y quién lo pidió. "
            "Queda registrado y se imprime en los siguientes reportes."
        )
    if len(limpio) > MOTIVO_MAXIMO:
        raise ErrorEyF(
            f"El motivo de la reapertura tiene {len(limpio)} caracteres; resúmalo en "
            f"{MOTIVO_MAXIMO} como máximo."
        )
    return limpio


@dataclass(frozen=True)
class ResultadoReapertura:
    reapertura: ReaperturaVista
    reportes_firmados_retirados: int  # signed reports no longer in force


def reabrir(
    almacen: Almacen, entidad: str, motivo: str, contrasena: str, *, hoy: date | None = None
) -> ResultadoReapertura:
    """Undo Paso 7 with the entidad's password and a written reason (recorded,
    printed on the next reports). The signed report in force is retired."""
    hoy = hoy or date.today()
    motivo = validar_motivo(motivo)
    with lectura(almacen) as s:
        _preparar(s, entidad, hoy, 1)
    comprobar_contrasena(almacen, entidad, contrasena)
    with transaccion(almacen) as s:
        conf, _ = _preparar(s, entidad, hoy, 1)
        unidad = conf.clues if _ambito(conf) == "unidad" else None
        estado = s.get(EstadoUnidad, unidad) if unidad else s.get(EstadoEntidad, entidad)
        antes = {
            "finalizada": True,
            "finalizada_en": estado.finalizada_en.isoformat() if estado.finalizada_en else None,
            "finalizada_por": estado.finalizada_por,
        }
        estado.finalizada, estado.finalizada_en, estado.finalizada_por = False, None, ""
        ahora = ahora_utc()
        s.add(
            Reapertura(
                entidad_clave=entidad,
                clues=unidad,
                motivo=motivo,
                momento=ahora,
                persona=conf.persona,
            )
        )
        retirados = []
        if unidad is None:
            retirados = list(
                s.scalars(
                    select(Adjunto.id).where(Adjunto.entidad_clave == entidad, Adjunto.vigente)
                )
            )
            if retirados:
                s.execute(update(Adjunto).where(Adjunto.id.in_(retirados)).values(vigente=False))
        anotar(
            s,
            "reapertura",
            entidad=entidad,
            clues=unidad,
            antes=antes,
            despues={
                "finalizada": False,
                "motivo": motivo,
                "reportes_firmados_retirados": retirados,
            },
        )
        return ResultadoReapertura(
            ReaperturaVista(ahora, conf.persona, motivo, unidad), len(retirados)
        )
