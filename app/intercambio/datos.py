"""What the exchange analysis reads from the database, in one snapshot.

Scope: a unit installation or a state coordination sees its own entidad; a
national installation sees all. ``entidad`` narrows it: both ends of an
opportunity inside that entidad (what a coordination analysing its own state
wants), unless ``ofertas_externas``, which lets offers come from any entidad
the installation sees (useful at the national level: who can cover Coahuila).

Both local and imported records count. Records of a unit or product retired
from the catalog are left out (they can no longer be agreed on) and counted.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.almacen.almacen import Almacen
from app.almacen.modelos import (
    Captura,
    Catalogo,
    Causa,
    Entidad,
    Especialidad,
    Grupo,
    Institucion,
    Municipio,
    Producto,
    Unidad,
)
from app.almacen.sesion import lectura
from app.captura.consultas import entidades_visibles
from app.captura.permisos import configuracion, exigir_entidad
from app.errores import ErrorEyF
from app.intercambio.pares import Sitio

MODALIDADES = ("ambulatorio", "hospitalario")


@dataclass(frozen=True)
class Alcance:
    entidad: str | None  # the entidad asked for, or None
    demanda_en: tuple[str, ...] | None  # entidades of the demanding units (None: all)
    oferta_en: tuple[str, ...] | None  # entidades of the offering units (None: all)
    descripcion: str  # in Spanish, for headings


@dataclass(frozen=True)
class UnidadInfo:
    clues: str
    nombre: str
    entidad: str
    entidad_nombre: str
    municipio: str | None
    municipio_nombre: str
    institucion: str
    institucion_nombre: str
    nivel: str
    latitud: float | None
    longitud: float | None
    vigente: bool

    def sitio(self) -> Sitio:
        return Sitio(
            self.clues, self.institucion, self.entidad, self.municipio, self.latitud, self.longitud
        )


@dataclass(frozen=True)
class ProductoInfo:
    clave: str
    nombre: str
    grupo_clave: str
    grupo: str
    especialidad: str
    unidad_medida: str
    tipo_costo: str


@dataclass(frozen=True)
class Renglon:
    """One modality of one record: what a unit needs or offers per month."""

    clues: str
    producto: str
    modalidad: str
    eventos: int
    pacientes: int
    causa: str | None  # name of the causa (faltantes only)


@dataclass(frozen=True)
class Datos:
    alcance: Alcance
    catalogo: str
    demostracion: bool
    unidades: dict[str, UnidadInfo]
    productos: dict[str, ProductoInfo]
    ofertas: list[Renglon]
    demandas: list[Renglon]
    excluidos_retirados: int  # records of retired units or products, left out
    fondo: list[tuple[float, float]]  # coordinates of every unit in scope (the map)


def leer(almacen: Almacen, entidad: str | None = None, *, ofertas_externas: bool = False) -> Datos:
    with lectura(almacen) as s:
        alcance = _alcance(s, entidad, ofertas_externas)
        cat = s.get(Catalogo, 1)
        if cat is None:
            raise ErrorEyF("No hay catálogo cargado; cárguelo con «eyf catalogo importar RUTA».")
        unidades = _unidades(s, _union(alcance.demanda_en, alcance.oferta_en))
        productos = _productos(s)
        causas = dict(s.execute(select(Causa.clave, Causa.nombre)).all())
        ofertas, demandas, retirados = [], [], 0
        consulta = (
            select(
                Captura.clues,
                Captura.producto_clave,
                Captura.tipo,
                Captura.ambulatorio,
                Captura.hospitalario,
                Captura.pacientes,
                Captura.causa_clave,
                Unidad.entidad_clave,
                Unidad.vigente,
                Producto.vigente,
            )
            .join(Unidad, Unidad.clues == Captura.clues)
            .join(Producto, Producto.clave == Captura.producto_clave)
        )
        dentro = _union(alcance.demanda_en, alcance.oferta_en)
        if dentro is not None:
            consulta = consulta.where(Unidad.entidad_clave.in_(dentro))
        for fila in s.execute(
            consulta.order_by(Captura.clues, Captura.producto_clave, Captura.tipo)
        ):
            clues, producto, tipo, amb, hosp, pacientes, causa, ent, u_vig, p_vig = fila
            lado = alcance.demanda_en if tipo == "faltante" else alcance.oferta_en
            if lado is not None and ent not in lado:
                continue
            if not (u_vig and p_vig):
                retirados += 1
                continue
            destino = demandas if tipo == "faltante" else ofertas
            for modalidad, eventos in zip(MODALIDADES, (amb, hosp), strict=True):
                if eventos:
                    destino.append(
                        Renglon(
                            clues,
                            producto,
                            modalidad,
                            eventos,
                            pacientes,
                            causas.get(causa) if causa else None,
                        )
                    )
        fondo = [
            (u.latitud, u.longitud)
            for u in unidades.values()
            if u.vigente and u.latitud is not None and u.longitud is not None
        ]
        return Datos(
            alcance,
            f"{cat.nombre} {cat.version}",
            cat.demostracion,
            unidades,
            productos,
            ofertas,
            demandas,
            retirados,
            fondo,
        )


def _union(a, b):
    if a is None or b is None:
        return None
    return tuple(sorted(set(a) | set(b)))


def _alcance(s: Session, entidad: str | None, ofertas_externas: bool) -> Alcance:
    visibles = entidades_visibles(s)
    conf = configuracion(s)
    if entidad:
        e = exigir_entidad(s, entidad)
        if visibles is not None and entidad not in visibles:
            raise ErrorEyF(
                f"Esta instalación es de la entidad {conf.entidad} y solo analiza sus propias "
                f"unidades; no puede analizar {e.nombre} ({entidad})."
            )
        demanda = (entidad,)
        if ofertas_externas:
            oferta = tuple(visibles) if visibles is not None else None
        else:
            oferta = demanda
        if oferta == demanda:
            texto = f"{e.nombre}: faltantes y excedentes de sus unidades"
        else:
            texto = f"{e.nombre}: sus faltantes ante los excedentes de todas las entidades"
        return Alcance(entidad, demanda, oferta, texto)
    if visibles is not None:
        nombre = s.get(Entidad, visibles[0]).nombre if len(visibles) == 1 else ", ".join(visibles)
        return Alcance(None, tuple(visibles), tuple(visibles), f"{nombre}: todas sus unidades")
    return Alcance(None, None, None, "Nacional: todas las entidades")


def _unidades(s: Session, entidades) -> dict[str, UnidadInfo]:
    consulta = (
        select(
            Unidad.clues,
            Unidad.nombre,
            Unidad.entidad_clave,
            Entidad.nombre,
            Unidad.municipio_clave,
            Municipio.nombre,
            Unidad.institucion_clave,
            Institucion.nombre,
            Unidad.nivel,
            Unidad.latitud,
            Unidad.longitud,
            Unidad.vigente,
        )
        .join(Entidad, Entidad.clave == Unidad.entidad_clave)
        .join(Institucion, Institucion.clave == Unidad.institucion_clave)
        .outerjoin(
            Municipio,
            (Municipio.entidad_clave == Unidad.entidad_clave)
            & (Municipio.clave == Unidad.municipio_clave),
        )
    )
    if entidades is not None:
        consulta = consulta.where(Unidad.entidad_clave.in_(entidades))
    return {f[0]: UnidadInfo(*f[:4], f[4] or None, f[5] or "", *f[6:]) for f in s.execute(consulta)}


def _productos(s: Session) -> dict[str, ProductoInfo]:
    consulta = (
        select(
            Producto.clave,
            Producto.nombre,
            Grupo.clave,
            Grupo.nombre,
            Especialidad.nombre,
            Producto.unidad_medida,
            Producto.tipo_costo,
        )
        .join(Especialidad, Especialidad.clave == Producto.especialidad_clave)
        .join(Grupo, Grupo.clave == Especialidad.grupo_clave)
    )
    return {f[0]: ProductoInfo(*f) for f in s.execute(consulta)}
