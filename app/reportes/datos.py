"""What the reports print, as plain rows: one query over every record of the
entidad (captured here or imported from a bundle alike), grouped by unit and
ordered like the guide's example (Paso 8).

- Units by level of care, then catalog order, then CLUES (as in Paso 3).
- In each unit its Faltantes, then its Excedentes, numbered together
  (1, 2… as in the example); inside each, catalog order of group,
  especialidad and product; one row per modality, Ambulatorio first.
- Records of products or units retired from the catalog still appear, marked.
- A unit installation reports only its own unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.almacen.almacen import Almacen
from app.almacen.modelos import (
    Captura,
    Catalogo,
    Causa,
    Especialidad,
    EstadoEntidad,
    EstadoUnidad,
    Grupo,
    Producto,
    Unidad,
)
from app.almacen.sesion import lectura
from app.captura.cierre import ReaperturaVista, reaperturas_de
from app.captura.consultas import ORDEN_NIVELES
from app.captura.permisos import configuracion, exigir_entidad_visible
from app.reportes import verificacion


@dataclass(frozen=True)
class Renglon:
    numero: int
    tipo: str  # "faltante" or "excedente"
    grupo: str
    producto: str
    producto_clave: str
    causa: str | None  # None for an excedente
    modalidad: str  # "Ambulatorio" or "Hospitalario"
    eventos: int
    pacientes: int
    retirado: bool  # the product was retired from the catalog


@dataclass(frozen=True)
class UnidadReporte:
    clues: str
    nombre: str
    nivel: str
    vigente: bool
    faltantes: tuple[Renglon, ...]
    excedentes: tuple[Renglon, ...]

    @property
    def encabezado(self) -> str:
        """«CHSSA000372 HOSPITAL GENERAL DE CAMARGO , SEGUNDO NIVEL», as in the guide."""
        return f"{self.clues} {self.nombre} , {self.nivel}"


@dataclass(frozen=True)
class DatosReporte:
    entidad: str
    entidad_nombre: str
    periodo_anio: int
    ambito: str  # "entidad", or "unidad" (a unit installation's own report)
    clues: str | None  # the unit, when ambito is "unidad"
    unidad_encabezado: str | None  # «CLUES NOMBRE , NIVEL» of that unit
    respuesta: str | None  # Paso 2: "si", "no" or None (not answered)
    finalizada: bool  # what this report covers was finalized (Paso 7)
    finalizada_en: datetime | None  # UTC
    finalizada_por: str
    unidades_total: int
    unidades_con_registros: int
    unidades: tuple[UnidadReporte, ...]
    reaperturas: tuple[ReaperturaVista, ...]
    catalogo: str
    demostracion: bool
    resumen: str  # SHA-256 of the canonical serialization (verificacion)
    codigo: str  # the short verification code

    @property
    def renglones(self) -> int:
        return sum(len(u.faltantes) + len(u.excedentes) for u in self.unidades)


def datos_reporte(almacen: Almacen, entidad: str) -> DatosReporte:
    """The report of ``entidad`` as this installation sees it."""
    with lectura(almacen) as s:
        conf = configuracion(s)
        ent = exigir_entidad_visible(s, conf, entidad)
        cat = s.get(Catalogo, 1)
        assert cat is not None, "sin catálogo"
        clues = conf.clues if conf.modo == "unidad" else None
        estado = s.get(EstadoEntidad, entidad)
        cierre = s.get(EstadoUnidad, clues) if clues is not None else estado
        filas = _filas(s, entidad, clues)
        unidades = _unidades(s, entidad, clues, {f[0] for f in filas})
        total = _total_unidades(s, entidad)
        reaperturas = reaperturas_de(s, entidad, clues)
        propia = s.get(Unidad, clues) if clues else None
        respuesta = estado.respuesta if estado else None
        finalizada = bool(cierre and cierre.finalizada)
        datos = dict(
            entidad=entidad,
            entidad_nombre=ent.nombre,
            periodo_anio=cat.periodo_anio,
            ambito="unidad" if clues else "entidad",
            clues=clues,
            unidad_encabezado=f"{propia.clues} {propia.nombre} , {propia.nivel}"
            if propia
            else None,
            respuesta=respuesta,
            finalizada=finalizada,
            finalizada_en=cierre.finalizada_en if finalizada else None,
            finalizada_por=cierre.finalizada_por if finalizada else "",
            catalogo=f"{cat.nombre} {cat.version}",
            demostracion=cat.demostracion,
        )
    canonicos = [f[:7] for f in filas]
    resumen = verificacion.resumen(
        verificacion.serializacion_canonica(
            entidad, datos["periodo_anio"], clues, datos["respuesta"], canonicos
        )
    )
    por_unidad = _agrupar(filas)
    lista = tuple(
        UnidadReporte(c, nombre, nivel, vigente, *por_unidad[c])
        for c, nombre, nivel, vigente in unidades
    )
    return DatosReporte(
        **datos,
        unidades_total=1 if clues else total + sum(1 for u in lista if not u.vigente),
        unidades_con_registros=len(lista),
        unidades=lista,
        reaperturas=reaperturas,
        resumen=resumen,
        codigo=verificacion.codigo(resumen),
    )


def _filas(s: Session, entidad: str, clues: str | None) -> list[tuple]:
    """(clues, producto, tipo, amb, hosp, causa_clave, pacientes, producto_nombre,
    producto_vigente, grupo, causa_nombre), in report order within each unit."""
    consulta = (
        select(
            Captura.clues,
            Captura.producto_clave,
            Captura.tipo,
            Captura.ambulatorio,
            Captura.hospitalario,
            Captura.causa_clave,
            Captura.pacientes,
            Producto.nombre,
            Producto.vigente,
            Grupo.nombre,
            Causa.nombre,
        )
        .join(Unidad, Unidad.clues == Captura.clues)
        .join(Producto, Producto.clave == Captura.producto_clave)
        .join(Especialidad, Especialidad.clave == Producto.especialidad_clave)
        .join(Grupo, Grupo.clave == Especialidad.grupo_clave)
        .outerjoin(Causa, Causa.clave == Captura.causa_clave)
        .where(Unidad.entidad_clave == entidad)
        .order_by(
            Captura.clues,
            Captura.tipo.desc(),  # "faltante" before "excedente"
            Grupo.orden,
            Grupo.clave,
            Especialidad.orden,
            Especialidad.clave,
            Producto.orden,
            Producto.clave,
        )
    )
    if clues is not None:
        consulta = consulta.where(Captura.clues == clues)
    return [tuple(f) for f in s.execute(consulta)]


def _unidades(
    s: Session, entidad: str, clues: str | None, con_registros: set[str]
) -> list[tuple[str, str, str, bool]]:
    """(clues, nombre, nivel, vigente) of the units with records, in report order."""
    consulta = select(
        Unidad.clues, Unidad.nombre, Unidad.nivel, Unidad.vigente, Unidad.orden
    ).where(Unidad.entidad_clave == entidad)
    if clues is not None:
        consulta = consulta.where(Unidad.clues == clues)
    filas = [f for f in s.execute(consulta) if f[0] in con_registros]
    filas.sort(key=lambda f: (ORDEN_NIVELES.get(f[2], 9), f[4], f[0]))
    return [(c, n, nivel, bool(v)) for c, n, nivel, v, _ in filas]


def _total_unidades(s: Session, entidad: str) -> int:
    """Units in force (the tablero's total)."""
    consulta = select(func.count()).select_from(Unidad)
    return s.scalar(consulta.where(Unidad.entidad_clave == entidad, Unidad.vigente)) or 0


def _agrupar(filas: list[tuple]) -> dict[str, tuple[tuple[Renglon, ...], tuple[Renglon, ...]]]:
    resultado: dict[str, tuple[list[Renglon], list[Renglon]]] = {}
    numero: dict[str, int] = {}
    for clues, clave, tipo, amb, hosp, _, pacientes, nombre, vigente, grupo, causa in filas:
        faltantes, excedentes = resultado.setdefault(clues, ([], []))
        destino = faltantes if tipo == "faltante" else excedentes
        for valor, modalidad in ((amb, "Ambulatorio"), (hosp, "Hospitalario")):
            if valor is None:
                continue
            numero[clues] = numero.get(clues, 0) + 1
            destino.append(
                Renglon(
                    numero[clues],
                    tipo,
                    grupo,
                    nombre,
                    clave,
                    causa if tipo == "faltante" else None,
                    modalidad,
                    valor,
                    pacientes,
                    not vigente,
                )
            )
    return {c: (tuple(f), tuple(e)) for c, (f, e) in resultado.items()}
