"""Import: verify each bundle, check it may enter, then replace its origin's
data whole in one transaction (or, with ``prueba``, only say what would happen).

One result per file; a refused file changes nothing and does not stop the
others. Before the first write of a call the SQLite database is backed up.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from app.almacen.almacen import Almacen
from app.almacen.bitacora import anotar
from app.almacen.modelos import (
    Adjunto,
    BitacoraImportada,
    Captura,
    Entidad,
    EstadoEntidad,
    EstadoUnidad,
    LlaveRegistrada,
    PaqueteImportado,
    Unidad,
)
from app.almacen.modelos.base import ahora_utc
from app.almacen.respaldos import respaldar
from app.almacen.sesion import lectura, transaccion
from app.captura.permisos import configuracion
from app.errores import ErrorEyF
from app.paquetes import contenido as C
from app.paquetes import manifiesto as M
from app.paquetes.aceptacion import Catalogos, Plan, leer_catalogos, planear
from app.paquetes.lector import PaqueteLeido, leer_paquete
from app.paquetes.llaves import normalizar_huella

CARPETA_ADJUNTOS = Path("adjuntos") / "paquetes"
Progreso = Callable[[int, int, str], None]

ACCIONES = {
    # (dry run, real)
    "agregar": ("se agregaría", "agregado"),
    "reemplazar": ("reemplazaría los datos anteriores", "reemplazado"),
    "sin_cambios": ("sin cambios: ya está importado", "sin cambios: ya estaba importado"),
}


@dataclass(frozen=True)
class ResultadoImportacion:
    """One line per file: what happened (or would happen) and why."""

    ruta: Path
    aceptado: bool
    accion: str  # "agregar", "reemplazar", "sin_cambios" or "rechazar"
    mensaje: str  # Spanish, one line (refusals may carry details after it)
    paquete: str | None = None
    alcance: str | None = None
    origen: str | None = None  # CLUES of a unit bundle, entidad of an entidad bundle
    entidad: str | None = None
    secuencia: int | None = None
    registros: int | None = None
    huella: str | None = None
    confianza: str | None = None  # "nueva"/"distinta": the fingerprint needs confirming
    llave: str | None = None  # "registrada", "nueva", "distinta" when accepted
    secuencia_anterior: int | None = None
    registros_anteriores: int | None = None
    finalizada: bool | None = None


@dataclass(frozen=True)
class ResumenImportacion:
    resultados: tuple[ResultadoImportacion, ...]
    prueba: bool
    respaldo: Path | None

    @property
    def rechazados(self) -> int:
        return sum(not r.aceptado for r in self.resultados)


def importar(
    almacen: Almacen,
    rutas: Sequence[Path | str],
    *,
    prueba: bool = False,
    confiar: Collection[str] = (),
    reemplazar: Collection[str] = (),
    progreso: Progreso | None = None,
    cancelado: Callable[[], bool] | None = None,
) -> ResumenImportacion:
    """Import (or with ``prueba`` only check) the bundles at ``rutas``.

    ``confiar``: fingerprints the coordinator confirmed for origins seen for
    the first time; ``reemplazar``: fingerprints confirmed as a unit's new key.
    ``progreso(hecho, total, mensaje)`` is called after each file."""
    from app.paquetes.exportar import limpiar_interrumpidas

    if not prueba:
        limpiar_interrumpidas(almacen)
    confiar = {normalizar_huella(h) for h in confiar}
    reemplazar = {normalizar_huella(h) for h in reemplazar}
    with lectura(almacen) as s:
        cats = leer_catalogos(s)
        persona = configuracion(s).persona
    resultados: list[ResultadoImportacion] = []
    respaldo: list[Path] = []
    total = len(rutas)
    for hecho, ruta in enumerate(map(Path, rutas), start=1):
        if cancelado is not None and cancelado():
            break
        resultados.append(_uno(almacen, ruta, cats, persona, prueba, confiar, reemplazar, respaldo))
        if progreso is not None:
            progreso(hecho, total, resultados[-1].mensaje)
    return ResumenImportacion(tuple(resultados), prueba, respaldo[0] if respaldo else None)


def _uno(
    almacen: Almacen,
    ruta: Path,
    cats: Catalogos,
    persona: str,
    prueba: bool,
    confiar: Collection[str],
    reemplazar: Collection[str],
    respaldo: list[Path],
) -> ResultadoImportacion:
    leido = None
    try:
        leido = leer_paquete(ruta)
        with lectura(almacen) as s:
            plan = planear(s, cats, leido, confiar=confiar, reemplazar=reemplazar)
        if prueba or plan.accion == "sin_cambios":
            return _aceptado(ruta, plan, prueba)
        if not respaldo and almacen.ruta_bd is not None:
            # only once a file is known to be importable: a batch of bad files makes no backup
            respaldo.append(respaldar(almacen.ruta_bd, almacen.carpeta, "antes-de-importar"))
        with transaccion(almacen) as s:
            plan = planear(s, cats, leido, confiar=confiar, reemplazar=reemplazar)
            if plan.accion != "sin_cambios":
                aplicar(s, almacen.carpeta, plan, persona)
        return _aceptado(ruta, plan, prueba)
    except ErrorEyF as exc:  # refused, invalid, or the database is busy / the disk full
        return _rechazado(ruta, exc, leido)


def _aceptado(ruta: Path, plan: Plan, prueba: bool) -> ResultadoImportacion:
    m = plan.leido.manifiesto
    quien = (
        f"unidad {m.origen}"
        if m.alcance == "unidad"
        else f"entidad {m.entidad} ({m.entidad_nombre})"
    )
    texto = ACCIONES[plan.accion][0 if prueba else 1]
    detalle = f"secuencia {m.secuencia}, {m.conteos['registros']:,} registro(s)"
    if plan.accion == "reemplazar" and plan.previo is not None:
        detalle += f"; antes secuencia {plan.previo.secuencia} con {plan.previo.registros:,}"
    llave = {
        "nueva": f"; {'se registraría' if prueba else 'se registró'} la llave {m.huella}",
        "distinta": f"; {'reemplazaría' if prueba else 'reemplazó'} la llave {plan.llave_anterior} por {m.huella}",
    }.get(plan.llave, "")
    return ResultadoImportacion(
        ruta,
        True,
        plan.accion,
        f"{ruta.name}: {quien}: {texto} ({detalle}){llave}.",
        m.paquete,
        m.alcance,
        m.origen,
        m.entidad,
        m.secuencia,
        m.conteos["registros"],
        m.huella,
        None,
        plan.llave,
        plan.previo.secuencia if plan.previo else None,
        plan.previo.registros if plan.previo else None,
        m.unidad_finalizada if m.alcance == "unidad" else m.entidad_finalizada,
    )


def _rechazado(ruta: Path, exc: ErrorEyF, leido: PaqueteLeido | None) -> ResultadoImportacion:
    m = leido.manifiesto if leido is not None else None
    texto = str(exc)
    if not texto.startswith(ruta.name):
        texto = f"{ruta.name}: {texto}"
    return ResultadoImportacion(
        ruta,
        False,
        "rechazar",
        texto,
        m.paquete if m else None,
        m.alcance if m else None,
        m.origen if m else None,
        m.entidad if m else None,
        m.secuencia if m else None,
        m.conteos["registros"] if m else None,
        m.huella if m else None,
        getattr(exc, "confianza", None),
    )


# --- the writes ------------------------------------------------------------------------


def aplicar(s: Session, carpeta_datos: Path, plan: Plan, persona: str) -> None:
    """Replace the origin's data with the bundle's, inside the caller's transaction."""
    leido, m = plan.leido, plan.leido.manifiesto
    ahora = ahora_utc()
    origen = m.origen
    # serialize imports of the same origin on a server database (no-op on SQLite)
    columna = Unidad.clues if m.alcance == "unidad" else Entidad.clave
    s.execute(select(columna).where(columna == origen).with_for_update())
    if plan.llave in ("nueva", "distinta"):
        _registrar_llave(s, m, ahora, persona, plan.llave_anterior)
    if m.alcance == "unidad":
        alcance_capturas = Captura.clues == origen
    else:
        alcance_capturas = Captura.clues.in_(
            select(Unidad.clues).where(Unidad.entidad_clave == origen)
        )
    s.execute(
        delete(Captura)
        .where(alcance_capturas, Captura.paquete_id.is_not(None))
        .execution_options(synchronize_session=False)
    )
    if leido.registros:
        s.execute(
            insert(Captura.__table__),
            [
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
                    "paquete_id": m.paquete,
                }
                for r in leido.registros
            ],
        )
    _estados(s, m, leido.estado)
    if plan.previo is not None:
        s.execute(
            update(PaqueteImportado)
            .where(PaqueteImportado.id == plan.previo.id)
            .values(vigente=False)
        )
        s.execute(
            delete(BitacoraImportada)
            .where(BitacoraImportada.paquete_id == plan.previo.id)
            .execution_options(synchronize_session=False)
        )
    adjunto_id = _reporte(s, carpeta_datos, leido) if m.alcance == "entidad" else None
    s.add(
        PaqueteImportado(
            id=m.paquete,
            alcance=m.alcance,
            origen=origen,
            entidad_clave=m.entidad,
            instalacion=m.instalacion,
            secuencia=m.secuencia,
            llave_id=m.llave_id,
            huella=m.huella,
            manifiesto_sha256=leido.manifiesto_sha256,
            archivo_sha256=leido.archivo_sha256,
            nombre_archivo=leido.ruta.name[:255],
            programa=m.programa,
            persona=m.persona,
            creado_en=m.creado_en,
            importado_en=ahora,
            importado_por=persona,
            registros=len(leido.registros),
            finalizada=bool(m.unidad_finalizada if m.alcance == "unidad" else m.entidad_finalizada),
            vigente=True,
            estado=C.estado_a_json(leido.estado),
            adjunto_id=adjunto_id,
        )
    )
    s.flush()
    if leido.bitacora:
        s.execute(
            insert(BitacoraImportada.__table__),
            [
                {
                    "paquete_id": m.paquete,
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
                for b in leido.bitacora
            ],
        )
    anotar(
        s,
        "importacion",
        entidad=m.entidad,
        clues=origen if m.alcance == "unidad" else None,
        objeto=m.paquete,
        antes=None
        if plan.previo is None
        else {
            "paquete": plan.previo.id,
            "secuencia": plan.previo.secuencia,
            "registros": plan.previo.registros,
        },
        despues={
            "alcance": m.alcance,
            "origen": origen,
            "secuencia": m.secuencia,
            "registros": len(leido.registros),
            "huella": m.huella,
            "archivo": leido.ruta.name,
            "sha256": leido.archivo_sha256,
            "finalizada": bool(
                m.unidad_finalizada if m.alcance == "unidad" else m.entidad_finalizada
            ),
        },
    )


def _registrar_llave(
    s: Session, m: M.Manifiesto, ahora, persona: str, anterior: str | None
) -> None:
    s.execute(
        update(LlaveRegistrada)
        .where(LlaveRegistrada.origen == m.origen, LlaveRegistrada.retirada_en.is_(None))
        .values(retirada_en=ahora)
    )
    s.add(
        LlaveRegistrada(
            origen=m.origen,
            alcance=m.alcance,
            llave_id=m.llave_id,
            huella=m.huella,
            llave_publica=m.llave_pem,
            registrada_en=ahora,
            registrada_por=persona,
        )
    )
    anotar(
        s,
        "llave_registrada",
        entidad=m.entidad,
        clues=m.origen if m.alcance == "unidad" else None,
        objeto=m.huella,
        antes=None if anterior is None else {"huella": anterior},
        despues={"huella": m.huella, "llave_id": m.llave_id, "origen": m.origen},
    )


def _estados(s: Session, m: M.Manifiesto, estado: C.EstadoPaquete) -> None:
    """Unit states (and, for an entidad bundle, the entidad's) as the source has them."""
    if m.alcance == "unidad":
        s.execute(delete(EstadoUnidad).where(EstadoUnidad.clues == m.origen))
    else:
        s.execute(
            delete(EstadoUnidad).where(
                EstadoUnidad.clues.in_(
                    select(Unidad.clues).where(Unidad.entidad_clave == m.entidad)
                )
            )
        )
        e = estado.entidad
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
    if estado.unidades:
        s.execute(
            insert(EstadoUnidad.__table__),
            [
                {
                    "clues": u.clues,
                    "finalizada": u.finalizada,
                    "finalizada_en": u.finalizada_en,
                    "finalizada_por": u.finalizada_por,
                }
                for u in estado.unidades
            ],
        )


def _reporte(s: Session, carpeta_datos: Path, leido: PaqueteLeido) -> int | None:
    """The entidad's signed report travels with its bundle (national level)."""
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
