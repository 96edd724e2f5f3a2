"""Read-only views of Pasos 1 to 6 as plain rows: the tablero, the units of
an entidad, the groups, especialidades and products of a unit, the records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.almacen.almacen import Almacen
from app.almacen.modelos import (
    Adjunto,
    Captura,
    Catalogo,
    Causa,
    Entidad,
    Especialidad,
    EstadoEntidad,
    EstadoUnidad,
    Grupo,
    Institucion,
    Municipio,
    Producto,
    Servicio,
    Unidad,
)
from app.almacen.sesion import lectura
from app.captura.permisos import configuracion, motivo_solo_lectura_periodo
from app.captura.reglas import id_registro
from app.texto import coincide, palabras

ORDEN_NIVELES = {"PRIMER NIVEL": 1, "SEGUNDO NIVEL": 2, "TERCER NIVEL": 3, "NO APLICA": 4}


@dataclass(frozen=True)
class FilaTablero:
    numero: int
    clave: str
    nombre: str
    total: int
    con_excedentes_faltantes: int
    sin_excedentes_faltantes: int
    respuesta: str | None
    finalizada: bool
    reporte_firmado: bool


@dataclass(frozen=True)
class Tablero:
    periodo_anio: int
    periodo_inicio: date
    periodo_fin: date
    periodo_abierto: bool
    motivo_cerrado: str | None
    catalogo_nombre: str
    catalogo_version: str
    demostracion: bool
    modo: str | None
    filas: tuple[FilaTablero, ...]


def entidades_visibles(s: Session) -> list[str] | None:
    """Entidad keys this installation may see (None: all of them)."""
    conf = configuracion(s)
    if conf.modo in ("unidad", "estatal") and conf.entidad:
        return [conf.entidad]
    return None


def tablero(almacen: Almacen, *, hoy: date | None = None) -> Tablero:
    hoy = hoy or date.today()
    with lectura(almacen) as s:
        cat = s.get(Catalogo, 1)
        assert cat is not None, "sin catálogo"
        visibles = entidades_visibles(s)
        consulta = select(Entidad).where(Entidad.vigente).order_by(Entidad.orden, Entidad.clave)
        if visibles is not None:
            consulta = consulta.where(Entidad.clave.in_(visibles))
        entidades = s.scalars(consulta).all()
        totales = dict(
            s.execute(
                select(Unidad.entidad_clave, func.count())
                .where(Unidad.vigente)
                .group_by(Unidad.entidad_clave)
            ).all()
        )
        con = dict(
            s.execute(
                select(Unidad.entidad_clave, func.count(func.distinct(Captura.clues)))
                .join(Captura, Captura.clues == Unidad.clues)
                .where(Unidad.vigente)
                .group_by(Unidad.entidad_clave)
            ).all()
        )
        estados = {e.entidad_clave: e for e in s.scalars(select(EstadoEntidad))}
        firmados = set(s.scalars(select(Adjunto.entidad_clave).where(Adjunto.vigente)))
        filas = []
        for i, e in enumerate(entidades, start=1):
            total, c = totales.get(e.clave, 0), con.get(e.clave, 0)
            estado = estados.get(e.clave)
            filas.append(
                FilaTablero(
                    i,
                    e.clave,
                    e.nombre,
                    total,
                    c,
                    total - c,
                    estado.respuesta if estado else None,
                    bool(estado and estado.finalizada),
                    e.clave in firmados,
                )
            )
        motivo = motivo_solo_lectura_periodo(s, hoy)
        return Tablero(
            cat.periodo_anio,
            cat.periodo_inicio,
            cat.periodo_fin,
            motivo is None,
            motivo,
            cat.nombre,
            cat.version,
            cat.demostracion,
            configuracion(s).modo,
            tuple(filas),
        )


@dataclass(frozen=True)
class FilaUnidad:
    numero: int
    clues: str
    nombre: str
    nivel: str
    municipio: str
    localidad: str
    institucion: str
    con_registros: bool
    finalizada: bool
    vigente: bool
    busqueda: str  # folded CLUES and name, for filtering as the user types


def unidades(almacen: Almacen, entidad: str, texto: str = "") -> list[FilaUnidad]:
    """Paso 3: the entidad's units, by level of care (only its own in a unit installation)."""
    with lectura(almacen) as s:
        conf = configuracion(s)
        consulta = (
            select(Unidad, Municipio.nombre, Institucion.nombre)
            .join(Institucion, Institucion.clave == Unidad.institucion_clave)
            .outerjoin(
                Municipio,
                (Municipio.entidad_clave == Unidad.entidad_clave)
                & (Municipio.clave == Unidad.municipio_clave),
            )
            .where(Unidad.entidad_clave == entidad, Unidad.vigente)
        )
        if conf.modo == "unidad" and conf.clues:
            consulta = consulta.where(Unidad.clues == conf.clues)
        con = set(
            s.scalars(
                select(func.distinct(Captura.clues))
                .join(Unidad)
                .where(Unidad.entidad_clave == entidad)
            )
        )
        cerradas = set(s.scalars(select(EstadoUnidad.clues).where(EstadoUnidad.finalizada)))
        filas = s.execute(consulta).all()
    filas.sort(key=lambda f: (ORDEN_NIVELES.get(f[0].nivel, 9), f[0].orden, f[0].clues))
    terminos = palabras(texto)
    resultado = []
    for u, municipio, institucion in filas:
        busqueda = f"{u.clues.lower()} {u.nombre_plegado}"
        if terminos and not coincide(busqueda, terminos):
            continue
        resultado.append(
            FilaUnidad(
                len(resultado) + 1,
                u.clues,
                u.nombre,
                u.nivel,
                municipio or "",
                u.localidad,
                institucion,
                u.clues in con,
                u.clues in cerradas,
                u.vigente,
                busqueda,
            )
        )
    return resultado


