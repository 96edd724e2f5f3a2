"""The allocation of excedentes to faltantes: small cases computed by hand."""

import pytest

from app.intercambio import transporte
from app.intercambio.pares import (
    CERCANIA_ENTIDAD,
    CERCANIA_KM,
    CERCANIA_MUNICIPIO,
    CERCANIA_OTRA,
    Criterios,
    Sitio,
)
from app.intercambio.transporte import Partida, asignar

AMB, HOSP = "ambulatorio", "hospitalario"


def sitio(clues, institucion="SSA", lat=None, lon=None, entidad="05", municipio="030"):
    return Sitio(clues, institucion, entidad, municipio, lat, lon)


@pytest.fixture(params=["directo", "columnas"])
def camino(request, monkeypatch):
    """Every case runs twice: all pairs at once, and by column generation."""
    if request.param == "columnas":
        monkeypatch.setattr(transporte, "PARES_DIRECTOS", 0)
        monkeypatch.setattr(transporte, "CANDIDATOS", 1)
        monkeypatch.setattr(transporte, "AGREGAR", 1)
    return request.param


def resumen(asignaciones):
    return [(a.oferta, a.demanda, a.eventos) for a in asignaciones]


def test_un_excedente_de_30_cubre_20_y_10_del_mas_cercano_primero(camino):
    sitios = {
        "O": sitio("O", "SSA", 25.42, -101.00),
        "CERCA": sitio("CERCA", "IMS", 25.50, -101.00),  # ~9 km
        "LEJOS": sitio("LEJOS", "IMB", 26.90, -101.42),  # ~170 km
    }
    ofertas = [Partida("O", "P1", AMB, 30)]
    demandas = [Partida("LEJOS", "P1", AMB, 15), Partida("CERCA", "P1", AMB, 20)]
    r = asignar(ofertas, demandas, sitios)
    assert resumen(r) == [(0, 0, 10), (0, 1, 20)]
    assert sum(a.eventos for a in r) == 30
    assert r[1].distancia_km == pytest.approx(8.9, abs=0.1)
    assert r[0].distancia_km == pytest.approx(170, abs=5)
    assert {a.cercania for a in r} == {CERCANIA_KM}


def test_misma_clave_otra_modalidad_no_se_cruza(camino):
    sitios = {"O": sitio("O", "SSA", 25.4, -101.0), "D": sitio("D", "IMS", 25.5, -101.0)}
    r = asignar([Partida("O", "P1", AMB, 30)], [Partida("D", "P1", HOSP, 20)], sitios)
    assert r == []
    r = asignar([Partida("O", "P1", AMB, 30)], [Partida("D", "P2", AMB, 20)], sitios)
    assert r == []


def test_cubrir_mas_eventos_antes_que_acortar_distancia(camino):
    # A is nearest to both faltantes; B may only serve F1 (F2 is also IMB).
    # Nearest-first would give A→F1 and leave F2 without cover.
    sitios = {
        "A": sitio("A", "SSA", 25.00, -101.0),
        "B": sitio("B", "IMB", 27.00, -101.0),
        "F1": sitio("F1", "IMS", 25.01, -101.0),
        "F2": sitio("F2", "IMB", 25.02, -101.0),
    }
    ofertas = [Partida("A", "P", AMB, 10), Partida("B", "P", AMB, 10)]
    demandas = [Partida("F1", "P", AMB, 10), Partida("F2", "P", AMB, 10)]
    r = asignar(ofertas, demandas, sitios)
    assert sorted(resumen(r)) == [(0, 1, 10), (1, 0, 10)]


def test_sin_coordenadas_primero_mismo_municipio_luego_entidad_luego_el_resto(camino):
    sitios = {
        "O": sitio("O", "SSA", municipio="030"),
        "MUN": sitio("MUN", "IMS", municipio="030"),
        "ENT": sitio("ENT", "IMB", municipio="018"),
        "OTRA": sitio("OTRA", "IST", entidad="08", municipio="030"),
    }
    demandas = [Partida(c, "P", AMB, 10) for c in ("OTRA", "ENT", "MUN")]
    r = asignar([Partida("O", "P", AMB, 25)], demandas, sitios)
    assert [(demandas[a.demanda].clues, a.eventos, a.cercania) for a in r] == [
        ("OTRA", 5, CERCANIA_OTRA),
        ("ENT", 10, CERCANIA_ENTIDAD),
        ("MUN", 10, CERCANIA_MUNICIPIO),
    ]
    assert all(a.distancia_km is None for a in r)


def test_una_distancia_real_va_antes_que_una_desconocida(camino):
    sitios = {
        "O": sitio("O", "SSA", 25.4, -101.0),
        "LEJOS": sitio("LEJOS", "IMS", 16.7, -93.1),  # >1,000 km but known
        "MUN": sitio("MUN", "IMB"),  # same municipio, no coordinates
    }
    demandas = [Partida("MUN", "P", AMB, 10), Partida("LEJOS", "P", AMB, 10)]
    r = asignar([Partida("O", "P", AMB, 10)], demandas, sitios)
    assert resumen(r) == [(0, 1, 10)]


def test_por_omision_solo_entre_instituciones_distintas(camino):
    sitios = {"A": sitio("A", "SSA", 25.4, -101.0), "B": sitio("B", "SSA", 25.5, -101.0)}
    ofertas, demandas = [Partida("A", "P", AMB, 5)], [Partida("B", "P", AMB, 5)]
    assert asignar(ofertas, demandas, sitios) == []
    r = asignar(ofertas, demandas, sitios, Criterios(misma_institucion=True))
    assert resumen(r) == [(0, 0, 5)]


def test_una_unidad_nunca_se_cubre_a_si_misma(camino):
    sitios = {"A": sitio("A", "SSA", 25.4, -101.0)}
    r = asignar(
        [Partida("A", "P", AMB, 5)],
        [Partida("A", "P", AMB, 5)],
        sitios,
        Criterios(misma_institucion=True),
    )
    assert r == []


def test_max_km_excluye_lo_lejano_y_lo_desconocido_fuera_del_municipio(camino):
    sitios = {
        "O": sitio("O", "SSA", 25.42, -101.00, municipio="030"),
        "CERCA": sitio("CERCA", "IMS", 25.50, -101.00),  # ~9 km
        "LEJOS": sitio("LEJOS", "IMB", 26.90, -101.42),  # ~170 km
        "MUN": sitio("MUN", "IST", municipio="030"),  # unknown, same municipio
        "ENT": sitio("ENT", "SDN", municipio="018"),  # unknown, same entidad
    }
    demandas = [Partida(c, "P", AMB, 10) for c in ("CERCA", "LEJOS", "MUN", "ENT")]
    r = asignar([Partida("O", "P", AMB, 100)], demandas, sitios, Criterios(max_km=100))
    assert sorted(demandas[a.demanda].clues for a in r) == ["CERCA", "MUN"]
    r = asignar([Partida("O", "P", AMB, 100)], demandas, sitios, Criterios(max_km=200))
    assert sorted(demandas[a.demanda].clues for a in r) == ["CERCA", "LEJOS", "MUN"]


def test_eventos_cero_o_sin_contraparte_no_participan(camino):
    sitios = {"A": sitio("A", "SSA", 25.4, -101.0), "B": sitio("B", "IMS", 25.5, -101.0)}
    assert asignar([], [Partida("B", "P", AMB, 5)], sitios) == []
    assert asignar([Partida("A", "P", AMB, 0)], [Partida("B", "P", AMB, 5)], sitios) == []
