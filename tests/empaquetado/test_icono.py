"""The program's icon: one PNG named by app/acerca.py, and the Windows .ico
made from it with every size Windows asks for."""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtGui import QImage, QImageReader

from app import acerca
from app.rutas import recurso

RAIZ = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(RAIZ / "empaquetado"))

import icono  # noqa: E402


def test_el_icono_del_programa_existe_y_es_cuadrado(qapp):
    imagen = QImage(str(recurso(acerca.ICONO)))
    assert not imagen.isNull()
    assert imagen.width() == imagen.height() == 256
    assert imagen.hasAlphaChannel()
    assert imagen.pixelColor(0, 0).alpha() == 0  # rounded corners are transparent
    assert imagen.pixelColor(128, 128).name() == "#ffffff"  # the cross


def test_ico_con_todos_los_tamanos(qapp, tmp_path):
    datos = icono.ico_de(recurso(acerca.ICONO).read_bytes())
    reservado, tipo, cuantos = struct.unpack("<HHH", datos[:6])
    assert (reservado, tipo, cuantos) == (0, 1, len(icono.TAMANOS_ICO))
    ruta = tmp_path / "eyf.ico"
    ruta.write_bytes(datos)
    lector = QImageReader(str(ruta))
    tamanos = []
    for i in range(lector.imageCount()):
        lector.jumpToImage(i)
        imagen = lector.read()
        assert not imagen.isNull(), lector.errorString()
        tamanos.append(imagen.width())
        centro = imagen.pixelColor(imagen.width() // 2, imagen.height() // 2)
        assert centro.name() == "#ffffff" and centro.alpha() == 255
    assert sorted(tamanos) == list(icono.TAMANOS_ICO)


def test_el_png_comprometido_es_el_que_dibuja_el_programa(qapp):
    """empaquetado/icono.py png regenerates it; a hand edit would drift."""
    dibujado = icono.dibujar(256)
    guardado = QImage(str(recurso(acerca.ICONO))).convertToFormat(dibujado.format())
    assert guardado == dibujado
