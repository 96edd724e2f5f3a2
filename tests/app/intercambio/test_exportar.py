"""The exports read back as a person and another program would: the XLSX with
openpyxl, the CSV with the csv module, the PDF with pypdf, poppler's pdftotext
and its pages rendered to PNG."""

import csv
import shutil
import subprocess
from dataclasses import replace

import pytest
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from app.errores import ErrorEyF
from app.intercambio.analisis import analizar
from app.intercambio.anexo import escribir_anexo
from app.intercambio.exportar import escribir_csv, escribir_seguro
from app.intercambio.libro import escribir_libro
from app.intercambio.mapa import AMBOS, DEMANDA, OFERTA, mapa

HOJAS = [
    "Criterios",
    "Resumen",
    "Por grupo",
    "Por producto",
    "Oportunidades",
    "Sin oferta",
    "Sin cubrir",
    "Sin demanda",
]


@pytest.fixture
def analisis(coahuila):
    return analizar(coahuila)


def test_libro_xlsx_una_hoja_por_vista_con_numeros_reales(analisis, tmp_path):
    ruta = escribir_libro(analisis, tmp_path / "oportunidades.xlsx")
    wb = load_workbook(ruta)
    assert wb.sheetnames == HOJAS
    for hoja in wb.worksheets:
        assert hoja.freeze_panes == "A2", hoja.title
        assert (
            hoja.auto_filter.ref
            == f"A1:{hoja.cell(1, hoja.max_column).column_letter}{hoja.max_row}"
        ), hoja.title
    ws = wb["Oportunidades"]
    encabezados = [c.value for c in ws[1]]
    assert encabezados[:3] == ["No.", "CLUES que necesita", "Unidad que necesita"]
    filas = [
        dict(zip(encabezados, (c.value for c in fila), strict=True))
        for fila in ws.iter_rows(min_row=2)
    ]
    assert len(filas) == len(analisis.oportunidades) == 3
    acuna = filas[1]
    assert (
        acuna["CLUES que necesita"] == "CLSSA000033" and acuna["CLUES que ofrece"] == "CLIMS000010"
    )
    assert acuna["Eventos cubiertos"] == 20 and isinstance(acuna["Eventos cubiertos"], int)
    assert acuna["Modalidad"] == "Ambulatoria"  # as the window says it, for people
    assert acuna["Distancia (km)"] == pytest.approx(433.7, abs=0.5)
    assert acuna["Valor mensual estimado (MXN)"] == 16_920
    assert (
        ws.cell(3, encabezados.index("Valor mensual estimado (MXN)") + 1).number_format
        == '"$"#,##0'
    )
    assert filas[0]["Valor mensual estimado (MXN)"] is None  # no reference cost: empty, not zero
    resumen = wb["Resumen"]
    total = [c.value for c in resumen[2]]
    assert total[:5] == ["Total", None, 46, 32, pytest.approx(32 / 46, abs=1e-4)]
    assert resumen.cell(2, 5).number_format == "0.0%"
    assert [c.value for c in wb["Sin oferta"]["F"]][1:] == [
        "Ultrasonido cualquier región.",
        "Cirugía menor dentro de quirófano",
    ]
    assert wb["Sin demanda"].max_row == 2 and wb["Sin cubrir"].max_row == 2
    criterios = {f[0].value: f[1].value for f in wb["Criterios"].iter_rows(min_row=2)}
    assert criterios["Distancia máxima"] == "sin límite"
    assert "IMSS" in criterios["Costos de referencia"]


def test_csv_con_los_campos_de_json(analisis, tmp_path):
    ruta = escribir_csv(analisis, tmp_path / "o.csv")
    assert ruta.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel shows the accents
    with ruta.open(encoding="utf-8-sig", newline="") as f:
        filas = list(csv.DictReader(f))
    assert len(filas) == 3
    requeridos = {
        "clues_demanda",
        "clues_oferta",
        "producto",
        "modalidad",
        "eventos_cubiertos",
        "eventos_requeridos",
        "distancia_km",
    }
    assert requeridos <= set(filas[0])
    assert (
        filas[1]["clues_demanda"],
        filas[1]["eventos_cubiertos"],
        filas[1]["valor_mensual"],
    ) == ("CLSSA000033", "20", "16920")
    assert filas[2]["distancia_km"] == "" and filas[2]["cercania"] == "misma entidad"


