"""One copy of the window per data folder.

An OS file lock on ``eyf.candado`` in the data folder: the operating system
releases it when the process ends, even killed or after a power cut, so a
stale lock can never keep a person out. The window holds it while open; the
command line can ask who holds it to explain a busy database.
"""

from __future__ import annotations

import os
import socket
import sys
from datetime import datetime
from pathlib import Path

from app.errores import ErrorAlmacen

ARCHIVO = "eyf.candado"


class InstanciaActiva(ErrorAlmacen):
    """Another copy of EyF already has this data folder open."""


class Candado:
    def __init__(self, carpeta: Path):
        self.ruta = Path(carpeta) / ARCHIVO
        self._fd: int | None = None

    def adquirir(self) -> None:
        """Take the lock or raise ``InstanciaActiva`` naming who holds it."""
        from app.almacen.fallos import traducir

        # A read-only or full data folder: a Spanish ErrorAlmacen, not an OSError.
        with traducir(self.ruta.parent, sistema=True):
            self.ruta.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.ruta, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            _bloquear(fd)
        except OSError:
            os.close(fd)
            quien = self.quien()
            raise InstanciaActiva(
                "EyF ya está abierto con esta carpeta de datos"
                + (f" ({quien})" if quien else "")
                + ". Use esa ventana, o ciérrela antes de abrir otra."
            ) from None
        try:  # who holds it, for the message of a second copy (optional: a full disk)
            os.ftruncate(fd, 0)
            os.write(
                fd, f"{os.getpid()} {socket.gethostname()} {datetime.now():%d/%m/%Y %H:%M}".encode()
            )
            os.fsync(fd)
        except OSError:
            pass
        self._fd = fd

    def liberar(self) -> None:
        if self._fd is not None:
            try:
                _desbloquear(self._fd)
            finally:
                os.close(self._fd)
                self._fd = None

    def ocupado(self) -> bool:
        """True when another process holds the lock (this one does not take it)."""
        if self._fd is not None:
            return False
        try:
            fd = os.open(self.ruta, os.O_RDWR)
        except FileNotFoundError:
            return False
        except OSError:  # a read-only folder: a read-only descriptor can still ask
            try:
                fd = os.open(self.ruta, os.O_RDONLY)
            except OSError:
                return False
        try:
            _bloquear(fd)
        except OSError:
            return True
        else:
            _desbloquear(fd)
            return False
        finally:
            os.close(fd)

    def quien(self) -> str:
        """'proceso 123 en equipo, desde 25/11/2026 10:00', as written by the holder."""
        try:
            pid, equipo, *desde = self.ruta.read_text(encoding="utf-8").split()
        except (OSError, ValueError):
            return ""
        return f"proceso {pid} en {equipo}, desde {' '.join(desde)}"

    def __enter__(self) -> Candado:
        self.adquirir()
        return self

    def __exit__(self, *_exc) -> None:
        self.liberar()


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds
    import msvcrt

    def _bloquear(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _desbloquear(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _bloquear(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _desbloquear(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
