"""What the units capture and the state of each entidad's process (Pasos 2, 6, 7, 9)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.almacen.modelos.base import Base


class EstadoEntidad(Base):
    """Paso 2 answer and Paso 7 finalization of one entidad."""

    __tablename__ = "estado_entidad"
    __table_args__ = (
        CheckConstraint("respuesta IS NULL OR respuesta IN ('si', 'no')", name="respuesta"),
    )
    entidad_clave: Mapped[str] = mapped_column(
        String(2), ForeignKey("entidad.clave"), primary_key=True
    )
    respuesta: Mapped[str | None] = mapped_column(String(2))
    respondida_en: Mapped[datetime | None]
    respondida_por: Mapped[str] = mapped_column(default="")
    finalizada: Mapped[bool] = mapped_column(default=False)
    finalizada_en: Mapped[datetime | None]
    finalizada_por: Mapped[str] = mapped_column(default="")


class EstadoUnidad(Base):
    """A unit installation closes its own unit's capture (its bundle says so)."""

    __tablename__ = "estado_unidad"
    clues: Mapped[str] = mapped_column(String(11), ForeignKey("unidad.clues"), primary_key=True)
    finalizada: Mapped[bool] = mapped_column(default=False)
    finalizada_en: Mapped[datetime | None]
    finalizada_por: Mapped[str] = mapped_column(default="")


class Reapertura(Base):
    """An explicit reopening after finalizar, with its written reason."""

    __tablename__ = "reapertura"
    id: Mapped[int] = mapped_column(primary_key=True)
    entidad_clave: Mapped[str] = mapped_column(String(2), ForeignKey("entidad.clave"), index=True)
    clues: Mapped[str | None] = mapped_column(String(11))
    motivo: Mapped[str]
    momento: Mapped[datetime]
    persona: Mapped[str] = mapped_column(default="")


class Captura(Base):
    """One record: a faltante or an excedente of one product in one unit.

    Its identity is (clues, producto, tipo); ``app.captura.reglas.id_registro``
    derives from it the stable id that bundles carry, so the same record keeps
    its identity across installations and imports. ``paquete_id`` is empty for
    records captured in this installation and names the bundle otherwise.
    """

    __tablename__ = "captura"
    __table_args__ = (
        CheckConstraint("tipo IN ('faltante', 'excedente')", name="tipo"),
        CheckConstraint("ambulatorio IS NULL OR ambulatorio >= 1", name="ambulatorio"),
        CheckConstraint("hospitalario IS NULL OR hospitalario >= 1", name="hospitalario"),
        CheckConstraint("ambulatorio IS NOT NULL OR hospitalario IS NOT NULL", name="cantidad"),
        CheckConstraint("pacientes >= 1", name="pacientes"),
        CheckConstraint(
            "(tipo = 'faltante' AND causa_clave IS NOT NULL)"
            " OR (tipo = 'excedente' AND causa_clave IS NULL)",
            name="causa",
        ),
    )
    clues: Mapped[str] = mapped_column(String(11), ForeignKey("unidad.clues"), primary_key=True)
    producto_clave: Mapped[str] = mapped_column(
        String(20), ForeignKey("producto.clave"), primary_key=True
    )
    tipo: Mapped[str] = mapped_column(String(9), primary_key=True)
    ambulatorio: Mapped[int | None]
    hospitalario: Mapped[int | None]
    causa_clave: Mapped[str | None] = mapped_column(String(10), ForeignKey("causa.clave"))
    pacientes: Mapped[int]
    creada_en: Mapped[datetime]
    modificada_en: Mapped[datetime]
    persona: Mapped[str] = mapped_column(default="")
    paquete_id: Mapped[str | None] = mapped_column(String(36))


class Adjunto(Base):
    """A signed final report uploaded in Paso 9 (earlier ones are kept)."""

    __tablename__ = "adjunto"
    id: Mapped[int] = mapped_column(primary_key=True)
    entidad_clave: Mapped[str] = mapped_column(String(2), ForeignKey("entidad.clave"), index=True)
    archivo: Mapped[str]
    sha256: Mapped[str] = mapped_column(String(64))
    tamano: Mapped[int]
    nombre_original: Mapped[str]
    subido_en: Mapped[datetime]
    persona: Mapped[str] = mapped_column(default="")
    vigente: Mapped[bool] = mapped_column(default=True)
