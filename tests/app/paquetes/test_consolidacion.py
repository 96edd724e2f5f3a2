"""Upward: the coordination exports its entidad (its own captures and the
units' bundles, with provenance, the bitácora and the signed report) and a
national installation imports it with the same checks, on SQLite and on a
real PostgreSQL server."""

from __future__ import annotations

import hashlib
import io

import pytest
from pypdf import PdfReader
from reportlab.pdfgen import canvas
from sqlalchemy import select

from app.almacen.modelos import (
    Adjunto,
    BitacoraImportada,
    Captura,
    EstadoEntidad,
    EstadoUnidad,
    PaqueteImportado,
)
from app.almacen.modelos.base import ahora_utc
from app.almacen.sesion import transaccion
from app.captura.consultas import listar_capturas, tablero
from app.captura.registro import borrar, registrar
from app.paquetes.consultas import estado_entidades, paquetes_importados
from app.paquetes.exportar import exportar
from app.paquetes.importar import importar
from app.paquetes.llaves import huella_instalacion
from app.paquetes.verificar import verificar
from tests.app.paquetes.conftest import CLUES, filas, instantanea


def _pdf(texto: str) -> bytes:
    destino = io.BytesIO()
    hoja = canvas.Canvas(destino)
    hoja.drawString(72, 720, texto)
    hoja.save()
    return destino.getvalue()


def _subir_reporte(almacen, texto: str) -> bytes:
    """What Paso 9 leaves behind: the signed PDF in the data folder and its Adjunto row."""
    datos = _pdf(texto)
    relativa = "adjuntos/reporte-05.pdf"
    (almacen.carpeta / "adjuntos").mkdir(exist_ok=True)
    (almacen.carpeta / relativa).write_bytes(datos)
    with transaccion(almacen) as s:
        s.add(
            Adjunto(
                entidad_clave="05",
                archivo=relativa,
                sha256=hashlib.sha256(datos).hexdigest(),
                tamano=len(datos),
                nombre_original="Reporte final firmado.pdf",
                subido_en=ahora_utc(),
                persona="Ana Pérez",
                vigente=True,
            )
        )
    return datos


def _uno(almacen, ruta, **opciones):
    (r,) = importar(almacen, [ruta], **opciones).resultados
    return r


@pytest.fixture
def coordinacion_consolidada(unidad, coordinacion, tmp_path):
    """The coordination imported CLSSA000581's bundle and captured CLSSA000033 itself."""
    paquete_unidad = exportar(unidad, tmp_path / "unidad.eyf")
    assert _uno(coordinacion, paquete_unidad.ruta, confiar=[paquete_unidad.huella]).aceptado
    registrar(
        coordinacion,
        "CLSSA000033",
        "CIR-GEN-0002",
        faltante_hospitalario="4",
        causa="FP",
        pacientes="4",
    )
    return coordinacion, paquete_unidad


