"""The PDF annex of an analysis (reportlab): key figures, a chart of the
potential, the map, the summaries, what the sector lacks and the detail of
the opportunities (the first ``LIMITE_DETALLE``; the XLSX workbook has all).
Letter size, landscape, «Página X de Y» on every page."""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    KeepTogether,
    LongTable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)

from app import acerca
from app.intercambio.analisis import NOMBRE_MODALIDAD, Analisis, Pendiente
from app.intercambio.dibujos import Grafica, MapaPdf
from app.intercambio.exportar import escribir_seguro
from app.intercambio.mapa import mapa
from app.intercambio.resumen import FilaResumen
from app.texto import cuantos

LIMITE_DETALLE = 3_000
ALTO_GRAFICA = 370
LIMITE_LISTAS = 40
PAGINA = landscape(letter)
ROJO, VERDE, MORADO = (
    colors.HexColor("#b03a2e"),
    colors.HexColor("#1e8449"),
    colors.HexColor("#6c3483"),
)
AZUL = colors.HexColor("#2e86c1")
_BASE = ParagraphStyle("base", fontName="Helvetica", fontSize=8, leading=10)
_CELDA = ParagraphStyle("celda", parent=_BASE, fontSize=6.5, leading=7.8)
_TITULO = ParagraphStyle("titulo", parent=_BASE, fontName="Helvetica-Bold", fontSize=15, leading=19)
_SUB = ParagraphStyle(
    "sub",
    parent=_BASE,
    fontName="Helvetica-Bold",
    fontSize=11,
    leading=14,
    spaceBefore=8,
    spaceAfter=4,
)
_CIFRA = ParagraphStyle("cifra", parent=_BASE, fontName="Helvetica-Bold", fontSize=13, leading=16)


def escribir_anexo(analisis: Analisis, ruta: str | os.PathLike[str]) -> Path:
    def escribir(temporal: Path) -> None:
        doc = SimpleDocTemplate(
            str(temporal),
            pagesize=PAGINA,
            leftMargin=1.3 * cm,
            rightMargin=1.3 * cm,
            topMargin=1.6 * cm,
            bottomMargin=1.5 * cm,
            title="Anexo: oportunidades de intercambio de servicios",
            author=acerca.NOMBRE,
            creator=f"{acerca.NOMBRE} {acerca.VERSION}",
            subject=analisis.alcance,
        )
        doc.build(_contenido(analisis), canvasmaker=_lienzo(analisis))

    return escribir_seguro(ruta, escribir)


