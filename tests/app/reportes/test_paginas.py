"""Reports split over pages: no row lost or duplicated, the table header
repeated on each page, «Página X de Y» everywhere, and the first, middle and
last pages drawn as they should. At state size (1,500 rows with long product
names, like the guide's 36-page example) the test is marked lento."""

import re
from dataclasses import replace

import pytest

from app.captura.cierre import finalizar
from app.captura.registro import guardar_capturas
from app.captura.reglas import FilaCaptura
from app.catalogo import formato as F
from app.reportes.generar import reporte_final, reporte_preliminar
from tests import fabricas
from tests.app.reportes.lectura import (
    paginas_poppler,
    paginas_pypdf,
    pixeles_oscuros,
    pixeles_rojizos,
    png,
)

UNIDADES = ["CLSSA000581", "CLSSA002343", "CLSSA000033", "CLIMS000010"]
ESPECIALIDADES = ["EST-CEX", "EST-ODO", "CIR-GEN", "IMA-USG"]
EVENTOS = re.compile(r"\b1[0-9],[0-9]{3}\b")


def catalogo_grande(productos_n: int):
    base = fabricas.contenido_pequeno()
    productos = tuple(
        F.FilaProducto(
            f"PRU-{k:04d}",
            ESPECIALIDADES[k % 4],
            f"Producto de prueba {k:03d}: intervención con un nombre largo que ocupa varios "
            "renglones en la columna de producto del reporte estatal",
            "Procedimiento",
            "",
        )
        for k in range(productos_n)
    )
    return replace(base, productos=base.productos + productos)


@pytest.fixture(
    params=[pytest.param(20, id="240"), pytest.param(125, id="1500", marks=pytest.mark.lento)]
)
def estatal_grande(request, tmp_path):
    """Four units x N products x 3 rows (faltante amb. and hosp., excedente amb.)."""
    productos_n = request.param
    ruta = fabricas.escribir_catalogo(tmp_path / "catalogo", catalogo_grande(productos_n))
    almacen = fabricas.almacen_con_catalogo(tmp_path / "datos", ruta)
    fabricas.preparar_captura(almacen)
    filas, eventos, n = [], [], 10_000
    for clues in UNIDADES:
        for k in range(productos_n):
            # faltante ambulatorio and hospitalario, excedente ambulatorio: one unique
            # number of monthly events per row, so every row can be found once
            filas.append(
                (clues, FilaCaptura(f"PRU-{k:04d}", n, n + 1, "FP", n + 2, None, k % 90 + 1))
            )
            eventos += [n, n + 1, n + 2]
            n += 3
    guardar_capturas(almacen, filas)
    yield almacen, sorted(f"{e:,}" for e in eventos), productos_n
    almacen.cerrar()


def test_renglones_en_varias_paginas(estatal_grande, tmp_path):
    almacen, esperados, productos_n = estatal_grande
    assert len(esperados) == 12 * productos_n
    pre = reporte_preliminar(almacen, "05", tmp_path / "preliminar.pdf")
    finalizar(almacen, "05", "demo-05")
    fin = reporte_final(almacen, "05", tmp_path / "final.pdf", huella="AAAA BBBB")
    assert pre.renglones == fin.renglones == len(esperados)
    assert pre.paginas > len(esperados) / 25  # long names: about 20 rows per page

    for r in (pre, fin):
        for lector in (paginas_pypdf, paginas_poppler):
            paginas = lector(r.ruta)
            assert len(paginas) == r.paginas
            encontrados = sorted(e for p in paginas for e in EVENTOS.findall(p))
            assert encontrados == esperados  # every row once: none lost, none repeated
            for n, pagina in enumerate(paginas, start=1):
                texto = " ".join(pagina.split())
                assert f"Página {n} de {r.paginas}" in texto
                if EVENTOS.search(pagina):  # a page with rows repeats the table header
                    assert all(t in texto for t in ("Grupo de Servicio", "Eventos", "Pacientes"))
                assert ("Sin Validez Oficial" in texto) == (r is pre)
                assert ("Código de verificación: " + fin.codigo in texto) == (r is fin)
            continuaciones = sum(" ".join(p.split()).count("(continuación)") for p in paginas)
            assert continuaciones >= r.paginas - 2  # units and sections carried over pages
            ultima = " ".join(paginas[-1].split())
            assert ("Autoriza Secretario de Salud Estatal:" in ultima) == (r is fin)
            assert all("Autoriza" not in p for p in paginas[:-1])

    # numbering per unit, in order, each unit starting again at 1
    texto = paginas_poppler(pre.ruta)
    numeros = [
        int(m.group(1))
        for p in texto
        for m in re.finditer(r"^\s*(\d+)\s+\S", p, re.M)
        if EVENTOS.search(p[m.start() : p.find("\n", m.start())])
    ]
    assert numeros == list(range(1, 3 * productos_n + 1)) * 4

    # first, middle and last pages as drawn by poppler
    for r in (pre, fin):
        for n in (1, r.paginas // 2, r.paginas):
            imagen = png(r.ruta, n, tmp_path)
            assert pixeles_oscuros(imagen) > 2000
            rojizo = pixeles_rojizos(imagen)
            assert rojizo > 2000 if r is pre else rojizo < 50, (r.version, n, rojizo)
