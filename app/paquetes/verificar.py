"""Verify a bundle file on its own (no database): who signed it, what it
holds, and whether it is intact. Used by ``eyf paquete verificar`` and by
the window before an import."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from app.paquetes.lector import PaqueteInvalido, leer_paquete


@dataclass(frozen=True)
class Verificacion:
    ruta: Path
    integro: bool
    motivo: str | None = None  # why it is not intact (Spanish)
    huella: str | None = None
    llave_id: str | None = None
    alcance: str | None = None
    entidad: str | None = None
    entidad_nombre: str | None = None
    clues: tuple[str, ...] = ()
    unidad_nombre: str | None = None
    secuencia: int | None = None
    creado_en: datetime | None = None  # UTC
    persona: str | None = None
    programa: str | None = None
    periodo: int | None = None
    catalogo_version: str | None = None
    conteos: dict[str, int] = field(default_factory=dict)
    entidad_finalizada: bool | None = None
    unidad_finalizada: bool | None = None
    con_reporte: bool = False
    paquete: str | None = None
    anterior: str | None = None
    archivo_sha256: str | None = None
    bytes: int | None = None


def verificar(ruta: Path | str) -> Verificacion:
    ruta = Path(ruta)
    try:
        leido = leer_paquete(ruta)
    except PaqueteInvalido as exc:
        return Verificacion(ruta, False, exc.mensaje)
    m = leido.manifiesto
    return Verificacion(
        ruta,
        True,
        None,
        m.huella,
        m.llave_id,
        m.alcance,
        m.entidad,
        m.entidad_nombre,
        m.clues,
        m.unidad_nombre,
        m.secuencia,
        m.creado_en,
        m.persona,
        m.programa,
        m.periodo,
        m.catalogo_version,
        dict(m.conteos),
        m.entidad_finalizada,
        m.unidad_finalizada,
        leido.reporte is not None,
        m.paquete,
        m.anterior,
        leido.archivo_sha256,
        ruta.stat().st_size,
    )


def describir(v: Verificacion) -> list[str]:
    """The verification in Spanish, one line per fact (for the CLI and the window)."""
    if not v.integro:
        return [f"NO ÍNTEGRO: {v.motivo}", "No lo importe; pida que lo exporten y envíen de nuevo."]
    c = v.conteos
    if v.alcance == "unidad":
        quien = f"la unidad {v.clues[0]} {v.unidad_nombre or ''}".rstrip()
        quien += f", entidad {v.entidad} {v.entidad_nombre}"
        cierre = (
            "la unidad cerró su captura"
            if v.unidad_finalizada
            else "la unidad no ha cerrado su captura"
        )
    else:
        quien = f"la coordinación de la entidad {v.entidad} {v.entidad_nombre}"
        cierre = (
            "la entidad finalizó su registro (Paso 7)"
            if v.entidad_finalizada
            else "la entidad no ha finalizado su registro"
        )
    assert v.creado_en is not None
    lineas = [
        "ÍNTEGRO: la firma y las huellas de todos sus archivos son correctas.",
        f"Firmado por {quien}.",
        f"Huella de la llave: {v.huella}",
        f"Persona: {v.persona or '(sin nombre)'} · {v.programa}",
        f"Secuencia {v.secuencia}, creado el {v.creado_en:%d/%m/%Y %H:%M} UTC.",
        f"Periodo {v.periodo}, catálogo versión {v.catalogo_version}.",
        f"Contiene {c['registros']:,} registro(s) ({c['faltantes']:,} faltante(s), "
        f"{c['excedentes']:,} excedente(s)) de {c['unidades']:,} unidad(es); "
        f"{c['bitacora']:,} entrada(s) de bitácora; {c['reaperturas']:,} reapertura(s).",
        f"Estado: {cierre}"
        + ("; incluye el reporte final firmado (PDF)." if v.con_reporte else "."),
    ]
    if v.alcance == "entidad" and len(v.clues) > 1:
        lineas.append(f"Unidades: {len(v.clues):,}.")
    return lineas
