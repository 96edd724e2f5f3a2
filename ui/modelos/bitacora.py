"""The bitácora's table (one row per change, pages appended as they are
read) and the full text of one entry, before and after."""

from __future__ import annotations

import json
from collections.abc import Sequence

from app.almacen.consulta_bitacora import EntradaBitacora
from ui.modelos.tabla import RAIZ, Columna, ModeloFilas


class ModeloBitacora(ModeloFilas):
    def __init__(self, nombres_entidad: dict[str, str], parent=None):
        nombres = nombres_entidad
        super().__init__(
            [
                Columna("Fecha y hora", lambda e: f"{e.momento_local:%d/%m/%Y %H:%M:%S}"),
                Columna("Persona", lambda e: e.persona or "—"),
                Columna("Cambio", lambda e: e.descripcion),
                Columna("Entidad", lambda e: nombres.get(e.entidad or "", e.entidad or "")),
                Columna("CLUES", lambda e: e.clues or ""),
                Columna("Objeto", lambda e: e.objeto or ""),
                Columna("Antes → después", lambda e: e.resumen, ayuda=lambda e: e.resumen),
            ],
            parent,
        )
        self.nombres = nombres

    def agregar(self, filas: Sequence[EntradaBitacora]) -> None:
        if not filas:
            return
        inicio = len(self._filas)
        self.beginInsertRows(RAIZ, inicio, inicio + len(filas) - 1)
        self._filas.extend(filas)
        self.endInsertRows()


def detalle(e: EntradaBitacora, nombres: dict[str, str]) -> str:
    def bloque(valor) -> str:
        if valor is None or valor == {}:
            return "—"
        return json.dumps(valor, ensure_ascii=False, indent=2, sort_keys=True, default=str)

    entidad = f"{nombres.get(e.entidad, '')} ({e.entidad})".strip() if e.entidad else "—"
    return "\n".join(
        [
            f"{e.momento_local:%d/%m/%Y %H:%M:%S} · {e.persona or '(sin persona)'} · {e.descripcion}",
            f"Entidad: {entidad} · CLUES: {e.clues or '—'} · Objeto: {e.objeto or '—'}",
            f"Instalación: {e.instalacion or '—'} · Entrada No. {e.id:,}",
            f"Cambio: {e.resumen or '—'}",
            "",
            "Antes:",
            bloque(e.antes),
            "",
            "Después:",
            bloque(e.despues),
        ]
    )