@dataclass(frozen=True)
class FilaGrupo:
    numero: int
    servicio: str
    clave: str
    nombre: str
    con_registros: bool


def grupos(almacen: Almacen, clues: str) -> list[FilaGrupo]:
    """Paso 4: service groups, marked where the unit already holds records."""
    with lectura(almacen) as s:
        con = set(
            s.scalars(
                select(func.distinct(Especialidad.grupo_clave))
                .join(Producto, Producto.especialidad_clave == Especialidad.clave)
                .join(Captura, Captura.producto_clave == Producto.clave)
                .where(Captura.clues == clues)
            )
        )
        filas = s.execute(
            select(Servicio.nombre, Grupo.clave, Grupo.nombre)
            .join(Servicio, Servicio.clave == Grupo.servicio_clave)
            .where(Grupo.vigente)
            .order_by(Servicio.orden, Grupo.orden)
        ).all()
    return [FilaGrupo(i, sv, g, n, g in con) for i, (sv, g, n) in enumerate(filas, start=1)]


@dataclass(frozen=True)
class FilaEspecialidad:
    numero: int
    grupo: str
    clave: str
    nombre: str
    con_registros: bool


def especialidades(almacen: Almacen, clues: str, grupo: str) -> list[FilaEspecialidad]:
    """Paso 5: especialidades troncales of a group, marked where the unit holds records."""
    with lectura(almacen) as s:
        nombre_grupo = s.scalar(select(Grupo.nombre).where(Grupo.clave == grupo)) or grupo
        con = set(
            s.scalars(
                select(func.distinct(Producto.especialidad_clave))
                .join(Captura, Captura.producto_clave == Producto.clave)
                .where(Captura.clues == clues)
            )
        )
        filas = s.execute(
            select(Especialidad.clave, Especialidad.nombre)
            .where(Especialidad.grupo_clave == grupo, Especialidad.vigente)
            .order_by(Especialidad.orden)
        ).all()
    return [
        FilaEspecialidad(i, nombre_grupo, c, n, c in con) for i, (c, n) in enumerate(filas, start=1)
    ]


@dataclass(frozen=True)
class CapturaVista:
    id: str
    clues: str
    unidad: str
    entidad: str
    producto: str
    producto_nombre: str
    grupo: str
    especialidad: str
    unidad_medida: str
    tipo: str
    ambulatorio: int | None
    hospitalario: int | None
    causa: str | None
    causa_clave: str | None
    pacientes: int
    origen: str  # "local" or the bundle id it came from
    observacion: str  # "" or why the record is flagged


def listar_capturas(
    almacen: Almacen, *, clues: str | None = None, entidad: str | None = None, texto: str = ""
) -> list[CapturaVista]:
    with lectura(almacen) as s:
        consulta = (
            select(Captura, Unidad, Producto, Especialidad.nombre, Grupo.nombre, Causa.nombre)
            .join(Unidad, Unidad.clues == Captura.clues)
            .join(Producto, Producto.clave == Captura.producto_clave)
            .join(Especialidad, Especialidad.clave == Producto.especialidad_clave)
            .join(Grupo, Grupo.clave == Especialidad.grupo_clave)
            .outerjoin(Causa, Causa.clave == Captura.causa_clave)
            .order_by(
                Unidad.entidad_clave,
                Captura.clues,
                Grupo.orden,
                Especialidad.orden,
                Producto.orden,
                Captura.tipo,
            )
        )
        visibles = entidades_visibles(s)
        if visibles is not None:
            consulta = consulta.where(Unidad.entidad_clave.in_(visibles))
        if clues:
            consulta = consulta.where(Captura.clues == clues.strip().upper())
        if entidad:
            consulta = consulta.where(Unidad.entidad_clave == entidad)
        terminos = palabras(texto)
        resultado = []
        for c, u, p, esp, grp, causa in s.execute(consulta):
            if terminos and not coincide(
                f"{u.clues.lower()} {u.nombre_plegado} {p.clave.lower()} {p.nombre_plegado}",
                terminos,
            ):
                continue
            observacion = ", ".join(
                m
                for m, retirado in (
                    ("unidad retirada del catálogo", not u.vigente),
                    ("producto retirado del catálogo", not p.vigente),
                )
                if retirado
            )
            resultado.append(
                CapturaVista(
                    id_registro(c.clues, c.producto_clave, c.tipo),
                    c.clues,
                    u.nombre,
                    u.entidad_clave,
                    p.clave,
                    p.nombre,
                    grp,
                    esp,
                    p.unidad_medida,
                    c.tipo,
                    c.ambulatorio,
                    c.hospitalario,
                    causa,
                    c.causa_clave,
                    c.pacientes,
                    c.paquete_id or "local",
                    observacion,
                )
            )
        return resultado
