"""The catalog: entidades, instituciones, municipios, unidades médicas (CLUES),
servicio → grupo → especialidad troncal → producto, causas and the period."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, ForeignKeyConstraint, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.almacen.modelos.base import Base, Vigencia


class Catalogo(Base):
    """The loaded catalog (a single row, id 1) and its capture period."""

    __tablename__ = "catalogo"
    id: Mapped[int] = mapped_column(primary_key=True)
    formato: Mapped[str] = mapped_column(String(40))
    nombre: Mapped[str]
    version: Mapped[str] = mapped_column(String(60))
    demostracion: Mapped[bool]
    periodo_anio: Mapped[int]
    periodo_inicio: Mapped[date]
    periodo_fin: Mapped[date]
    huella: Mapped[str] = mapped_column(String(64))
    cargado_en: Mapped[datetime]


class Entidad(Vigencia, Base):
    __tablename__ = "entidad"
    clave: Mapped[str] = mapped_column(String(2), primary_key=True)
    nombre: Mapped[str]
    prefijo_clues: Mapped[str] = mapped_column(String(2), unique=True)
    abreviatura: Mapped[str]
    contrasena: Mapped[str] = mapped_column(default="")


class Institucion(Vigencia, Base):
    __tablename__ = "institucion"
    clave: Mapped[str] = mapped_column(String(3), primary_key=True)
    nombre: Mapped[str]


class Municipio(Vigencia, Base):
    __tablename__ = "municipio"
    entidad_clave: Mapped[str] = mapped_column(
        String(2), ForeignKey("entidad.clave"), primary_key=True
    )
    clave: Mapped[str] = mapped_column(String(3), primary_key=True)
    nombre: Mapped[str]


class Unidad(Vigencia, Base):
    __tablename__ = "unidad"
    __table_args__ = (
        ForeignKeyConstraint(
            ["entidad_clave", "municipio_clave"],
            ["municipio.entidad_clave", "municipio.clave"],
            name="fk_unidad_municipio",
        ),
        Index("ix_unidad_entidad_nivel", "entidad_clave", "nivel"),
    )
    clues: Mapped[str] = mapped_column(String(11), primary_key=True)
    nombre: Mapped[str]
    nombre_plegado: Mapped[str]
    entidad_clave: Mapped[str] = mapped_column(String(2), ForeignKey("entidad.clave"))
    municipio_clave: Mapped[str | None] = mapped_column(String(3))
    localidad: Mapped[str] = mapped_column(default="")
    nivel: Mapped[str] = mapped_column(String(20))
    institucion_clave: Mapped[str] = mapped_column(String(3), ForeignKey("institucion.clave"))
    latitud: Mapped[float | None]
    longitud: Mapped[float | None]
    estatus: Mapped[str] = mapped_column(default="")


class Servicio(Vigencia, Base):
    __tablename__ = "servicio"
    clave: Mapped[str] = mapped_column(String(20), primary_key=True)
    nombre: Mapped[str]


class Grupo(Vigencia, Base):
    __tablename__ = "grupo"
    clave: Mapped[str] = mapped_column(String(20), primary_key=True)
    servicio_clave: Mapped[str] = mapped_column(String(20), ForeignKey("servicio.clave"))
    nombre: Mapped[str]


class Especialidad(Vigencia, Base):
    __tablename__ = "especialidad"
    clave: Mapped[str] = mapped_column(String(20), primary_key=True)
    grupo_clave: Mapped[str] = mapped_column(String(20), ForeignKey("grupo.clave"), index=True)
    nombre: Mapped[str]


class Producto(Vigencia, Base):
    __tablename__ = "producto"
    clave: Mapped[str] = mapped_column(String(20), primary_key=True)
    especialidad_clave: Mapped[str] = mapped_column(
        String(20), ForeignKey("especialidad.clave"), index=True
    )
    nombre: Mapped[str]
    nombre_plegado: Mapped[str]
    unidad_medida: Mapped[str]
    tipo_costo: Mapped[str] = mapped_column(default="")


class Causa(Vigencia, Base):
    __tablename__ = "causa"
    clave: Mapped[str] = mapped_column(String(10), primary_key=True)
    nombre: Mapped[str]
