"""Work off the GUI thread: a function runs on a QThreadPool and its result
(or its exception) comes back to the GUI thread through queued signals.

No widget is touched from a worker. ``Trabajos.ocupado`` says whether
anything is still running (the window shows a busy bar; tests wait on it).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot


class _Emisor(QObject):
    terminado = Signal(int, object)
    fallo = Signal(int, object)


class _Tarea(QRunnable):
    def __init__(self, numero: int, funcion: Callable[[], Any], emisor: _Emisor):
        super().__init__()
        self.setAutoDelete(True)
        self._numero, self._funcion, self._emisor = numero, funcion, emisor

    def run(self) -> None:
        try:
            resultado = self._funcion()
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread as is
            self._emisor.fallo.emit(self._numero, exc)
        else:
            self._emisor.terminado.emit(self._numero, resultado)


@dataclass
class _Pendiente:
    al_terminar: Callable[[Any], None]
    al_fallar: Callable[[BaseException], None] | None
    dueno: QObject | None
    mensaje: str


class Trabajos(QObject):
    """Runs core calls off the GUI thread, one callback each when they end."""

    ocupado_cambio = Signal(bool, str)  # busy?, what is being done
    fallo_sin_manejar = Signal(object, object)  # exception, owner widget (or None)

    def __init__(self, parent: QObject | None = None, *, hilos: int = 2):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(hilos)
        self._emisor = _Emisor()
        self._emisor.terminado.connect(self._terminado, Qt.ConnectionType.QueuedConnection)
        self._emisor.fallo.connect(self._fallo, Qt.ConnectionType.QueuedConnection)
        self._pendientes: dict[int, _Pendiente] = {}
        self._contador = itertools.count(1)

    @property
    def ocupado(self) -> bool:
        return bool(self._pendientes)

    def lanzar(
        self,
        funcion: Callable[[], Any],
        al_terminar: Callable[[Any], None],
        *,
        al_fallar: Callable[[BaseException], None] | None = None,
        dueno: QObject | None = None,
        mensaje: str = "Trabajando…",
    ) -> None:
        """Run ``funcion()`` on the pool; then ``al_terminar(resultado)`` or
        ``al_fallar(exc)`` on the GUI thread. Nothing is called back if
        ``dueno`` was destroyed in the meantime (the user left the screen)."""
        numero = next(self._contador)
        self._pendientes[numero] = _Pendiente(al_terminar, al_fallar, dueno, mensaje)
        self.ocupado_cambio.emit(True, mensaje)
        self._pool.start(_Tarea(numero, funcion, self._emisor))

    def esperar(self, milisegundos: int = 30_000) -> bool:
        """Block until every job ended (used when the window closes)."""
        return self._pool.waitForDone(milisegundos)

    def _sacar(self, numero: int) -> _Pendiente | None:
        """The job's callbacks, or None when its owner is gone."""
        pendiente = self._pendientes.pop(numero, None)
        if pendiente is None:
            return None
        if pendiente.dueno is not None and not shiboken6.isValid(pendiente.dueno):
            return None
        return pendiente

    def _avisar(self) -> None:
        restante = next(iter(self._pendientes.values()), None)
        self.ocupado_cambio.emit(restante is not None, restante.mensaje if restante else "")

    @Slot(int, object)
    def _terminado(self, numero: int, resultado: object) -> None:
        pendiente = self._sacar(numero)
        try:
            if pendiente is not None:
                pendiente.al_terminar(resultado)
        finally:
            self._avisar()  # after the callback: its results are on screen

    @Slot(int, object)
    def _fallo(self, numero: int, exc: BaseException) -> None:
        pendiente = self._sacar(numero)
        try:
            if pendiente is None:
                return
            if pendiente.al_fallar is not None:
                pendiente.al_fallar(exc)
            else:
                self.fallo_sin_manejar.emit(exc, pendiente.dueno)
        finally:
            self._avisar()
