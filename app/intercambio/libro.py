"""The analysis as an XLSX workbook (openpyxl): one sheet per view, real
numbers (pesos, kilometres and percentages with their format), the heading
row frozen and filters on every sheet.

Sheets: Criterios, Resumen (totals and by entidad), Por grupo, Por producto,
Oportunidades, Sin oferta (what the sector lacks), Sin cubrir, Sin demanda.
Written in openpyxl's streaming mode so a national analysis fits in memory.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from app import acerca
from app.errores import ErrorEyF
from app.intercambio.analisis import NOMBRE_MODALIDAD, Analisis, Pendiente
from app.intercambio.costos import FUENTE
from app.intercambio.exportar import COLUMNAS, escribir_seguro
from app.intercambio.resumen import FilaResumen

FORMATOS = {"pesos": '"$"#,##0', "km": "#,##0.0", "entero": "#,##0", "porcentaje": "0.0%"}
_NEGRITA = Font(bold=True)
_ENCABEZADO = PatternFill("solid", fgColor="D9E2EC")

COLUMNAS_RESUMEN = (
    ("Eventos faltantes", "entero"),
    ("Eventos cubiertos", "entero"),
    ("Potencial de intercambio", "porcentaje"),
    ("Eventos excedentes", "entero"),
    ("Eventos excedentes comprometidos", "entero"),
    ("Oportunidades", "entero"),
    ("Valor mensual estimado (MXN)", "pesos"),
)
COLUMNAS_PENDIENTE = (
    ("clues", "CLUES", "texto"),
    ("unidad", "Unidad", "texto"),
    ("institucion", "Institución", "texto"),
    ("entidad_nombre", "Entidad", "texto"),
    ("producto", "Clave", "texto"),
    ("producto_nombre", "Producto", "texto"),
    ("grupo", "Grupo de servicio", "texto"),
    ("modalidad", "Modalidad", "texto"),
    ("eventos", "Eventos mensuales", "entero"),
    ("eventos_cruzados", "Eventos cubiertos", "entero"),
    ("pacientes", "Pacientes mensuales", "entero"),
    ("causa", "Causa principal", "texto"),
    ("motivo", "Motivo", "texto"),
)


def escribir_libro(
    analisis: Analisis,
    ruta: str | os.PathLike[str],
    *,
    progreso: Callable[[int, int, str], None] | None = None,
    cancelado: Callable[[], bool] | None = None,
) -> Path:
    """Write the workbook; nothing is left at ``ruta`` if it fails or is
    cancelled (a national workbook takes about a minute)."""
    control = _Control(
        len(analisis.oportunidades)
        + len(analisis.faltantes_sin_oferta)
        + len(analisis.faltantes_sin_cubrir)
        + len(analisis.excedentes_sin_demanda),
        progreso,
        cancelado,
    )

    def escribir(temporal: Path) -> None:
        wb = Workbook(write_only=True)
        _criterios(wb, analisis)
        r = analisis.resumen
        _hoja(
            wb,
            "Resumen",
            [("Entidad", "texto"), ("Clave", "texto"), *COLUMNAS_RESUMEN],
            [_fila_resumen(f, f.nombre, f.clave) for f in (r.total, *r.por_entidad)],
            anchos=[34, 8],
        )
        _hoja(
            wb,
            "Por grupo",
            [("Grupo de servicio", "texto"), ("Clave", "texto"), *COLUMNAS_RESUMEN],
            [_fila_resumen(f, f.nombre, f.clave) for f in r.por_grupo],
            anchos=[40, 8],
        )
        _hoja(
            wb,
            "Por producto",
            [("Producto", "texto"), ("Clave", "texto"), *COLUMNAS_RESUMEN],
            [_fila_resumen(f, f.nombre, f.clave) for f in r.por_producto],
            anchos=[60, 14],
        )
        _hoja(
            wb,
            "Oportunidades",
            [(t, k) for _, t, k in COLUMNAS],
            control.filas([getattr(o, c) for c, _, _ in COLUMNAS] for o in analisis.oportunidades),
            anchos=[7, 13, 40, 8, 18, 18, 13, 40, 8, 18, 18, 14, 50, 26, 13],
        )
        for titulo, pendientes in (
            ("Sin oferta", analisis.faltantes_sin_oferta),
            ("Sin cubrir", analisis.faltantes_sin_cubrir),
            ("Sin demanda", analisis.excedentes_sin_demanda),
        ):
            _hoja_pendientes(wb, titulo, pendientes, control)
        wb.save(temporal)  # a cancelled workbook is still closed properly...
        if control.cancelado:  # ... and then thrown away by escribir_seguro
            raise ErrorEyF("Se canceló el libro XLSX; no se guardó ningún archivo.")

    return escribir_seguro(ruta, escribir)


class _Control:
    """Progress every 2,000 rows; once cancelled, every sheet stops early."""

    def __init__(self, total: int, progreso, cancelado) -> None:
        self.total, self.hechas = total, 0
        self.progreso, self.pregunta = progreso, cancelado
        self.cancelado = False

    def filas(self, filas: Iterable[Sequence]) -> Iterable[Sequence]:
        for fila in filas:
            if self.cancelado:
                return
            self.hechas += 1
            if self.hechas % 2000 == 0:
                if self.pregunta is not None and self.pregunta():
                    self.cancelado = True
                    return
                if self.progreso is not None:
                    self.progreso(
                        self.hechas, self.total, f"Libro: {self.hechas:,} de {self.total:,} filas"
                    )
            yield fila


def _criterios(wb: Workbook, a: Analisis) -> None:
    filas = [
        ("Análisis", "Oportunidades de intercambio de servicios"),
        ("Alcance", a.alcance),
        ("Distancia máxima", f"{a.max_km:g} km" if a.max_km is not None else "sin límite"),
        (
            "Instituciones",
            "también dentro de una misma institución"
            if a.misma_institucion
            else "solo entre instituciones distintas",
        ),
        (
            "Catálogo",
            a.catalogo
            + (
                " (demostración)"
                if a.demostracion and "demostración" not in a.catalogo.lower()
                else ""
            ),
        ),
        ("Generado", a.generado.strftime("%d/%m/%Y %H:%M")),
        ("Programa", f"{acerca.NOMBRE} {acerca.VERSION}"),
        ("Costos de referencia", FUENTE),
        (
            "Nota",
            "Eventos y pacientes son mensuales. El potencial es la parte de los eventos "
            "faltantes que los excedentes pueden cubrir. Distancia en línea recta.",
        ),
    ]
    _hoja(wb, "Criterios", [("Concepto", "texto"), ("Valor", "texto")], filas, anchos=[24, 90])


def _fila_resumen(f: FilaResumen, nombre: str, clave: str) -> list:
    return [
        nombre,
        clave or None,
        f.eventos_faltantes,
        f.eventos_cubiertos,
        f.potencial,
        f.eventos_excedentes,
        f.eventos_comprometidos,
        f.oportunidades,
        f.valor_mensual,
    ]


def _hoja_pendientes(
    wb: Workbook, titulo: str, pendientes: Sequence[Pendiente], control: _Control
) -> None:
    columnas = COLUMNAS_PENDIENTE
    if titulo == "Sin demanda":
        columnas = tuple(
            (c, "Eventos comprometidos" if c == "eventos_cruzados" else t, k)
            for c, t, k in columnas
            if c != "causa"
        )
    elif titulo == "Sin oferta":
        columnas = tuple(c for c in columnas if c[0] != "eventos_cruzados")
    _hoja(
        wb,
        titulo,
        [(t, k) for _, t, k in columnas],
        control.filas([getattr(p, c) for c, _, _ in columnas] for p in pendientes),
        anchos=[13, 40, 8, 18, 14, 50, 26, 13],
    )


def _hoja(
    wb: Workbook,
    titulo: str,
    columnas: Sequence[tuple[str, str]],
    filas: Iterable[Sequence],
    *,
    anchos: Sequence[int] = (),
) -> None:
    ws = wb.create_sheet(titulo)
    ws.freeze_panes = "A2"
    for n, (texto, _tipo) in enumerate(columnas, start=1):
        ancho = anchos[n - 1] if n <= len(anchos) else max(12, min(30, len(texto) + 2))
        ws.column_dimensions[get_column_letter(n)].width = ancho
    encabezado = []
    for texto, _ in columnas:
        celda = WriteOnlyCell(ws, value=texto)
        celda.font, celda.fill = _NEGRITA, _ENCABEZADO
        celda.alignment = Alignment(wrap_text=True, vertical="top")
        encabezado.append(celda)
    ws.append(encabezado)
    con_formato = [
        (n, FORMATOS[k]) for n, (_, k) in enumerate(columnas) if k in ("pesos", "km", "porcentaje")
    ]
    # People read the workbook: the modality as the window says it («Ambulatoria»);
    # the CSV and the JSON keep the key («ambulatorio») for programs.
    modalidades = [n for n, (texto, _) in enumerate(columnas) if texto == "Modalidad"]
    cuantas = 0
    for fila in filas:
        fila = list(fila)
        for n in modalidades:
            fila[n] = NOMBRE_MODALIDAD.get(fila[n], fila[n])
        for n, formato in con_formato:
            if fila[n] is not None:
                celda = WriteOnlyCell(ws, value=fila[n])
                celda.number_format = formato
                fila[n] = celda
        ws.append(fila)
        cuantas += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columnas))}{cuantas + 1}"
