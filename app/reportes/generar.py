"""Use cases of Pasos 7–8 on paper: the preliminary report (any time), the
final report (only once finalized) and checking a verification code.

A report is written to a temporary file beside the destination and renamed
over it at the end: an interrupted or cancelled report never leaves half a
PDF, and an existing file is replaced only by a complete one.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.almacen.almacen import Almacen
from app.errores import ErrorEyF
from app.reportes import verificacion
from app.reportes.contenido import FINAL, PRELIMINAR, maquetar
from app.reportes.datos import DatosReporte, datos_reporte
from app.reportes.dibujo import Progreso, dibujar
from app.sistema import causa


@dataclass(frozen=True)
class ResultadoReporte:
    ruta: Path
    version: str  # "preliminar" or "final"
    entidad: str
    clues: str | None  # a unit installation's own report
    paginas: int
    unidades: int  # units that report records
    renglones: int
    codigo: str  # verification code of the data printed
    resumen: str  # its full SHA-256


def nombre_sugerido(version: str, entidad: str, clues: str | None, momento: datetime) -> str:
    """«reporte-final-05-20260305-134000.pdf» (the unit's CLUES instead of the entidad)."""
    return f"reporte-{version}-{clues or entidad}-{momento:%Y%m%d-%H%M%S}.pdf"


def reporte_preliminar(
    almacen: Almacen,
    entidad: str,
    destino: str | os.PathLike[str],
    *,
    impreso_en: datetime | None = None,
    progreso: Progreso | None = None,
    cancelado: Callable[[], bool] | None = None,
) -> ResultadoReporte:
    """The preliminary report, «Sin Validez Oficial» on every page. ``destino``
    is a file, or a folder where a file with the suggested name is written."""
    datos = datos_reporte(almacen, entidad)
    return _escribir(datos, PRELIMINAR, destino, None, impreso_en, progreso, cancelado)


def reporte_final(
    almacen: Almacen,
    entidad: str,
    destino: str | os.PathLike[str],
    *,
    huella: str | None,
    impreso_en: datetime | None = None,
    progreso: Progreso | None = None,
    cancelado: Callable[[], bool] | None = None,
) -> ResultadoReporte:
    """Paso 8: the report for signatures, only once finalized (Paso 7).
    ``huella`` is this installation's signing-key fingerprint, printed with
    the signatures."""
    datos = datos_reporte(almacen, entidad)
    if not datos.finalizada:
        if datos.ambito == "unidad":
            paso = (
                f"cierre la captura de la unidad {datos.clues} (Paso 7): "
                f"«eyf finalizar --entidad {entidad}»"
            )
        else:
            paso = (
                f"finalice el registro de la entidad {datos.entidad_nombre} (Paso 7): "
                f"«eyf finalizar --entidad {entidad}»"
            )
        raise ErrorEyF(
            f"La versión final para firmas solo se obtiene después de finalizar: {paso}. "
            f"Mientras tanto, revise el reporte preliminar: «eyf reporte preliminar --entidad "
            f"{entidad} --salida R.pdf»."
        )
    return _escribir(datos, FINAL, destino, huella, impreso_en, progreso, cancelado)


def _destino(destino: str | os.PathLike[str], nombre: str) -> Path:
    ruta = Path(destino).expanduser().absolute()
    if ruta.is_dir():
        return ruta / nombre
    if not ruta.parent.is_dir():
        raise ErrorEyF(
            f"La carpeta {ruta.parent} no existe. Créela o elija otra para guardar el reporte."
        )
    return ruta


def _escribir(
    datos: DatosReporte,
    version: str,
    destino: str | os.PathLike[str],
    huella: str | None,
    impreso_en: datetime | None,
    progreso: Progreso | None,
    cancelado: Callable[[], bool] | None,
) -> ResultadoReporte:
    impreso_en = impreso_en or datetime.now().replace(microsecond=0)
    ruta = _destino(destino, nombre_sugerido(version, datos.entidad, datos.clues, impreso_en))
    maqueta = maquetar(datos, version, impreso_en=impreso_en, huella=huella)
    temporal = ruta.with_name(f".{ruta.name}.{secrets.token_hex(4)}.tmp")
    try:
        archivo = temporal.open("xb")  # respects the umask, unlike mkstemp
    except OSError as exc:
        raise ErrorEyF(
            f"No se puede escribir en la carpeta {ruta.parent} ({causa(exc)}). "
            "Elija otra carpeta para el reporte."
        ) from exc
    try:
        with archivo:
            paginas = dibujar(maqueta, archivo, progreso=progreso, cancelado=cancelado)
            archivo.flush()
            os.fsync(archivo.fileno())
        try:
            os.replace(temporal, ruta)
        except OSError as exc:
            raise ErrorEyF(
                f"No se pudo guardar el reporte en {ruta} ({causa(exc)}). Si el archivo está "
                "abierto en un visor de PDF, ciérrelo, o elija otro nombre."
            ) from exc
    except BaseException:
        temporal.unlink(missing_ok=True)
        raise
    return ResultadoReporte(
        ruta,
        version,
        datos.entidad,
        datos.clues,
        paginas,
        datos.unidades_con_registros,
        datos.renglones,
        datos.codigo,
        datos.resumen,
    )


@dataclass(frozen=True)
class Verificacion:
    entidad: str
    clues: str | None
    codigo: str  # of the data as they are now
    resumen: str
    finalizada: bool
    dado: str | None  # the code given to compare, normalized
    coincide: bool | None  # None when no code was given


def verificar(almacen: Almacen, entidad: str, codigo: str | None = None) -> Verificacion:
    """The verification code of the data as they are now, compared with the
    one printed on a signed report when ``codigo`` is given."""
    dado = verificacion.normalizar(codigo) if codigo is not None else None
    datos = datos_reporte(almacen, entidad)
    return Verificacion(
        entidad,
        datos.clues,
        datos.codigo,
        datos.resumen,
        datos.finalizada,
        dado,
        None if dado is None else dado == datos.codigo,
    )