def _contenido(a: Analisis) -> list:
    r = a.resumen
    t = r.total
    criterios = (
        f"{a.alcance}. Distancia máxima: {f'{a.max_km:g} km' if a.max_km is not None else 'sin límite'}. "
        + (
            "Se incluyen referencias dentro de una misma institución."
            if a.misma_institucion
            else "Solo intercambios entre instituciones distintas."
        )
    )
    cifras = [
        (f"{t.potencial:.1%}", "potencial de intercambio"),
        (
            f"{t.eventos_cubiertos:,} de {t.eventos_faltantes:,}",
            "eventos faltantes cubiertos al mes",
        ),
        (f"{t.oportunidades:,}", "oportunidades"),
        (
            f"{r.unidades_cubiertas:,} de {r.unidades_con_faltante:,}",
            "unidades con faltantes que reciben cobertura",
        ),
        (f"${t.valor_mensual:,}", "valor mensual estimado (costos IMSS 2025)"),
    ]
    historia: list = [
        Paragraph("Anexo: oportunidades de intercambio de servicios", _TITULO),
        Paragraph(_x(criterios), _BASE),
        Paragraph(_x(f"Catálogo: {a.catalogo}. Análisis del {a.generado:%d/%m/%Y %H:%M}."), _BASE),
        Spacer(1, 8),
        _tabla(
            [
                [Paragraph(_x(v), _CIFRA) for v, _ in cifras],
                [Paragraph(_x(e), _BASE) for _, e in cifras],
            ],
            [4.9 * cm] * len(cifras),
            encabezado=False,
        ),
        Spacer(1, 10),
    ]
    por_entidad = len(r.por_entidad) > 1
    filas = r.por_entidad if por_entidad else r.por_grupo
    titulo = "Potencial de intercambio por " + ("entidad" if por_entidad else "grupo de servicio")
    historia.append(KeepTogether([Paragraph(titulo, _SUB), Grafica(filas, ALTO_GRAFICA)]))
    historia += [
        PageBreak(),
        Paragraph("Mapa de las oportunidades", _SUB),
        MapaPdf(mapa(a), PAGINA[0] - 2.6 * cm, PAGINA[1] - 5.2 * cm),
    ]
    historia += [
        PageBreak(),
        Paragraph("Resumen por entidad", _SUB),
        _resumen(r.por_entidad + (t,), "Entidad"),
    ]
    historia += [
        Paragraph("Resumen por grupo de servicio", _SUB),
        _resumen(r.por_grupo, "Grupo de servicio"),
    ]
    productos = r.por_producto[:LIMITE_LISTAS]
    historia += [
        Paragraph(
            f"Productos con más eventos faltantes ({len(productos)} de {len(r.por_producto)})", _SUB
        ),
        _resumen(productos, "Producto"),
    ]
    historia += _carencias(
        "Lo que el sector no ofrece: faltantes sin ninguna oferta", a.faltantes_sin_oferta
    )
    historia += _carencias("Excedentes que ninguna unidad necesita", a.excedentes_sin_demanda)
    historia += [PageBreak()] + _detalle(a)
    if r.registros_retirados:
        historia.append(
            Paragraph(
                _x(
                    f"No se incluyeron {r.registros_retirados:,} registros de unidades o productos retirados del catálogo."
                ),
                _BASE,
            )
        )
    return historia


def _x(texto: str) -> str:
    return texto.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _tabla(
    filas, anchos, *, encabezado: bool = True, derecha_desde: int | None = None
) -> LongTable:
    t = LongTable(filas, colWidths=anchos, repeatRows=1 if encabezado else 0)
    estilo = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTSIZE", (0, 0), (-1, -1), 6.5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#b0b7bf")),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    if encabezado:
        estilo += [
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#d9e2ec")),
            ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ]
    if derecha_desde is not None:
        estilo.append(("ALIGN", (derecha_desde, 0), (-1, -1), "RIGHT"))
    t.setStyle(TableStyle(estilo))
    return t


def _resumen(filas: tuple[FilaResumen, ...], titulo: str) -> LongTable:
    datos = [
        [
            titulo,
            "Faltantes",
            "Cubiertos",
            "Potencial",
            "Excedentes",
            "Comprometidos",
            "Oportunidades",
            "Valor mensual (MXN)",
        ]
    ]
    for f in filas:
        datos.append(
            [
                Paragraph(_x(f.nombre), _CELDA),
                f"{f.eventos_faltantes:,}",
                f"{f.eventos_cubiertos:,}",
                f"{f.potencial:.1%}",
                f"{f.eventos_excedentes:,}",
                f"{f.eventos_comprometidos:,}",
                f"{f.oportunidades:,}",
                f"${f.valor_mensual:,}",
            ]
        )
    return _tabla(datos, [8.5 * cm] + [2.3 * cm] * 6 + [3 * cm], derecha_desde=1)


