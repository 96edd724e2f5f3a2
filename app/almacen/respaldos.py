"""Backups of the SQLite database with SQLite's online backup API.

Never a plain file copy: the backup API copies a consistent snapshot even
while the database is in WAL mode and open elsewhere. A backup is written
under a temporary name (``.parcial``) and renamed when complete, so a backup
with its final name is always whole; a killed backup leaves only a
``.parcial`` that the next start removes (``limpiar_restos``).

Automatic backups (before a migration, an import, a catalog update or a
restore, and one a day) are kept ``dias`` days (a setting; 14 by default);
the newest few are always kept, and backups made by hand are never deleted.
Restoring lives in ``app.almacen.restauracion``.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from app.almacen.fallos import traducir
from app.almacen.motor import conectar_lectura
from app.errores import ErrorAlmacen, ErrorUso
from app.texto import plegar

CARPETA_RESPALDOS = "respaldos"
MOTIVO_DIARIO = "diario"
MOTIVO_MANUAL = "manual"
MOTIVO_RESTAURAR = "antes-de-restaurar"
DIAS_POR_OMISION = 14
DIAS_MAXIMO = 3650
MINIMO_CONSERVADOS = 3  # newest automatic backups kept whatever their age
ARCHIVO_AJUSTES = "conservar.json"
ARCHIVO_CANDADO = ".en-curso.candado"
SUFIJO_PARCIAL = ".parcial"
_NOMBRE = re.compile(r"^eyf-(\d{8}-\d{6}-\d{6})-([a-z0-9-]+)\.sqlite3$")


@dataclass(frozen=True)
class Respaldo:
    """One backup file, as listed for a person."""

    ruta: Path
    nombre: str
    momento: datetime  # local time of the computer when it was made
    motivo: str
    tamano: int  # bytes

    @property
    def automatico(self) -> bool:
        return self.motivo != MOTIVO_MANUAL


@dataclass(frozen=True)
class ResultadoDiario:
    creado: Path | None
    borrados: tuple[Path, ...]
    aviso: str | None = None


def carpeta_respaldos(carpeta_datos: Path) -> Path:
    return Path(carpeta_datos) / CARPETA_RESPALDOS


def _limpiar_motivo(motivo: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", plegar(motivo)).strip("-")[:60] or MOTIVO_MANUAL


def _nombre(motivo: str) -> str:
    return f"eyf-{datetime.now():%Y%m%d-%H%M%S-%f}-{_limpiar_motivo(motivo)}.sqlite3"


def fsync_carpeta(carpeta: Path) -> None:
    """Make a rename inside ``carpeta`` survive a power cut (POSIX only)."""
    if sys.platform == "win32":  # pragma: no cover - NTFS journals renames itself
        return
    fd = os.open(carpeta, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def crear_carpeta(destino: Path, carpeta_datos: Path) -> None:
    """Create the folder that receives backups; a file in its way (or in the
    way of a folder above it) is an ``ErrorAlmacen`` that says what to do."""
    try:
        destino.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as exc:
        if Path(destino) == carpeta_respaldos(carpeta_datos):
            raise ErrorAlmacen(
                f"En la carpeta de datos {carpeta_datos} hay un archivo llamado "
                f"«{CARPETA_RESPALDOS}» donde EyF guarda sus respaldos (una carpeta). No se "
                "cambió nada. Cámbiele el nombre a ese archivo o muévalo a otro lugar; EyF "
                "crea la carpeta la próxima vez."
            ) from exc
        raise ErrorAlmacen(
            f"No se puede guardar el respaldo en {destino}: esa ruta (o una carpeta que la "
            "contiene) es un archivo, no una carpeta. No se cambió nada. Elija una carpeta."
        ) from exc


@contextmanager
def escribiendo(carpeta_datos: Path) -> Iterator[None]:
    """Held (shared) while a backup or a restore writes a temporary file, so
    ``limpiar_restos`` in another process never deletes work in progress."""
    if sys.platform == "win32":  # pragma: no cover - an open file cannot be deleted there
        yield
        return
    import fcntl

    destino = carpeta_respaldos(carpeta_datos)
    try:
        destino.mkdir(parents=True, exist_ok=True)
        fd = os.open(destino / ARCHIVO_CANDADO, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:  # a read-only data folder: a copy elsewhere must still work
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)


def respaldar(
    ruta_bd: Path, carpeta_datos: Path, motivo: str, *, destino: Path | None = None
) -> Path:
    """Copy the database at ``ruta_bd`` into ``carpeta_datos/respaldos`` (or
    into ``destino``, any folder: a USB stick, a network drive); return the copy."""
    carpeta_datos = Path(carpeta_datos)
    destino_dir = Path(destino) if destino is not None else carpeta_respaldos(carpeta_datos)
    if destino is not None and not destino_dir.exists() and not destino_dir.parent.exists():
        # One new folder is made (USB/respaldos); a whole missing path is most
        # likely a mistyped or unplugged USB stick: the copy must not land on
        # the local disk instead.
        raise ErrorAlmacen(
            f"No existe la carpeta {destino_dir.parent}. Revise que la memoria esté conectada y "
            "la ruta bien escrita, o elija una carpeta existente para la copia."
        )
    if not Path(ruta_bd).is_file():
        raise ErrorAlmacen(f"No hay base de datos que respaldar en {ruta_bd}.")
    with traducir(destino_dir, sistema=True):
        crear_carpeta(destino_dir, carpeta_datos)
        final = destino_dir / _nombre(motivo)
        temporal = final.with_name(final.name + SUFIJO_PARCIAL)
        with escribiendo(carpeta_datos):
            try:
                _copiar(ruta_bd, temporal)
                temporal.replace(final)
                fsync_carpeta(destino_dir)
            except BaseException:
                _borrar(temporal)
                raise
    return final


def _copiar(origen: Path, destino: Path) -> None:
    """SQLite online backup of ``origen`` into a new single-file database ``destino``."""
    with traducir(Path(origen).parent, sistema=True):
        fuente = conectar_lectura(Path(origen))
    try:
        copia = sqlite3.connect(destino)
        try:
            fuente.backup(copia)
            # One self-contained file: no -wal beside it.
            copia.execute("PRAGMA journal_mode = DELETE")
        finally:
            copia.close()
    finally:
        fuente.close()
    with open(destino, "rb+") as f:
        os.fsync(f.fileno())


def _borrar(ruta: Path) -> None:
    for extra in ("", "-journal", "-wal", "-shm"):
        try:
            Path(str(ruta) + extra).unlink()
        except FileNotFoundError:
            pass
        except OSError:
            pass


def leer_nombre(ruta: Path) -> Respaldo | None:
    m = _NOMBRE.match(ruta.name)
    if not m:
        return None
    try:
        momento = datetime.strptime(m.group(1), "%Y%m%d-%H%M%S-%f")
        tamano = ruta.stat().st_size
    except (ValueError, OSError):
        return None
    return Respaldo(ruta, ruta.name, momento, m.group(2), tamano)


def listar_respaldos(carpeta_datos: Path, carpeta: Path | None = None) -> list[Respaldo]:
    """Backups in the data folder (or in ``carpeta``), newest first."""
    donde = Path(carpeta) if carpeta is not None else carpeta_respaldos(carpeta_datos)
    if not donde.is_dir():
        return []
    with traducir(donde, sistema=True):
        encontrados = [leer_nombre(r) for r in donde.glob("eyf-*.sqlite3")]
    return sorted((r for r in encontrados if r), key=lambda r: r.momento, reverse=True)


# -- how long automatic backups are kept ---------------------------------------
def dias_conservados(carpeta_datos: Path) -> int:
    ruta = carpeta_respaldos(carpeta_datos) / ARCHIVO_AJUSTES
    try:
        dias = json.loads(ruta.read_text(encoding="utf-8"))["dias"]
    except (OSError, ValueError, KeyError, TypeError):
        return DIAS_POR_OMISION
    if isinstance(dias, int) and not isinstance(dias, bool) and 1 <= dias <= DIAS_MAXIMO:
        return dias
    return DIAS_POR_OMISION


def fijar_dias_conservados(carpeta_datos: Path, dias: int) -> None:
    if isinstance(dias, bool) or not isinstance(dias, int) or not 1 <= dias <= DIAS_MAXIMO:
        raise ErrorUso(
            f"Los días que se conservan los respaldos deben ser un número entero de 1 a {DIAS_MAXIMO}."
        )
    donde = carpeta_respaldos(carpeta_datos)
    with traducir(donde, sistema=True):
        crear_carpeta(donde, carpeta_datos)
        temporal = donde / (ARCHIVO_AJUSTES + SUFIJO_PARCIAL)
        temporal.write_text(json.dumps({"dias": dias}), encoding="utf-8")
        temporal.replace(donde / ARCHIVO_AJUSTES)


def para_borrar(respaldos: list[Respaldo], dias: int, ahora: datetime) -> list[Respaldo]:
    """Automatic backups older than ``dias`` days, except the newest
    ``MINIMO_CONSERVADOS`` ones; hand-made backups are never chosen."""
    automaticos = sorted(
        (r for r in respaldos if r.automatico), key=lambda r: r.momento, reverse=True
    )
    limite = ahora - timedelta(days=dias)
    return [r for r in automaticos[MINIMO_CONSERVADOS:] if r.momento < limite]


def podar(carpeta_datos: Path, *, ahora: datetime | None = None) -> list[Path]:
    """Delete the automatic backups past their time; return what was deleted."""
    viejos = para_borrar(
        listar_respaldos(carpeta_datos), dias_conservados(carpeta_datos), ahora or datetime.now()
    )
    borrados = []
    for r in viejos:
        try:
            r.ruta.unlink()
            borrados.append(r.ruta)
        except OSError:
            pass  # read-only or in use: try again next start
    return borrados


# -- the daily backup ------------------------------------------------------------
def integridad(ruta: Path, *, rapida: bool = False) -> str:
    """'ok', or what SQLite's integrity check found (first lines)."""
    pragma = "quick_check" if rapida else "integrity_check"
    try:
        con = conectar_lectura(ruta)
        try:
            filas = con.execute(f"PRAGMA {pragma}(20)").fetchall()
        finally:
            con.close()
    except sqlite3.Error as exc:
        return str(exc) or "no se puede leer"
    resultado = "; ".join(str(f[0]) for f in filas)
    return "ok" if resultado == "ok" else resultado


