"""The PDFs read back as a person and two other programs would (pypdf and
poppler's pdftotext), and rendered to images with pdftoppm."""

import re
from datetime import datetime

import pytest

from app.captura.cierre import finalizar, reabrir
from app.captura.proceso import configurar, responder
from app.catalogo.importar import importar_catalogo
from app.errores import ErrorEyF
from app.reportes.generar import reporte_final, reporte_preliminar, verificar
from tests import fabricas
from tests.app.reportes.lectura import (
    contenido,
    paginas_poppler,
    paginas_pypdf,
    pixeles_oscuros,
    pixeles_rojizos,
    png,
)

IMPRESO = datetime(2026, 8, 2, 13, 43, 23)
TITULO = (
    "Recolección de Excedentes y Faltantes de Servicios Médicos Institucionales para el año 2026"
)
HUELLA = "3F2A 9C41 77D0 B2E5"


def plano(texto: str) -> str:
    return " ".join(texto.split())


def test_preliminar(con_registros, tmp_path):
    r = reporte_preliminar(con_registros, "05", tmp_path / "R.pdf", impreso_en=IMPRESO)
    assert (r.version, r.paginas, r.unidades, r.renglones) == ("preliminar", 1, 3, 5)
    for lector in (paginas_pypdf, paginas_poppler):
        (pagina,) = lector(r.ruta)
        texto = plano(pagina)
        assert "Fecha de impresión: 02/08/2026 13:43:23" in texto
        assert TITULO in texto
        assert "Entidad Federativa Coahuila de Zaragoza" in texto
        assert "3 de 4 Unidades Médicas reportan Excedentes y/o Faltantes" in texto
        assert "CLSSA000581 CENTRO DE SALUD URBANO GUADALUPE DE MONCLOVA , PRIMER NIVEL" in texto
        assert "CLSSA000033 HOSPITAL GENERAL CD. ACUÑA , SEGUNDO NIVEL" in texto
        assert "Sin Validez Oficial" in texto
        assert "Página 1 de 1" in texto
        assert "Autoriza" not in texto and "Firma" not in texto
        assert "Código de verificación" not in texto
    # rows as pdftotext lays them out: number, group, product, cause, modality, events, patients
    lineas = [plano(linea) for linea in paginas_poppler(r.ruta)[0].splitlines()]
    assert (
        "1 Imagenología Ultrasonido cualquier región. Falta de Equipo Ambulatorio 15 70" in lineas
    )
    assert (
        "2 Imagenología Ultrasonido cualquier región. Falta de Equipo Hospitalario 5 70" in lineas
    )
    assert "3 Cirugía Cirugía menor dentro de quirófano Hospitalario 1 1" in lineas
    assert "1 Atención Obturación con resina Ambulatorio 50 50" in lineas
    assert any("Falta de Personal" in x and x.endswith("Ambulatorio 3 3") for x in lineas)
    # the sections in the order of the guide's example for the hospital
    texto = plano(paginas_poppler(r.ruta)[0])
    hospital = texto[texto.index("CLSSA000033") :]
    assert (
        hospital.index("Faltantes")
        < hospital.index("Ultrasonido")
        < hospital.index("Excedentes")
        < hospital.index("Cirugía menor")
    )
    # the watermark: diagonal text drawn on the page, and visible as pale red
    assert b"(SIN VALIDEZ OFICIAL) Tj" in contenido(r.ruta, 1)
    assert "SIN VALIDEZ OFICIAL" not in paginas_poppler(r.ruta)[0]  # not mixed with the data…
    diagonal = paginas_poppler(r.ruta, diagonal=True)[0]
    assert all(letra in diagonal for letra in "SINVALIDEZ")  # …but there, on the diagonal
    assert pixeles_rojizos(png(r.ruta, 1, tmp_path)) > 2000


def test_final_solo_despues_de_finalizar(con_registros, tmp_path):
    destino = tmp_path / "salida" / "final.pdf"
    destino.parent.mkdir()
    with pytest.raises(ErrorEyF, match="solo se obtiene después de finalizar"):
        reporte_final(con_registros, "05", destino, huella=HUELLA)
    assert list(destino.parent.iterdir()) == []  # nothing written, not even a temporary file
    finalizar(con_registros, "05", "demo-05")
    r = reporte_final(con_registros, "05", destino, huella=HUELLA, impreso_en=IMPRESO)
    assert r.codigo == verificar(con_registros, "05").codigo
    for lector in (paginas_pypdf, paginas_poppler):
        (pagina,) = lector(r.ruta)
        texto = plano(pagina)
        assert "3 de 4 Unidades Médicas reportan Excedentes y/o Faltantes" in texto
        assert "Sin Validez Oficial".lower() not in texto.lower()
        assert "Autoriza Secretario de Salud Estatal:" in texto
        assert "Autoriza Enlace Estatal para el intercambio de Servicios." in texto
        assert texto.count("Nombre:") == 2 and texto.count("Firma:") == 2
        assert f"Código de verificación: {r.codigo}" in texto
        assert f"Huella de la llave de esta instalación: {HUELLA}" in texto
        assert "por Ana Pérez" in texto
    assert b"SIN VALIDEZ" not in contenido(r.ruta, 1)
    assert pixeles_rojizos(png(r.ruta, 1, tmp_path)) < 50


