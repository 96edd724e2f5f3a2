"""Where the database may live.

SQLite's write-ahead log (WAL) keeps recent saves in a ``-wal`` file and
coordinates readers through shared memory (``-shm``) that only works inside
one computer: on a network drive two computers can write at once and damage
the database, and a dropped connection loses saves. On removable media a
pulled stick leaves the saves of the last minutes in the ``-wal`` file, which
is lost when only the main file is copied. So:

- a network drive is refused, always;
- removable media is refused, except in portable mode (``eyf-portable``
  beside the program): there the database uses SQLite's rollback journal
  instead of WAL, so after every save the main file alone is complete;
- a local disk uses WAL.

Bundles and backups may be written anywhere. Detection is split into pure
functions fed with ``/proc/self/mountinfo`` text (Linux) or a drive type
(Windows), and thin readers of the real system.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

from app.errores import ErrorAlmacen

LOCAL, RED, REMOVIBLE = "local", "red", "removible"
WAL, DIARIO_CLASICO = "wal", "delete"  # SQLite journal modes

SISTEMAS_DE_RED = {
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "smb",
    "ncpfs",
    "ncp",
    "afs",
    "9p",
    "davfs",
    "coda",
    "ceph",
    "glusterfs",
    "lustre",
    "gfs2",
    "ocfs2",
    "vboxsf",
    "sshfs",
}
FUSE_DE_RED = {
    "sshfs",
    "davfs2",
    "davfs",
    "glusterfs",
    "ceph",
    "s3fs",
    "rclone",
    "gvfsd-fuse",
    "vmhgfs-fuse",
    "smbnetfs",
    "curlftpfs",
}
CARPETAS_REMOVIBLES = ("/media/", "/run/media/")  # where desktops mount USB sticks

# GetDriveTypeW results (winbase.h)
DRIVE_REMOVABLE, DRIVE_FIXED, DRIVE_REMOTE, DRIVE_CDROM, DRIVE_RAMDISK = 2, 3, 4, 5, 6


@dataclass(frozen=True)
class Lugar:
    tipo: str  # LOCAL, RED or REMOVIBLE
    detalle: str = ""  # e.g. "nfs4 en /mnt/servidor", for the message


@dataclass(frozen=True)
class Montaje:
    punto: str
    sistema: str
    fuente: str
    dispositivo: str  # "major:minor"


def _desescapar(campo: str) -> str:
    """mountinfo escapes space, tab, newline and backslash as octal."""
    for codigo, caracter in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        campo = campo.replace(codigo, caracter)
    return campo


def leer_mountinfo(texto: str) -> list[Montaje]:
    montajes = []
    for linea in texto.splitlines():
        partes = linea.split()
        if "-" not in partes or len(partes) < 7:
            continue
        guion = partes.index("-")
        if len(partes) < guion + 3:
            continue
        montajes.append(
            Montaje(
                _desescapar(partes[4]),
                partes[guion + 1],
                _desescapar(partes[guion + 2]),
                partes[2],
            )
        )
    return montajes


def montaje_de(ruta: str, montajes: list[Montaje]) -> Montaje | None:
    """The mount holding ``ruta`` (longest mount point; the later one when stacked)."""
    elegido = None
    for m in montajes:
        punto = m.punto.rstrip("/") or "/"
        dentro = ruta == punto or ruta.startswith(punto if punto == "/" else punto + "/")
        if dentro and (elegido is None or len(punto) >= len(elegido.punto.rstrip("/") or "/")):
            elegido = m
    return elegido


def es_de_red(sistema: str) -> bool:
    sistema = sistema.lower()
    if sistema.startswith("fuse."):
        return sistema[5:] in FUSE_DE_RED
    return sistema in SISTEMAS_DE_RED or sistema.startswith("nfs")


def clasificar_linux(
    ruta: str, mountinfo: str, removible: Callable[[str], bool] = lambda _d: False
) -> Lugar:
    """Where ``ruta`` (absolute, resolved) lives, from mountinfo text and a
    reader that says whether a block device "major:minor" is removable."""
    m = montaje_de(ruta, leer_mountinfo(mountinfo))
    if m is None:
        return Lugar(LOCAL)
    if es_de_red(m.sistema):
        return Lugar(RED, f"{m.sistema} en {m.punto}, desde {m.fuente}")
    if removible(m.dispositivo):
        return Lugar(REMOVIBLE, f"{m.fuente} en {m.punto}")
    punto = m.punto.rstrip("/") + "/"
    if punto.startswith(CARPETAS_REMOVIBLES):
        return Lugar(REMOVIBLE, f"{m.fuente} en {m.punto}")
    return Lugar(LOCAL)


def clasificar_windows(ruta: str, tipo_unidad: Callable[[str], int]) -> Lugar:
    """Where ``ruta`` lives on Windows: UNC paths are network shares; otherwise
    the drive type of its root (``GetDriveTypeW``)."""
    p = PureWindowsPath(ruta)
    ancla = p.anchor
    texto = str(p)
    if texto.startswith("\\\\?\\UNC\\") or (
        texto.startswith("\\\\") and not texto.startswith("\\\\?\\")
    ):
        return Lugar(RED, f"carpeta compartida {ancla}")
    if texto.startswith("\\\\?\\"):
        ancla = PureWindowsPath(texto[4:]).anchor
    tipo = tipo_unidad(ancla)
    if tipo == DRIVE_REMOTE:
        return Lugar(RED, f"unidad de red {ancla}")
    if tipo in (DRIVE_REMOVABLE, DRIVE_CDROM):
        return Lugar(REMOVIBLE, f"unidad extraíble {ancla}")
    return Lugar(LOCAL)


# -- the real system ---------------------------------------------------------
def _removible_linux(dispositivo: str) -> bool:
    """A block device on USB, or flagged removable by the kernel."""
    try:
        real = os.path.realpath(f"/sys/dev/block/{dispositivo}")
    except OSError:
        return False
    if not os.path.exists(real):
        return False
    if "/usb" in real:
        return True
    disco = os.path.dirname(real) if os.path.exists(os.path.join(real, "partition")) else real
    try:
        with open(os.path.join(disco, "removable"), encoding="ascii") as f:
            return f.read().strip() == "1"
    except OSError:
        return False


def _tipo_unidad_windows(raiz: str) -> int:  # pragma: no cover - Windows only
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(raiz)))


def _existente(carpeta: Path) -> Path:
    """The folder, or its nearest existing parent (the folder may not exist yet)."""
    actual = carpeta.expanduser().absolute()
    while not actual.exists() and actual.parent != actual:
        actual = actual.parent
    return actual.resolve()


def lugar_de(carpeta: Path) -> Lugar:
    ruta = _existente(Path(carpeta))
    if sys.platform == "win32":  # pragma: no cover - Windows only
        return clasificar_windows(str(ruta), _tipo_unidad_windows)
    try:
        with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as f:
            texto = f.read()
    except OSError:  # not Linux (macOS): no reliable cheap check
        return Lugar(LOCAL)
    return clasificar_linux(str(ruta), texto, _removible_linux)


# -- the rule ----------------------------------------------------------------
def modo_diario_para(lugar: Lugar, carpeta: Path, *, portable: bool) -> str:
    """The SQLite journal mode for a database in ``carpeta``; refuses where it must not live."""
    if lugar.tipo == RED:
        raise ErrorAlmacen(
            f"La carpeta de datos {carpeta} está en una unidad de red ({lugar.detalle}). "
            "EyF no guarda su base de datos ahí: SQLite coordina sus escrituras con un "
            "registro (WAL) y memoria compartida que solo funcionan dentro de una misma "
            "computadora; en una unidad de red dos equipos pueden escribir a la vez y "
            "dañarla, y un corte de red a media escritura pierde lo guardado. Use una "
            "carpeta del disco de esta computadora (la carpeta por omisión, sin --datos ni "
            "EYF_DATOS). Los paquetes y los respaldos sí pueden guardarse en la unidad de red."
        )
    if lugar.tipo == REMOVIBLE:
        if portable:
            return DIARIO_CLASICO
        raise ErrorAlmacen(
            f"La carpeta de datos {carpeta} está en un medio extraíble ({lugar.detalle}). "
            "EyF no guarda su base de datos ahí: los últimos registros viven un tiempo en un "
            "archivo aparte (el registro WAL de SQLite) y se pierden si la memoria se retira "
            "o si se copia solo el archivo principal. Use la carpeta por omisión en el disco "
            "de esta computadora (sin --datos ni EYF_DATOS), o instale EyF en modo portátil "
            "en la memoria (archivo «eyf-portable» junto al programa), que guarda de otra "
            "forma, segura para memorias. Los paquetes y los respaldos sí pueden guardarse "
            "en la memoria."
        )
    return WAL


def modo_diario(carpeta: Path, *, portable: bool) -> str:
    """``modo_diario_para`` with the real location of ``carpeta``."""
    return modo_diario_para(lugar_de(carpeta), carpeta, portable=portable)
