"""The map of an analysis, drawn offline from the units' own coordinates:
every unit in scope as a faint background dot (together they draw the
country or the state), the units with opportunities on top, and a line from
each offering unit to each unit it covers.

Pure data and a projection; the PDF annex and the window draw it each with
its own tools. The projection is equirectangular with the longitude scaled
by the cosine of the middle latitude (distances look right at Mexico's
scale), fitted into the drawing area keeping the aspect ratio.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from math import cos, radians

from app.intercambio.analisis import Analisis

DEMANDA, OFERTA, AMBOS = "demanda", "oferta", "ambos"


@dataclass(frozen=True)
class Punto:
    clues: str
    latitud: float
    longitud: float
    papel: str  # DEMANDA, OFERTA or AMBOS
    eventos: int  # events covered (demand) plus events committed (offer)


@dataclass(frozen=True)
class Enlace:
    clues_oferta: str
    clues_demanda: str
    latitud_oferta: float
    longitud_oferta: float
    latitud_demanda: float
    longitud_demanda: float
    eventos: int  # all the events the offering unit covers for the demanding unit


@dataclass(frozen=True)
class Mapa:
    fondo: tuple[tuple[float, float], ...]
    puntos: tuple[Punto, ...]
    enlaces: tuple[Enlace, ...]
    sin_coordenadas: int  # opportunities with a unit that has no coordinates (not drawn)
    sur: float
    norte: float
    oeste: float
    este: float

    @property
    def vacio(self) -> bool:
        return not (self.fondo or self.puntos)

    def proyectar(
        self,
        latitud: float,
        longitud: float,
        ancho: float,
        alto: float,
        *,
        y_hacia_abajo: bool = True,
    ) -> tuple[float, float]:
        """(x, y) of a coordinate in a drawing area of ``ancho`` × ``alto``
        (y grows downwards as on screen, or upwards as in PDF)."""
        escala_x = cos(radians((self.sur + self.norte) / 2))
        w = max((self.este - self.oeste) * escala_x, 1e-6)
        h = max(self.norte - self.sur, 1e-6)
        k = min(ancho / w, alto / h)
        x0 = (ancho - w * k) / 2
        y0 = (alto - h * k) / 2
        x = x0 + (longitud - self.oeste) * escala_x * k
        y = y0 + (self.norte - latitud) * k
        return (x, y) if y_hacia_abajo else (x, alto - y)


def mapa(analisis: Analisis) -> Mapa:
    puntos: dict[str, list] = {}
    enlaces: dict[tuple[str, str], list] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0, 0])
    sin = 0
    for o in analisis.oportunidades:
        if None in (o.latitud_demanda, o.longitud_demanda, o.latitud_oferta, o.longitud_oferta):
            sin += 1
        for clues, lat, lon, papel in (
            (o.clues_demanda, o.latitud_demanda, o.longitud_demanda, DEMANDA),
            (o.clues_oferta, o.latitud_oferta, o.longitud_oferta, OFERTA),
        ):
            if lat is None or lon is None:
                continue
            p = puntos.setdefault(clues, [lat, lon, papel, 0])
            if p[2] != papel:
                p[2] = AMBOS
            p[3] += o.eventos_cubiertos
        if o.latitud_demanda is not None and o.latitud_oferta is not None:
            e = enlaces[(o.clues_oferta, o.clues_demanda)]
            e[:4] = [o.latitud_oferta, o.longitud_oferta, o.latitud_demanda, o.longitud_demanda]
            e[4] += o.eventos_cubiertos
    todos = list(analisis.fondo) + [(p[0], p[1]) for p in puntos.values()]
    if todos:
        lats = [t[0] for t in todos]
        lons = [t[1] for t in todos]
        sur, norte, oeste, este = min(lats), max(lats), min(lons), max(lons)
        margen = max(norte - sur, este - oeste, 0.2) * 0.03
        sur, norte, oeste, este = sur - margen, norte + margen, oeste - margen, este + margen
    else:
        sur, norte, oeste, este = 14.5, 32.7, -118.4, -86.7  # the Mexican Republic
    return Mapa(
        tuple(analisis.fondo),
        tuple(Punto(c, p[0], p[1], p[2], p[3]) for c, p in sorted(puntos.items())),
        tuple(
            Enlace(o, d, *v[:4], v[4])
            for (o, d), v in sorted(enlaces.items(), key=lambda kv: kv[1][4])
        ),
        sin,
        sur,
        norte,
        oeste,
        este,
    )
