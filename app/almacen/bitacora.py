"""The change log, written in the same transaction as the change it records."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.almacen.masivo import insertar_muchos
from app.almacen.modelos import Bitacora, Instalacion
from app.almacen.modelos.base import ahora_utc


def autor(s: Session) -> tuple[str, str]:
    """(person, installation id) recorded with every change."""
    inst = s.get(Instalacion, 1)
    return (inst.persona, inst.uuid) if inst else ("", "")


def anotar(
    s: Session,
    accion: str,
    *,
    entidad: str | None = None,
    clues: str | None = None,
    objeto: str | None = None,
    antes: Any = None,
    despues: Any = None,
) -> None:
    persona, instalacion = autor(s)
    s.add(
        Bitacora(
            momento=ahora_utc(),
            persona=persona,
            instalacion=instalacion,
            accion=accion,
            entidad_clave=entidad,
            clues=clues,
            objeto=objeto,
            antes=antes,
            despues=despues,
        )
    )


def anotar_muchos(s: Session, entradas: list[dict[str, Any]]) -> None:
    """Bulk form for the bulk paths: each dict has accion and the optional keys of ``anotar``."""
    if not entradas:
        return
    persona, instalacion = autor(s)
    momento = ahora_utc()
    filas = [
        {
            "momento": momento,
            "persona": persona,
            "instalacion": instalacion,
            "entidad_clave": e.get("entidad"),
            "clues": e.get("clues"),
            "objeto": e.get("objeto"),
            "antes": e.get("antes"),
            "despues": e.get("despues"),
            "accion": e["accion"],
        }
        for e in entradas
    ]
    insertar_muchos(s, Bitacora.__table__, filas)
