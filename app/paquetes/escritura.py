"""The writes of an import: replace each origin's data with its bundle's,
for a group of accepted bundles, inside the caller's one transaction.

For each bundle: its origin's imported records, unit states, change log and
(national level) signed report are removed and the bundle's written; the
previous bundle stops being in force; the new one is recorded with its
sequence, key and provenance; a newly confirmed key is registered; and the
bitácora says so. Bulk statements keep a thousand bundles fast on SQLite and
on PostgreSQL alike. A group never holds two bundles of the same origin.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from app.almacen.bitacora import anotar_muchos
from app.almacen.modelos import (
    Adjunto,
    BitacoraImportada,
    Captura,
    Entidad,
    EstadoEntidad,
    EstadoUnidad,
    LlaveRegistrada,
    PaqueteImportado,
    Reapertura,
    Unidad,
)
from app.almacen.modelos.base import ahora_utc
from app.paquetes import bitacora as B
from app.paquetes import contenido as C
from app.paquetes.aceptacion import Plan

CARPETA_ADJUNTOS = Path("adjuntos") / "paquetes"
TROZO = 500


def _trozos(valores: Sequence) -> Iterable[Sequence]:
    for i in range(0, len(valores), TROZO):
        yield valores[i : i + TROZO]


def insertar_filas(s: Session, tabla, filas: Sequence[dict]) -> None:
    """Bulk INSERT (executemany)."""
    if not filas:
        return
    s.execute(insert(tabla), list(filas))


def aplicar(s: Session, carpeta_datos: Path, planes: Sequence[Plan], persona: str) -> None:
    planes = [p for p in planes if p.accion != "sin_cambios"]
    if not planes:
        return
    ahora = ahora_utc()
    unidades = sorted(
        p.leido.manifiesto.origen for p in planes if p.leido.manifiesto.alcance == "unidad"
    )
    entidades = sorted(
        p.leido.manifiesto.origen for p in planes if p.leido.manifiesto.alcance == "entidad"
    )
    # serialize imports of the same origins on a server database (no-op on SQLite)
    for trozo in _trozos(unidades):
        s.execute(select(Unidad.clues).where(Unidad.clues.in_(trozo)).with_for_update()).all()
    if entidades:
        s.execute(select(Entidad.clave).where(Entidad.clave.in_(entidades)).with_for_update()).all()
    bitacora: list[dict] = []
    _llaves(s, planes, ahora, persona, bitacora)
    _borrar_anterior(s, planes, unidades, entidades)
    _insertar(s, planes)
    _reaperturas(s, planes)
    for plan in planes:
        if plan.leido.manifiesto.alcance == "entidad":
            _estado_entidad(s, plan.leido)
    adjuntos = {
        p.leido.manifiesto.paquete: _reporte(s, carpeta_datos, p.leido)
        for p in planes
        if p.leido.manifiesto.alcance == "entidad"
    }
    s.execute(
        insert(PaqueteImportado.__table__),
        [_paquete(p, ahora, persona, adjuntos.get(p.leido.manifiesto.paquete)) for p in planes],
    )
    filas = [_entrada(p.leido.manifiesto.paquete, b) for p in planes for b in p.leido.bitacora]
    for trozo in _trozos(filas):
        s.execute(insert(BitacoraImportada.__table__), list(trozo))
    bitacora.extend(_anotacion(p) for p in planes)
    anotar_muchos(s, bitacora)


def _llaves(s: Session, planes: Sequence[Plan], ahora, persona: str, bitacora: list[dict]) -> None:
    nuevas = [p for p in planes if p.llave in ("nueva", "distinta")]
    if not nuevas:
        return
    origenes = [p.leido.manifiesto.origen for p in nuevas]
    for trozo in _trozos(origenes):
        s.execute(
            update(LlaveRegistrada)
            .where(LlaveRegistrada.origen.in_(trozo), LlaveRegistrada.retirada_en.is_(None))
            .values(retirada_en=ahora)
        )
    insertar_filas(
        s,
        LlaveRegistrada.__table__,
        [
            {
                "origen": p.leido.manifiesto.origen,
                "alcance": p.leido.manifiesto.alcance,
                "llave_id": p.leido.manifiesto.llave_id,
                "huella": p.leido.manifiesto.huella,
                "llave_publica": p.leido.manifiesto.llave_pem,
                "registrada_en": ahora,
                "registrada_por": persona,
                "retirada_en": None,
            }
            for p in nuevas
        ],
    )
    for p in nuevas:
        m = p.leido.manifiesto
        bitacora.append(
            {
                "accion": "llave_registrada",
                "entidad": m.entidad,
                "clues": m.origen if m.alcance == "unidad" else None,
                "objeto": m.huella,
                "antes": None if p.llave_anterior is None else {"huella": p.llave_anterior},
                "despues": {"huella": m.huella, "llave_id": m.llave_id, "origen": m.origen},
            }
        )


def _borrar_anterior(
    s: Session, planes: Sequence[Plan], unidades: list[str], entidades: list[str]
) -> None:
    """The origins' imported records and unit states, and the previous bundles' logs."""
    for trozo in _trozos(unidades):
        s.execute(
            delete(Captura)
            .where(Captura.clues.in_(trozo), Captura.paquete_id.is_not(None))
            .execution_options(synchronize_session=False)
        )
        s.execute(delete(EstadoUnidad).where(EstadoUnidad.clues.in_(trozo)))
    if entidades:
        de_entidades = select(Unidad.clues).where(Unidad.entidad_clave.in_(entidades))
        s.execute(
            delete(Captura)
            .where(Captura.clues.in_(de_entidades), Captura.paquete_id.is_not(None))
            .execution_options(synchronize_session=False)
        )
        s.execute(delete(EstadoUnidad).where(EstadoUnidad.clues.in_(de_entidades)))
    previos = [p.previo.id for p in planes if p.previo is not None]
    for trozo in _trozos(previos):
        s.execute(
            update(PaqueteImportado).where(PaqueteImportado.id.in_(trozo)).values(vigente=False)
        )
        s.execute(
            delete(BitacoraImportada)
            .where(BitacoraImportada.paquete_id.in_(trozo))
            .execution_options(synchronize_session=False)
        )


def _insertar(s: Session, planes: Sequence[Plan]) -> None:
    capturas = [
        {
            "clues": r.clues,
            "producto_clave": r.producto,
            "tipo": r.tipo,
            "ambulatorio": r.ambulatorio,
            "hospitalario": r.hospitalario,
            "causa_clave": r.causa,
            "pacientes": r.pacientes,
            "creada_en": r.creada_en,
            "modificada_en": r.modificada_en,
            "persona": r.persona,
            "paquete_id": p.leido.manifiesto.paquete,
        }
        for p in planes
        for r in p.leido.registros
    ]
    insertar_filas(s, Captura.__table__, capturas)
    estados = [
        {
            "clues": u.clues,
            "finalizada": u.finalizada,
            "finalizada_en": u.finalizada_en,
            "finalizada_por": u.finalizada_por,
        }
        for p in planes
        for u in p.leido.estado.unidades
    ]
    insertar_filas(s, EstadoUnidad.__table__, estados)


def _reaperturas(s: Session, planes: Sequence[Plan]) -> None:
    """Reopenings travel too, so the reports here print them: a unit's own
    (those of its CLUES), or all of an entidad's at the national level."""
    filas = []
    for p in planes:
        m = p.leido.manifiesto
        condicion = [Reapertura.entidad_clave == m.entidad]
        if m.alcance == "unidad":
            condicion.append(Reapertura.clues == m.origen)
        s.execute(delete(Reapertura).where(*condicion))
        filas.extend(
            {
                "entidad_clave": m.entidad,
                "clues": r.clues,
                "motivo": r.motivo,
                "momento": r.momento,
                "persona": r.persona,
            }
            for r in p.leido.estado.reaperturas
            if m.alcance == "entidad" or r.clues == m.origen
        )
    insertar_filas(s, Reapertura.__table__, filas)


