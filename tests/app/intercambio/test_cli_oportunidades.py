"""eyf oportunidades: the contract of the order (options, --json, files, exit status)."""

import json
import subprocess
import sys

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.cli import main

REQUERIDOS = {
    "clues_demanda",
    "clues_oferta",
    "producto",
    "modalidad",
    "eventos_cubiertos",
    "eventos_requeridos",
    "distancia_km",
}


@pytest.fixture
def eyf(coahuila, carpeta, capsys):
    coahuila.cerrar()

    def correr(*args: str):
        estado = main(["--datos", str(carpeta), *args])
        salida = capsys.readouterr()
        return estado, salida.out, salida.err

    return correr


def test_json_con_las_oportunidades_y_el_resumen(eyf):
    estado, out, _ = eyf("oportunidades", "--json")
    assert estado == 0
    datos = json.loads(out)
    assert len(datos["oportunidades"]) == 3
    for o in datos["oportunidades"]:
        assert set(o) >= REQUERIDOS
    acuna = datos["oportunidades"][1]
    assert (acuna["clues_demanda"], acuna["clues_oferta"], acuna["eventos_cubiertos"]) == (
        "CLSSA000033",
        "CLIMS000010",
        20,
    )
    assert (
        acuna["distancia_km"] == pytest.approx(433.7, abs=0.5) and acuna["valor_mensual"] == 16920
    )
    assert datos["resumen"]["total"]["potencial"] == pytest.approx(0.6957, abs=1e-4)
    assert [f["producto"] for f in datos["faltantes_sin_oferta"]] == [
        "IMA-USG-0001",
        "CIR-GEN-0001",
    ]
    assert len(datos["excedentes_sin_demanda"]) == 1 and len(datos["faltantes_sin_cubrir"]) == 1
    assert datos["max_km"] is None and datos["misma_institucion"] is False


def test_opciones_max_km_y_misma_institucion(eyf):
    _, out, _ = eyf("oportunidades", "--max-km", "100", "--json")
    assert json.loads(out)["oportunidades"] == []
    _, out, _ = eyf(
        "--json", "oportunidades", "--max-km", "500", "--entidad", "coahuila", "--misma-institucion"
    )
    datos = json.loads(out)
    assert (
        datos["max_km"] == 500 and datos["misma_institucion"] is True and datos["entidad"] == "05"
    )
    assert [o["eventos_cubiertos"] for o in datos["oportunidades"]] == [2, 20]


def test_salida_para_personas(eyf):
    estado, out, _ = eyf("oportunidades")
    assert estado == 0
    assert "Potencial de intercambio: 69.6% (32 de 46 eventos faltantes al mes)" in out
    assert "CLSSA000033" in out and "433.7" in out and "$16,920" in out and "misma entidad" in out


def test_archivos(eyf, tmp_path):
    xlsx, csv_, pdf = tmp_path / "o.xlsx", tmp_path / "o.csv", tmp_path / "o.pdf"
    estado, out, err = eyf(
        "oportunidades", "--json", "--xlsx", str(xlsx), "--csv", str(csv_), "--pdf", str(pdf)
    )
    assert estado == 0
    json.loads(out)  # stdout stays pure JSON; the notices go to stderr
    assert "Libro XLSX guardado" in err and "Anexo PDF guardado" in err
    assert load_workbook(xlsx)["Oportunidades"].max_row == 4
    assert csv_.read_text(encoding="utf-8-sig").count("\n") == 4
    assert len(PdfReader(pdf).pages) >= 4


def test_errores(eyf, tmp_path):
    for malo in ("0", "-5", "abc", "inf"):
        with pytest.raises(SystemExit) as e:
            main(["oportunidades", "--max-km", malo])
        assert e.value.code == 2
    estado, _, err = eyf("oportunidades", "--entidad", "08")
    assert estado == 1 and "solo analiza sus propias unidades" in err
    estado, _, err = eyf("oportunidades", "--xlsx", str(tmp_path / "no-existe" / "o.xlsx"))
    assert estado == 1 and "No existe la carpeta" in err
    assert not (tmp_path / "no-existe").exists()


def test_ayuda_en_espanol(capsys):
    with pytest.raises(SystemExit) as e:
        main(["oportunidades", "--ayuda"])
    assert e.value.code == 0
    ayuda = capsys.readouterr().out
    for texto in (
        "--max-km N",
        "--misma-institucion",
        "--xlsx RUTA",
        "--csv RUTA",
        "--entidad CC",
        "--json",
    ):
        assert texto in ayuda
    assert "instituciones distintas" in ayuda


def test_en_otro_proceso_la_salida_json_es_limpia(eyf, carpeta):
    """Run as a separate program: nothing but JSON on stdout."""
    r = subprocess.run(
        [sys.executable, "-m", "app", "--datos", str(carpeta), "oportunidades", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    assert len(json.loads(r.stdout)["oportunidades"]) == 3
