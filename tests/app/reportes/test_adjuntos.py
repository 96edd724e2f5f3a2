"""Paso 9: only a real PDF of at most 150 MB is kept, with its SHA-256; the
earlier ones are kept too; «Consultar» opens an intact copy."""

import hashlib
import io
import os
import stat
import sys
import time

import pytest
from pypdf import PdfReader, PdfWriter
from sqlalchemy import select

from app.almacen.modelos import Adjunto, Bitacora
from app.almacen.sesion import lectura
from app.captura.cierre import finalizar
from app.captura.consultas import tablero
from app.captura.proceso import configurar, responder
from app.errores import ErrorEyF
from app.reportes import adjuntos as adj
from app.reportes.generar import reporte_final
from app.reportes.visor import abrir_con_visor
from tests import fabricas


@pytest.fixture
def finalizada(con_registros, tmp_path):
    finalizar(con_registros, "05", "demo-05")
    return con_registros


@pytest.fixture
def firmado(finalizada, tmp_path):
    """The final report, as if printed, signed and scanned."""
    salida = tmp_path / "escaneos"
    salida.mkdir()
    return reporte_final(finalizada, "05", salida / "Reporte firmado.pdf", huella=None).ruta


def filas(almacen):
    with lectura(almacen) as s:
        return [
            (a.id, a.vigente, a.archivo, a.sha256, a.tamano, a.nombre_original)
            for a in s.scalars(select(Adjunto).order_by(Adjunto.id))
        ]


def test_sube_una_copia_con_su_sha256(finalizada, firmado):
    r = adj.adjuntar(finalizada, "05", firmado)
    contenido = firmado.read_bytes()
    assert r.nuevo and r.paginas == 1
    a = r.adjunto
    assert a.sha256 == hashlib.sha256(contenido).hexdigest() and a.tamano == len(contenido)
    assert a.ruta.parent == finalizada.carpeta / "adjuntos" / "05"
    assert a.ruta.name.endswith(f"-{a.sha256[:12]}.pdf") and a.ruta.read_bytes() == contenido
    assert (a.nombre_original, a.vigente, a.persona) == ("Reporte firmado.pdf", True, "Ana Pérez")
    assert filas(finalizada) == [
        (1, True, f"adjuntos/05/{a.ruta.name}", a.sha256, len(contenido), "Reporte firmado.pdf")
    ]
    with lectura(finalizada) as s:
        entrada = s.scalars(select(Bitacora).where(Bitacora.accion == "reporte_firmado")).one()
        assert entrada.despues["sha256"] == a.sha256 and entrada.entidad_clave == "05"
    assert tablero(finalizada).filas[0].reporte_firmado is True  # the «Subir» column
    assert [p.name for p in a.ruta.parent.iterdir()] == [a.ruta.name]  # no temporary left
    if sys.platform != "win32":
        assert stat.S_IMODE(a.ruta.stat().st_mode) & 0o600 == 0o600


def test_reemplazar_conserva_el_anterior(finalizada, firmado, tmp_path):
    primero = adj.adjuntar(finalizada, "05", firmado).adjunto
    otro = tmp_path / "segundo.pdf"
    escritor = PdfWriter(clone_from=PdfReader(firmado))
    escritor.add_blank_page()
    escritor.write(otro)
    segundo = adj.adjuntar(finalizada, "05", otro)
    assert segundo.nuevo and segundo.paginas == 2
    assert [(i, v) for i, v, *_ in filas(finalizada)] == [(1, False), (2, True)]
    assert primero.ruta.read_bytes() == firmado.read_bytes()  # never deleted
    lista = adj.adjuntos(finalizada, "05")
    assert [(a.id, a.vigente) for a in lista] == [(2, True), (1, False)]
    assert adj.para_consultar(finalizada, "05") == segundo.adjunto.ruta
    assert adj.para_consultar(finalizada, "05", 1) == primero.ruta
    # the same file again changes nothing
    otra_vez = adj.adjuntar(finalizada, "05", otro)
    assert not otra_vez.nuevo and otra_vez.adjunto.id == 2
    assert len(filas(finalizada)) == 2 and len(list(primero.ruta.parent.iterdir())) == 2


def rechazado(almacen, ruta, fragmento):
    with pytest.raises(ErrorEyF, match=fragmento):
        adj.adjuntar(almacen, "05", ruta)
    assert filas(almacen) == []
    carpeta = almacen.carpeta / "adjuntos" / "05"
    assert not carpeta.exists() or list(carpeta.iterdir()) == []


def test_no_pdf_aunque_se_llame_pdf(finalizada, tmp_path):
    falso = tmp_path / "reporte.pdf"
    falso.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    rechazado(finalizada, falso, "no es un PDF")
    vacio = tmp_path / "vacio.pdf"
    vacio.write_bytes(b"")
    rechazado(finalizada, vacio, "está vacío")
    rechazado(finalizada, tmp_path / "no-existe.pdf", "No se encontró el archivo")
    rechazado(finalizada, tmp_path, "no es un archivo")


