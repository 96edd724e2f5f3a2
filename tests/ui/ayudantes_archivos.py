"""Helpers for the end of the process in the window: answering the file
dialogs (Qt's own, in Spanish, as a person would: folder and name typed),
the passphrase prompt, catching what the window opens with the system's
viewer, and reading PDFs back."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QObject, QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QAbstractButton, QApplication, QFileDialog, QInputDialog, QLineEdit


@dataclass
class Eleccion:
    """What the file dialog offered, filled in when it appears."""

    rutas: list[Path]
    titulo: str = ""
    sugerido: str = ""  # the file name the dialog proposed
    carpeta: str = ""  # the folder it opened in
    hecha: bool = False
    _temporizador: QTimer | None = field(default=None, repr=False)


def elegir(qtbot, *rutas: Path, cancelar: bool = False) -> Eleccion:
    """Answer the next file dialog with ``rutas`` (one or several files in one
    folder), or cancel it. Programmed before the action that opens it."""
    eleccion = Eleccion([Path(r) for r in rutas])
    temporizador = QTimer()
    temporizador.setInterval(20)

    def intentar() -> None:
        d = QApplication.activeModalWidget()
        if not isinstance(d, QFileDialog) or not d.isVisible():
            return
        temporizador.stop()
        campo = d.findChild(QLineEdit, "fileNameEdit")
        eleccion.titulo = d.windowTitle()
        eleccion.sugerido = campo.text()
        eleccion.carpeta = d.directory().absolutePath()
        eleccion.hecha = True
        if cancelar:
            d.reject()
            return
        d.setDirectory(str(eleccion.rutas[0].parent))
        nombres = [r.name for r in eleccion.rutas]
        campo.setText(nombres[0] if len(nombres) == 1 else " ".join(f'"{n}"' for n in nombres))
        d.accept()

    temporizador.timeout.connect(intentar)
    temporizador.start()
    eleccion._temporizador = temporizador
    return eleccion


@dataclass
class Textos:
    textos: list[str]
    etiquetas: list[str] = field(default_factory=list)  # what each prompt said
    _temporizador: QTimer | None = field(default=None, repr=False)

    @property
    def hechas(self) -> int:
        return len(self.etiquetas)


def escribir_en_dialogo(qtbot, *textos: str, boton: str = "Firmar") -> Textos:
    """Answer the next text prompts (the key's passphrase) by typing ``textos``,
    one per prompt, in order."""
    respuesta = Textos(list(textos))
    temporizador = QTimer()
    temporizador.setInterval(20)
    vistos: list[QInputDialog] = []

    def intentar() -> None:
        d = QApplication.activeModalWidget()
        if not isinstance(d, QInputDialog) or not d.isVisible() or d in vistos:
            return
        vistos.append(d)
        respuesta.etiquetas.append(d.labelText())
        d.setTextValue(respuesta.textos[len(respuesta.etiquetas) - 1])
        if respuesta.hechas == len(respuesta.textos):
            temporizador.stop()
        for b in d.findChildren(QAbstractButton):
            if b.text().replace("&", "") == boton:
                b.click()
                return
        d.reject()

    temporizador.timeout.connect(intentar)
    temporizador.start()
    respuesta._temporizador = temporizador
    return respuesta


class Visor(QObject):
    """Stands where the system's PDF viewer would be: Qt hands it the file
    URLs the window asks to open (QDesktopServices.setUrlHandler)."""

    def __init__(self) -> None:
        super().__init__()
        self.abiertos: list[Path] = []

    @Slot(QUrl)
    def abrir(self, url: QUrl) -> None:
        self.abiertos.append(Path(url.toLocalFile()))


@pytest.fixture
def visor():
    v = Visor()
    QDesktopServices.setUrlHandler("file", v, "abrir")
    yield v
    QDesktopServices.unsetUrlHandler("file")


def texto_pdf(ruta: Path) -> str:
    """Every page's text, joined; the PDF must open with pypdf."""
    lector = PdfReader(ruta)
    return "\n".join(p.extract_text() or "" for p in lector.pages)
