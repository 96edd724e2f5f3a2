"""Helpers for driving the window like a person: keys to the focused widget,
answering the message boxes that appear, waiting for background work."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QMessageBox, QWidget

from ui.contexto import Contexto
from ui.ventana import VentanaPrincipal


def abrir_ventana(qtbot, almacen, carpeta, *, tamano=(1024, 600)) -> VentanaPrincipal:
    # Not qtbot.addWidget: pytest-qt would close it before our fixture can
    # switch off the unsaved-changes question, which would then wait forever.
    v = VentanaPrincipal(Contexto(almacen, carpeta))
    v.resize(*tamano)
    v.show()
    qtbot.waitExposed(v)
    v.activateWindow()
    v.iniciar()
    esperar(qtbot, v)
    return v


def cerrar_ventana(v: VentanaPrincipal) -> None:
    for dialogo in QApplication.topLevelWidgets():
        if isinstance(dialogo, QDialog) and dialogo.isVisible():
            dialogo.reject()
    v._cerrar_confirmado = True  # tests that left edits behind end without the guard
    v.close()
    v.ctx.trabajos.esperar()
    QApplication.processEvents()
    v.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def esperar(qtbot, v: VentanaPrincipal, timeout: int = 10_000) -> None:
    """Until no background job is running and its results are on screen."""
    qtbot.waitUntil(lambda: not v.ctx.trabajos.ocupado, timeout=timeout)
    QApplication.processEvents()


def foco() -> QWidget:
    """The widget that receives the keys. Without a window manager (offscreen,
    bare Xvfb) nobody re-activates the window when a modal dialog closes; a
    desktop always does, so the helper does it here, as a desktop would."""
    if QApplication.activeWindow() is None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, VentanaPrincipal) and w.isVisible():
                w.activateWindow()
                QApplication.processEvents()
    w = QApplication.focusWidget()
    assert w is not None, "nada tiene el foco del teclado"
    return w


def tecla(qtbot, key, modificadores=Qt.KeyboardModifier.NoModifier, veces: int = 1) -> None:
    for _ in range(veces):
        qtbot.keyClick(foco(), key, modificadores)
        QApplication.processEvents()  # editors commit on a queued call


def escribir(qtbot, texto: str) -> None:
    """Type ``texto`` into the focused widget (QTest only knows ASCII keys, so
    "í" or "ñ" are sent as key events carrying that text)."""
    for caracter in texto:
        if caracter.isascii():
            qtbot.keyClicks(foco(), caracter)
            continue
        for tipo in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            evento = QKeyEvent(tipo, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, caracter)
            QApplication.sendEvent(foco(), evento)


def _texto_boton(b: QAbstractButton) -> str:
    return b.text().replace("&", "")


@dataclass
class Respuesta:
    """What a dialog said, filled in when it appears and is answered."""

    boton: str
    titulo: str = ""
    texto: str = ""
    detalle: str = ""
    botones: list[str] = field(default_factory=list)
    respondida: bool = False


def responder(qtbot, boton: str, *, intervalo: int = 20) -> Respuesta:
    """Answer the next modal dialog by clicking the button labelled ``boton``.

    Message boxes run their own event loop, so the answer is scheduled before
    the action that opens the dialog."""
    respuesta = Respuesta(boton)
    temporizador = QTimer()
    temporizador.setInterval(intervalo)

    def intentar() -> None:
        dialogo = QApplication.activeModalWidget()
        if not isinstance(dialogo, QDialog) or not dialogo.isVisible():
            return
        botones = [b for b in dialogo.findChildren(QAbstractButton) if b.isVisible()]
        respuesta.titulo = dialogo.windowTitle()
        respuesta.botones = [_texto_boton(b) for b in botones]
        if isinstance(dialogo, QMessageBox):
            respuesta.texto = dialogo.text()
            respuesta.detalle = dialogo.informativeText()
        for b in botones:
            if _texto_boton(b) == boton:
                temporizador.stop()
                respuesta.respondida = True
                b.click()
                return

    temporizador.timeout.connect(intentar)
    temporizador.start()
    respuesta._temporizador = temporizador  # keep it alive
    return respuesta


def celda(pantalla, fila: int, campo: str):
    """The view index of a product's cell in Paso 6 (row of the source model)."""
    m = pantalla.modelo
    return pantalla.filtro.mapFromSource(m.index(fila, m.columna_de_campo(campo)))