def respaldo_diario(
    ruta_bd: Path, carpeta_datos: Path, *, ahora: datetime | None = None
) -> ResultadoDiario:
    """The day's backup, if there is none yet, checked with ``quick_check``;
    then the old automatic backups are deleted. Cheap when already done today."""
    ahora = ahora or datetime.now()
    hechos = listar_respaldos(carpeta_datos)
    creado, aviso = None, None
    hoy = any(r.motivo == MOTIVO_DIARIO and r.momento.date() == ahora.date() for r in hechos)
    if not hoy and Path(ruta_bd).is_file() and Path(ruta_bd).stat().st_size > 0:
        creado = respaldar(ruta_bd, carpeta_datos, MOTIVO_DIARIO)
        if integridad(creado, rapida=True) != "ok":
            _borrar(creado)
            creado = None
            aviso = (
                "Atención: la revisión diaria encontró daños en la base de datos. Lo guardado "
                "sigue en su lugar, pero conviene restaurar el respaldo sano más reciente con "
                "«eyf respaldo restaurar --ultimo» y avisar a soporte técnico."
            )
    return ResultadoDiario(creado, tuple(podar(carpeta_datos, ahora=ahora)), aviso)


def limpiar_restos(carpeta_datos: Path) -> list[Path]:
    """Delete what a killed backup or restore left (``*.parcial``,
    ``eyf.sqlite3.restaurando``), unless another process is writing one now."""
    carpeta_datos = Path(carpeta_datos)
    donde = carpeta_respaldos(carpeta_datos)
    restos = [*donde.glob(f"*{SUFIJO_PARCIAL}*"), *carpeta_datos.glob("*.restaurando*")]
    if not restos:
        return []
    if sys.platform != "win32":
        import fcntl

        try:
            fd = os.open(donde / ARCHIVO_CANDADO, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return []
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return []  # a backup or a restore is running in another process
    else:  # pragma: no cover
        fd = None
    try:
        borrados = []
        for resto in restos:
            try:
                resto.unlink()
                borrados.append(resto)
            except OSError:
                pass
        return borrados
    finally:
        if fd is not None:
            os.close(fd)
