"""An analysis as JSON (``--json``) and CSV, and the safe way every export
is written: to a temporary file beside the destination, renamed into place
only when complete, so a failure never leaves half a file (nor touches an
existing one)."""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from app.errores import ErrorEyF
from app.intercambio.analisis import Analisis, Oportunidad
from app.sistema import causa

# (field of Oportunidad, heading for people, kind) — the columns of the table
# in every export and in the window. Kinds: texto, entero, km, pesos.
COLUMNAS = (
    ("numero", "No.", "entero"),
    ("clues_demanda", "CLUES que necesita", "texto"),
    ("unidad_demanda", "Unidad que necesita", "texto"),
    ("institucion_demanda", "Institución", "texto"),
    ("entidad_demanda_nombre", "Entidad", "texto"),
    ("municipio_demanda", "Municipio", "texto"),
    ("clues_oferta", "CLUES que ofrece", "texto"),
    ("unidad_oferta", "Unidad que ofrece", "texto"),
    ("institucion_oferta", "Institución que ofrece", "texto"),
    ("entidad_oferta_nombre", "Entidad que ofrece", "texto"),
    ("municipio_oferta", "Municipio que ofrece", "texto"),
    ("producto", "Clave", "texto"),
    ("producto_nombre", "Producto", "texto"),
    ("grupo", "Grupo de servicio", "texto"),
    ("modalidad", "Modalidad", "texto"),
    ("eventos_cubiertos", "Eventos cubiertos", "entero"),
    ("eventos_requeridos", "Eventos requeridos", "entero"),
    ("eventos_ofrecidos", "Eventos ofrecidos", "entero"),
    ("pacientes", "Pacientes (estimados)", "entero"),
    ("pacientes_requeridos", "Pacientes requeridos", "entero"),
    ("distancia_km", "Distancia (km)", "km"),
    ("cercania", "Cercanía", "texto"),
    ("tipo_costo", "Tipo de servicio (costo IMSS)", "texto"),
    ("nivel_costo", "Nivel del costo", "texto"),
    ("costo_unitario", "Costo unitario (MXN)", "pesos"),
    ("valor_mensual", "Valor mensual estimado (MXN)", "pesos"),
)


def a_json(analisis: Analisis) -> dict:
    """The whole analysis as JSON-ready values (what ``--json`` prints)."""
    datos = asdict(analisis)
    datos["generado"] = analisis.generado.isoformat()
    del datos["fondo"]  # the map's background dots are not data for programs
    datos["unidades_con_coordenadas"] = len(analisis.fondo)
    return datos


def oportunidad_en_texto(o: Oportunidad, campo: str) -> str:
    valor = getattr(o, campo)
    return "" if valor is None else str(valor)


def escribir_csv(analisis: Analisis, ruta: str | os.PathLike[str]) -> Path:
    """The opportunities as CSV (UTF-8 with BOM, so Excel shows the accents;
    comma separator, decimal point; headings are the JSON field names)."""

    def escribir(archivo) -> None:
        w = csv.writer(archivo)
        w.writerow(
            [c for c, _, _ in COLUMNAS]
            + ["latitud_demanda", "longitud_demanda", "latitud_oferta", "longitud_oferta"]
        )
        for o in analisis.oportunidades:
            w.writerow(
                [oportunidad_en_texto(o, c) for c, _, _ in COLUMNAS]
                + [
                    oportunidad_en_texto(o, c)
                    for c in (
                        "latitud_demanda",
                        "longitud_demanda",
                        "latitud_oferta",
                        "longitud_oferta",
                    )
                ]
            )

    return escribir_seguro(ruta, escribir, texto=True)


def escribir_seguro(
    ruta: str | os.PathLike[str], escribir: Callable, *, texto: bool = False
) -> Path:
    """Write through a temporary file in the same folder and rename it into place."""
    destino = Path(ruta).expanduser()
    carpeta = destino.parent if str(destino.parent) else Path(".")
    if destino.is_dir():
        raise ErrorEyF(f"{destino} es una carpeta; indique el nombre del archivo a guardar.")
    if not carpeta.is_dir():
        raise ErrorEyF(
            f"No existe la carpeta {carpeta}; créela o elija otra ruta para guardar {destino.name}."
        )
    try:
        fd, temporal = tempfile.mkstemp(prefix=f".{destino.name}.", suffix=".tmp", dir=carpeta)
    except OSError as exc:
        raise ErrorEyF(
            f"No se pudo escribir en la carpeta {carpeta} ({causa(exc)}). Elija otra carpeta."
        ) from exc
    try:
        if texto:
            with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as archivo:
                escribir(archivo)
        else:
            os.close(fd)
            escribir(Path(temporal))
        os.replace(temporal, destino)
    except OSError as exc:
        Path(temporal).unlink(missing_ok=True)
        raise ErrorEyF(
            f"No se pudo guardar {destino} ({causa(exc)}). Si el archivo está abierto "
            "en otro programa, ciérrelo; si no, elija otra carpeta."
        ) from exc
    except BaseException:
        Path(temporal).unlink(missing_ok=True)
        raise
    return destino