def _texto_poppler(ruta):
    if shutil.which("pdftotext") is None:
        pytest.skip("falta poppler-utils (empaquetado/sistema.sh lo instala)")
    return subprocess.run(
        ["pdftotext", "-layout", str(ruta), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_anexo_pdf_legible(analisis, tmp_path):
    ruta = escribir_anexo(analisis, tmp_path / "anexo.pdf")
    lector = PdfReader(ruta)
    n = len(lector.pages)
    assert n >= 4
    assert lector.metadata.title == "Anexo: oportunidades de intercambio de servicios"
    texto = _texto_poppler(ruta)
    assert "Anexo: oportunidades de intercambio de servicios" in texto
    assert "69.6%" in texto and "32 de 46" in texto
    assert "CLSSA000033" in texto and "CLIMS000010" in texto and "$16,920" in texto
    assert "Lo que el sector no ofrece" in texto and "Cirugía menor dentro de quirófano" in texto
    assert f"Página 1 de {n}" in texto and f"Página {n} de {n}" in texto
    assert "Una oportunidad con una unidad sin coordenadas no aparece" in texto
    for pagina in lector.pages:  # landscape letter, the body inside the margins
        assert (float(pagina.mediabox.width), float(pagina.mediabox.height)) == (792, 612)


def test_el_mapa_se_dibuja(analisis, tmp_path):
    if shutil.which("pdftoppm") is None:
        pytest.skip("falta poppler-utils")
    ruta = escribir_anexo(analisis, tmp_path / "anexo.pdf")
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "50",
            "-f",
            "2",
            "-l",
            "2",
            "-png",
            "-singlefile",
            str(ruta),
            str(tmp_path / "mapa"),
        ],
        check=True,
    )
    imagen = Image.open(tmp_path / "mapa.png").convert("RGB")
    datos = imagen.tobytes()
    pixeles = list(zip(datos[0::3], datos[1::3], datos[2::3], strict=True))
    rojos = sum(1 for r, g, b in pixeles if r > 150 and g < 90 and b < 90)
    verdes = sum(1 for r, g, b in pixeles if g > 100 and r < 80 and b < 110)
    azules = sum(1 for r, g, b in pixeles if b > 150 and r < 170 and b - r > 40)
    assert rojos > 3 and verdes > 3 and azules > 20  # the units and the line between them


def test_datos_del_mapa(analisis):
    m = mapa(analisis)
    papeles = {p.clues: p.papel for p in m.puntos}
    assert papeles == {"CLSSA000033": AMBOS, "CLIMS000010": AMBOS}
    assert [(e.clues_oferta, e.clues_demanda, e.eventos) for e in m.enlaces] == [
        ("CLSSA000033", "CLIMS000010", 2),
        ("CLIMS000010", "CLSSA000033", 20),
    ]
    assert m.sin_coordenadas == 1
    x1, y1 = m.proyectar(29.3232, -100.9522, 400, 300)  # Acuña, north
    x2, y2 = m.proyectar(25.4232, -101.0053, 400, 300)  # Saltillo
    assert 0 <= x1 <= 400 and 0 <= y1 < y2 <= 300
    assert m.proyectar(29.3232, -100.9522, 400, 300, y_hacia_abajo=False)[1] == pytest.approx(
        300 - y1
    )
    assert DEMANDA != OFERTA


def test_escritura_segura(tmp_path):
    destino = tmp_path / "libro.xlsx"
    destino.write_bytes(b"anterior")

    def falla(temporal):
        temporal.write_bytes(b"a medias")
        raise OSError(28, "No queda espacio en el disco")

    with pytest.raises(ErrorEyF, match="No se pudo guardar"):
        escribir_seguro(destino, falla)
    assert destino.read_bytes() == b"anterior"
    assert [p.name for p in tmp_path.iterdir()] == ["libro.xlsx"]  # no temporary file left
    with pytest.raises(ErrorEyF, match="No existe la carpeta"):
        escribir_seguro(tmp_path / "no-existe" / "x.csv", falla)
    with pytest.raises(ErrorEyF, match="es una carpeta"):
        escribir_seguro(tmp_path, falla)


def test_sin_oportunidades_tambien_se_exporta(almacen_capturando, tmp_path):
    a = analizar(almacen_capturando)
    assert a.oportunidades == () and a.resumen.total.potencial == 0.0
    assert load_workbook(escribir_libro(a, tmp_path / "vacio.xlsx"))["Oportunidades"].max_row == 1
    texto = _texto_poppler(escribir_anexo(a, tmp_path / "vacio.pdf"))
    assert "Ninguno." in texto and "Detalle de las oportunidades (0)" in texto


def test_progreso_y_cancelar_el_libro_no_deja_archivo(analisis, tmp_path):
    muchas = replace(analisis, oportunidades=analisis.oportunidades * 1400)  # 4,200 rows
    avances = []
    escribir_libro(
        muchas, tmp_path / "completo.xlsx", progreso=lambda h, t, m: avances.append((h, t))
    )
    assert avances == [(2000, 4204), (4000, 4204)]
    destino = tmp_path / "salida"
    destino.mkdir()
    with pytest.raises(ErrorEyF, match="Se canceló"):
        escribir_libro(muchas, destino / "o.xlsx", cancelado=lambda: True)
    assert list(destino.iterdir()) == []
