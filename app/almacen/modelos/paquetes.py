"""Signed bundles: what this installation exported (its sequence), the keys
it trusts, the bundles it imported (provenance of every imported record) and
the change logs that came inside them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.almacen.modelos.base import Base


class PaqueteExportado(Base):
    """Each export of this installation, numbered: the sequence grows with
    every export (reserved before the file is written, so a number is never
    reused even when an export is interrupted)."""

    __tablename__ = "paquete_exportado"
    __table_args__ = (
        CheckConstraint("estado IN ('en_curso', 'completo', 'interrumpido')", name="estado"),
    )
    secuencia: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    estado: Mapped[str] = mapped_column(String(12))
    alcance: Mapped[str] = mapped_column(String(7))
    entidad_clave: Mapped[str] = mapped_column(String(2))
    clues: Mapped[str | None] = mapped_column(String(11))
    llave_id: Mapped[str] = mapped_column(String(64))
    registros: Mapped[int]
    creado_en: Mapped[datetime]
    destino: Mapped[str]
    archivo_sha256: Mapped[str | None] = mapped_column(String(64))
    terminado_en: Mapped[datetime | None]


class LlaveRegistrada(Base):
    """A public key the coordinator (or the national level) confirmed for one
    origin: a unit (CLUES) or an entidad. A replaced key keeps its row with
    ``retirada_en`` set."""

    __tablename__ = "llave_registrada"
    id: Mapped[int] = mapped_column(primary_key=True)
    origen: Mapped[str] = mapped_column(String(11), index=True)
    alcance: Mapped[str] = mapped_column(String(7))
    llave_id: Mapped[str] = mapped_column(String(64))
    huella: Mapped[str] = mapped_column(String(39))
    llave_publica: Mapped[str]
    registrada_en: Mapped[datetime]
    registrada_por: Mapped[str] = mapped_column(default="")
    retirada_en: Mapped[datetime | None]


class PaqueteImportado(Base):
    """One imported bundle: where its data came from. Exactly one bundle per
    origin is ``vigente`` (its records are the ones in ``captura``); earlier
    ones stay as history."""

    __tablename__ = "paquete_importado"
    __table_args__ = (Index("ix_paquete_importado_origen_vigente", "origen", "vigente"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    alcance: Mapped[str] = mapped_column(String(7))
    origen: Mapped[str] = mapped_column(String(11))
    entidad_clave: Mapped[str] = mapped_column(String(2), ForeignKey("entidad.clave"))
    instalacion: Mapped[str] = mapped_column(String(36))
    secuencia: Mapped[int]
    llave_id: Mapped[str] = mapped_column(String(64))
    huella: Mapped[str] = mapped_column(String(39))
    manifiesto_sha256: Mapped[str] = mapped_column(String(64))
    archivo_sha256: Mapped[str] = mapped_column(String(64))
    nombre_archivo: Mapped[str]
    programa: Mapped[str] = mapped_column(String(60))
    persona: Mapped[str] = mapped_column(default="")
    creado_en: Mapped[datetime]
    importado_en: Mapped[datetime]
    importado_por: Mapped[str] = mapped_column(default="")
    registros: Mapped[int]
    finalizada: Mapped[bool]
    vigente: Mapped[bool]
    estado: Mapped[Any] = mapped_column(JSON)
    adjunto_id: Mapped[int | None] = mapped_column(ForeignKey("adjunto.id"))


class BitacoraImportada(Base):
    """Change-log entries that came inside a bundle, as the source wrote them."""

    __tablename__ = "bitacora_importada"
    id: Mapped[int] = mapped_column(primary_key=True)
    paquete_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("paquete_importado.id"), index=True
    )
    instalacion: Mapped[str] = mapped_column(String(36))
    numero: Mapped[int]
    momento: Mapped[datetime]
    persona: Mapped[str] = mapped_column(default="")
    accion: Mapped[str] = mapped_column(String(40))
    entidad_clave: Mapped[str | None] = mapped_column(String(2))
    clues: Mapped[str | None] = mapped_column(String(11))
    objeto: Mapped[str | None]
    antes: Mapped[Any | None] = mapped_column(JSON)
    despues: Mapped[Any | None] = mapped_column(JSON)