def test_respuesta_no(almacen, tmp_path):
    configurar(almacen, "estatal", entidad="05", contrasena="demo-05")
    responder(almacen, "05", "no", "demo-05")
    finalizar(almacen, "05", "demo-05")
    for r in (
        reporte_preliminar(almacen, "05", tmp_path / "p.pdf"),
        reporte_final(almacen, "05", tmp_path / "f.pdf", huella=None),
    ):
        for lector in (paginas_pypdf, paginas_poppler):
            texto = plano(" ".join(lector(r.ruta)))
            assert "0 de 4 Unidades Médicas reportan Excedentes y/o Faltantes" in texto
            assert (
                "Ninguna de las Unidades Médicas de la Entidad Federativa Coahuila de Zaragoza reporta"
                in texto
            )
            assert (
                "acepta de conformidad la inexistencia de oferta y/o demanda de servicios médicos"
                in texto
            )
            assert "Grupo de Servicio" not in texto
    assert "Autoriza Secretario de Salud Estatal" in plano(paginas_pypdf(tmp_path / "f.pdf")[-1])
    assert "aún no tiene llave de firma" in plano(paginas_pypdf(tmp_path / "f.pdf")[-1])


def test_reapertura_y_retirados_aparecen_en_los_reportes(con_registros, tmp_path):
    finalizar(con_registros, "05", "demo-05")
    reabrir(con_registros, "05", "Corregir el ultrasonido del hospital de Acuña", "demo-05")
    sin_ultrasonido = fabricas.sin(fabricas.contenido_pequeno(), productos={"IMA-USG-0001"})
    importar_catalogo(con_registros, fabricas.escribir_catalogo(tmp_path / "cat", sin_ultrasonido))
    finalizar(con_registros, "05", "demo-05")
    r = reporte_final(con_registros, "05", tmp_path / "f.pdf", huella=None)
    texto = plano(paginas_poppler(r.ruta)[0])
    assert "Este registro fue reabierto 1 vez después de finalizarse" in texto
    assert "Ana Pérez: Corregir el ultrasonido del hospital de Acuña" in texto
    assert texto.count("[retirado del") == 2  # both modalities of the retired product (wrapped)
    assert "Ultrasonido cualquier región. [retirado del" in texto


def test_reporte_de_la_instalacion_de_unidad(almacen, tmp_path):
    fabricas.preparar_captura(almacen, modo="unidad", clues="CLSSA000033")
    from app.captura.registro import guardar_capturas
    from tests.app.reportes.conftest import REGISTROS

    guardar_capturas(almacen, [f for f in REGISTROS if f[0] == "CLSSA000033"])
    p = reporte_preliminar(almacen, "05", tmp_path)
    assert p.ruta.name.startswith("reporte-preliminar-CLSSA000033-")
    texto = plano(paginas_pypdf(p.ruta)[0])
    assert "Unidad Médica CLSSA000033 HOSPITAL GENERAL CD. ACUÑA , SEGUNDO NIVEL" in texto
    assert "La Unidad Médica reporta Excedentes y/o Faltantes" in texto
    finalizar(almacen, "05", "demo-05")  # closes the unit's capture
    f = reporte_final(almacen, "05", tmp_path / "f.pdf", huella=None)
    texto = plano(paginas_pypdf(f.ruta)[-1])
    assert (
        "Autoriza Director(a) de la Unidad Médica" in texto
        and "La captura de la unidad se cerró" in texto
    )


def test_destino_invalido_no_deja_nada(con_registros, tmp_path):
    with pytest.raises(ErrorEyF, match="no existe"):
        reporte_preliminar(con_registros, "05", tmp_path / "no-hay" / "R.pdf")
    previo = tmp_path / "salida" / "R.pdf"
    previo.parent.mkdir()
    previo.write_bytes(b"otro archivo")
    cancelar = iter([False, True])
    with pytest.raises(ErrorEyF, match="Se canceló"):
        reporte_preliminar(con_registros, "05", previo, cancelado=lambda: next(cancelar, True))
    assert previo.read_bytes() == b"otro archivo"  # untouched, no temporary file left
    assert sorted(p.name for p in previo.parent.iterdir()) == ["R.pdf"]


def test_fecha_de_impresion_es_la_hora_local(con_registros, tmp_path):
    r = reporte_preliminar(con_registros, "05", tmp_path / "R.pdf")
    fecha = re.search(r"Fecha de impresión: (\S+ \S+)", paginas_pypdf(r.ruta)[0]).group(1)
    assert (
        abs((datetime.strptime(fecha, "%d/%m/%Y %H:%M:%S") - datetime.now()).total_seconds()) < 120
    )


def test_paginas_se_ven(con_registros, tmp_path):
    """poppler draws the page: text and rules in black, not an empty page."""
    r = reporte_preliminar(con_registros, "05", tmp_path / "R.pdf")
    assert pixeles_oscuros(png(r.ruta, 1, tmp_path)) > 3000
