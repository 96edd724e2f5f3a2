"""Page layout of the reports, computed in full before anything is drawn.

The result is a list of pages, each a list of plain drawing operations, so
the total page count is known when each page's «Página X de Y» is drawn and
the layout can be checked without a PDF. Rows are laid out by hand (word
wrap with reportlab's metrics, the table header repeated on each page):
one platypus Table of 60,000 rows costs minutes, this costs seconds.

Operations (coordinates in points from the bottom left corner):

- ``("t", estilo, x, y, texto, alineacion)`` one line of text at baseline y;
  alineacion "i" (x is the left edge), "c" (centre) or "d" (right edge);
- ``("r", x, y, ancho, alto, gris)`` a rectangle, filled with that grey level
  (1 white … 0 black) and outlined;
- ``("l", x1, y1, x2, y2)`` a thin line;
- ``("f", y, alto, columnas, celdas, estilo)`` one table row whose top is y:
  ``columnas`` is a tuple of ``(x, ancho, alineacion)`` and ``celdas`` the
  wrapped lines of each cell; its bottom rule is drawn with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.reportes.datos import DatosReporte, Renglon, UnidadReporte

ANCHO_PAGINA, ALTO_PAGINA = letter
IZQ = 36.0
DER = ANCHO_PAGINA - 36.0
ANCHO = DER - IZQ
Y_INICIO = 736.0  # below the running header
Y_FIN = 46.0  # above the footer
RELLENO = 2.5  # cell padding, top and bottom
MARGEN_CELDA = 3.0  # cell padding, left and right
GRIS_ENCABEZADO = 0.86
GRIS_UNIDAD = 0.93

# estilo -> (font, size, leading)
ESTILOS: dict[str, tuple[str, float, float]] = {
    "titulo": ("Helvetica-Bold", 13.0, 16.0),
    "subtitulo": ("Helvetica-Bold", 11.0, 14.0),
    "texto": ("Helvetica", 8.5, 11.0),
    "negrita": ("Helvetica-Bold", 8.5, 11.0),
    "aviso": ("Helvetica-Bold", 9.0, 12.0),
    "unidad": ("Helvetica-Bold", 8.5, 10.5),
    "seccion": ("Helvetica-Bold", 8.5, 10.5),
    "encabezado": ("Helvetica-Bold", 7.5, 9.0),
    "celda": ("Helvetica", 8.0, 9.5),
    "pie": ("Helvetica", 7.0, 9.0),
}

# (title, width, alignment); the two tables share the numeric columns' positions
_NUMERO, _GRUPO, _MODALIDAD, _EVENTOS, _PACIENTES = 22, 92, 64, 50, 54
_PRODUCTO_F, _CAUSA = 186, 72
COLUMNAS_FALTANTES = (
    ("No.", _NUMERO, "c"),
    ("Grupo de Servicio", _GRUPO, "i"),
    ("Producto", _PRODUCTO_F, "i"),
    ("Causa Principal", _CAUSA, "i"),
    ("Ambulatorio/ Hospitalario", _MODALIDAD, "i"),
    ("Eventos Mensuales", _EVENTOS, "d"),
    ("Pacientes Mensuales", _PACIENTES, "d"),
)
COLUMNAS_EXCEDENTES = (
    COLUMNAS_FALTANTES[:2] + (("Producto", _PRODUCTO_F + _CAUSA, "i"),) + COLUMNAS_FALTANTES[4:]
)
RETIRADO = " [retirado del catálogo]"


def _geometria(columnas) -> tuple[tuple[float, float, str], ...]:
    x, resultado = IZQ, []
    for _, ancho, alineacion in columnas:
        resultado.append((x, float(ancho), alineacion))
        x += ancho
    assert abs(x - DER) < 0.01, "las columnas deben llenar el ancho de la página"
    return tuple(resultado)


GEOMETRIA = {
    "faltante": _geometria(COLUMNAS_FALTANTES),
    "excedente": _geometria(COLUMNAS_EXCEDENTES),
}
TITULOS = {"faltante": COLUMNAS_FALTANTES, "excedente": COLUMNAS_EXCEDENTES}
SECCION = {"faltante": "Faltantes", "excedente": "Excedentes"}

_cortes: dict[tuple[str, str, float], tuple[str, ...]] = {}


def partir(texto: str, estilo: str, ancho: float) -> tuple[str, ...]:
    """``texto`` wrapped to ``ancho`` points (words longer than a line are cut)."""
    clave = (texto, estilo, ancho)
    lineas = _cortes.get(clave)
    if lineas is None:
        fuente, tam, _ = ESTILOS[estilo]
        lineas = []
        for linea in simpleSplit(texto, fuente, tam, ancho) or [""]:
            while stringWidth(linea, fuente, tam) > ancho and len(linea) > 1:
                corte = len(linea) - 1
                while corte > 1 and stringWidth(linea[:corte], fuente, tam) > ancho:
                    corte -= 1
                lineas.append(linea[:corte])
                linea = linea[corte:]
            lineas.append(linea)
        lineas = tuple(lineas)
        if len(_cortes) > 50_000:
            _cortes.clear()
        _cortes[clave] = lineas
    return lineas


def numero(n: int) -> str:
    return f"{n:,}"


def hora_local(momento_utc: datetime) -> datetime:
    """A UTC timestamp from the database in the computer's local time."""
    return momento_utc.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


