"""Drawing a laid-out report (``maquetado``) on a reportlab canvas.

Each page's text goes into one text object (far faster than one per
string); rectangles and rules are drawn first, so fills stay behind the
text. What every page repeats is drawn here, once the total is known:
«Fecha de impresión», the version mark, «Página X de Y», the catalog, the
verification code (final) and the «SIN VALIDEZ OFICIAL» watermark
(preliminary: light, diagonal and semi-transparent, over the page so that no
fill hides it, without hiding the data).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from app import acerca
from app.errores import ErrorEyF
from app.reportes.contenido import PRELIMINAR, titulo
from app.reportes.maquetado import (
    ALTO_PAGINA,
    ANCHO_PAGINA,
    DER,
    ESTILOS,
    IZQ,
    MARGEN_CELDA,
    RELLENO,
    Maqueta,
)

ROJO = (0.72, 0.0, 0.0)
NEGRO = (0.0, 0.0, 0.0)
GRIS_PIE = (0.33, 0.33, 0.33)
COLOR = {"aviso": ROJO, "pie": GRIS_PIE}
MARCA_DE_AGUA = "SIN VALIDEZ OFICIAL"

Progreso = Callable[[int, int, str], None]


def dibujar(
    maqueta: Maqueta,
    destino: str | BinaryIO,
    *,
    progreso: Progreso | None = None,
    cancelado: Callable[[], bool] | None = None,
) -> int:
    """Write the PDF; returns its number of pages."""
    datos = maqueta.datos
    c = Canvas(destino, pagesize=(ANCHO_PAGINA, ALTO_PAGINA), pageCompression=1)
    version = "preliminar (Sin Validez Oficial)" if maqueta.version == PRELIMINAR else "final"
    c.setTitle(f"{titulo(datos)}, Entidad Federativa {datos.entidad_nombre}, versión {version}")
    c.setAuthor(acerca.NOMBRE)
    c.setCreator(f"{acerca.NOMBRE} {acerca.VERSION}")
    c.setSubject("Reporte de Excedentes y Faltantes de Servicios Médicos Institucionales")
    total = len(maqueta.paginas)
    for numero, ops in enumerate(maqueta.paginas, start=1):
        _cancelar_si(cancelado)
        _pagina(c, ops)
        _repetido(c, maqueta, numero, total)
        if maqueta.version == PRELIMINAR:
            _marca_de_agua(c)
        c.showPage()
        if progreso is not None and (numero % 20 == 0 or numero == total):
            progreso(numero, total, f"Página {numero} de {total}")
    _cancelar_si(cancelado)
    c.save()
    return total


def _cancelar_si(cancelado: Callable[[], bool] | None) -> None:
    if cancelado is not None and cancelado():
        raise ErrorEyF("Se canceló la generación del reporte; no se escribió ningún archivo.")


_anchos: dict[tuple[str, str, float], float] = {}


def _ancho(cadena: str, fuente: str, tam: float) -> float:
    """stringWidth, remembered: numbers and short labels repeat on every page."""
    clave = (cadena, fuente, tam)
    ancho = _anchos.get(clave)
    if ancho is None:
        if len(_anchos) > 20_000:
            _anchos.clear()
        ancho = _anchos[clave] = stringWidth(cadena, fuente, tam)
    return ancho


def _pagina(c: Canvas, ops: list[tuple]) -> None:
    c.setLineWidth(0.5)
    c.setStrokeGray(0.35)
    texto = c.beginText()
    texto.setFillColorRGB(*NEGRO)
    actual = (None, None)

    def escribir(estilo: str, x: float, y: float, cadena: str, alineacion: str) -> None:
        nonlocal actual
        fuente, tam, _ = ESTILOS[estilo]
        color = COLOR.get(estilo, NEGRO)
        if actual != (estilo, color):
            if actual[0] is None or ESTILOS[actual[0]][:2] != (fuente, tam):
                texto.setFont(fuente, tam)
            if actual[1] != color:
                texto.setFillColorRGB(*color)
            actual = (estilo, color)
        if alineacion == "d":
            x -= _ancho(cadena, fuente, tam)
        elif alineacion == "c":
            x -= _ancho(cadena, fuente, tam) / 2
        texto.setTextOrigin(x, y)
        texto.textLine(cadena)  # unlike textOut, does not measure the string again

    for op in ops:
        clase = op[0]
        if clase == "f":
            _, arriba, alto, columnas, celdas, estilo = op
            _, tam, interlinea = ESTILOS[estilo]
            primera = arriba - RELLENO - tam * 0.8
            for (x, ancho, alineacion), lineas in zip(columnas, celdas, strict=True):
                if alineacion == "d":
                    xa = x + ancho - MARGEN_CELDA
                elif alineacion == "c":
                    xa = x + ancho / 2
                else:
                    xa = x + MARGEN_CELDA
                for i, linea in enumerate(lineas):
                    if linea:
                        escribir(estilo, xa, primera - i * interlinea, linea, alineacion)
            c.line(IZQ, arriba - alto, DER, arriba - alto)
        elif clase == "t":
            _, estilo, x, y, cadena, alineacion = op
            escribir(estilo, x, y, cadena, alineacion)
        elif clase == "r":
            _, x, y, ancho, alto, gris = op
            c.setFillGray(gris)
            c.rect(x, y, ancho, alto, stroke=1, fill=1)
        elif clase == "l":
            c.line(*op[1:])
    c.drawText(texto)


def _repetido(c: Canvas, m: Maqueta, numero: int, total: int) -> None:
    d = m.datos
    arriba = ALTO_PAGINA - 30
    c.setFillColorRGB(*NEGRO)
    c.setFont("Helvetica", 8)
    c.drawString(IZQ, arriba, f"Fecha de impresión: {m.impreso_en:%d/%m/%Y %H:%M:%S}")
    if m.version == PRELIMINAR:
        c.setFillColorRGB(*ROJO)
        c.setFont("Helvetica-Bold", 11)
        c.drawRightString(DER, arriba, "Sin Validez Oficial")
        c.setFont("Helvetica", 7)
        c.drawRightString(DER, arriba - 11, "Reporte preliminar")
    else:
        c.setFont("Helvetica-Bold", 9)
        c.drawRightString(DER, arriba, "Versión final para firmas")
        c.drawRightString(DER, arriba - 11, f"Código de verificación: {d.codigo}")
    c.setFillColorRGB(*GRIS_PIE)
    if numero > 1:
        c.setFont("Helvetica", 7)
        c.drawString(
            IZQ,
            arriba - 11,
            f"Excedentes y Faltantes {d.periodo_anio} · Entidad Federativa {d.entidad_nombre}"
            + (f" · Unidad Médica {d.clues}" if d.clues else ""),
        )
    c.setStrokeGray(0.5)
    c.line(IZQ, arriba - 16, DER, arriba - 16)
    c.line(IZQ, 36, DER, 36)
    c.setFillColorRGB(*NEGRO)
    c.setFont("Helvetica", 8.5)
    c.drawCentredString(ANCHO_PAGINA / 2, 24, f"Página {numero} de {total}")
    c.setFillColorRGB(*GRIS_PIE)
    c.setFont("Helvetica", 6.5)
    marca = d.demostracion and "demostración" not in d.catalogo.lower()
    catalogo = d.catalogo + (" · Catálogo de demostración" if marca else "")
    c.drawString(IZQ, 24, f"{acerca.NOMBRE} {acerca.VERSION}")
    c.drawString(IZQ, 16, catalogo)
    if m.version != PRELIMINAR:
        c.drawRightString(DER, 24, f"Verificación {d.codigo}")


def _marca_de_agua(c: Canvas) -> None:
    c.saveState()
    c.setFillColorRGB(*ROJO)
    c.setFillAlpha(0.11)
    c.translate(ANCHO_PAGINA / 2, ALTO_PAGINA / 2)
    c.rotate(52)
    c.setFont("Helvetica-Bold", 62)
    c.drawCentredString(0, -20, MARCA_DE_AGUA)
    c.restoreState()
