"""The catalog exchange format ``eyf-catalogo/1`` (see docs/formato-catalogo.md):
its files and columns, the plain rows it holds, and how it is written."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import zipfile
from dataclasses import astuple, dataclass, fields
from datetime import date
from pathlib import Path

from app.errores import ErrorEyF
from app.sistema import causa

FORMATO = "eyf-catalogo/1"
NIVELES = ("PRIMER NIVEL", "SEGUNDO NIVEL", "TERCER NIVEL", "NO APLICA")


@dataclass(frozen=True)
class DatosCatalogo:
    formato: str
    nombre: str
    version: str
    demostracion: bool
    periodo_anio: int
    periodo_inicio: date
    periodo_fin: date


@dataclass(frozen=True)
class FilaEntidad:
    clave: str
    nombre: str
    prefijo_clues: str
    abreviatura: str
    contrasena: str


@dataclass(frozen=True)
class FilaInstitucion:
    clave: str
    nombre: str


@dataclass(frozen=True)
class FilaMunicipio:
    entidad: str
    clave: str
    nombre: str


@dataclass(frozen=True)
class FilaUnidad:
    clues: str
    nombre: str
    entidad: str
    municipio: str
    localidad: str
    nivel: str
    institucion: str
    latitud: float | None
    longitud: float | None
    estatus: str


@dataclass(frozen=True)
class FilaServicio:
    clave: str
    nombre: str


@dataclass(frozen=True)
class FilaGrupo:
    clave: str
    servicio: str
    nombre: str


@dataclass(frozen=True)
class FilaEspecialidad:
    clave: str
    grupo: str
    nombre: str


@dataclass(frozen=True)
class FilaProducto:
    clave: str
    especialidad: str
    nombre: str
    unidad_medida: str
    tipo_costo: str


@dataclass(frozen=True)
class FilaCausa:
    clave: str
    nombre: str


@dataclass(frozen=True)
class ContenidoCatalogo:
    """A whole catalog in memory, already validated, rows in file order."""

    datos: DatosCatalogo
    entidades: tuple[FilaEntidad, ...]
    instituciones: tuple[FilaInstitucion, ...]
    municipios: tuple[FilaMunicipio, ...]
    unidades: tuple[FilaUnidad, ...]
    servicios: tuple[FilaServicio, ...]
    grupos: tuple[FilaGrupo, ...]
    especialidades: tuple[FilaEspecialidad, ...]
    productos: tuple[FilaProducto, ...]
    causas: tuple[FilaCausa, ...]


# file name -> (content attribute, row class); catalogo.csv is campo,valor.
ARCHIVOS: dict[str, tuple[str, type]] = {
    "entidades.csv": ("entidades", FilaEntidad),
    "instituciones.csv": ("instituciones", FilaInstitucion),
    "municipios.csv": ("municipios", FilaMunicipio),
    "unidades.csv": ("unidades", FilaUnidad),
    "servicios.csv": ("servicios", FilaServicio),
    "grupos.csv": ("grupos", FilaGrupo),
    "especialidades.csv": ("especialidades", FilaEspecialidad),
    "productos.csv": ("productos", FilaProducto),
    "causas.csv": ("causas", FilaCausa),
}
ARCHIVO_DATOS = "catalogo.csv"
COLUMNAS_DATOS = ("campo", "valor")
CAMPOS_DATOS = tuple(f.name for f in fields(DatosCatalogo))


def columnas(clase: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(clase))


def _texto(valor: object) -> str:
    if valor is None:
        return ""
    if isinstance(valor, bool):
        return "si" if valor else "no"
    if isinstance(valor, float):
        return repr(valor)
    if isinstance(valor, date):
        return valor.isoformat()
    return str(valor)


def _csv(encabezado: tuple[str, ...], filas: list[tuple]) -> bytes:
    salida = io.StringIO()
    escritor = csv.writer(salida, lineterminator="\n")
    escritor.writerow(encabezado)
    for fila in filas:
        escritor.writerow([_texto(v) for v in fila])
    return salida.getvalue().encode("utf-8")


def serializar(contenido: ContenidoCatalogo) -> dict[str, bytes]:
    """The catalog as file name → bytes, in a fixed order (the basis of its huella)."""
    archivos = {
        ARCHIVO_DATOS: _csv(
            COLUMNAS_DATOS, [(c, getattr(contenido.datos, c)) for c in CAMPOS_DATOS]
        )
    }
    for nombre, (atributo, clase) in ARCHIVOS.items():
        archivos[nombre] = _csv(columnas(clase), [astuple(f) for f in getattr(contenido, atributo)])
    return archivos


def huella(archivos: dict[str, bytes]) -> str:
    """SHA-256 over the files in their fixed order: the catalog's identity."""
    resumen = hashlib.sha256()
    for nombre in sorted(archivos):
        resumen.update(nombre.encode() + b"\0" + archivos[nombre] + b"\0")
    return resumen.hexdigest()


def escribir(contenido: ContenidoCatalogo, ruta: Path) -> Path:
    """Write the catalog as a ``.zip`` (when the name says so) or as a folder.

    Written under a temporary name and renamed, so an interrupted export never
    leaves something that looks like a whole catalog.
    """
    archivos = serializar(contenido)
    ruta = Path(ruta)
    if not ruta.parent.is_dir():
        raise ErrorEyF(
            f"No existe la carpeta {ruta.parent}; créela o elija otra ruta para el catálogo."
        )
    try:
        return _escribir(archivos, ruta)
    except OSError as exc:
        raise ErrorEyF(
            f"No se pudo escribir el catálogo en {ruta} ({causa(exc)}). Elija otra carpeta o "
            "libere espacio."
        ) from exc


def _escribir(archivos: dict[str, bytes], ruta: Path) -> Path:
    if ruta.suffix.lower() == ".zip":
        temporal = ruta.with_name(ruta.name + ".parcial")
        try:
            with zipfile.ZipFile(temporal, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                for nombre, datos in archivos.items():
                    info = zipfile.ZipInfo(nombre, date_time=(2020, 1, 1, 0, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                    zf.writestr(info, datos)
            with temporal.open("rb") as f:
                os.fsync(f.fileno())
            temporal.replace(ruta)
        except BaseException:
            temporal.unlink(missing_ok=True)
            raise
        return ruta
    ruta.mkdir(exist_ok=True)
    for nombre, datos in archivos.items():
        destino = ruta / nombre
        temporal = destino.with_name(nombre + ".parcial")
        temporal.write_bytes(datos)
        temporal.replace(destino)
    return ruta
