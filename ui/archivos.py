"""Choosing files (where to save a report or a bundle, which PDF or bundles
to take) and opening a PDF with the computer's own viewer.

Each kind of file remembers its last folder in the window settings, so the
next dialog opens where the user went last (the USB stick, «Documentos»).
The dialogs are QFileDialog objects, in Spanish with the rest of Qt."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

from ui import ajustes, dialogos
from ui.contexto import Contexto

FILTRO_PDF = "Documentos PDF (*.pdf *.PDF)"
FILTRO_PAQUETES = "Paquetes de EyF (*.eyf *.EYF)"
TODOS = "Todos los archivos (*)"


def carpeta_inicial(ctx: Contexto, clave: ajustes.Clave) -> Path:
    """The last folder used for this kind of file, or the user's documents."""
    guardada = ctx.ajustes.leer(clave)
    if guardada and Path(guardada).is_dir():
        return Path(guardada)
    documentos = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documentos and Path(documentos).is_dir():
        return Path(documentos)
    return Path.home()


def _recordar(ctx: Contexto, clave: ajustes.Clave, carpeta: Path) -> None:
    ctx.ajustes.escribir(clave, str(carpeta))
    ctx.ajustes.sincronizar()


# Where the computer has no file dialog of its own (a bare Linux desktop),
# Qt draws one; qtbase_es leaves some of its labels in English or in
# Spain's Spanish, so they are set here in the users' words (es-MX).
ETIQUETAS = {
    QFileDialog.DialogLabel.LookIn: "Buscar en:",
    QFileDialog.DialogLabel.FileName: "Nombre del archivo:",
    QFileDialog.DialogLabel.FileType: "Tipo de archivo:",
    QFileDialog.DialogLabel.Reject: "Cancelar",
}


def _dialogo(padre: QWidget | None, titulo: str, inicio: Path, filtros: list[str]) -> QFileDialog:
    d = QFileDialog(padre, titulo, str(inicio))
    d.setObjectName("dialogo_archivo")
    if filtros:
        d.setNameFilters(filtros)
    for etiqueta, texto in ETIQUETAS.items():
        d.setLabelText(etiqueta, texto)
    return d


def elegir_archivo(padre: QWidget | None, titulo: str, inicio: Path, filtro: str) -> Path | None:
    """One existing file, with no remembered folder (the start-up rescue,
    before the window and its settings exist); None when cancelled."""
    d = _dialogo(padre, titulo, inicio, [filtro, TODOS])
    d.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    d.setFileMode(QFileDialog.FileMode.ExistingFile)
    d.setLabelText(QFileDialog.DialogLabel.Accept, "Abrir")
    if not d.exec() or not d.selectedFiles():
        return None
    return Path(d.selectedFiles()[0])


def elegir_carpeta(padre: QWidget | None, titulo: str, inicio: Path) -> Path | None:
    """An existing folder (where to put a copy); None when cancelled."""
    d = _dialogo(padre, titulo, inicio, [])
    d.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    d.setFileMode(QFileDialog.FileMode.Directory)
    d.setOption(QFileDialog.Option.ShowDirsOnly, True)
    d.setLabelText(QFileDialog.DialogLabel.Accept, "Elegir")
    d.setLabelText(QFileDialog.DialogLabel.FileName, "Carpeta:")
    if not d.exec() or not d.selectedFiles():
        return None
    return Path(d.selectedFiles()[0])


def para_guardar(
    padre: QWidget,
    ctx: Contexto,
    clave: ajustes.Clave,
    titulo: str,
    nombre: str,
    filtro: str,
    sufijo: str,
) -> Path | None:
    """Ask where to save a new file, suggesting ``nombre``; None when cancelled."""
    d = _dialogo(padre, titulo, carpeta_inicial(ctx, clave), [filtro, TODOS])
    d.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    d.setFileMode(QFileDialog.FileMode.AnyFile)
    d.setDefaultSuffix(sufijo)
    d.selectFile(nombre)
    d.setLabelText(QFileDialog.DialogLabel.Accept, "Guardar")
    if not d.exec() or not d.selectedFiles():
        return None
    ruta = Path(d.selectedFiles()[0])
    if not ruta.suffix:
        ruta = ruta.with_name(f"{ruta.name}.{sufijo}")
    _recordar(ctx, clave, ruta.parent)
    return ruta


def para_abrir(
    padre: QWidget,
    ctx: Contexto,
    clave: ajustes.Clave,
    titulo: str,
    filtro: str,
    *,
    varios: bool = False,
) -> list[Path]:
    """Ask for one existing file (or several); an empty list when cancelled."""
    d = _dialogo(padre, titulo, carpeta_inicial(ctx, clave), [filtro, TODOS])
    d.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    d.setFileMode(
        QFileDialog.FileMode.ExistingFiles if varios else QFileDialog.FileMode.ExistingFile
    )
    d.setLabelText(QFileDialog.DialogLabel.Accept, "Abrir")
    if not d.exec():
        return []
    rutas = [Path(r) for r in d.selectedFiles()]
    if rutas:
        _recordar(ctx, clave, rutas[0].parent)
    return rutas


def abrir_con_visor(padre: QWidget, ruta: Path) -> None:
    """Open ``ruta`` with the program the computer uses for it (PDF viewer)."""
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(ruta))):
        dialogos.aviso(
            padre,
            "No se pudo abrir",
            "No se encontró un programa para abrir el archivo en esta computadora.",
            f"Ábralo directamente: {ruta}",
        )


def ofrecer_abrir(padre: QWidget, titulo: str, texto: str, detalle: str, ruta: Path) -> None:
    """After saving a file: say where it is and offer to open it."""
    if dialogos.confirmar(padre, titulo, texto, si="Abrir", no="Cerrar", detalle=detalle):
        abrir_con_visor(padre, ruta)
