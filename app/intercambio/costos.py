"""The IMSS 2025 unit-cost table (``recursos/costos``) and how an
opportunity is valued with it.

A product's ``tipo_costo`` names a ``tipo_de_servicio`` of the table (compared
without case or accents). The row is the one of the offering unit's level of
care; the table is partial, so when that level lacks the service type the
nearest level that has it is used, the lower one on a tie (the conservative
estimate). ``NO APLICA`` units (mobile units, caravans) count as first level.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from app.errores import ErrorEyF
from app.rutas import recurso
from app.texto import plegar

ARCHIVO = "imss_costos_unitarios_2025_PARCIAL.csv"
FUENTE = "IMSS, costos unitarios por nivel de atención médica 2025 (DOF), tabla parcial"
NIVELES = ("PRIMER NIVEL", "SEGUNDO NIVEL", "TERCER NIVEL")
_NIVEL_EQUIVALENTE = {"NO APLICA": "PRIMER NIVEL"}


@dataclass(frozen=True)
class CostoUnitario:
    tipo_servicio: str  # as written in the table
    nivel: str  # level of the row used
    costo_mxn: int
    nivel_unidad: str  # level of the offering unit

    @property
    def de_otro_nivel(self) -> bool:
        return self.nivel != _NIVEL_EQUIVALENTE.get(self.nivel_unidad, self.nivel_unidad)


def orden_niveles(nivel: str) -> list[str]:
    """Levels to try for a unit of ``nivel``: its own, then the nearest, the lower first."""
    propio = _NIVEL_EQUIVALENTE.get(nivel, nivel)
    if propio not in NIVELES:
        propio = NIVELES[0]
    k = NIVELES.index(propio)
    return sorted(NIVELES, key=lambda n: (abs(NIVELES.index(n) - k), NIVELES.index(n)))


class TablaCostos:
    def __init__(self, filas: list[tuple[str, str, int]]) -> None:
        self._buscados: dict[tuple[str, str], CostoUnitario | None] = {}
        self._costos: dict[tuple[str, str], tuple[str, int]] = {}
        for nivel, tipo, costo in filas:
            self._costos[(nivel.strip().upper(), plegar(tipo))] = (tipo.strip(), costo)

    @classmethod
    def cargar(cls, ruta: Path | None = None) -> TablaCostos:
        ruta = ruta or recurso("costos", ARCHIVO)
        try:
            with ruta.open(encoding="utf-8-sig", newline="") as archivo:
                filas = [
                    (f["nivel_atencion"], f["tipo_de_servicio"], int(f["costo_unitario_2025_mxn"]))
                    for f in csv.DictReader(archivo)
                ]
        except (OSError, KeyError, ValueError) as exc:
            raise ErrorEyF(
                f"No se pudo leer la tabla de costos unitarios {ruta} ({exc}). "
                "Reinstale EyF o restituya ese archivo."
            ) from exc
        return cls(filas)

    def __len__(self) -> int:
        return len(self._costos)

    def tipos(self) -> set[str]:
        return {t for (_, t) in self._costos}

    def buscar(self, tipo_costo: str, nivel_unidad: str) -> CostoUnitario | None:
        """The reference cost of a service type for a unit of that level, or None."""
        clave = (tipo_costo, nivel_unidad)
        if clave not in self._buscados:  # a national analysis asks the same few thousand times
            self._buscados[clave] = self._buscar(tipo_costo, nivel_unidad)
        return self._buscados[clave]

    def _buscar(self, tipo_costo: str, nivel_unidad: str) -> CostoUnitario | None:
        if not tipo_costo.strip():
            return None
        tipo = plegar(tipo_costo)
        for nivel in orden_niveles(nivel_unidad):
            encontrado = self._costos.get((nivel, tipo))
            if encontrado:
                return CostoUnitario(encontrado[0], nivel, encontrado[1], nivel_unidad)
        return None
