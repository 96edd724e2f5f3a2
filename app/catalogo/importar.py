"""Applying a validated catalog to the database in one transaction, and
reading it back out in the exchange format.

An update adds what is new, updates what changed and marks as retired what
disappeared; it never deletes a catalog row or a capture, so a capture whose
product or unit left the catalog is kept and flagged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.orm import Session

from app.almacen.almacen import Almacen
from app.almacen.bitacora import anotar
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
    Servicio,
    Unidad,
)
from app.almacen.modelos.base import ahora_utc
from app.almacen.respaldos import respaldar
from app.almacen.sesion import lectura, transaccion
from app.catalogo import formato as F
from app.catalogo.validacion import leer_catalogo
from app.rutas import recurso
from app.texto import plegar

# (attribute of ContenidoCatalogo, model, primary key columns, row → column values)
Convertidor = Callable[[object], dict]
TABLAS: list[tuple[str, type, tuple[str, ...], Convertidor]] = [
    (
        "entidades",
        Entidad,
        ("clave",),
        lambda f: {
            "clave": f.clave,
            "nombre": f.nombre,
            "prefijo_clues": f.prefijo_clues,
            "abreviatura": f.abreviatura,
            "contrasena": f.contrasena,
        },
    ),
    ("instituciones", Institucion, ("clave",), lambda f: {"clave": f.clave, "nombre": f.nombre}),
    (
        "municipios",
        Municipio,
        ("entidad_clave", "clave"),
        lambda f: {"entidad_clave": f.entidad, "clave": f.clave, "nombre": f.nombre},
    ),
    (
        "unidades",
        Unidad,
        ("clues",),
        lambda f: {
            "clues": f.clues,
            "nombre": f.nombre,
            "nombre_plegado": plegar(f.nombre),
            "entidad_clave": f.entidad,
            "municipio_clave": f.municipio or None,
            "localidad": f.localidad,
            "nivel": f.nivel,
            "institucion_clave": f.institucion,
            "latitud": f.latitud,
            "longitud": f.longitud,
            "estatus": f.estatus,
        },
    ),
    ("servicios", Servicio, ("clave",), lambda f: {"clave": f.clave, "nombre": f.nombre}),
    (
        "grupos",
        Grupo,
        ("clave",),
        lambda f: {"clave": f.clave, "servicio_clave": f.servicio, "nombre": f.nombre},
    ),
    (
        "especialidades",
        Especialidad,
        ("clave",),
        lambda f: {"clave": f.clave, "grupo_clave": f.grupo, "nombre": f.nombre},
    ),
    (
        "productos",
        Producto,
        ("clave",),
        lambda f: {
            "clave": f.clave,
            "especialidad_clave": f.especialidad,
            "nombre": f.nombre,
            "nombre_plegado": plegar(f.nombre),
            "unidad_medida": f.unidad_medida,
            "tipo_costo": f.tipo_costo,
        },
    ),
    ("causas", Causa, ("clave",), lambda f: {"clave": f.clave, "nombre": f.nombre}),
]


@dataclass
class ResumenCatalogo:
    nombre: str
    version: str
    demostracion: bool
    huella: str
    agregados: dict[str, int] = field(default_factory=dict)
    actualizados: dict[str, int] = field(default_factory=dict)
    retirados: dict[str, int] = field(default_factory=dict)
    capturas_marcadas: int = 0
    respaldo: Path | None = None


def importar_catalogo(almacen: Almacen, ruta: Path) -> ResumenCatalogo:
    """Validate the whole catalog at ``ruta``, back up, then apply it in one transaction."""
    contenido = leer_catalogo(Path(ruta))
    respaldo = None
    if almacen.ruta_bd is not None and almacen.tiene_catalogo():
        respaldo = respaldar(almacen.ruta_bd, almacen.carpeta, "antes-de-actualizar-catalogo")
    with transaccion(almacen) as s:
        resumen = aplicar(s, contenido)
    resumen.respaldo = respaldo
    return resumen


def cargar_catalogo_incluido(almacen: Almacen) -> ResumenCatalogo:
    """Load the catalog bundled with the program (the demonstration catalog)."""
    return importar_catalogo(almacen, recurso("catalogo"))


def aplicar(s: Session, contenido: F.ContenidoCatalogo) -> ResumenCatalogo:
    d = contenido.datos
    huella = F.huella(F.serializar(contenido))
    resumen = ResumenCatalogo(d.nombre, d.version, d.demostracion, huella)
    for atributo, modelo, pk, convertir in TABLAS:
        filas = [
            {**convertir(f), "orden": i, "vigente": True}
            for i, f in enumerate(getattr(contenido, atributo))
        ]
        a, u, r = _sincronizar(s, modelo, pk, filas)
        resumen.agregados[atributo], resumen.actualizados[atributo], resumen.retirados[atributo] = (
            a,
            u,
            r,
        )
    cat = s.get(Catalogo, 1)
    antes = {"nombre": cat.nombre, "version": cat.version, "huella": cat.huella} if cat else None
    if cat is None:
        cat = Catalogo(id=1)
        s.add(cat)
    cat.formato, cat.nombre, cat.version, cat.demostracion = (
        d.formato,
        d.nombre,
        d.version,
        d.demostracion,
    )
    cat.periodo_anio, cat.periodo_inicio, cat.periodo_fin = (
        d.periodo_anio,
        d.periodo_inicio,
        d.periodo_fin,
    )
    cat.huella, cat.cargado_en = huella, ahora_utc()
    s.flush()
    resumen.capturas_marcadas = (
        s.scalar(
            select(func.count())
            .select_from(Captura)
            .join(Unidad, Unidad.clues == Captura.clues)
            .join(Producto, Producto.clave == Captura.producto_clave)
            .where(or_(~Unidad.vigente, ~Producto.vigente))
        )
        or 0
    )
    despues = {
        "nombre": d.nombre,
        "version": d.version,
        "huella": huella,
        "agregados": resumen.agregados,
        "actualizados": resumen.actualizados,
        "retirados": resumen.retirados,
        "capturas_marcadas": resumen.capturas_marcadas,
    }
    anotar(s, "catalogo_actualizado", objeto=d.version, antes=antes, despues=despues)
    return resumen


def _sincronizar(
    s: Session, modelo: type, pk: tuple[str, ...], filas: list[dict]
) -> tuple[int, int, int]:
    tabla = modelo.__table__
    nombres = list(filas[0]) if filas else [*pk, "vigente"]
    existentes = {
        tuple(r[c] for c in pk): r
        for r in (dict(m) for m in s.execute(select(*(tabla.c[n] for n in nombres))).mappings())
    }
    nuevas_claves = set()
    altas, cambios = [], []
    for f in filas:
        clave = tuple(f[c] for c in pk)
        nuevas_claves.add(clave)
        previo = existentes.get(clave)
        if previo is None:
            altas.append(f)
        elif previo != f:
            cambios.append(f)
    retiros = [
        {**dict(zip(pk, clave, strict=True)), "vigente": False}
        for clave, fila in existentes.items()
        if clave not in nuevas_claves and fila["vigente"]
    ]
    if altas:
        s.execute(insert(modelo), altas)
    if cambios:
        s.execute(update(modelo), cambios)
    if retiros:
        s.execute(update(modelo), retiros)
    return len(altas), len(cambios), len(retiros)


def contenido_actual(s: Session) -> F.ContenidoCatalogo:
    """The loaded catalog (what is in force) in the exchange format."""
    cat = s.get(Catalogo, 1)
    if cat is None:
        from app.errores import ErrorEyF

        raise ErrorEyF("No hay catálogo cargado; cárguelo con «eyf catalogo importar RUTA».")

    def vigentes(modelo):
        return s.scalars(select(modelo).where(modelo.vigente).order_by(modelo.orden)).all()

    return F.ContenidoCatalogo(
        F.DatosCatalogo(
            cat.formato,
            cat.nombre,
            cat.version,
            cat.demostracion,
            cat.periodo_anio,
            cat.periodo_inicio,
            cat.periodo_fin,
        ),
        tuple(
            F.FilaEntidad(e.clave, e.nombre, e.prefijo_clues, e.abreviatura, e.contrasena)
            for e in vigentes(Entidad)
        ),
        tuple(F.FilaInstitucion(i.clave, i.nombre) for i in vigentes(Institucion)),
        tuple(F.FilaMunicipio(m.entidad_clave, m.clave, m.nombre) for m in vigentes(Municipio)),
        tuple(
            F.FilaUnidad(
                u.clues,
                u.nombre,
                u.entidad_clave,
                u.municipio_clave or "",
                u.localidad,
                u.nivel,
                u.institucion_clave,
                u.latitud,
                u.longitud,
                u.estatus,
            )
            for u in vigentes(Unidad)
        ),
        tuple(F.FilaServicio(x.clave, x.nombre) for x in vigentes(Servicio)),
        tuple(F.FilaGrupo(g.clave, g.servicio_clave, g.nombre) for g in vigentes(Grupo)),
        tuple(F.FilaEspecialidad(e.clave, e.grupo_clave, e.nombre) for e in vigentes(Especialidad)),
        tuple(
            F.FilaProducto(p.clave, p.especialidad_clave, p.nombre, p.unidad_medida, p.tipo_costo)
            for p in vigentes(Producto)
        ),
        tuple(F.FilaCausa(c.clave, c.nombre) for c in vigentes(Causa)),
    )


def exportar_catalogo(almacen: Almacen, ruta: Path) -> Path:
    with lectura(almacen) as s:
        contenido = contenido_actual(s)
    return F.escribir(contenido, Path(ruta))
