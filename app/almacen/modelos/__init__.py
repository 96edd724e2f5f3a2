"""Typed SQLAlchemy 2.x models. Import from here: ``from app.almacen.modelos import Unidad``."""

from app.almacen.modelos.base import Base
from app.almacen.modelos.captura import (
    Adjunto,
    Captura,
    EstadoEntidad,
    EstadoUnidad,
    Reapertura,
)
from app.almacen.modelos.catalogo import (
    Catalogo,
    Causa,
    Entidad,
    Especialidad,
    Grupo,
    Institucion,
    Municipio,
    Producto,
    Servicio,
    Unidad,
)
from app.almacen.modelos.paquetes import (
    BitacoraImportada,
    LlaveRegistrada,
    PaqueteExportado,
    PaqueteImportado,
)
from app.almacen.modelos.sistema import Bitacora, Instalacion, IntentoContrasena

__all__ = [
    "Adjunto",
    "Base",
    "Bitacora",
    "BitacoraImportada",
    "Captura",
    "Catalogo",
    "Causa",
    "Entidad",
    "Especialidad",
    "EstadoEntidad",
    "EstadoUnidad",
    "Grupo",
    "Instalacion",
    "Institucion",
    "IntentoContrasena",
    "LlaveRegistrada",
    "Municipio",
    "PaqueteExportado",
    "PaqueteImportado",
    "Producto",
    "Reapertura",
    "Servicio",
    "Unidad",
]
