"""How backups are shown: the reason of each one in words, its size, and
the columns of the lists in Herramientas › Respaldos and in the start-up
rescue of a damaged database."""

from __future__ import annotations

from pathlib import Path

from app.almacen.respaldos import MOTIVO_MANUAL, MOTIVO_RESTAURAR, Respaldo
from ui.modelos.tabla import DERECHA, Columna

MOTIVOS = {
    "diario": "Diario (automático)",
    MOTIVO_MANUAL: "Hecho a mano",
    "antes-de-importar": "Antes de importar paquetes",
    "antes-de-actualizar-catalogo": "Antes de actualizar el catálogo",
    MOTIVO_RESTAURAR: "Antes de restaurar: la base de entonces",
}


def motivo_legible(motivo: str) -> str:
    if motivo in MOTIVOS:
        return MOTIVOS[motivo]
    if motivo.startswith("antes-de-migrar-"):
        return f"Antes de actualizar la base (versión {motivo.removeprefix('antes-de-migrar-')})"
    return motivo.replace("-", " ").capitalize()


def tamano(n: int) -> str:
    return f"{n / 1024:,.0f} KB" if n < 1024 * 1024 else f"{n / (1024 * 1024):,.1f} MB"


def describir(r: Respaldo | None, ruta: Path) -> str:
    if r is None:
        return ruta.name
    return f"del {r.momento:%d/%m/%Y a las %H:%M} ({motivo_legible(r.motivo).lower()})"


COLUMNAS = [
    Columna("Fecha y hora", lambda r: f"{r.momento:%d/%m/%Y %H:%M:%S}"),
    Columna("Motivo", lambda r: motivo_legible(r.motivo), ayuda=lambda r: r.nombre),
    Columna("Tamaño", lambda r: tamano(r.tamano), DERECHA),
]
