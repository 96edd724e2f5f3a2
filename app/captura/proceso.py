"""The process around the capture: configure the installation, answer
Paso 2, finalize (Paso 7) and reopen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.almacen.almacen import Almacen
from app.almacen.bitacora import anotar
from app.almacen.modelos import (
    Captura,
    Entidad,
    EstadoEntidad,
    EstadoUnidad,
    Instalacion,
    Unidad,
)
from app.almacen.modelos.base import ahora_utc
from app.almacen.sesion import lectura, transaccion
from app.captura.acceso import comprobar_contrasena
from app.captura.permisos import (
    MODOS,
    exigir_configuracion,
    exigir_entidad,
    exigir_entidad_visible,
    exigir_unidad,
    motivo_entidad_cerrada,
)
from app.errores import ErrorEyF, ErrorUso


def configurar(
    almacen: Almacen,
    modo: str,
    *,
    entidad: str | None = None,
    clues: str | None = None,
    contrasena: str = "",
    persona: str | None = None,
) -> None:
    """Say who this installation is for. Needs the entidad's password (except a
    national installation, which only consolidates signed bundles)."""
    if modo not in MODOS:
        raise ErrorUso(f"Modo «{modo}» desconocido; use unidad, estatal o nacional.")
    clues = clues.strip().upper() if clues else None
    with transaccion(almacen) as s:
        if modo != "nacional":
            if not entidad:
                raise ErrorUso(f"El modo {modo} necesita --entidad CC (clave INEGI de la entidad).")
            exigir_entidad(s, entidad)
        if modo == "unidad":
            if not clues:
                raise ErrorUso(
                    "El modo unidad necesita --clues CLUES (la unidad de esta instalación)."
                )
            unidad = exigir_unidad(s, clues)
            if unidad.entidad_clave != entidad:
                raise ErrorEyF(
                    f"La unidad {clues} es de la entidad {unidad.entidad_clave}, no de {entidad}."
                )
        elif clues:
            raise ErrorUso("--clues solo se usa con --modo unidad.")
        fuera = _capturas_fuera_de_alcance(s, modo, entidad, clues)
        if fuera:
            raise ErrorEyF(
                f"Esta instalación tiene {fuera} registro(s) capturado(s) aquí que quedarían fuera "
                "de la nueva configuración. Expórtelos en un paquete y bórrelos antes de cambiarla."
            )
    if modo != "nacional":
        assert entidad is not None
        comprobar_contrasena(almacen, entidad, contrasena)
    with transaccion(almacen) as s:
        inst = s.get(Instalacion, 1)
        assert inst is not None
        antes = {
            "modo": inst.modo,
            "entidad": inst.entidad_clave,
            "clues": inst.clues,
            "persona": inst.persona,
        }
        inst.modo, inst.entidad_clave, inst.clues = (
            modo,
            (entidad if modo != "nacional" else None),
            clues,
        )
        if persona is not None:
            inst.persona = persona.strip()
        inst.configurada_en = ahora_utc()
        despues = {
            "modo": modo,
            "entidad": inst.entidad_clave,
            "clues": clues,
            "persona": inst.persona,
        }
        anotar(
            s,
            "configuracion",
            entidad=inst.entidad_clave,
            clues=clues,
            antes=antes,
            despues=despues,
        )


def _capturas_fuera_de_alcance(s, modo: str, entidad: str | None, clues: str | None) -> int:
    consulta = (
        select(func.count()).select_from(Captura).join(Unidad).where(Captura.paquete_id.is_(None))
    )
    if modo == "unidad":
        consulta = consulta.where(Captura.clues != clues)
    elif modo == "estatal":
        consulta = consulta.where(Unidad.entidad_clave != entidad)
    return s.scalar(consulta) or 0


def cambiar_persona(almacen: Almacen, persona: str) -> None:
    """Name of the person capturing (kept in the change log)."""
    with transaccion(almacen) as s:
        inst = s.get(Instalacion, 1)
        assert inst is not None
        anotar(s, "persona", antes={"persona": inst.persona}, despues={"persona": persona.strip()})
        inst.persona = persona.strip()


def responder(
    almacen: Almacen, entidad: str, respuesta: str, contrasena: str, *, hoy: date | None = None
) -> None:
    """Paso 2: does any unit of the entidad have excedentes or faltantes?"""
    respuesta = {"sí": "si"}.get(respuesta.strip().lower(), respuesta.strip().lower())
    if respuesta not in ("si", "no"):
        raise ErrorUso(f"La respuesta debe ser «si» o «no», no «{respuesta}».")
    hoy = hoy or date.today()
    with transaccion(almacen) as s:
        conf = exigir_configuracion(s)
        if conf.modo == "nacional":
            raise ErrorEyF(
                "Una instalación nacional no responde el Paso 2; lo responde cada entidad."
            )
        ent = exigir_entidad_visible(s, conf, entidad)
        motivo = motivo_entidad_cerrada(s, ent, hoy)
        if motivo:
            raise ErrorEyF(motivo)
        if respuesta == "no":
            n = s.scalar(
                select(func.count())
                .select_from(Captura)
                .join(Unidad)
                .where(Unidad.entidad_clave == entidad)
            )
            if n:
                raise ErrorEyF(
                    f"La entidad {ent.nombre} tiene {n} registro(s) de excedentes o faltantes; "
                    "responder NO significa que ninguna unidad los tiene. Bórrelos primero si "
                    "realmente no aplican."
                )
    comprobar_contrasena(almacen, entidad, contrasena)
    with transaccion(almacen) as s:
        estado = s.get(EstadoEntidad, entidad) or EstadoEntidad(
            entidad_clave=entidad, finalizada=False
        )
        s.add(estado)
        antes = {"respuesta": estado.respuesta}
        estado.respuesta = respuesta
        estado.respondida_en = ahora_utc()
        estado.respondida_por = exigir_configuracion(s).persona
        anotar(s, "paso2_respuesta", entidad=entidad, antes=antes, despues={"respuesta": respuesta})


@dataclass(frozen=True)
class Totales:
    """What the entidad (or unit) is about to finalize."""

    entidad: str
    nombre: str
    respuesta: str | None
    unidades_total: int
    unidades_con_registros: int
    faltantes: int
    excedentes: int
    finalizada: bool


def totales(almacen: Almacen, entidad: str, clues: str | None = None) -> Totales:
    with lectura(almacen) as s:
        exigir_entidad(s, entidad)
        return contar_totales(s, entidad, clues)


def contar_totales(s: Session, entidad: str, clues: str | None = None) -> Totales:
    """What is (or was) finalized: units and records of the entidad, or of the unit."""
    ent = s.get(Entidad, entidad)
    estado = s.get(EstadoEntidad, entidad)
    filtro = Unidad.entidad_clave == entidad if clues is None else Unidad.clues == clues
    total = s.scalar(select(func.count()).select_from(Unidad).where(Unidad.vigente, filtro))
    con = s.scalar(select(func.count(func.distinct(Captura.clues))).join(Unidad).where(filtro))
    por_tipo = dict(
        s.execute(
            select(Captura.tipo, func.count()).join(Unidad).where(filtro).group_by(Captura.tipo)
        ).all()
    )
    if clues is None:
        finalizada = bool(estado and estado.finalizada)
    else:
        cierre = s.get(EstadoUnidad, clues)
        finalizada = bool(cierre and cierre.finalizada)
    return Totales(
        entidad,
        ent.nombre if ent else entidad,
        estado.respuesta if estado else None,
        total or 0,
        con or 0,
        por_tipo.get("faltante", 0),
        por_tipo.get("excedente", 0),
        finalizada,
    )
