"""The program's icon, drawn with Qt (no third-party art), and its Windows
``.ico`` form.

    python empaquetado/icono.py png      recursos/iconos/eyf.png (256 px, committed)
    python empaquetado/icono.py ico DEST  DEST.ico with 16-256 px, for the Windows
                                          executable and the installer

The ``.ico`` is made from the committed PNG (``app/acerca.py``'s ``ICONO``,
the one place that names it), so the window, the menu entry, the ``.deb``
and the Windows executable all show the same picture.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
TAMANOS_ICO = (16, 24, 32, 48, 64, 128, 256)

VERDE = "#1f7a4d"
VERDE_OSCURO = "#145235"
BLANCO = "#ffffff"
AMBAR = "#f2a900"  # surplus
ROJO = "#c62828"  # shortage


def _qt():
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6 import QtCore, QtGui
    from PySide6.QtWidgets import QApplication

    # A QApplication (not just a QGuiApplication): in the test suite, the
    # windows tested after this need one.
    if QtCore.QCoreApplication.instance() is None:
        _qt.app = QApplication([])  # keeps the application alive
    return QtCore, QtGui


def dibujar(tamano: int = 256):
    """A green rounded square with a white medical cross and two marks: an
    amber arrow up (surplus) and a red arrow down (shortage)."""
    QtCore, QtGui = _qt()
    imagen = QtGui.QImage(tamano, tamano, QtGui.QImage.Format.Format_ARGB32)
    imagen.fill(QtCore.Qt.GlobalColor.transparent)
    p = QtGui.QPainter(imagen)
    p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    p.scale(tamano / 256, tamano / 256)
    p.setPen(QtCore.Qt.PenStyle.NoPen)
    degradado = QtGui.QLinearGradient(0, 0, 0, 256)
    degradado.setColorAt(0, QtGui.QColor(VERDE))
    degradado.setColorAt(1, QtGui.QColor(VERDE_OSCURO))
    p.setBrush(degradado)
    p.drawRoundedRect(QtCore.QRectF(8, 8, 240, 240), 48, 48)
    p.setBrush(QtGui.QColor(BLANCO))
    p.drawRoundedRect(QtCore.QRectF(100, 52, 56, 152), 8, 8)
    p.drawRoundedRect(QtCore.QRectF(52, 100, 152, 56), 8, 8)
    for color, puntos in (
        (AMBAR, [(197, 34), (232, 82), (162, 82)]),  # up, top right
        (ROJO, [(59, 222), (94, 174), (24, 174)]),  # down, bottom left
    ):
        p.setBrush(QtGui.QColor(color))
        p.setPen(QtGui.QPen(QtGui.QColor(BLANCO), 5))
        p.drawPolygon(QtGui.QPolygonF([QtCore.QPointF(x, y) for x, y in puntos]))
    p.end()
    return imagen


def panel_asistente():
    """The side panel of the Windows installer's first and last pages
    (164 x 314 px, as NSIS's Modern UI wants): the icon and the name on green."""
    QtCore, QtGui = _qt()
    imagen = QtGui.QImage(164, 314, QtGui.QImage.Format.Format_RGB888)
    p = QtGui.QPainter(imagen)
    p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QtGui.QPainter.RenderHint.TextAntialiasing)
    degradado = QtGui.QLinearGradient(0, 0, 0, 314)
    degradado.setColorAt(0, QtGui.QColor(VERDE))
    degradado.setColorAt(1, QtGui.QColor(VERDE_OSCURO))
    p.fillRect(0, 0, 164, 314, degradado)
    p.drawImage(QtCore.QRectF(34, 40, 96, 96), dibujar(192))
    p.setPen(QtGui.QColor(BLANCO))
    letra = QtGui.QFont("DejaVu Sans", 20)
    letra.setBold(True)
    p.setFont(letra)
    p.drawText(QtCore.QRectF(0, 150, 164, 36), QtCore.Qt.AlignmentFlag.AlignCenter, "EyF")
    letra = QtGui.QFont("DejaVu Sans", 8)
    p.setFont(letra)
    p.drawText(
        QtCore.QRectF(14, 192, 136, 90),
        QtCore.Qt.AlignmentFlag.AlignHCenter | QtCore.Qt.TextFlag.TextWordWrap,
        "Excedentes y Faltantes de Servicios Médicos",
    )
    p.end()
    return imagen


def bmp(imagen) -> bytes:
    QtCore, _ = _qt()
    datos = QtCore.QByteArray()
    buffer = QtCore.QBuffer(datos)
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    imagen.save(buffer, "BMP")
    buffer.close()
    return bytes(datos)


def _png(imagen) -> bytes:
    QtCore, _ = _qt()
    datos = QtCore.QByteArray()
    buffer = QtCore.QBuffer(datos)
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    imagen.save(buffer, "PNG")
    buffer.close()
    return bytes(datos)


def _dib(imagen) -> bytes:
    """An icon image as a 32-bit DIB (what every Windows version reads)."""
    _, QtGui = _qt()
    imagen = imagen.convertToFormat(QtGui.QImage.Format.Format_ARGB32)
    ancho, alto = imagen.width(), imagen.height()
    cabecera = struct.pack("<IiiHHIIiiII", 40, ancho, alto * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    filas = []
    for y in range(alto - 1, -1, -1):  # bottom-up; ARGB32 is BGRA in memory
        filas.append(bytes(imagen.constScanLine(y))[: ancho * 4])
    mascara = b"\x00" * (((ancho + 31) // 32) * 4 * alto)  # alpha does the work
    return cabecera + b"".join(filas) + mascara


def ico_de(png: bytes, tamanos: tuple[int, ...] = TAMANOS_ICO) -> bytes:
    """A multi-size .ico from a PNG: DIB images up to 128 px, PNG at 256 px."""
    QtCore, QtGui = _qt()
    original = QtGui.QImage.fromData(png, "PNG")
    if original.isNull():
        raise ValueError("el icono no es un PNG válido")
    imagenes = []
    for t in tamanos:
        escalada = original.scaled(
            t,
            t,
            QtCore.Qt.AspectRatioMode.KeepAspectRatio,
            QtCore.Qt.TransformationMode.SmoothTransformation,
        )
        imagenes.append((t, _png(escalada) if t >= 256 else _dib(escalada)))
    cabecera = struct.pack("<HHH", 0, 1, len(imagenes))
    desplazamiento = 6 + 16 * len(imagenes)
    entradas, cuerpos = [], []
    for t, datos in imagenes:
        lado = 0 if t >= 256 else t
        entradas.append(
            struct.pack("<BBBBHHII", lado, lado, 0, 0, 1, 32, len(datos), desplazamiento)
        )
        cuerpos.append(datos)
        desplazamiento += len(datos)
    return cabecera + b"".join(entradas) + b"".join(cuerpos)


def ruta_png() -> Path:
    sys.path.insert(0, str(RAIZ))
    from app import acerca
    from app.rutas import recurso

    return recurso(acerca.ICONO)


def main(argv: list[str]) -> int:
    if argv[:1] == ["png"] and len(argv) == 1:
        destino = ruta_png()
        destino.parent.mkdir(parents=True, exist_ok=True)
        destino.write_bytes(_png(dibujar(256)))
        print(destino)
        return 0
    if argv[:1] == ["ico"] and len(argv) == 2:
        destino = Path(argv[1])
        destino.write_bytes(ico_de(ruta_png().read_bytes()))
        print(destino)
        return 0
    print("Uso: python empaquetado/icono.py png | ico DESTINO.ico", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
