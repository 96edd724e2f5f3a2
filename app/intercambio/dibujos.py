"""What the PDF annex draws: the bar chart of the exchange potential and
the map (background units, links from offer to demand, the units), as
reportlab drawings."""

from __future__ import annotations

from math import log10

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import cm
from reportlab.platypus import Flowable

from app.intercambio.mapa import AMBOS, DEMANDA, Mapa
from app.intercambio.resumen import FilaResumen

ROJO, VERDE, MORADO = (
    colors.HexColor("#b03a2e"),
    colors.HexColor("#1e8449"),
    colors.HexColor("#6c3483"),
)
AZUL = colors.HexColor("#2e86c1")
GRIS = colors.HexColor("#c5ccd3")


def Grafica(filas: tuple[FilaResumen, ...], alto_maximo: float) -> Drawing:  # noqa: N802
    filas = [f for f in filas if f.eventos_faltantes][:32]
    alto = max(60, min(alto_maximo, 14 * len(filas) + 40))  # fits under the key figures
    d = Drawing(25 * cm, alto)
    if not filas:
        d.add(
            String(
                0,
                alto / 2,
                "No hay faltantes en el alcance del análisis.",
                fontName="Helvetica",
                fontSize=9,
            )
        )
        return d
    g = HorizontalBarChart()
    g.x, g.y, g.width, g.height = 7 * cm, 20, 16 * cm, alto - 30
    g.data = [[f.potencial * 100 for f in reversed(filas)]]
    g.categoryAxis.categoryNames = [f.nombre[:38] for f in reversed(filas)]
    g.categoryAxis.labels.fontName, g.categoryAxis.labels.fontSize = "Helvetica", 7
    g.valueAxis.valueMin, g.valueAxis.valueMax = 0, 100
    g.valueAxis.valueStep = 10
    g.valueAxis.labels.fontSize = 7
    g.valueAxis.labelTextFormat = "%d %%"
    g.bars[0].fillColor = AZUL
    g.barLabelFormat = "%.1f %%"
    g.barLabels.fontSize, g.barLabels.boxAnchor, g.barLabels.dx = 6.5, "w", 3
    d.add(g)
    return d


class MapaPdf(Flowable):
    """The map: background units, links from offer to demand, the units."""

    def __init__(self, m: Mapa, ancho: float, alto: float) -> None:
        super().__init__()
        self.m = m
        self.width, self.height = ancho, alto

    def draw(self) -> None:
        c, m, w, h = self.canv, self.m, self.width, self.height
        c.setStrokeColor(colors.HexColor("#9aa5b1"))
        c.rect(0, 0, w, h, stroke=1, fill=0)
        if m.vacio:
            c.setFont("Helvetica", 9)
            c.drawCentredString(w / 2, h / 2, "Ninguna unidad del alcance tiene coordenadas.")
            return

        def xy(lat: float, lon: float) -> tuple[float, float]:
            return m.proyectar(lat, lon, w, h, y_hacia_abajo=False)

        c.setFillColor(GRIS)
        for lat, lon in m.fondo:
            x, y = xy(lat, lon)
            c.rect(x - 0.35, y - 0.35, 0.7, 0.7, stroke=0, fill=1)
        maximo = max((e.eventos for e in m.enlaces), default=1)
        c.setStrokeColor(AZUL)
        c.setStrokeAlpha(0.45)
        for e in m.enlaces:
            c.setLineWidth(0.3 + 1.7 * log10(1 + 9 * e.eventos / maximo))
            c.line(
                *xy(e.latitud_oferta, e.longitud_oferta), *xy(e.latitud_demanda, e.longitud_demanda)
            )
        c.setStrokeAlpha(1)
        for p in m.puntos:
            x, y = xy(p.latitud, p.longitud)
            c.setFillColor(MORADO if p.papel == AMBOS else ROJO if p.papel == DEMANDA else VERDE)
            c.circle(x, y, 1.8, stroke=0, fill=1)
        leyenda = [
            (ROJO, "necesita"),
            (VERDE, "ofrece"),
            (MORADO, "necesita y ofrece"),
            (GRIS, "otras unidades"),
        ]
        c.setFont("Helvetica", 7)
        c.setFillColor(colors.white)
        c.setFillAlpha(0.85)
        c.rect(4, 16, 78, 46, stroke=0, fill=1)  # bottom left: the Pacific, on a map of Mexico
        c.setFillAlpha(1)
        for n, (color, texto) in enumerate(leyenda):
            c.setFillColor(color)
            c.circle(10, 54 - n * 10, 2.5, stroke=0, fill=1)
            c.setFillColor(colors.black)
            c.drawString(16, 51.5 - n * 10, texto)
        nota = "Las líneas van de la unidad que ofrece a la que necesita; su grosor, los eventos mensuales."
        if m.sin_coordenadas == 1:
            nota += " Una oportunidad con una unidad sin coordenadas no aparece."
        elif m.sin_coordenadas:
            nota += (
                f" {m.sin_coordenadas:,} oportunidades con unidades sin coordenadas no aparecen."
            )
        c.drawString(6, 6, nota)
