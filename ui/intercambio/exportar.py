"""Saving an analysis from the view: the XLSX workbook (one sheet per view),
the opportunities as CSV and the PDF annex. Ask where (the last folder is
remembered), write off the GUI thread with a progress dialog that can
cancel, then offer to open the file."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.errores import ErrorEyF
from app.intercambio.analisis import Analisis
from app.texto import plegar
from ui import archivos, dialogos
from ui.ajustes import Clave
from ui.pasos.base import Pantalla
from ui.progreso import Progreso, cerrar_dialogo, dialogo_progreso

CARPETA_OPORTUNIDADES = Clave("carpetas/oportunidades", str, "")


def _libro(a: Analisis, ruta: Path, p: Progreso) -> Path:
    from app.intercambio.libro import escribir_libro

    return escribir_libro(a, ruta, progreso=p, cancelado=p.cancelado)


def _csv(a: Analisis, ruta: Path, p: Progreso) -> Path:
    from app.intercambio.exportar import escribir_csv

    return escribir_csv(a, ruta)


def _anexo(a: Analisis, ruta: Path, p: Progreso) -> Path:
    from app.intercambio.anexo import escribir_anexo

    return escribir_anexo(a, ruta)


@dataclass(frozen=True)
class Formato:
    nombre: str  # for people
    prefijo: str  # of the suggested file name
    filtro: str
    sufijo: str
    escribir: Callable[[Analisis, Path, Progreso], Path]
    que: str  # what it holds, said after saving


FORMATOS = {
    "xlsx": Formato(
        "el libro XLSX",
        "oportunidades",
        "Libros de Excel (*.xlsx *.XLSX)",
        "xlsx",
        _libro,
        "Una hoja por vista: criterios, resumen, por grupo, por producto, oportunidades, sin "
        "oferta, sin cubrir y sin demanda; con filtros y encabezados fijos.",
    ),
    "csv": Formato(
        "el archivo CSV",
        "oportunidades",
        "Valores separados por comas (*.csv *.CSV)",
        "csv",
        _csv,
        "Una fila por oportunidad, en UTF-8 (Excel muestra los acentos).",
    ),
    "pdf": Formato(
        "el anexo PDF",
        "anexo-oportunidades",
        archivos.FILTRO_PDF,
        "pdf",
        _anexo,
        "Cifras clave, gráfica del potencial, mapa, resúmenes y el detalle de las oportunidades.",
    ),
}


def nombre_sugerido(a: Analisis, formato: str) -> str:
    """«oportunidades-coahuila-de-zaragoza-20261125-2130.xlsx»."""
    lugar = re.sub(r"[^a-z0-9]+", "-", plegar(a.alcance.split(":")[0])).strip("-") or "analisis"
    f = FORMATOS[formato]
    return f"{f.prefijo}-{lugar}-{a.generado:%Y%m%d-%H%M}.{f.sufijo}"


def exportar(pantalla: Pantalla, a: Analisis, formato: str) -> None:
    f = FORMATOS[formato]
    ctx = pantalla.ctx
    ruta = archivos.para_guardar(
        pantalla,
        ctx,
        CARPETA_OPORTUNIDADES,
        f"Guardar {f.nombre} de las oportunidades de intercambio",
        nombre_sugerido(a, formato),
        f.filtro,
        f.sufijo,
    )
    if ruta is None:
        return
    progreso = Progreso()
    dialogo = dialogo_progreso(
        pantalla,
        "Guardando",
        f"Guardando {f.nombre} ({len(a.oportunidades):,} oportunidades)…",
        progreso,
    )

    def listo(escrita: Path) -> None:
        cerrar_dialogo(dialogo)
        pantalla.estado.emit(f"Se guardó {f.nombre} en {escrita}")
        archivos.ofrecer_abrir(
            pantalla,
            "Archivo guardado",
            f"Se guardó {f.nombre} en:\n{escrita}",
            f.que,
            escrita,
        )

    def fallo(exc: BaseException) -> None:
        cerrar_dialogo(dialogo)
        if progreso.cancelado() and isinstance(exc, ErrorEyF):
            pantalla.estado.emit(f"Se canceló: no se guardó {f.nombre}.")
            return
        dialogos.mostrar_error(pantalla, exc, ctx.carpeta)

    pantalla.lanzar(
        lambda: f.escribir(a, ruta, progreso),
        listo,
        al_fallar=fallo,
        mensaje=f"Guardando {f.nombre}…",
    )