def _carencias(titulo: str, pendientes: tuple[Pendiente, ...]) -> list:
    por_producto: dict[tuple[str, str, str], list] = defaultdict(lambda: [0, set()])
    for p in pendientes:
        c = por_producto[(p.producto_nombre, p.grupo, p.modalidad)]
        c[0] += p.eventos
        c[1].add(p.clues)
    orden = sorted(por_producto.items(), key=lambda kv: (-kv[1][0], kv[0]))
    datos = [["Producto", "Grupo de servicio", "Modalidad", "Eventos mensuales", "Unidades"]]
    for (nombre, grupo, modalidad), (eventos, unidades) in orden[:LIMITE_LISTAS]:
        datos.append(
            [
                Paragraph(_x(nombre), _CELDA),
                Paragraph(_x(grupo), _CELDA),
                NOMBRE_MODALIDAD.get(modalidad, modalidad),
                f"{eventos:,}",
                f"{len(unidades):,}",
            ]
        )
    encabezado = Paragraph(
        _x(
            f"{titulo} ({cuantos(len(orden), 'producto y modalidad', 'productos y modalidades')}; "
            f"{cuantos(len(pendientes), 'registro', 'registros')})"
        ),
        _SUB,
    )
    if len(datos) == 1:
        return [encabezado, Paragraph("Ninguno.", _BASE)]
    return [
        KeepTogether(
            [
                encabezado,
                _tabla(datos, [11 * cm, 6 * cm, 2.6 * cm, 2.6 * cm, 2.2 * cm], derecha_desde=3),
            ]
        )
    ]


def _detalle(a: Analisis) -> list:
    total = len(a.oportunidades)
    mostradas = a.oportunidades[:LIMITE_DETALLE]
    titulo = f"Detalle de las oportunidades ({total:,})"
    if total > len(mostradas):
        titulo = f"Detalle: primeras {len(mostradas):,} de {total:,} oportunidades (todas están en el libro XLSX)"
    datos = [
        [
            "No.",
            "Necesita",
            "Inst.",
            "Ofrece",
            "Inst.",
            "Producto",
            "Modalidad",
            "Cubre / requiere",
            "Pacientes",
            "Km",
            "Valor (MXN)",
        ]
    ]
    for o in mostradas:
        km = f"{o.distancia_km:,.1f}" if o.distancia_km is not None else o.cercania
        datos.append(
            [
                str(o.numero),
                Paragraph(_x(f"{o.clues_demanda} {o.unidad_demanda}"), _CELDA),
                o.institucion_demanda,
                Paragraph(_x(f"{o.clues_oferta} {o.unidad_oferta}"), _CELDA),
                o.institucion_oferta,
                Paragraph(_x(o.producto_nombre), _CELDA),
                NOMBRE_MODALIDAD.get(o.modalidad, o.modalidad),
                f"{o.eventos_cubiertos:,} / {o.eventos_requeridos:,}",
                f"{o.pacientes:,}",
                Paragraph(_x(km), _CELDA),
                f"${o.valor_mensual:,}" if o.valor_mensual is not None else "",
            ]
        )
    anchos = [
        0.9 * cm,
        5.0 * cm,
        0.9 * cm,
        5.0 * cm,
        0.9 * cm,
        4.8 * cm,
        1.8 * cm,
        1.7 * cm,
        1.3 * cm,
        1.4 * cm,
        1.6 * cm,
    ]
    return [Paragraph(_x(titulo), _SUB), _tabla(datos, anchos, derecha_desde=7)]


def _lienzo(a: Analisis):
    class _Numerado(Canvas):
        """Two passes: the total number of pages is known when the footer is drawn."""

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._paginas: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._paginas.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._paginas)
            for estado in self._paginas:
                self.__dict__.update(estado)
                self._pie(total)
                super().showPage()
            super().save()

        def _pie(self, total: int) -> None:
            ancho, alto = PAGINA
            self.setFont("Helvetica", 7)
            self.setFillColor(colors.HexColor("#555555"))
            self.drawString(
                1.3 * cm, alto - 1.0 * cm, f"Fecha de impresión: {a.generado:%d/%m/%Y %H:%M}"
            )
            self.drawRightString(
                ancho - 1.3 * cm, alto - 1.0 * cm, "Anexo: oportunidades de intercambio"
            )
            marca = (
                " · Catálogo de demostración"
                if a.demostracion and "demostración" not in a.catalogo.lower()
                else ""
            )
            self.drawString(
                1.3 * cm, 0.8 * cm, f"{acerca.NOMBRE} {acerca.VERSION} · {a.catalogo}{marca}"
            )
            self.drawRightString(
                ancho - 1.3 * cm, 0.8 * cm, f"Página {self._pageNumber} de {total}"
            )

    return _Numerado
