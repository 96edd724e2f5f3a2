"""The IMSS 2025 unit-cost table: the runtime copy, and which row values an opportunity."""

import csv
from pathlib import Path

import pytest

from app.errores import ErrorEyF
from app.intercambio import costos
from app.intercambio.costos import TablaCostos, orden_niveles
from app.rutas import recurso

RAIZ = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def tabla():
    return TablaCostos.cargar()


def test_la_copia_de_tiempo_de_ejecucion_es_identica_a_la_fuente():
    copia = recurso("costos", costos.ARCHIVO)
    assert copia.parent.name == "costos" and "fuentes" not in copia.parts
    assert copia.read_bytes() == (RAIZ / "recursos" / "fuentes" / costos.ARCHIVO).read_bytes()
    nota = (copia.parent / "LEEME.md").read_text(encoding="utf-8")
    assert "003ce021d42060434b5f6c0e2b06ef6826635c87ae5544e80da64b4195c6e18c" in nota


def test_se_leen_las_45_filas(tabla):
    assert len(tabla) == 45


def test_orden_de_niveles_mas_cercano_y_el_mas_bajo_en_empate():
    assert orden_niveles("PRIMER NIVEL") == ["PRIMER NIVEL", "SEGUNDO NIVEL", "TERCER NIVEL"]
    assert orden_niveles("SEGUNDO NIVEL") == ["SEGUNDO NIVEL", "PRIMER NIVEL", "TERCER NIVEL"]
    assert orden_niveles("TERCER NIVEL") == ["TERCER NIVEL", "SEGUNDO NIVEL", "PRIMER NIVEL"]
    assert orden_niveles("NO APLICA") == orden_niveles("PRIMER NIVEL")


@pytest.mark.parametrize(
    ("tipo", "nivel", "costo", "nivel_usado"),
    [
        ("Consulta Dental (Estomatología)", "PRIMER NIVEL", 942, "PRIMER NIVEL"),
        ("Atención de Urgencias", "SEGUNDO NIVEL", 2642, "SEGUNDO NIVEL"),
        ("Atención de Urgencias", "PRIMER NIVEL", 1037, "PRIMER NIVEL"),
        # the table has no third level: the nearest, second
        ("Estudio de Ultrasonografía", "TERCER NIVEL", 846, "SEGUNDO NIVEL"),
        # only priced at second level
        ("Intervención Quirúrgica", "PRIMER NIVEL", 39851, "SEGUNDO NIVEL"),
        # only priced at first level
        (
            "Prueba rápida de detección de antígenos del virus SARS-CoV-2 (COVID-19)",
            "SEGUNDO NIVEL",
            301,
            "PRIMER NIVEL",
        ),
        # mobile units and caravans count as first level
        ("Curaciones", "NO APLICA", 348, "PRIMER NIVEL"),
        # case and accents do not matter («Día paciente» / «Día Paciente»)
        ("dia paciente en hospitalizacion", "PRIMER NIVEL", 15018, "PRIMER NIVEL"),
    ],
)
def test_costo_por_nivel_de_la_unidad_que_ofrece(tabla, tipo, nivel, costo, nivel_usado):
    c = tabla.buscar(tipo, nivel)
    assert (c.costo_mxn, c.nivel) == (costo, nivel_usado)
    assert c.de_otro_nivel == (nivel_usado != orden_niveles(nivel)[0])


def test_sin_tipo_o_tipo_desconocido_no_tiene_costo(tabla):
    assert tabla.buscar("", "PRIMER NIVEL") is None
    assert tabla.buscar("   ", "SEGUNDO NIVEL") is None
    assert tabla.buscar("Trasplante de corazón", "SEGUNDO NIVEL") is None


def test_cada_tipo_de_costo_del_catalogo_de_demostracion_esta_en_la_tabla(tabla):
    productos = RAIZ / "recursos" / "catalogo" / "productos.csv"
    if not productos.exists():
        pytest.skip("el catálogo de demostración no está en recursos/catalogo")
    with productos.open(encoding="utf-8-sig", newline="") as f:
        tipos = {fila["tipo_costo"] for fila in csv.DictReader(f) if fila["tipo_costo"].strip()}
    assert tipos
    faltan = sorted(t for t in tipos if tabla.buscar(t, "SEGUNDO NIVEL") is None)
    assert faltan == []


def test_una_tabla_danada_se_rechaza_con_un_mensaje(tmp_path):
    mala = tmp_path / "costos.csv"
    mala.write_text(
        "nivel_atencion,tipo_de_servicio,costo_unitario_2025_mxn\nPRIMER NIVEL,Curaciones,mucho\n",
        encoding="utf-8",
    )
    with pytest.raises(ErrorEyF, match="tabla de costos unitarios"):
        TablaCostos.cargar(mala)
    with pytest.raises(ErrorEyF, match="Reinstale"):
        TablaCostos.cargar(tmp_path / "no-existe.csv")
