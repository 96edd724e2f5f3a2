"""Small icons drawn with QPainter (no image files, no third-party art)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from app import acerca
from app.rutas import recurso

VERDE = "#2e8540"
ROJO = "#c62828"


@cache
def circulo(color: str, tamano: int = 14) -> QIcon:
    mapa = QPixmap(tamano, tamano)
    mapa.fill(Qt.GlobalColor.transparent)
    p = QPainter(mapa)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QColor(color).darker(130))
    p.setBrush(QColor(color))
    p.drawEllipse(QRectF(1, 1, tamano - 2, tamano - 2))
    p.end()
    return QIcon(mapa)


def programa() -> QIcon:
    """The program's icon (recursos/iconos), or none if the file is missing."""
    ruta = recurso(acerca.ICONO)
    return QIcon(str(ruta)) if ruta.exists() else QIcon()
