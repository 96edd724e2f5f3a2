"""Progress, cancel and partial results of a long job in the background (the
exchange analysis, a workbook of tens of thousands of rows, the self-check).

The core takes ``progreso(hecho, total, mensaje)`` and ``cancelado()``
callables and calls them from the worker thread. A ``Progreso`` is both, and
turns each call into a queued signal for the GUI thread (no widget is touched
from the worker). It is created without a parent and kept by the job's
closure, so a worker can still report after the screen that started it closed.
``BarraProgreso`` shows it inside a screen; ``dialogo_progreso`` in a
window-modal dialog.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QWidget,
)

COLA = Qt.ConnectionType.QueuedConnection


class Progreso(QObject):
    cambio = Signal(int, int, str)  # done, total (0: unknown), what is being done
    dato = Signal(object)  # a partial result (one line of the self-check)

    def __init__(self) -> None:
        super().__init__()
        self._cancelado = threading.Event()

    # From the worker ----------------------------------------------------------
    def __call__(self, hecho: int, total: int, mensaje: str = "") -> None:
        self.cambio.emit(int(hecho), int(total), mensaje or "")

    def enviar(self, dato: object) -> None:
        self.dato.emit(dato)

    def cancelado(self) -> bool:
        return self._cancelado.is_set()

    # From the GUI --------------------------------------------------------------
    def cancelar(self) -> None:
        self._cancelado.set()


class BarraProgreso(QWidget):
    """A progress bar, what is being done, and «Cancelar», inside a screen."""

    def __init__(self, nombre: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(nombre)
        fila = QHBoxLayout(self)
        fila.setContentsMargins(0, 0, 0, 0)
        self.barra = QProgressBar()
        self.barra.setAccessibleName("Avance")
        self.barra.setMaximumWidth(200)
        self.barra.setMaximumHeight(16)
        self.barra.setTextVisible(False)
        self.texto = QLabel()
        self.texto.setObjectName(f"{nombre}_texto")
        self.cancelar = QPushButton("Ca&ncelar")
        self.cancelar.setObjectName(f"{nombre}_cancelar")
        fila.addWidget(self.barra)
        fila.addWidget(self.texto, 1)
        fila.addWidget(self.cancelar)
        self._progreso: Progreso | None = None
        self.cancelar.clicked.connect(self._cancelar)
        self.setVisible(False)

    def seguir(self, progreso: Progreso, mensaje: str) -> None:
        self._progreso = progreso
        self.barra.setRange(0, 0)
        self.texto.setText(mensaje)
        self.cancelar.setEnabled(True)
        progreso.cambio.connect(self._cambio, COLA)
        self.setVisible(True)

    def terminar(self) -> None:
        self._progreso = None
        self.setVisible(False)

    def _cambio(self, hecho: int, total: int, mensaje: str) -> None:
        if self._progreso is None or self.sender() is not self._progreso:
            return  # a job that was replaced by a newer one
        if total > 0:
            self.barra.setRange(0, total)
            self.barra.setValue(min(hecho, total))
        if mensaje:
            self.texto.setText(mensaje)

    def _cancelar(self) -> None:
        if self._progreso is not None:
            self._progreso.cancelar()
            self.cancelar.setEnabled(False)
            self.texto.setText("Cancelando…")


def dialogo_progreso(
    padre: QWidget, titulo: str, texto: str, progreso: Progreso
) -> QProgressDialog:
    """A window-modal progress dialog bound to ``progreso`` (its «Cancelar»
    cancels the job); it appears only if the job takes more than a moment.
    Close it with ``cerrar_dialogo`` when the job ends."""
    d = QProgressDialog(texto, "Cancelar", 0, 0, padre)
    d.setObjectName("dialogo_progreso")
    d.setWindowTitle(titulo)
    d.setWindowModality(Qt.WindowModality.WindowModal)
    d.setAutoClose(False)
    d.setAutoReset(False)
    d.setMinimumDuration(400)
    d.setMinimumWidth(420)

    def cambio(hecho: int, total: int, mensaje: str) -> None:
        if total > 0:
            d.setMaximum(total)
            d.setValue(min(hecho, total))
        if mensaje:
            d.setLabelText(mensaje)

    def cancelar() -> None:
        progreso.cancelar()
        d.setLabelText("Cancelando…")

    progreso.cambio.connect(cambio, COLA)
    d.canceled.connect(cancelar)
    d.setValue(0)
    return d


def cerrar_dialogo(d: QProgressDialog) -> None:
    d.reset()
    d.hide()
    d.deleteLater()
