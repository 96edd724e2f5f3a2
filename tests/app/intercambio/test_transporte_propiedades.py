"""Properties of the allocation on random instances, against an independent
optimum: exhaustive enumeration (tiny cases) and networkx's max-flow-min-cost
(medium cases). Never against the solver under test."""

from __future__ import annotations

from unittest.mock import patch

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.intercambio import transporte
from app.intercambio.pares import Criterios, Sitio, costo_par
from app.intercambio.transporte import Partida, asignar

INSTITUCIONES = ["SSA", "IMB", "IMS"]


@st.composite
def instancias(draw, max_lado: int, max_eventos: int):
    n_sitios = draw(st.integers(2, 6))
    sitios = {}
    for k in range(n_sitios):
        con = draw(st.booleans()) or draw(st.booleans())  # 3 of 4 with coordinates
        sitios[f"U{k}"] = Sitio(
            f"U{k}",
            draw(st.sampled_from(INSTITUCIONES)),
            draw(st.sampled_from(["05", "08"])),
            draw(st.sampled_from(["001", "002", None])),
            draw(st.floats(20, 24)) if con else None,
            draw(st.floats(-104, -100)) if con else None,
        )
    claves = sorted(sitios)

    def partidas(n):
        return [
            Partida(
                draw(st.sampled_from(claves)),
                draw(st.sampled_from(["P1", "P2"])),
                draw(st.sampled_from(["ambulatorio", "hospitalario"])),
                draw(st.integers(1, max_eventos)),
            )
            for _ in range(n)
        ]

    ofertas = partidas(draw(st.integers(1, max_lado)))
    demandas = partidas(draw(st.integers(1, max_lado)))
    criterios = Criterios(
        max_km=draw(st.sampled_from([None, 150.0, 400.0])),
        misma_institucion=draw(st.booleans()),
    )
    return sitios, ofertas, demandas, criterios


def pares(sitios, ofertas, demandas, criterios):
    """Allowed pairs and their cost in metres (as the solver rounds them)."""
    resultado = {}
    for i, o in enumerate(ofertas):
        for j, d in enumerate(demandas):
            if (o.producto, o.modalidad) != (d.producto, d.modalidad):
                continue
            c = costo_par(sitios[o.clues], sitios[d.clues], criterios)
            if c is not None:
                resultado[(i, j)] = round(c * 1000)
    return resultado


def enumerar(ofertas, demandas, costos):
    """Lexicographic optimum (most events, then least cost) by trying every allocation."""
    lista = sorted(costos)
    mejor = (0, 0)

    def paso(n, resto_o, resto_d, cubiertos, costo):
        nonlocal mejor
        if n == len(lista):
            mejor = max(mejor, (cubiertos, -costo))
            return
        i, j = lista[n]
        for x in range(min(resto_o[i], resto_d[j]) + 1):
            resto_o[i] -= x
            resto_d[j] -= x
            paso(n + 1, resto_o, resto_d, cubiertos + x, costo + x * costos[(i, j)])
            resto_o[i] += x
            resto_d[j] += x

    paso(0, [o.eventos for o in ofertas], [d.eventos for d in demandas], 0, 0)
    return mejor[0], -mejor[1]


def con_networkx(ofertas, demandas, costos):
    G = nx.DiGraph()
    for i, o in enumerate(ofertas):
        G.add_edge("s", ("o", i), capacity=o.eventos, weight=0)
    for j, d in enumerate(demandas):
        G.add_edge(("d", j), "t", capacity=d.eventos, weight=0)
    for (i, j), c in costos.items():
        G.add_edge(("o", i), ("d", j), weight=c)
    flujo = nx.max_flow_min_cost(G, "s", "t")
    cubiertos = sum(flujo["s"][("o", i)] for i in range(len(ofertas)))
    return cubiertos, nx.cost_of_flow(G, flujo)


def comprobar(sitios, ofertas, demandas, criterios, optimo):
    costos = pares(sitios, ofertas, demandas, criterios)
    esperado = optimo(ofertas, demandas, costos)
    for directos in (transporte.PARES_DIRECTOS, 0):  # all pairs / column generation
        with patch.multiple(transporte, PARES_DIRECTOS=directos, CANDIDATOS=1, AGREGAR=1):
            r = asignar(ofertas, demandas, sitios, criterios)
        usado_o = [0] * len(ofertas)
        usado_d = [0] * len(demandas)
        for a in r:
            assert (a.oferta, a.demanda) in costos, "an allocation on a pair that is not allowed"
            assert a.eventos > 0
            usado_o[a.oferta] += a.eventos
            usado_d[a.demanda] += a.eventos
        assert all(u <= o.eventos for u, o in zip(usado_o, ofertas, strict=True))
        assert all(u <= d.eventos for u, d in zip(usado_d, demandas, strict=True))
        cubiertos = sum(a.eventos for a in r)
        costo = sum(a.eventos * costos[(a.oferta, a.demanda)] for a in r)
        assert (cubiertos, costo) == esperado


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instancias(max_lado=3, max_eventos=3))
def test_optimo_igual_a_la_enumeracion_exhaustiva(instancia):
    comprobar(*instancia, enumerar)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instancias(max_lado=14, max_eventos=40))
def test_optimo_igual_al_de_networkx_en_casos_medianos(instancia):
    comprobar(*instancia, con_networkx)


def test_la_enumeracion_de_referencia_es_correcta():
    """The reference itself on a case done by hand: 30 offered, 20 + 15 needed."""
    ofertas = [Partida("A", "P", "ambulatorio", 30)]
    demandas = [Partida("B", "P", "ambulatorio", 20), Partida("C", "P", "ambulatorio", 15)]
    costos = {(0, 0): 5, (0, 1): 8}
    assert enumerar(ofertas, demandas, costos) == (30, 20 * 5 + 10 * 8)
    assert con_networkx(ofertas, demandas, costos) == (30, 20 * 5 + 10 * 8)


@pytest.mark.lento
def test_instancia_grande_igual_a_networkx():
    """A few thousand partidas spread over Mexico, large components solved by
    column generation: same events covered and same total cost as networkx."""
    import random

    from tests.rendimiento.intercambio import partidas_sinteticas, sitios_sinteticos

    azar = random.Random(7)
    lista = sitios_sinteticos(600, azar)
    sitios = {s.clues: s for s in lista}
    ofertas = partidas_sinteticas(lista, 900, 40, 0.9, azar)
    demandas = partidas_sinteticas(lista, 1700, 40, 0.9, azar)
    criterios = Criterios()
    with patch.object(transporte, "PARES_DIRECTOS", 2_000):  # the big ones by column generation
        r = asignar(ofertas, demandas, sitios, criterios)
    costos = pares(sitios, ofertas, demandas, criterios)
    esperado = con_networkx(ofertas, demandas, costos)
    assert (
        sum(a.eventos for a in r),
        sum(a.eventos * costos[(a.oferta, a.demanda)] for a in r),
    ) == esperado