def test_pdf_danado(finalizada, firmado, tmp_path):
    cortado = tmp_path / "cortado.pdf"
    cortado.write_bytes(firmado.read_bytes()[: firmado.stat().st_size // 2])
    rechazado(finalizada, cortado, "dañado o incompleto")
    basura = tmp_path / "basura.pdf"
    basura.write_bytes(b"%PDF-1.7\n" + os.urandom(5000))
    rechazado(finalizada, basura, "dañado o incompleto")


def test_pdf_con_contrasena(finalizada, firmado, tmp_path):
    escritor = PdfWriter(clone_from=PdfReader(firmado))
    escritor.encrypt(user_password="secreta", owner_password="otra", algorithm="AES-128")
    protegido = tmp_path / "protegido.pdf"
    escritor.write(protegido)
    rechazado(finalizada, protegido, "protegido con contraseña")


def test_pdf_con_permisos_sin_contrasena_de_apertura_se_acepta(finalizada, firmado, tmp_path):
    """Some scanners restrict printing with an owner password only: it opens, so it is kept."""
    escritor = PdfWriter(clone_from=PdfReader(firmado))
    escritor.encrypt(user_password="", owner_password="dueño", algorithm="AES-128")
    buffer = io.BytesIO()
    escritor.write(buffer)
    ruta = tmp_path / "restringido.pdf"
    ruta.write_bytes(buffer.getvalue())
    assert adj.adjuntar(finalizada, "05", ruta).nuevo


def test_mas_de_150_mb_se_rechaza_sin_leerlo(finalizada, tmp_path):
    grande = tmp_path / "grande.pdf"
    with grande.open("wb") as f:
        f.write(b"%PDF-1.7\n")
        f.truncate(adj.LIMITE + 1)  # sparse: the size is checked before reading
    rechazado(finalizada, grande, "el máximo es 150 MB")


def pdf_en_blanco(ruta):
    escritor = PdfWriter()
    escritor.add_blank_page(612, 792)
    escritor.write(ruta)
    return ruta


def test_antes_de_finalizar_no_se_sube(con_registros, tmp_path):
    with pytest.raises(ErrorEyF, match="aún no finaliza su registro"):
        adj.adjuntar(con_registros, "05", pdf_en_blanco(tmp_path / "x.pdf"))


def test_una_instalacion_de_unidad_no_sube(almacen, tmp_path):
    fabricas.preparar_captura(almacen, modo="unidad", clues="CLSSA000581")
    with pytest.raises(ErrorEyF, match="lo sube la coordinación estatal"):
        adj.adjuntar(almacen, "05", pdf_en_blanco(tmp_path / "x.pdf"))


def test_consultar_comprueba_la_copia(finalizada, firmado):
    with pytest.raises(ErrorEyF, match="no tiene reporte firmado vigente"):
        adj.para_consultar(finalizada, "05")
    copia = adj.adjuntar(finalizada, "05", firmado).adjunto.ruta
    copia.write_bytes(copia.read_bytes() + b"\n% cambiado")
    with pytest.raises(ErrorEyF, match="ya no coincide"):
        adj.para_consultar(finalizada, "05")
    copia.unlink()
    with pytest.raises(ErrorEyF, match="ya no está en la carpeta de datos"):
        adj.para_consultar(finalizada, "05")


@pytest.mark.skipif(sys.platform != "linux", reason="xdg-open es de Linux")
def test_el_visor_del_sistema_recibe_el_archivo(finalizada, firmado, tmp_path, monkeypatch):
    """A stand-in xdg-open on PATH records what the system viewer would open."""
    bandeja = tmp_path / "bin"
    bandeja.mkdir()
    registro = tmp_path / "abierto.txt"
    visor = bandeja / "xdg-open"
    visor.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{registro}"\n')
    visor.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bandeja}{os.pathsep}{os.environ['PATH']}")
    adj.adjuntar(finalizada, "05", firmado)
    ruta = adj.para_consultar(finalizada, "05")
    abrir_con_visor(ruta)
    for _ in range(200):  # the viewer runs on its own; wait for it
        if registro.exists() and registro.read_text():
            break
        time.sleep(0.05)
    assert registro.read_text() == str(ruta)
    monkeypatch.setenv("PATH", str(tmp_path / "vacia"))
    with pytest.raises(ErrorEyF, match="No se pudo abrir el visor"):
        abrir_con_visor(ruta)


def test_otra_instalacion_estatal_no_sube_otra_entidad(finalizada, firmado):
    with pytest.raises(ErrorEyF, match="es de la entidad 05"):
        adj.adjuntar(finalizada, "08", firmado)


def test_instalacion_nacional_sube_si_la_entidad_finalizo(almacen, tmp_path):
    fabricas.preparar_captura(almacen)
    responder(almacen, "05", "no", "demo-05")
    finalizar(almacen, "05", "demo-05")
    pdf = reporte_final(almacen, "05", tmp_path, huella=None).ruta
    configurar(almacen, "nacional")
    assert adj.adjuntar(almacen, "05", pdf).nuevo
