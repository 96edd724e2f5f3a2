"""Shared fixtures: a state coordination with records (the hand-made catalog)."""

import pytest

from app.captura.registro import guardar_capturas
from app.captura.reglas import FilaCaptura

USG, CIR, ODO, CEX = "IMA-USG-0001", "CIR-GEN-0001", "EST-ODO-0003", "EST-CEX-0001"


def fila(producto, fa=None, fh=None, causa=None, ea=None, eh=None, pacientes=None):
    return FilaCaptura(producto, fa, fh, causa, ea, eh, pacientes)


@pytest.fixture
def coahuila(almacen_capturando):
    guardar_capturas(
        almacen_capturando,
        [
            ("CLIMS000010", fila(USG, ea="30", pacientes="30")),
            ("CLSSA000033", fila(USG, fa="20", fh="5", causa="FE", pacientes="70")),
            ("CLSSA000581", fila(USG, fa="15", causa="FE", pacientes="15")),
            ("CLSSA000581", fila(CIR, fa="4", causa="FP", pacientes="4")),
            ("CLSSA002343", fila(ODO, ea="10", pacientes="10")),
            ("CLSSA000033", fila(CEX, ea="3", pacientes="3")),
            ("CLIMS000010", fila(CEX, fa="2", causa="CS", pacientes="2")),
        ],
    )
    return almacen_capturando
