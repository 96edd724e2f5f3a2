"""Records of Coahuila (05) in three units, as in the guide's example."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from app.almacen.modelos import Captura
from app.almacen.sesion import transaccion
from app.captura.registro import guardar_capturas
from app.captura.reglas import FilaCaptura

REGISTROS = [
    # clues, product, faltante amb, faltante hosp, causa, excedente amb, excedente hosp, pacientes
    ("CLSSA000033", FilaCaptura("IMA-USG-0001", 15, 5, "FE", None, None, 70)),
    ("CLSSA000033", FilaCaptura("CIR-GEN-0001", None, None, None, None, 1, 1)),
    ("CLSSA000581", FilaCaptura("EST-ODO-0003", None, None, None, 50, None, 50)),
    ("CLSSA002343", FilaCaptura("EST-ODO-0001", 3, None, "FP", None, None, 3)),
]


@pytest.fixture
def con_registros(almacen_capturando):
    """Coahuila answered SÍ; three units with records, one of them imported
    from a unit's bundle (its records carry the bundle id)."""
    guardar_capturas(almacen_capturando, REGISTROS)
    with transaccion(almacen_capturando) as s:
        s.execute(
            update(Captura)
            .where(Captura.clues == "CLSSA002343")
            .values(paquete_id="paquete-de-prueba")
        )
    return almacen_capturando