def _estado_entidad(s: Session, leido) -> None:
    """National level: the entidad's Paso 2 answer and finalization, as its coordination has them."""
    m, e = leido.manifiesto, leido.estado.entidad
    fila = s.get(EstadoEntidad, m.entidad) or EstadoEntidad(entidad_clave=m.entidad)
    fila.respuesta, fila.respondida_en, fila.respondida_por = (
        e.respuesta,
        e.respondida_en,
        e.respondida_por,
    )
    fila.finalizada, fila.finalizada_en, fila.finalizada_por = (
        e.finalizada,
        e.finalizada_en,
        e.finalizada_por,
    )
    s.add(fila)
    s.flush()


def _reporte(s: Session, carpeta_datos: Path, leido) -> int | None:
    """The entidad's signed report travels with its bundle (the one in force before is retired)."""
    m = leido.manifiesto
    s.execute(
        update(Adjunto)
        .where(Adjunto.entidad_clave == m.entidad, Adjunto.vigente)
        .values(vigente=False)
    )
    r = leido.estado.reporte
    if leido.reporte is None or r is None:
        return None
    relativa = CARPETA_ADJUNTOS / f"{m.entidad}-{m.paquete}.pdf"
    ruta = Path(carpeta_datos) / relativa
    ruta.parent.mkdir(parents=True, exist_ok=True)
    temporal = ruta.with_name(ruta.name + ".parcial")
    with open(temporal, "wb") as archivo:
        archivo.write(leido.reporte)
        archivo.flush()
        os.fsync(archivo.fileno())
    os.replace(temporal, ruta)
    adjunto = Adjunto(
        entidad_clave=m.entidad,
        archivo=relativa.as_posix(),
        sha256=r.sha256,
        tamano=r.tamano,
        nombre_original=r.nombre_original,
        subido_en=r.subido_en,
        persona=r.persona,
        vigente=True,
    )
    s.add(adjunto)
    s.flush()
    return adjunto.id


