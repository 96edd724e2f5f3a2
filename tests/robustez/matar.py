"""Running a piece of work in a real child process and killing it with SIGKILL
at a random moment, then checking what a restart finds.

The child is forked from the test process (already importing the program),
so hundreds of kills fit in CI; it is a separate process with its own SQLite
connections, killed exactly as a power cut or the task manager would kill EyF.
A line the child writes on the pipe *after* a commit returned is what the
person would have seen confirmed on the screen.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sqlite3
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

Avisar = Callable[[str], None]


@dataclass
class Ronda:
    lineas: list[str]  # what the child confirmed before dying
    muerto: bool  # killed by our SIGKILL (not ended on its own)
    salida: int | None  # exit status when it ended on its own


def correr_y_matar(trabajo: Callable[[Avisar], None], espera: float) -> Ronda:
    """Fork, run ``trabajo(avisar)`` in the child, SIGKILL it after ``espera`` seconds."""
    lector, escritor = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        codigo = 0
        try:
            os.close(lector)
            signal.signal(signal.SIGINT, signal.SIG_DFL)

            def avisar(linea: str) -> None:
                os.write(escritor, (linea + "\n").encode())

            trabajo(avisar)
        except BaseException:
            traceback.print_exc(file=sys.stderr)
            sys.stderr.flush()
            codigo = 70
        os._exit(codigo)
    os.close(escritor)
    datos = bytearray()
    fin = time.monotonic() + espera
    abierto = True
    while abierto and (restante := fin - time.monotonic()) > 0:
        listos, _, _ = select.select([lector], [], [], restante)
        if listos:
            trozo = os.read(lector, 65536)
            if not trozo:
                abierto = False
            datos += trozo
    with contextlib.suppress(ProcessLookupError):  # it may have ended on its own
        os.kill(pid, signal.SIGKILL)
    _, estado = os.waitpid(pid, 0)
    while trozo := os.read(lector, 65536):
        datos += trozo
    os.close(lector)
    muerto = os.WIFSIGNALED(estado) and os.WTERMSIG(estado) == signal.SIGKILL
    salida = os.WEXITSTATUS(estado) if os.WIFEXITED(estado) else None
    return Ronda(datos.decode().splitlines(), muerto, salida)


def integridad(ruta_bd: Path) -> tuple[str, list]:
    """``integrity_check`` and ``foreign_key_check`` as the next start sees them
    (an ordinary connection: SQLite recovers the WAL or rolls back a hot journal)."""
    con = sqlite3.connect(ruta_bd)
    try:
        estado = "; ".join(r[0] for r in con.execute("PRAGMA integrity_check"))
        huerfanos = con.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        con.close()
    return estado, huerfanos
