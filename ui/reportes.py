"""Saving the preliminary report and the final version for signatures
(Paso 8) as PDF: ask where, generate off the GUI thread with a progress
dialog that can cancel, then offer to open it with the system's viewer.

Used by the tablero (its Reporte columns and buttons) and by Paso 7."""

from __future__ import annotations

from datetime import datetime

from app.errores import ErrorEyF
from app.paquetes.llaves import huella_instalacion
from app.reportes.generar import (
    ResultadoReporte,
    nombre_sugerido,
    reporte_final,
    reporte_preliminar,
)
from ui import ajustes, archivos, dialogos
from ui.pasos.base import Pantalla
from ui.progreso import Progreso, cerrar_dialogo, dialogo_progreso

PRELIMINAR, FINAL = "preliminar", "final"
NOMBRES = {
    PRELIMINAR: "el reporte preliminar (Sin Validez Oficial)",
    FINAL: "la versión final para firmas",
}


def guardar_reporte(
    pantalla: Pantalla, version: str, entidad: str, nombre: str, clues: str | None = None
) -> None:
    """Ask where to save the ``version`` report of ``entidad`` (of the unit
    ``clues`` in a unit installation) and write it."""
    ctx = pantalla.ctx
    momento = datetime.now().replace(microsecond=0)
    de = f"la unidad {clues}" if clues else nombre
    ruta = archivos.para_guardar(
        pantalla,
        ctx,
        ajustes.CARPETA_REPORTES,
        f"Guardar {NOMBRES[version]} de {de}",
        nombre_sugerido(version, entidad, clues, momento),
        archivos.FILTRO_PDF,
        "pdf",
    )
    if ruta is None:
        return
    avance = Progreso()
    progreso = dialogo_progreso(
        pantalla, "Generando el reporte", f"Generando {NOMBRES[version]} de {de}…", avance
    )
    almacen = ctx.almacen

    def trabajo() -> ResultadoReporte:
        if version == FINAL:
            return reporte_final(
                almacen,
                entidad,
                ruta,
                huella=huella_instalacion(almacen),
                impreso_en=momento,
                progreso=avance,
                cancelado=avance.cancelado,
            )
        return reporte_preliminar(
            almacen, entidad, ruta, impreso_en=momento, progreso=avance, cancelado=avance.cancelado
        )

    def listo(r: ResultadoReporte) -> None:
        cerrar_dialogo(progreso)
        pantalla.estado.emit(f"Reporte guardado en {r.ruta}")
        archivos.ofrecer_abrir(pantalla, "Reporte guardado", *describir(r), r.ruta)

    def fallo(exc: BaseException) -> None:
        cerrar_dialogo(progreso)
        if avance.cancelado() and isinstance(exc, ErrorEyF):
            pantalla.estado.emit(exc.mensaje)
            return
        dialogos.mostrar_error(pantalla, exc, ctx.carpeta)

    pantalla.lanzar(trabajo, listo, al_fallar=fallo, mensaje="Generando el reporte…")


def describir(r: ResultadoReporte) -> tuple[str, str]:
    """(text, detail) of the message after saving a report."""
    paginas = f"{r.paginas:,} página" + ("s" if r.paginas != 1 else "")
    texto = f"Se guardó {NOMBRES[r.version]} ({paginas}) en:\n{r.ruta}"
    if r.version == FINAL and r.clues:
        detalle = (
            f"Código de verificación: {r.codigo}. Imprímalo para la firma del (la) director(a) "
            "de la unidad y del (la) responsable del registro, y entréguelo a la coordinación "
            "estatal con el paquete de la unidad."
        )
    elif r.version == FINAL:
        detalle = (
            f"Código de verificación: {r.codigo}. Imprímalo para la firma del Secretario de "
            "Salud Estatal y del Enlace Estatal; después escanee el reporte firmado y súbalo "
            "(Paso 9: columna «Subir (firmado)» del tablero)."
        )
    else:
        detalle = "Revíselo antes de finalizar el registro: cada página dice «Sin Validez Oficial»."
    return texto, detalle