def _finalizada(m) -> bool:
    return bool(m.unidad_finalizada if m.alcance == "unidad" else m.entidad_finalizada)


def _paquete(p: Plan, ahora, persona: str, adjunto_id: int | None) -> dict:
    leido, m = p.leido, p.leido.manifiesto
    return {
        "id": m.paquete,
        "alcance": m.alcance,
        "origen": m.origen,
        "entidad_clave": m.entidad,
        "instalacion": m.instalacion,
        "secuencia": m.secuencia,
        "llave_id": m.llave_id,
        "huella": m.huella,
        "manifiesto_sha256": leido.manifiesto_sha256,
        "archivo_sha256": leido.archivo_sha256,
        "nombre_archivo": leido.ruta.name[:255],
        "programa": m.programa,
        "persona": m.persona,
        "creado_en": m.creado_en,
        "importado_en": ahora,
        "importado_por": persona,
        "registros": len(leido.registros),
        "finalizada": _finalizada(m),
        "vigente": True,
        "estado": C.estado_a_json(leido.estado),
        "adjunto_id": adjunto_id,
    }


def _entrada(paquete: str, b: B.EntradaBitacora) -> dict:
    return {
        "paquete_id": paquete,
        "instalacion": b.instalacion,
        "numero": b.numero,
        "momento": b.momento,
        "persona": b.persona,
        "accion": b.accion,
        "entidad_clave": b.entidad,
        "clues": b.clues,
        "objeto": b.objeto,
        "antes": b.antes,
        "despues": b.despues,
    }


def _anotacion(p: Plan) -> dict:
    leido, m = p.leido, p.leido.manifiesto
    return {
        "accion": "importacion",
        "entidad": m.entidad,
        "clues": m.origen if m.alcance == "unidad" else None,
        "objeto": m.paquete,
        "antes": None
        if p.previo is None
        else {
            "paquete": p.previo.id,
            "secuencia": p.previo.secuencia,
            "registros": p.previo.registros,
        },
        "despues": {
            "alcance": m.alcance,
            "origen": m.origen,
            "secuencia": m.secuencia,
            "registros": len(leido.registros),
            "huella": m.huella,
            "archivo": leido.ruta.name,
            "sha256": leido.archivo_sha256,
            "finalizada": _finalizada(m),
        },
    }
