"""Questions about the loaded catalog: what it is, and search over products
and units (accent- and case-insensitive, every word must appear)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.almacen.almacen import Almacen
from app.almacen.modelos import (
    Catalogo,
    Causa,
    Entidad,
    Especialidad,
    Grupo,
    Producto,
    Servicio,
    Unidad,
)
from app.almacen.sesion import lectura
from app.errores import ErrorEyF
from app.texto import palabras, plegar


@dataclass(frozen=True)
class InfoCatalogo:
    nombre: str
    version: str
    demostracion: bool
    huella: str
    periodo_anio: int
    periodo_inicio: date
    periodo_fin: date
    cargado_en: datetime
    entidades: int
    unidades: int
    servicios: int
    grupos: int
    especialidades: int
    productos: int
    causas: int


def info(almacen: Almacen) -> InfoCatalogo:
    with lectura(almacen) as s:
        cat = s.get(Catalogo, 1)
        if cat is None:
            raise ErrorEyF("No hay catálogo cargado; cárguelo con «eyf catalogo importar RUTA».")

        def contar(modelo) -> int:
            return s.scalar(select(func.count()).select_from(modelo).where(modelo.vigente)) or 0

        return InfoCatalogo(
            cat.nombre,
            cat.version,
            cat.demostracion,
            cat.huella,
            cat.periodo_anio,
            cat.periodo_inicio,
            cat.periodo_fin,
            cat.cargado_en,
            contar(Entidad),
            contar(Unidad),
            contar(Servicio),
            contar(Grupo),
            contar(Especialidad),
            contar(Producto),
            contar(Causa),
        )


@dataclass(frozen=True)
class ProductoEncontrado:
    clave: str
    nombre: str
    unidad_medida: str
    especialidad: str
    especialidad_clave: str
    grupo: str
    grupo_clave: str
    servicio: str


def _como(termino: str) -> str:
    escapado = termino.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escapado}%"


def buscar_productos(
    almacen: Almacen, texto: str, *, grupo: str | None = None, limite: int | None = 50
) -> list[ProductoEncontrado]:
    """Products whose name or key holds every word of ``texto`` ("cirugia" finds "Cirugía")."""
    consulta = (
        select(
            Producto.clave,
            Producto.nombre,
            Producto.unidad_medida,
            Especialidad.nombre,
            Especialidad.clave,
            Grupo.nombre,
            Grupo.clave,
            Servicio.nombre,
        )
        .join(Especialidad, Especialidad.clave == Producto.especialidad_clave)
        .join(Grupo, Grupo.clave == Especialidad.grupo_clave)
        .join(Servicio, Servicio.clave == Grupo.servicio_clave)
        .where(Producto.vigente)
        .order_by(Servicio.orden, Grupo.orden, Especialidad.orden, Producto.orden)
    )
    for termino in palabras(texto):
        patron = _como(termino)
        consulta = consulta.where(
            Producto.nombre_plegado.like(patron, escape="\\")
            | func.lower(Producto.clave).like(patron, escape="\\")
        )
    if grupo:
        consulta = consulta.where(Grupo.clave == grupo)
    if limite:
        consulta = consulta.limit(limite)
    with lectura(almacen) as s:
        return [ProductoEncontrado(*fila) for fila in s.execute(consulta)]


@dataclass(frozen=True)
class UnidadEncontrada:
    clues: str
    nombre: str
    entidad: str
    nivel: str


def buscar_unidades(
    almacen: Almacen, texto: str, *, entidad: str | None = None, limite: int | None = 50
) -> list[UnidadEncontrada]:
    """Units whose CLUES or name holds every word of ``texto``."""
    consulta = select(Unidad.clues, Unidad.nombre, Unidad.entidad_clave, Unidad.nivel).where(
        Unidad.vigente
    )
    for termino in palabras(texto):
        patron = _como(termino)
        consulta = consulta.where(
            Unidad.nombre_plegado.like(patron, escape="\\")
            | func.lower(Unidad.clues).like(patron, escape="\\")
        )
    if entidad:
        consulta = consulta.where(Unidad.entidad_clave == entidad)
    consulta = consulta.order_by(Unidad.entidad_clave, Unidad.orden)
    if limite:
        consulta = consulta.limit(limite)
    with lectura(almacen) as s:
        return [UnidadEncontrada(*fila) for fila in s.execute(consulta)]


def causas_vigentes(s: Session) -> dict[str, str]:
    """The causas in force, clave → nombre, in the catalog's order."""
    filas = s.execute(select(Causa.clave, Causa.nombre).where(Causa.vigente).order_by(Causa.orden))
    return dict(filas.all())


def causas(almacen: Almacen) -> dict[str, str]:
    with lectura(almacen) as s:
        return causas_vigentes(s)


def entidades(almacen: Almacen) -> list[tuple[str, str]]:
    with lectura(almacen) as s:
        return list(
            s.execute(
                select(Entidad.clave, Entidad.nombre).where(Entidad.vigente).order_by(Entidad.orden)
            )
        )


def resolver_entidad(almacen: Almacen, texto: str) -> str:
    """The INEGI key for what a person typed: ``5`` or ``05``, the CLUES prefix
    (``CL``), the abbreviation (``Coah``) or the name (``coahuila``)."""
    texto = texto.strip()
    if texto.isdigit():
        return texto.zfill(2)
    buscado = plegar(texto)
    with lectura(almacen) as s:
        filas = s.execute(
            select(Entidad.clave, Entidad.prefijo_clues, Entidad.abreviatura, Entidad.nombre)
        ).all()
    for clave, prefijo, abreviatura, _ in filas:
        if buscado in (plegar(prefijo), plegar(abreviatura)):
            return clave
    por_nombre = [clave for clave, _, _, nombre in filas if plegar(nombre).startswith(buscado)]
    return por_nombre[0] if len(por_nombre) == 1 else texto


# What a person typed in an order, checked: a listing of something that does
# not exist says so (exit 1) instead of printing an empty table.
def _exigir(almacen: Almacen, modelo, clave: str, mensaje: str) -> str:
    with lectura(almacen) as s:
        existe = s.get(modelo, clave) is not None
    if not existe:
        raise ErrorEyF(mensaje)
    return clave


def entidad_existente(almacen: Almacen, texto: str) -> str:
    """The INEGI key for ``texto`` (see ``resolver_entidad``), or a refusal."""
    return _exigir(
        almacen,
        Entidad,
        resolver_entidad(almacen, texto),
        f"No existe la entidad «{texto}». Use la clave INEGI de dos dígitos (por ejemplo 05 "
        "para Coahuila de Zaragoza), el prefijo de la CLUES (CL) o el nombre; «eyf entidades» "
        "las lista.",
    )


def unidad_existente(almacen: Almacen, clues: str) -> str:
    """The CLUES as the catalog writes it, or a refusal."""
    return _exigir(
        almacen,
        Unidad,
        clues.strip().upper(),
        f"La CLUES «{clues}» no existe en el catálogo. Búsquela por nombre con "
        "«eyf unidades --entidad CC --buscar TEXTO».",
    )


def grupo_existente(almacen: Almacen, clave: str) -> str:
    return _exigir(
        almacen,
        Grupo,
        clave,
        f"No existe el grupo de servicio «{clave}». «eyf grupos --clues CLUES» lista los "
        "grupos con su clave.",
    )


def especialidad_existente(almacen: Almacen, clave: str) -> str:
    return _exigir(
        almacen,
        Especialidad,
        clave,
        f"No existe la especialidad troncal «{clave}». «eyf especialidades --clues CLUES "
        "--grupo CLAVE» lista las especialidades de un grupo con su clave.",
    )
