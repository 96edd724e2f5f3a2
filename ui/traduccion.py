"""Qt's own words in the Spanish of Mexico.

``qtbase_es`` is Spain's Spanish («fichero», «ordenador») and leaves a few
strings in English («Folder»). This translator, installed after it, answers
first for the strings a person meets in Qt's own file dialog and message
boxes; for everything else it returns nothing and Qt asks ``qtbase_es``."""

from __future__ import annotations

from PySide6.QtCore import QTranslator

# (context, source text) → es-MX. Contexts and texts are Qt 6's own.
TEXTOS = {
    ("QAbstractFileIconProvider", "Folder"): "Carpeta",
    ("QAbstractFileIconProvider", "File"): "Archivo",
    ("QAbstractFileIconProvider", "Drive"): "Unidad",
    ("QAbstractFileIconProvider", "File Folder"): "Carpeta",
    ("QFileSystemModel", "Name"): "Nombre",
    ("QFileSystemModel", "Size"): "Tamaño",
    ("QFileSystemModel", "Type"): "Tipo",
    ("QFileSystemModel", "Date Modified"): "Fecha de modificación",
    ("QFileSystemModel", "My Computer"): "Equipo",
    ("QFileSystemModel", "Computer"): "Equipo",
    ("QFileDialog", "Show &hidden files"): "Mostrar los archivos &ocultos",
    ("QFileDialog", "%1 already exists.\nDo you want to replace it?"): (
        "%1 ya existe.\n¿Desea reemplazarlo?"
    ),
    ("QFileDialog", "%1\nFile not found.\nPlease verify the correct file name was given."): (
        "%1\nNo se encontró el archivo.\nRevise que el nombre esté bien escrito."
    ),
    ("QFileDialog", "All Files (*)"): "Todos los archivos (*)",
    ("QFileDialog", "File"): "Archivo",
    ("QFileDialog", "File Folder"): "Carpeta",
    ("QFileDialog", "Folder"): "Carpeta",
    ("QFileDialog", "&New Folder"): "&Nueva carpeta",
    ("QFileDialog", "New Folder"): "Nueva carpeta",
    ("QFileDialog", "Recent Places"): "Lugares recientes",
    ("QFileDialog", "Are you sure you want to delete '%1'?"): "¿Seguro que desea borrar «%1»?",
    ("QFileDialog", "'%1' is write protected.\nDo you want to delete it anyway?"): (
        "«%1» está protegido contra escritura.\n¿Desea borrarlo de todas formas?"
    ),
}


class TraductorMX(QTranslator):
    def translate(self, contexto, texto, desambiguacion=None, n=-1):  # noqa: ARG002
        return TEXTOS.get((contexto, texto))  # None: Qt asks the next translator

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False
