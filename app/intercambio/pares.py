"""Which (excedente, faltante) pairs are allowed and what sending one event
between them costs.

- Never a unit with itself. By default only units of **different
  institutions** (the purpose of the Acuerdo General de Coordinación);
  ``misma_institucion`` also allows referrals inside one institution.
- The cost is the great-circle distance in km. A pair where a unit has no
  coordinates has no distance: it costs more than any real distance on Earth
  (half its circumference is 20,037.5 km), in this order: same municipio
  (21,000), same entidad (42,000), any other (63,000).
- ``max_km`` drops the pairs farther than that. A pair without distance is
  kept only when both units are in the same municipio (shown as such).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from app.intercambio.geo import distancia_km, distancias_km

COSTO_MISMO_MUNICIPIO = 21_000.0
COSTO_MISMA_ENTIDAD = 42_000.0
COSTO_OTRA_ENTIDAD = 63_000.0
COSTO_MAXIMO = COSTO_OTRA_ENTIDAD

CERCANIA_KM = "distancia"
CERCANIA_MUNICIPIO = "mismo municipio"
CERCANIA_ENTIDAD = "misma entidad"
CERCANIA_OTRA = "otra entidad"
COSTO_CERCANIA = {
    CERCANIA_MUNICIPIO: COSTO_MISMO_MUNICIPIO,
    CERCANIA_ENTIDAD: COSTO_MISMA_ENTIDAD,
    CERCANIA_OTRA: COSTO_OTRA_ENTIDAD,
}


@dataclass(frozen=True, slots=True)
class Sitio:
    """Where a unit is and to whom it belongs (what the matching needs of it)."""

    clues: str
    institucion: str
    entidad: str
    municipio: str | None
    latitud: float | None
    longitud: float | None

    @property
    def con_coordenadas(self) -> bool:
        return self.latitud is not None and self.longitud is not None


@dataclass(frozen=True, slots=True)
class Criterios:
    max_km: float | None = None  # None: no limit
    misma_institucion: bool = False  # True: referrals inside one institution count too


def cercania(a: Sitio, b: Sitio) -> tuple[str, float | None]:
    """How near two units are: (CERCANIA_KM, km) or, without coordinates,
    their relation (same municipio, same entidad, other entidad) and None."""
    if a.con_coordenadas and b.con_coordenadas:
        return CERCANIA_KM, distancia_km(a.latitud, a.longitud, b.latitud, b.longitud)
    if a.entidad == b.entidad:
        if a.municipio and a.municipio == b.municipio:
            return CERCANIA_MUNICIPIO, None
        return CERCANIA_ENTIDAD, None
    return CERCANIA_OTRA, None


def costo_par(a: Sitio, b: Sitio, criterios: Criterios) -> float | None:
    """Cost of one event from a to b, or None when the pair is not allowed
    (the scalar twin of ``TablaSitios.costos``)."""
    if a.clues == b.clues:
        return None
    if not criterios.misma_institucion and a.institucion == b.institucion:
        return None
    relacion, km = cercania(a, b)
    if criterios.max_km is not None:
        if km is None and relacion != CERCANIA_MUNICIPIO:
            return None
        if km is not None and km > criterios.max_km:
            return None
    return km if km is not None else COSTO_CERCANIA[relacion]


class TablaSitios:
    """The units as arrays, for computing whole cost matrices at once."""

    def __init__(self, sitios: Sequence[Sitio]) -> None:
        self.sitios = list(sitios)
        self.posicion = {s.clues: k for k, s in enumerate(self.sitios)}
        nan = float("nan")
        self.lat = np.array([s.latitud if s.con_coordenadas else nan for s in sitios], dtype=float)
        self.lon = np.array([s.longitud if s.con_coordenadas else nan for s in sitios], dtype=float)
        self.institucion = _codigos([s.institucion for s in sitios])
        self.entidad = _codigos([s.entidad for s in sitios])
        self.municipio = _codigos(
            [f"{s.entidad}|{s.municipio}" if s.municipio else None for s in sitios]
        )

    def cercanias(self, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, list[str]]:
        """Vectorised ``cercania``: km (NaN when unknown) and the relation of each pair."""
        km = distancias_km(self.lat[a], self.lon[a], self.lat[b], self.lon[b])
        mun_a = self.municipio[a]
        codigo = np.where(
            ~np.isnan(km),
            0,
            np.where(
                (mun_a == self.municipio[b]) & (mun_a >= 0),
                1,
                np.where(self.entidad[a] == self.entidad[b], 2, 3),
            ),
        )
        nombres = (CERCANIA_KM, CERCANIA_MUNICIPIO, CERCANIA_ENTIDAD, CERCANIA_OTRA)
        return km, [nombres[c] for c in codigo.tolist()]

    def costos(self, a: np.ndarray, b: np.ndarray, criterios: Criterios) -> np.ndarray:
        """Cost (km) of one event from the units at positions ``a`` to those at
        ``b``, element-wise with numpy broadcasting; +inf where not allowed."""
        km = distancias_km(self.lat[a], self.lon[a], self.lat[b], self.lon[b])
        conocida = ~np.isnan(km)
        mun_a = self.municipio[a]
        mismo_mun = (mun_a == self.municipio[b]) & (mun_a >= 0)
        sin_distancia = np.where(
            mismo_mun,
            COSTO_MISMO_MUNICIPIO,
            np.where(self.entidad[a] == self.entidad[b], COSTO_MISMA_ENTIDAD, COSTO_OTRA_ENTIDAD),
        )
        permitido = a != b
        if not criterios.misma_institucion:
            permitido = permitido & (self.institucion[a] != self.institucion[b])
        if criterios.max_km is not None:
            with np.errstate(invalid="ignore"):
                permitido = permitido & np.where(conocida, km <= criterios.max_km, mismo_mun)
        return np.where(permitido, np.where(conocida, km, sin_distancia), np.inf)


def _codigos(valores: list[str | None]) -> np.ndarray:
    """Small integer codes for equality tests (-1 for None)."""
    tabla: dict[str, int] = {}
    return np.array(
        [-1 if v is None else tabla.setdefault(v, len(tabla)) for v in valores], dtype=np.int64
    )