@dataclass
class Maqueta:
    """The laid-out report: its pages and what every page repeats."""

    version: str  # "preliminar" or "final"
    datos: DatosReporte
    impreso_en: datetime  # local time
    huella: str | None
    paginas: list[list[tuple]] = field(default_factory=list)


class _Maquetador:
    def __init__(self, maqueta: Maqueta):
        self.m = maqueta
        self.ops: list[tuple] = []
        self.y = Y_INICIO

    # -- pages and plain text ------------------------------------------------
    def nueva_pagina(self) -> None:
        self.ops = []
        self.m.paginas.append(self.ops)
        self.y = Y_INICIO

    def asegurar(self, alto: float) -> None:
        if self.y - alto < Y_FIN and self.y < Y_INICIO:
            self.nueva_pagina()

    def espacio(self, alto: float) -> None:
        self.y -= alto

    def parrafo(
        self, texto: str, estilo: str = "texto", *, alineacion: str = "i", sangria: float = 0.0
    ) -> None:
        _, tam, interlinea = ESTILOS[estilo]
        for linea in partir(texto, estilo, ANCHO - sangria):
            self.asegurar(interlinea)
            x = {"i": IZQ + sangria, "c": (IZQ + DER) / 2, "d": DER}[alineacion]
            self.ops.append(("t", estilo, x, self.y - tam, linea, alineacion))
            self.y -= interlinea

    def alto_parrafo(self, texto: str, estilo: str) -> float:
        return len(partir(texto, estilo, ANCHO)) * ESTILOS[estilo][2]

    # -- tables --------------------------------------------------------------
    def alto_unidad(self, texto: str) -> float:
        return len(partir(texto, "unidad", ANCHO - 2 * MARGEN_CELDA)) * ESTILOS["unidad"][2] + 5

    def encabezado_unidad(self, texto: str) -> None:
        lineas = partir(texto, "unidad", ANCHO - 2 * MARGEN_CELDA)
        alto = self.alto_unidad(texto)
        self.ops.append(("r", IZQ, self.y - alto, ANCHO, alto, GRIS_UNIDAD))
        _, tam, interlinea = ESTILOS["unidad"]
        for i, linea in enumerate(lineas):
            self.ops.append(
                ("t", "unidad", IZQ + MARGEN_CELDA, self.y - 2.5 - tam - i * interlinea, linea, "i")
            )
        self.y -= alto

    ALTO_SECCION = 14.0

    def seccion(self, texto: str) -> None:
        self.ops.append(("t", "seccion", IZQ + 1, self.y - 10.5, texto, "i"))
        self.y -= self.ALTO_SECCION

    def celdas_encabezado(self, tipo: str) -> tuple[tuple[str, ...], ...]:
        return tuple(
            partir(titulo, "encabezado", ancho - 2 * MARGEN_CELDA)
            for titulo, ancho, _ in TITULOS[tipo]
        )

    def alto_encabezado(self, tipo: str) -> float:
        return (
            max(len(c) for c in self.celdas_encabezado(tipo)) * ESTILOS["encabezado"][2]
            + 2 * RELLENO
        )

    def encabezado_tabla(self, tipo: str) -> None:
        alto = self.alto_encabezado(tipo)
        self.ops.append(("r", IZQ, self.y - alto, ANCHO, alto, GRIS_ENCABEZADO))
        columnas = tuple((x, w, "c") for x, w, _ in GEOMETRIA[tipo])
        self.ops.append(("f", self.y, alto, columnas, self.celdas_encabezado(tipo), "encabezado"))
        self.y -= alto

    def celdas(self, r: Renglon) -> tuple[tuple[str, ...], ...]:
        geo = GEOMETRIA[r.tipo]
        producto = r.producto + (RETIRADO if r.retirado else "")
        valores = [str(r.numero), r.grupo, producto]
        if r.tipo == "faltante":
            valores.append(r.causa or "")
        valores += [r.modalidad, numero(r.eventos), numero(r.pacientes)]
        return tuple(
            partir(v, "celda", w - 2 * MARGEN_CELDA)
            for v, (_, w, _) in zip(valores, geo, strict=True)
        )

    @staticmethod
    def alto_fila(celdas) -> float:
        return max(len(c) for c in celdas) * ESTILOS["celda"][2] + 2 * RELLENO

    def cerrar_tramo(self, tipo: str, arriba: float) -> None:
        """Vertical rules of a table piece, from its header down to here."""
        for x, _, _ in GEOMETRIA[tipo][1:]:
            self.ops.append(("l", x, arriba, x, self.y))
        self.ops.append(("l", IZQ, arriba, IZQ, self.y))
        self.ops.append(("l", DER, arriba, DER, self.y))

    def tabla(
        self, unidad: UnidadReporte, tipo: str, renglones: tuple[Renglon, ...], primera: bool
    ) -> None:
        filas = [self.celdas(r) for r in renglones]
        necesario = (
            (self.alto_unidad(unidad.encabezado) if primera else 0)
            + self.ALTO_SECCION
            + self.alto_encabezado(tipo)
            + self.alto_fila(filas[0])
        )
        self.asegurar(necesario)
        if primera:
            self.encabezado_unidad(self._nombre_unidad(unidad))
        self.seccion(SECCION[tipo])
        arriba = self.y
        self.encabezado_tabla(tipo)
        geo = GEOMETRIA[tipo]
        for celdas in filas:
            alto = self.alto_fila(celdas)
            if self.y - alto < Y_FIN:
                self.cerrar_tramo(tipo, arriba)
                self.nueva_pagina()
                self.encabezado_unidad(self._nombre_unidad(unidad) + " (continuación)")
                self.seccion(f"{SECCION[tipo]} (continuación)")
                arriba = self.y
                self.encabezado_tabla(tipo)
                if self.y - alto < Y_FIN:  # a row taller than a page: cut it
                    disponible = int((self.y - Y_FIN - 2 * RELLENO) // ESTILOS["celda"][2])
                    celdas = tuple(c[:disponible] for c in celdas)
                    alto = self.alto_fila(celdas)
            self.ops.append(("f", self.y, alto, geo, celdas, "celda"))
            self.y -= alto
        self.cerrar_tramo(tipo, arriba)

    @staticmethod
    def _nombre_unidad(unidad: UnidadReporte) -> str:
        return unidad.encabezado + ("" if unidad.vigente else " [unidad retirada del catálogo]")
