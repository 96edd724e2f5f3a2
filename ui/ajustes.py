"""Window state kept between sessions (QSettings), every key declared once
with its type and default. Domain configuration lives in the database.

The file is ``ventana.ini`` in the data folder, so a portable installation
carries its window layout with it and each test gets its own."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ARCHIVO = "ventana.ini"


@dataclass(frozen=True)
class Clave:
    nombre: str
    tipo: type
    defecto: object


GEOMETRIA_VENTANA = Clave("ventana/geometria", QByteArray, QByteArray())
ESTADO_VENTANA = Clave("ventana/estado", QByteArray, QByteArray())
GEOMETRIA_AYUDA = Clave("ayuda/geometria", QByteArray, QByteArray())
SOLO_CON_DATOS = Clave("productos/solo_con_datos", bool, False)
# The last folder used for each kind of file (reports, signed reports, bundles).
CARPETA_REPORTES = Clave("carpetas/reportes", str, "")
CARPETA_FIRMADOS = Clave("carpetas/firmados", str, "")
CARPETA_PAQUETES_EXPORTAR = Clave("carpetas/paquetes_exportar", str, "")
CARPETA_PAQUETES_IMPORTAR = Clave("carpetas/paquetes_importar", str, "")

CLAVES = (
    GEOMETRIA_VENTANA,
    ESTADO_VENTANA,
    GEOMETRIA_AYUDA,
    SOLO_CON_DATOS,
    CARPETA_REPORTES,
    CARPETA_FIRMADOS,
    CARPETA_PAQUETES_EXPORTAR,
    CARPETA_PAQUETES_IMPORTAR,
)


class Ajustes:
    def __init__(self, carpeta: Path):
        self._q = QSettings(str(Path(carpeta) / ARCHIVO), QSettings.Format.IniFormat)

    def leer(self, clave: Clave):
        valor = self._q.value(clave.nombre, clave.defecto)
        if clave.tipo is bool and isinstance(valor, str):
            return valor.lower() == "true"
        return valor if isinstance(valor, clave.tipo) else clave.defecto

    def escribir(self, clave: Clave, valor) -> None:
        self._q.setValue(clave.nombre, valor)

    def sincronizar(self) -> None:
        self._q.sync()