def test_la_entidad_sube_al_nivel_nacional(coordinacion_consolidada, nacional, unidad, tmp_path):
    coordinacion, paquete_unidad = coordinacion_consolidada
    with transaccion(coordinacion) as s:  # Paso 7, as app.captura.cierre leaves it
        estado = s.get(EstadoEntidad, "05")
        estado.finalizada, estado.finalizada_en, estado.finalizada_por = (
            True,
            ahora_utc(),
            "Ana Pérez",
        )
    pdf = _subir_reporte(coordinacion, "Reporte final firmado de Coahuila de Zaragoza")

    entidad = exportar(coordinacion, tmp_path / "entidad-05.eyf")
    assert entidad.alcance == "entidad" and entidad.registros == 4 and entidad.con_reporte
    v = verificar(entidad.ruta)
    assert v.integro and v.clues == ("CLSSA000033", CLUES) and v.entidad_finalizada

    antes = instantanea(nacional)
    r = _uno(nacional, entidad.ruta)
    assert (
        not r.aceptado and r.confianza == "nueva" and "primer paquete de la entidad 05" in r.mensaje
    )
    assert instantanea(nacional) == antes

    r = _uno(nacional, entidad.ruta, confiar=[huella_instalacion(coordinacion)])
    assert r.aceptado and r.accion == "agregar" and r.finalizada
    capturas = listar_capturas(nacional)
    assert {(c.clues, c.producto, c.tipo) for c in capturas} == {
        (CLUES, "EST-ODO-0001", "faltante"),
        (CLUES, "IMA-USG-0001", "faltante"),
        (CLUES, "IMA-USG-0001", "excedente"),
        ("CLSSA000033", "CIR-GEN-0002", "faltante"),
    }
    assert {c.origen for c in capturas} == {entidad.paquete}
    assert filas(nacional, select(EstadoEntidad.respuesta, EstadoEntidad.finalizada)) == [
        ("si", True)
    ]

    # provenance: which unit bundles the coordination consolidated
    (paquete,) = filas(nacional, select(PaqueteImportado.estado))
    (procedencia,) = paquete[0]["procedencia"]
    assert (procedencia["clues"], procedencia["paquete"], procedencia["huella"]) == (
        CLUES,
        paquete_unidad.paquete,
        paquete_unidad.huella,
    )
    # the bitácora of the entidad bundle holds the coordination's and the unit's
    instalaciones = {
        i for (i,) in filas(nacional, select(BitacoraImportada.instalacion).distinct())
    }
    from app.captura.vista import instalacion

    assert instalaciones == {instalacion(coordinacion).uuid, instalacion(unidad).uuid}
    # the signed report travelled whole and reads back
    ((archivo, sha, vigente),) = filas(
        nacional, select(Adjunto.archivo, Adjunto.sha256, Adjunto.vigente)
    )
    guardado = (nacional.carpeta / archivo).read_bytes()
    assert guardado == pdf and sha == hashlib.sha256(pdf).hexdigest() and vigente
    texto = PdfReader(io.BytesIO(guardado)).pages[0].extract_text()
    assert "Reporte final firmado de Coahuila de Zaragoza" in texto

    estados = {e.clave: e for e in estado_entidades(nacional)}
    assert (estados["05"].estado, estados["05"].secuencia, estados["05"].registros) == (
        "finalizada",
        1,
        4,
    )
    assert estados["08"].estado == "sin_paquete"
    fila = next(f for f in tablero(nacional).filas if f.clave == "05")
    assert (fila.con_excedentes_faltantes, fila.finalizada, fila.reporte_firmado) == (2, True, True)


def test_un_paquete_de_entidad_nuevo_reemplaza_la_entidad_completa(
    coordinacion_consolidada, nacional, tmp_path
):
    coordinacion, _ = coordinacion_consolidada
    _subir_reporte(coordinacion, "Primera versión")
    primero = exportar(coordinacion, tmp_path / "1.eyf")
    assert _uno(nacional, primero.ruta, confiar=[primero.huella]).aceptado
    borrar(coordinacion, "CLSSA000033", "CIR-GEN-0002")
    with transaccion(coordinacion) as s:  # a reopening retires the signed report
        s.execute(Adjunto.__table__.update().values(vigente=False))
        s.add(EstadoUnidad(clues="CLIMS000010", finalizada=True, finalizada_por="Ana"))
    segundo = exportar(coordinacion, tmp_path / "2.eyf")
    assert not segundo.con_reporte

    r = _uno(nacional, segundo.ruta)
    assert r.aceptado and r.accion == "reemplazar" and r.secuencia_anterior == 1
    assert {c.clues for c in listar_capturas(nacional)} == {CLUES}
    assert filas(nacional, select(Adjunto.vigente)) == [(False,)]
    assert filas(nacional, select(EstadoUnidad.clues)) == [("CLIMS000010",)]
    assert [(p.secuencia, p.vigente) for p in paquetes_importados(nacional)] == [
        (2, True),
        (1, False),
    ]
    assert not _uno(nacional, primero.ruta).aceptado


