"""What killed exports leave behind, cleaned at every export and import and
at start-up: the journal of an export whose process is gone and its
temporary file (never renamed, so never mistaken for a bundle), and the
sequence numbers it had reserved. Kept apart from ``exportar`` so that the
window's start-up does not load the signing code."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.almacen.almacen import Almacen
from app.almacen.bitacora import anotar
from app.almacen.candado import Candado
from app.almacen.modelos import PaqueteExportado
from app.almacen.modelos.base import ahora_utc
from app.almacen.sesion import lectura, transaccion

CARPETA_EN_CURSO = Path("paquetes") / "en-curso"
DIARIO = "diario.json"
SUFIJO_TEMPORAL = ".eyf-parcial"


def limpiar_interrumpidas(almacen: Almacen) -> list[Path]:
    """Remove what killed exports left behind; returns the temporary files removed.

    A journal whose lock is free belongs to a process that is gone: its
    temporary file (never renamed, so never mistaken for a bundle) is deleted.
    Sequence numbers reserved by exports that did not finish are marked
    ``interrumpido`` (or ``completo`` when the renamed file is there and is
    that very bundle), so the next bundle chains to the last complete one."""
    borrados: list[Path] = []
    raiz = Path(almacen.carpeta) / CARPETA_EN_CURSO
    vivos: set[str] = set()
    if raiz.is_dir():
        for diario in sorted(raiz.iterdir()):
            if not diario.is_dir():
                continue
            if Candado(diario).ocupado():
                vivos.add(diario.name)
                continue
            try:
                datos = json.loads((diario / DIARIO).read_text(encoding="utf-8"))
                temporal = Path(datos["temporal"])
            except (OSError, ValueError, KeyError, TypeError):
                temporal = None
            if temporal is not None and temporal.name.endswith(SUFIJO_TEMPORAL):
                try:
                    temporal.unlink()
                    borrados.append(temporal)
                except FileNotFoundError:
                    pass
                except OSError:
                    continue  # the USB stick is not there now; try again next time
            shutil.rmtree(diario, ignore_errors=True)
    with lectura(almacen) as s:
        pendientes = set(
            s.scalars(select(PaqueteExportado.id).where(PaqueteExportado.estado == "en_curso"))
        )
    if pendientes - vivos:  # a write only when there is something to settle
        with transaccion(almacen) as s:
            _cerrar_pendientes(s, vivos)
    return borrados


def _cerrar_pendientes(s: Session, vivos: set[str]) -> None:
    from app.paquetes.lector import PaqueteInvalido, leer_paquete

    pendientes = s.scalars(
        select(PaqueteExportado).where(PaqueteExportado.estado == "en_curso")
    ).all()
    for fila in pendientes:
        if fila.id in vivos:
            continue
        estado, sha = "interrumpido", None
        destino = Path(fila.destino)
        try:
            leido = leer_paquete(destino) if destino.is_file() else None
        except (PaqueteInvalido, OSError):
            leido = None
        if leido is not None and leido.manifiesto.paquete == fila.id:
            estado, sha = "completo", leido.archivo_sha256
        fila.estado, fila.archivo_sha256, fila.terminado_en = estado, sha, ahora_utc()
        anotar(
            s,
            "paquete_exportado" if estado == "completo" else "exportacion_interrumpida",
            entidad=fila.entidad_clave,
            clues=fila.clues,
            objeto=fila.id,
            despues={"secuencia": fila.secuencia, "archivo": fila.destino, "sha256": sha},
        )
