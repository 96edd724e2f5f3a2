"""This installation, its change log and its password throttle."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from app.almacen.modelos.base import Base


class Instalacion(Base):
    """Who this installation is for (a single row, id 1)."""

    __tablename__ = "instalacion"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36))
    modo: Mapped[str | None] = mapped_column(String(10))
    entidad_clave: Mapped[str | None] = mapped_column(String(2))
    clues: Mapped[str | None] = mapped_column(String(11))
    persona: Mapped[str] = mapped_column(default="")
    configurada_en: Mapped[datetime | None]


class Bitacora(Base):
    """Every change: when, who, from which installation, before and after."""

    __tablename__ = "bitacora"
    id: Mapped[int] = mapped_column(primary_key=True)
    momento: Mapped[datetime] = mapped_column(index=True)
    persona: Mapped[str] = mapped_column(default="")
    instalacion: Mapped[str] = mapped_column(String(36))
    accion: Mapped[str] = mapped_column(String(40))
    entidad_clave: Mapped[str | None] = mapped_column(String(2))
    clues: Mapped[str | None] = mapped_column(String(11))
    objeto: Mapped[str | None]
    antes: Mapped[Any | None] = mapped_column(JSON)
    despues: Mapped[Any | None] = mapped_column(JSON)


class IntentoContrasena(Base):
    """Failed password attempts per entidad, kept across restarts."""

    __tablename__ = "intento_contrasena"
    entidad_clave: Mapped[str] = mapped_column(String(2), primary_key=True)
    fallos: Mapped[int] = mapped_column(default=0)
    ultimo_fallo: Mapped[datetime | None]
