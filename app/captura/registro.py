"""Paso 6 use cases: save product rows (one or thousands, one transaction),
register from the command line, delete. Every rule is checked first; a
refusal changes nothing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import delete, select, tuple_, update
from sqlalchemy.orm import Session

from app.almacen.almacen import Almacen
from app.almacen.bitacora import anotar_muchos
from app.almacen.masivo import insertar_muchos
from app.almacen.modelos import Captura, Producto, Unidad
from app.almacen.modelos.base import ahora_utc
from app.almacen.sesion import transaccion
from app.captura.permisos import (
    Configuracion,
    exigir_configuracion,
    exigir_editable,
    motivo_alcance,
    motivo_entidad_no_editable,
    motivo_unidad_cerrada,
    unidades_cerradas,
)
from app.captura.reglas import FilaCaptura, Registro, fila_de_registros, validar_fila
from app.catalogo.consultas import causas_vigentes
from app.errores import ErrorEyF, ErrorUso, ErrorValidacion, Problema

TROZO = 500  # keys per IN (...) query
CAMPOS = ("ambulatorio", "hospitalario", "causa", "pacientes")


@dataclass(frozen=True)
class ResumenGuardado:
    creados: int = 0
    modificados: int = 0
    borrados: int = 0
    sin_cambios: int = 0

    @property
    def cambios(self) -> int:
        return self.creados + self.modificados + self.borrados


def _trozos(claves: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(claves), TROZO):
        yield claves[i : i + TROZO]


def _existentes(s: Session, clues: Sequence[str]) -> dict[tuple[str, str, str], tuple]:
    """Saved records of these units: (clues, producto, tipo) → row tuple."""
    resultado = {}
    for trozo in _trozos(clues):
        filas = s.execute(
            select(
                Captura.clues,
                Captura.producto_clave,
                Captura.tipo,
                Captura.ambulatorio,
                Captura.hospitalario,
                Captura.causa_clave,
                Captura.pacientes,
                Captura.paquete_id,
            ).where(Captura.clues.in_(trozo))
        )
        for c, p, t, *resto in filas:
            resultado[(c, p, t)] = tuple(resto)
    return resultado


def _guardar(s: Session, pares: Sequence[tuple[str, FilaCaptura]], hoy: date) -> ResumenGuardado:
    conf = exigir_configuracion(s)
    causas = causas_vigentes(s)
    problemas: list[Problema] = []
    pares = [(c.strip().upper(), f) for c, f in pares]

    unidades = _unidades_editables(s, conf, sorted({c for c, _ in pares}), hoy, problemas)
    productos = _productos_vigentes(s, sorted({f.producto for _, f in pares}), problemas)
    vistos: set[tuple[str, str]] = set()
    nuevos: dict[tuple[str, str], list[Registro]] = {}
    for clues, fila in pares:
        if clues not in unidades or fila.producto not in productos:
            continue
        if (clues, fila.producto) in vistos:
            problemas.append(
                Problema(
                    "producto",
                    fila.producto,
                    f"El producto aparece dos veces para la unidad {clues}; deje una sola fila.",
                    fila.producto,
                )
            )
            continue
        vistos.add((clues, fila.producto))
        registros, malos = validar_fila(fila, causas)
        problemas.extend(malos)
        nuevos[(clues, fila.producto)] = registros
    if problemas:
        raise ErrorValidacion(_titulo(problemas), problemas)

    existentes = _existentes(s, sorted(unidades))
    return _aplicar(s, conf, unidades, nuevos, existentes)


def _titulo(problemas: list[Problema]) -> str:
    return f"No se guardó nada: {len(problemas)} valor(es) por corregir."


def _unidades_editables(
    s: Session, conf: Configuracion, clues: list[str], hoy: date, problemas: list[Problema]
) -> dict[str, str]:
    encontradas: dict[str, Unidad] = {}
    for trozo in _trozos(clues):
        encontradas.update(
            {u.clues: u for u in s.scalars(select(Unidad).where(Unidad.clues.in_(trozo)))}
        )
    cerradas = unidades_cerradas(s)
    importadas = _con_registros_importados(s, clues)
    por_entidad: dict[str, str | None] = {}  # the entidad's checks, once per entidad
    editables: dict[str, str] = {}  # clues → entidad
    for c in clues:
        unidad = encontradas.get(c)
        if unidad is None:
            problemas.append(
                Problema(
                    "clues",
                    c,
                    f"La CLUES «{c}» no existe en el catálogo; búsquela con «eyf unidades --buscar».",
                )
            )
            continue
        motivo = motivo_alcance(conf, unidad)
        if motivo is None:
            if unidad.entidad_clave not in por_entidad:
                por_entidad[unidad.entidad_clave] = motivo_entidad_no_editable(
                    s, unidad.entidad_clave, hoy
                )
            motivo = por_entidad[unidad.entidad_clave]
        if motivo is None and c in cerradas:
            motivo = motivo_unidad_cerrada(c)
        if motivo is None and c in importadas:
            motivo = (
                f"Los registros de la unidad {c} llegan en los paquetes que ella envía: aquí "
                "no se capturan ni se corrigen. La unidad los cambia y envía un paquete nuevo."
            )
        if motivo:
            problemas.append(Problema("clues", c, motivo))
            continue
        editables[c] = unidad.entidad_clave
    return editables


def _con_registros_importados(s: Session, clues: Sequence[str]) -> set[str]:
    """Units whose records came in bundles (their data is theirs, not ours)."""
    resultado: set[str] = set()
    for trozo in _trozos(clues):
        resultado.update(
            s.scalars(
                select(Captura.clues)
                .where(Captura.clues.in_(trozo), Captura.paquete_id.is_not(None))
                .distinct()
            )
        )
    return resultado


def _productos_vigentes(s: Session, claves: list[str], problemas: list[Problema]) -> set[str]:
    vigentes: dict[str, bool] = {}
    for trozo in _trozos(claves):
        vigentes.update(
            s.execute(
                select(Producto.clave, Producto.vigente).where(Producto.clave.in_(trozo))
            ).all()
        )
    for clave in claves:
        if clave not in vigentes:
            problemas.append(
                Problema(
                    "producto",
                    clave,
                    f"El producto «{clave}» no existe en el catálogo; búsquelo con «eyf catalogo buscar TEXTO».",
                    clave,
                )
            )
        elif not vigentes[clave]:
            problemas.append(
                Problema(
                    "producto",
                    clave,
                    f"El producto «{clave}» fue retirado del catálogo; ya no se pueden registrar cantidades para él.",
                    clave,
                )
            )
    return {c for c, v in vigentes.items() if v}


def _aplicar(
    s: Session,
    conf: Configuracion,
    entidades: dict[str, str],
    nuevos: dict[tuple[str, str], list[Registro]],
    existentes: dict,
) -> ResumenGuardado:
    ahora = ahora_utc()
    altas, cambios, bajas, bitacora = [], [], [], []
    sin_cambios = 0
    for (clues, producto), registros in nuevos.items():
        por_tipo = {r.tipo: r for r in registros}
        for tipo in ("faltante", "excedente"):
            nuevo, previo = por_tipo.get(tipo), existentes.get((clues, producto, tipo))
            antes = dict(zip(CAMPOS, previo[:4], strict=True)) if previo else None
            despues = (
                {
                    "ambulatorio": nuevo.ambulatorio,
                    "hospitalario": nuevo.hospitalario,
                    "causa": nuevo.causa,
                    "pacientes": nuevo.pacientes,
                }
                if nuevo
                else None
            )
            if antes == despues:
                sin_cambios += nuevo is not None
                continue
            base = {
                "entidad": entidades[clues],
                "clues": clues,
                "objeto": f"{producto}/{tipo}",
                "antes": antes,
                "despues": despues,
            }
            if previo is None:
                altas.append(
                    {
                        "clues": clues,
                        "producto_clave": producto,
                        "tipo": tipo,
                        "ambulatorio": nuevo.ambulatorio,
                        "hospitalario": nuevo.hospitalario,
                        "causa_clave": nuevo.causa,
                        "pacientes": nuevo.pacientes,
                        "creada_en": ahora,
                        "modificada_en": ahora,
                        "persona": conf.persona,
                        "paquete_id": None,
                    }
                )
                bitacora.append({**base, "accion": "captura_creada"})
            elif nuevo is None:
                bajas.append((clues, producto, tipo))
                bitacora.append({**base, "accion": "captura_borrada"})
            else:
                cambios.append(
                    {
                        "clues": clues,
                        "producto_clave": producto,
                        "tipo": tipo,
                        "ambulatorio": nuevo.ambulatorio,
                        "hospitalario": nuevo.hospitalario,
                        "causa_clave": nuevo.causa,
                        "pacientes": nuevo.pacientes,
                        "modificada_en": ahora,
                        "persona": conf.persona,
                    }
                )
                bitacora.append({**base, "accion": "captura_modificada"})
    for trozo in _trozos(bajas):
        s.execute(
            delete(Captura).where(
                tuple_(Captura.clues, Captura.producto_clave, Captura.tipo).in_(trozo)
            )
        )
    if altas:
        insertar_muchos(s, Captura.__table__, altas)
    if cambios:
        s.execute(update(Captura), cambios)
    anotar_muchos(s, bitacora)
    return ResumenGuardado(len(altas), len(cambios), len(bajas), sin_cambios)


def guardar_capturas(
    almacen: Almacen, pares: Sequence[tuple[str, FilaCaptura]], *, hoy: date | None = None
) -> ResumenGuardado:
    """Save Paso 6 rows: each row is the whole state of one product in one unit
    (an emptied kind is deleted). All rows or none."""
    with transaccion(almacen) as s:
        return _guardar(s, pares, hoy or date.today())


def registros_de(s: Session, clues: str, producto: str) -> list[Registro]:
    filas = s.execute(
        select(
            Captura.tipo,
            Captura.ambulatorio,
            Captura.hospitalario,
            Captura.causa_clave,
            Captura.pacientes,
        ).where(Captura.clues == clues, Captura.producto_clave == producto)
    )
    return [Registro(producto, t, a, h, c, p) for t, a, h, c, p in filas]


def registrar(
    almacen: Almacen, clues: str, producto: str, *, hoy: date | None = None, **valores: object
) -> ResumenGuardado:
    """Command-line registration: each given field changes that field; fields
    not given keep their saved value ("" clears a field)."""
    clues = clues.strip().upper()
    desconocidos = set(valores) - {
        "faltante_ambulatorio",
        "faltante_hospitalario",
        "causa",
        "excedente_ambulatorio",
        "excedente_hospitalario",
        "pacientes",
    }
    if desconocidos:  # pragma: no cover - programming error
        raise TypeError(f"campos desconocidos: {desconocidos}")
    dados = {k: v for k, v in valores.items() if v is not None}
    if not dados:
        raise ErrorUso(
            "Indique al menos un valor: --faltante-ambulatorio, --faltante-hospitalario, --causa, --excedente-ambulatorio, --excedente-hospitalario o --pacientes."
        )
    with transaccion(almacen) as s:
        actual = fila_de_registros(producto, registros_de(s, clues, producto))
        return _guardar(s, [(clues, replace(actual, **dados))], hoy or date.today())


def borrar(
    almacen: Almacen, clues: str, producto: str, tipo: str | None = None, *, hoy: date | None = None
) -> int:
    """Delete a product's records (one kind or both) in a unit; returns how many."""
    clues = clues.strip().upper()
    with transaccion(almacen) as s:
        _, unidad = exigir_editable(s, clues, hoy or date.today(), para_borrar=True)
        condicion = [Captura.clues == clues, Captura.producto_clave == producto]
        if tipo:
            condicion.append(Captura.tipo == tipo)
        previos = s.scalars(select(Captura).where(*condicion)).all()
        if not previos:
            que = f"{tipo} " if tipo else ""
            raise ErrorEyF(
                f"La unidad {clues} no tiene registro {que}del producto «{producto}»; no se borró nada."
            )
        if any(c.paquete_id for c in previos):
            raise ErrorEyF(
                f"Los registros de la unidad {clues} vienen de un paquete importado; se corrigen importando un paquete nuevo de la unidad."
            )
        entradas = []
        for c in previos:
            antes = {
                "ambulatorio": c.ambulatorio,
                "hospitalario": c.hospitalario,
                "causa": c.causa_clave,
                "pacientes": c.pacientes,
            }
            entradas.append(
                {
                    "accion": "captura_borrada",
                    "entidad": unidad.entidad_clave,
                    "clues": clues,
                    "objeto": f"{producto}/{c.tipo}",
                    "antes": antes,
                }
            )
            s.delete(c)
        anotar_muchos(s, entradas)
        return len(previos)
