"""What the machine does wrong, in Spanish.

A full disk, a read-only folder, a database held by another copy of EyF, a
pulled USB stick or a damaged file reach the code as ``sqlite3`` errors,
SQLAlchemy wrappers around them or ``OSError``. ``traducir`` turns them into
``ErrorAlmacen`` with a message that says what happened, that nothing was
saved halfway, and what to do; anything else (a bug) passes through.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import exc as sa_exc

from app.errores import ErrorAlmacen, ErrorEyF

NADA_A_MEDIAS = "No se guardó nada de esta operación; lo guardado antes sigue intacto."
TEXTO_INVALIDO = (
    "Un texto escrito tiene caracteres que no son texto válido y no se puede guardar ni buscar "
    "(¿viene de una terminal que no está en UTF-8?). No se guardó nada. Escríbalo de nuevo."
)
ESPACIO_MINIMO = 1024 * 1024  # below this, an I/O error is most likely a full disk

# Kinds of failure, from SQLite's extended error names and errno values.
OCUPADA, LLENO, SOLO_LECTURA, DANADA, DISCO, SIN_ACCESO = (
    "ocupada",
    "lleno",
    "solo_lectura",
    "danada",
    "disco",
    "sin_acceso",
)
_ERRNO = {
    errno.ENOSPC: LLENO,
    getattr(errno, "EDQUOT", -1): LLENO,
    errno.EROFS: SOLO_LECTURA,
    errno.EACCES: SOLO_LECTURA,
    errno.EPERM: SOLO_LECTURA,
    errno.EIO: DISCO,
    errno.ENXIO: DISCO,
    errno.ENODEV: DISCO,
}


def clase_sqlite(error: sqlite3.Error) -> str | None:
    """The kind of an SQLite failure, or None when it is not the machine's fault."""
    nombre = getattr(error, "sqlite_errorname", "") or ""
    texto = str(error).lower()
    if nombre.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in texto:
        return OCUPADA
    if nombre == "SQLITE_FULL" or "database or disk is full" in texto:
        return LLENO
    if nombre.startswith("SQLITE_READONLY") or "readonly database" in texto:
        return SOLO_LECTURA
    if nombre.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or (
        "malformed" in texto or "file is not a database" in texto
    ):
        return DANADA
    if nombre.startswith("SQLITE_IOERR") or "disk i/o error" in texto:
        return DISCO
    if nombre.startswith(("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")) or (
        "unable to open database" in texto
    ):
        return SIN_ACCESO
    return None


def clase(error: BaseException, *, sistema: bool = False) -> str | None:
    """The kind of ``error``; OSErrors count only with ``sistema`` (storage paths)."""
    if isinstance(error, sa_exc.DBAPIError) and isinstance(error.orig, sqlite3.Error):
        return clase_sqlite(error.orig)
    if isinstance(error, sqlite3.Error):
        return clase_sqlite(error)
    if sistema and isinstance(error, OSError):
        return _ERRNO.get(error.errno or 0)
    return None


def _escribible(carpeta: Path) -> bool:
    return os.access(carpeta, os.W_OK) and not _solo_lectura_montada(carpeta)


def _solo_lectura_montada(carpeta: Path) -> bool:
    try:
        return bool(os.statvfs(carpeta).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # Windows has no statvfs
        return False


def _poco_espacio(carpeta: Path) -> bool:
    try:
        return shutil.disk_usage(carpeta).free < ESPACIO_MINIMO
    except OSError:
        return False


def _quien(carpeta: Path) -> str:
    from app.almacen.candado import Candado

    candado = Candado(carpeta)
    try:
        if candado.ocupado():
            quien = candado.quien()
            return f"la ventana de EyF ({quien})" if quien else "la ventana de EyF"
    except OSError:
        pass
    return "otra copia de EyF u otro programa"


def mensaje(tipo: str, carpeta: Path | None) -> str:
    lugar = f" {carpeta}" if carpeta else ""
    if tipo == OCUPADA:
        quien = _quien(carpeta) if carpeta else "otra copia de EyF"
        return (
            f"La base de datos está ocupada por {quien} y no se liberó a tiempo. "
            f"{NADA_A_MEDIAS} Espere a que esa copia termine (o ciérrela) y vuelva a intentarlo."
        )
    if tipo == LLENO:
        return (
            f"El disco de la carpeta de datos{lugar} está lleno. {NADA_A_MEDIAS} "
            "Libere espacio (vacíe la papelera, borre descargas o respaldos viejos: "
            "Herramientas › Respaldos en la ventana, «eyf respaldo listar» en la orden) y "
            "vuelva a intentarlo."
        )
    if tipo == SOLO_LECTURA:
        return (
            f"La carpeta de datos{lugar} es de solo lectura: EyF no puede guardar ahí. "
            f"{NADA_A_MEDIAS} Pida permiso de escritura para esa carpeta, o saque una copia "
            "de sus datos (Herramientas › Respaldos › Guardar una copia en…, o «eyf respaldo "
            "crear --destino CARPETA») y restáurela en una carpeta de datos con permiso de "
            "escritura."
        )
    if tipo == DANADA:
        return (
            f"La base de datos{' de' + lugar if carpeta else ''} está dañada. Lo guardado hasta su último respaldo "
            "está a salvo en él: restaure el respaldo más reciente que esté sano (al abrir, "
            "la ventana lo ofrece; en la orden, «eyf respaldo restaurar --ultimo»). La base "
            "dañada se conserva aparte para soporte técnico."
        )
    if tipo == DISCO:
        return (
            f"El disco de la carpeta de datos{lugar} no respondió (¿se desconectó o está "
            f"fallando?). {NADA_A_MEDIAS} Revise la conexión del disco y vuelva a intentarlo; "
            "si se repite, restaure un respaldo (Herramientas › Respaldos, o «eyf respaldo "
            "restaurar --ultimo»)."
        )
    return (
        f"No se pudo abrir la base de datos en{lugar}: el archivo no es accesible. "
        f"{NADA_A_MEDIAS} Revise que la carpeta exista, que tenga permiso de escritura "
        "y que el disco esté conectado."
    )


def error_almacen(
    error: BaseException, carpeta: Path | None, *, sistema: bool = False
) -> ErrorAlmacen | None:
    """The Spanish ``ErrorAlmacen`` for ``error``, or None when it is not a storage failure."""
    tipo = clase(error, sistema=sistema)
    if tipo is None:
        return None
    if carpeta is not None and tipo in (SIN_ACCESO, DISCO, SOLO_LECTURA) and carpeta.exists():
        if not _escribible(carpeta):
            tipo = SOLO_LECTURA
        elif tipo == DISCO and _poco_espacio(carpeta):
            tipo = LLENO
    return ErrorAlmacen(mensaje(tipo, carpeta))


@contextmanager
def traducir(carpeta: Path | None, *, sistema: bool = False) -> Iterator[None]:
    """Re-raise storage failures inside the block as ``ErrorAlmacen``."""
    try:
        yield
    except ErrorEyF:
        raise
    except UnicodeEncodeError as exc:  # a lone surrogate reached the database driver
        raise ErrorEyF(TEXTO_INVALIDO) from exc
    except (sa_exc.DBAPIError, sqlite3.Error, OSError) as exc:
        error = error_almacen(exc, carpeta, sistema=sistema)
        if error is None:
            raise
        raise error from exc
