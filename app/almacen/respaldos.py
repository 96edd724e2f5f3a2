"""Backups of the SQLite database with SQLite's online backup API.

Never a plain file copy: the backup API copies a consistent snapshot even
while the database is in WAL mode and open elsewhere.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime
from pathlib import Path

CARPETA_RESPALDOS = "respaldos"


def _nombre(motivo: str) -> str:
    limpio = re.sub(r"[^a-z0-9-]+", "-", motivo.lower()).strip("-") or "manual"
    return f"eyf-{datetime.now():%Y%m%d-%H%M%S-%f}-{limpio}.sqlite3"


def respaldar(ruta_bd: Path, carpeta_datos: Path, motivo: str) -> Path:
    """Copy the database at ``ruta_bd`` into ``carpeta_datos/respaldos``; return the copy."""
    destino_dir = carpeta_datos / CARPETA_RESPALDOS
    destino_dir.mkdir(parents=True, exist_ok=True)
    destino = destino_dir / _nombre(motivo)
    temporal = destino.with_suffix(".parcial")
    origen = sqlite3.connect(f"file:{ruta_bd}?mode=ro", uri=True)
    try:
        copia = sqlite3.connect(temporal)
        try:
            origen.backup(copia)
            copia.execute("PRAGMA journal_mode = DELETE")
        finally:
            copia.close()
    finally:
        origen.close()
    temporal.replace(destino)
    return destino