def test_cada_nivel_importa_solo_lo_suyo(unidad, coordinacion, nacional, tmp_path, abrir_bd):
    de_unidad = exportar(unidad, tmp_path / "u.eyf")
    de_entidad = exportar(coordinacion, tmp_path / "e.eyf")
    r = _uno(nacional, de_unidad.ruta, confiar=[de_unidad.huella])
    assert not r.aceptado and "se importa en la coordinación estatal" in r.mensaje
    r = _uno(coordinacion, de_entidad.ruta, confiar=[de_entidad.huella])
    assert not r.aceptado and "se importa en la instalación nacional" in r.mensaje
    r = _uno(unidad, de_unidad.ruta, confiar=[de_unidad.huella])
    assert not r.aceptado and "es de una unidad y no importa" in r.mensaje
    sin_configurar = abrir_bd("coordinacion")
    with transaccion(sin_configurar) as s:
        from app.almacen.modelos import Instalacion

        s.get(Instalacion, 1).modo = None
    r = _uno(sin_configurar, de_unidad.ruta)
    assert not r.aceptado and "aún no está configurada" in r.mensaje
    with pytest.raises(Exception, match="no exporta"):
        exportar(nacional, tmp_path)


def test_paquete_de_entidad_sin_capturas_responde_no(coordinacion, nacional, tmp_path):
    with transaccion(coordinacion) as s:
        estado = s.get(EstadoEntidad, "05")
        estado.respuesta, estado.finalizada = "no", True
    e = exportar(coordinacion, tmp_path)
    assert e.registros == 0 and e.entidad_finalizada
    r = _uno(nacional, e.ruta, confiar=[e.huella])
    assert r.aceptado
    assert filas(nacional, select(EstadoEntidad.respuesta, EstadoEntidad.finalizada)) == [
        ("no", True)
    ]
    assert filas(nacional, select(Captura.clues)) == []


@pytest.mark.parametrize("motor", ["sqlite"], indirect=True)
def test_reportes_e_intercambio_incluyen_las_unidades_importadas(
    coordinacion_consolidada, tmp_path
):
    """The coordination's preliminary report and exchange analysis see the imported unit."""
    from app.intercambio.datos import leer
    from app.reportes.generar import reporte_preliminar

    coordinacion, _ = coordinacion_consolidada
    r = reporte_preliminar(coordinacion, "05", tmp_path / "preliminar.pdf")
    texto = " ".join(p.extract_text() for p in PdfReader(r.ruta).pages)
    assert CLUES in texto and "CLSSA000033" in texto
    assert "Ultrasonido cualquier región" in texto  # imported from the unit's bundle
    datos = leer(coordinacion, "05")
    assert CLUES in {x.clues for x in datos.demandas} | {x.clues for x in datos.ofertas}


def test_las_reaperturas_viajan_con_los_paquetes(unidad, coordinacion, nacional, tmp_path):
    """A unit's reopening reaches the coordination's reports, and then the national level's."""
    from app.almacen.modelos import Reapertura
    from app.almacen.sesion import lectura
    from app.captura.cierre import reaperturas_de

    with transaccion(unidad) as s:
        s.add(
            Reapertura(
                entidad_clave="05",
                clues=CLUES,
                motivo="Se corrigió el número de pacientes",
                momento=ahora_utc(),
                persona="Luis Gómez",
            )
        )
    de_unidad = exportar(unidad, tmp_path / "u.eyf")
    assert _uno(coordinacion, de_unidad.ruta, confiar=[de_unidad.huella]).aceptado
    assert _uno(
        coordinacion, exportar(unidad, tmp_path / "u2.eyf").ruta
    ).aceptado  # replaced, not doubled
    with lectura(coordinacion) as s:
        assert [(r.clues, r.motivo) for r in reaperturas_de(s, "05")] == [
            (CLUES, "Se corrigió el número de pacientes")
        ]
    entidad = exportar(coordinacion, tmp_path / "e.eyf")
    assert verificar(entidad.ruta).conteos["reaperturas"] == 1
    assert _uno(nacional, entidad.ruta, confiar=[entidad.huella]).aceptado
    with lectura(nacional) as s:
        (r,) = reaperturas_de(s, "05")
    assert (r.clues, r.persona) == (CLUES, "Luis Gómez")
