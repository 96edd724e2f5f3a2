"""What the coordinator (or the national level) sees about bundles: each
unit's (or entidad's) state at a glance, the bundles imported, the trusted
keys, and this installation's own exports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from app.almacen.almacen import Almacen
from app.almacen.modelos import (
    Captura,
    Entidad,
    LlaveRegistrada,
    PaqueteExportado,
    PaqueteImportado,
    Unidad,
)
from app.almacen.sesion import lectura

SIN_PAQUETE = "sin_paquete"
IMPORTADO = "importado"
FINALIZADA = "finalizada"
ETIQUETAS = {
    SIN_PAQUETE: "sin paquete",
    IMPORTADO: "importado",
    FINALIZADA: "finalizada",
}


@dataclass(frozen=True)
class EstadoOrigen:
    """One row of the tablero of bundles: a unit (coordination) or an entidad (national)."""

    clave: str  # CLUES or entidad key
    nombre: str
    estado: str  # "sin_paquete", "importado" or "finalizada" (closed by the unit / entidad)
    secuencia: int | None
    creado_en: datetime | None  # when the source made the bundle (UTC)
    importado_en: datetime | None  # UTC
    registros: int  # records in force from that bundle
    huella: str | None
    locales: int  # records captured in this installation (never mixed with a bundle)
    paquete: str | None

    @property
    def etiqueta(self) -> str:
        if self.estado == SIN_PAQUETE and self.locales:
            return "capturada aquí"
        if self.estado == FINALIZADA and len(self.clave) > 2:
            return "captura cerrada"  # a unit closes its capture; an entidad finalizes
        return ETIQUETAS[self.estado]


def _estado(p: PaqueteImportado | None) -> str:
    if p is None:
        return SIN_PAQUETE
    return FINALIZADA if p.finalizada else IMPORTADO


def estado_unidades(almacen: Almacen, entidad: str) -> list[EstadoOrigen]:
    """Each unit of the entidad: no bundle yet / imported (sequence, date) / finalized by the unit."""
    with lectura(almacen) as s:
        unidades = s.execute(
            select(Unidad.clues, Unidad.nombre)
            .where(Unidad.entidad_clave == entidad, Unidad.vigente)
            .order_by(Unidad.orden, Unidad.clues)
        ).all()
        paquetes = {
            p.origen: p
            for p in s.scalars(
                select(PaqueteImportado).where(
                    PaqueteImportado.vigente,
                    PaqueteImportado.alcance == "unidad",
                    PaqueteImportado.entidad_clave == entidad,
                )
            )
        }
        locales = dict(
            s.execute(
                select(Captura.clues, func.count())
                .join(Unidad, Unidad.clues == Captura.clues)
                .where(Unidad.entidad_clave == entidad, Captura.paquete_id.is_(None))
                .group_by(Captura.clues)
            ).all()
        )
        return [_fila(c, n, paquetes.get(c), locales.get(c, 0)) for c, n in unidades]


def estado_entidades(almacen: Almacen) -> list[EstadoOrigen]:
    """National level: each entidad's bundle state."""
    with lectura(almacen) as s:
        entidades = s.execute(
            select(Entidad.clave, Entidad.nombre)
            .where(Entidad.vigente)
            .order_by(Entidad.orden, Entidad.clave)
        ).all()
        paquetes = {
            p.origen: p
            for p in s.scalars(
                select(PaqueteImportado).where(
                    PaqueteImportado.vigente, PaqueteImportado.alcance == "entidad"
                )
            )
        }
        locales = dict(
            s.execute(
                select(Unidad.entidad_clave, func.count())
                .join(Captura, Captura.clues == Unidad.clues)
                .where(Captura.paquete_id.is_(None))
                .group_by(Unidad.entidad_clave)
            ).all()
        )
        return [_fila(c, n, paquetes.get(c), locales.get(c, 0)) for c, n in entidades]


def _fila(clave: str, nombre: str, p: PaqueteImportado | None, locales: int) -> EstadoOrigen:
    return EstadoOrigen(
        clave,
        nombre,
        _estado(p),
        p.secuencia if p else None,
        p.creado_en if p else None,
        p.importado_en if p else None,
        p.registros if p else 0,
        p.huella if p else None,
        locales,
        p.id if p else None,
    )


@dataclass(frozen=True)
class PaqueteVista:
    id: str
    alcance: str
    origen: str
    entidad: str
    secuencia: int
    huella: str
    creado_en: datetime
    importado_en: datetime
    importado_por: str
    registros: int
    finalizada: bool
    vigente: bool
    nombre_archivo: str
    con_reporte: bool


def paquetes_importados(almacen: Almacen, origen: str | None = None) -> list[PaqueteVista]:
    """Every bundle imported (newest first), with its provenance."""
    with lectura(almacen) as s:
        consulta = select(PaqueteImportado).order_by(
            PaqueteImportado.importado_en.desc(), PaqueteImportado.secuencia.desc()
        )
        if origen:
            consulta = consulta.where(PaqueteImportado.origen == origen)
        return [
            PaqueteVista(
                p.id,
                p.alcance,
                p.origen,
                p.entidad_clave,
                p.secuencia,
                p.huella,
                p.creado_en,
                p.importado_en,
                p.importado_por,
                p.registros,
                p.finalizada,
                p.vigente,
                p.nombre_archivo,
                p.adjunto_id is not None,
            )
            for p in s.scalars(consulta)
        ]


@dataclass(frozen=True)
class LlaveVista:
    origen: str
    alcance: str
    huella: str
    registrada_en: datetime
    registrada_por: str
    retirada_en: datetime | None


def llaves_registradas(almacen: Almacen) -> list[LlaveVista]:
    with lectura(almacen) as s:
        return [
            LlaveVista(
                k.origen, k.alcance, k.huella, k.registrada_en, k.registrada_por, k.retirada_en
            )
            for k in s.scalars(
                select(LlaveRegistrada).order_by(LlaveRegistrada.origen, LlaveRegistrada.id)
            )
        ]


@dataclass(frozen=True)
class ExportacionVista:
    secuencia: int
    id: str
    estado: str
    alcance: str
    registros: int
    creado_en: datetime
    destino: str
    archivo_sha256: str | None


def exportaciones(almacen: Almacen) -> list[ExportacionVista]:
    """This installation's exports, newest first."""
    with lectura(almacen) as s:
        return [
            ExportacionVista(
                e.secuencia,
                e.id,
                e.estado,
                e.alcance,
                e.registros,
                e.creado_en,
                e.destino,
                e.archivo_sha256,
            )
            for e in s.scalars(select(PaqueteExportado).order_by(PaqueteExportado.secuencia.desc()))
        ]
