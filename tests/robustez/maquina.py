"""A misbehaving machine, for real: read-only folders and full disks made with
mounts in a private mount namespace (``unshare``), so nothing outside the
test is touched and root's privileges do not hide the failure (chmod does not
stop root; a read-only mount does). Tests skip when the system allows no
namespaces, and say so."""

from __future__ import annotations

import functools
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parents[2]


@functools.cache
def prefijo_unshare() -> list[str] | None:
    """The command that gives a private mount namespace where mounting is allowed."""
    if not shutil.which("unshare"):
        return None
    for prefijo in (["unshare", "-rm"], ["unshare", "-m"]):
        r = subprocess.run(
            [
                *prefijo,
                "sh",
                "-c",
                "mount -t tmpfs -o size=64k tmpfs /mnt 2>/dev/null || mount -t tmpfs -o size=64k tmpfs /tmp",
            ],
            capture_output=True,
        )
        if r.returncode == 0:
            return prefijo
    return None


def exigir_montajes() -> list[str]:
    prefijo = prefijo_unshare()
    if prefijo is None:
        pytest.skip(
            "este sistema no permite espacios de montaje propios (unshare); no se puede simular"
        )
    return prefijo


def eyf(*args: object) -> str:
    """The shell text of an ``eyf`` order (the real program, in a new process)."""
    return shlex.join([sys.executable, "-m", "app", *map(str, args)])


def en_montajes(guion: str, timeout: float = 180) -> subprocess.CompletedProcess:
    """Run a shell script in a private mount namespace; ``set -e`` is not used so
    every order's status and messages can be checked."""
    return subprocess.run(
        [*exigir_montajes(), "sh", "-c", guion],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=RAIZ,
    )


def salidas(r: subprocess.CompletedProcess) -> dict[str, tuple[int, str]]:
    """Lines ``@@nombre estado`` printed by the script → (status, text before it)."""
    resultado, texto = {}, []
    for linea in (r.stdout + r.stderr).splitlines():
        if linea.startswith("@@"):
            nombre, estado = linea[2:].split()
            resultado[nombre] = (int(estado), "\n".join(texto))
            texto = []
        else:
            texto.append(linea)
    return resultado


def paso(nombre: str, orden: str) -> str:
    """A script line running ``orden`` and printing its status, stderr merged in."""
    return f"{orden} 2>&1; echo @@{nombre} $?\n"
