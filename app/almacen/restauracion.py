"""Putting a backup back in place of the database, safely and undoably.

1. The backup is checked first (``PRAGMA integrity_check``, an EyF database,
   not from a newer EyF); a bad backup changes nothing.
2. The current database is kept: backed up with the online backup API
   (``antes-de-restaurar``: restoring that backup undoes the restore), or, when
   it cannot be read (damaged, not SQLite), its files are moved aside to
   ``respaldos/apartadas/`` for technical support. This is the way out of a
   damaged database: a restore never needs to open it.
3. The backup is copied beside the database under a temporary name, the
   restore is written in its bitácora, and the copy is renamed over the
   database (after the old ``-wal``/``-shm`` are checkpointed away, so they can
   never be replayed onto the restored file). A kill at any moment leaves the
   old database or the restored one, never a mix; leftovers are removed at the
   next start (``respaldos.limpiar_restos``).

The data folder must not be open in the window meanwhile: ``restaurar`` takes
the single-instance lock (or the window, which holds it, passes
``candado_tomado=True`` after closing its ``Almacen``).
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.almacen import migraciones
from app.almacen.candado import Candado, InstanciaActiva
from app.almacen.fallos import DANADA, OCUPADA, clase, traducir
from app.almacen.motor import conectar_lectura, uri_sqlite
from app.almacen.reabre import (
    Reabre,
    anotar_reaperturas,
    exigir_contrasena,
    lo_que_reabre,
)
from app.almacen.respaldos import (
    CARPETA_RESPALDOS,
    MOTIVO_RESTAURAR,
    _borrar,
    _copiar,
    carpeta_respaldos,
    crear_carpeta,
    escribiendo,
    fsync_carpeta,
    integridad,
    listar_respaldos,
    respaldar,
)
from app.errores import ErrorAlmacen

ARCHIVO_BD = "eyf.sqlite3"  # same as app.almacen.almacen.ARCHIVO_BD (no import cycle)
SUFIJO_TEMPORAL = ".restaurando"
CARPETA_APARTADAS = "apartadas"
EXTRAS = ("-wal", "-shm", "-journal")
CABECERA_SQLITE = b"SQLite format 3\x00"
ABIERTA = (
    "No se restauró: la base de datos sigue abierta en otro programa o en otra orden de EyF "
    "que está trabajando. No se cambió nada. Espere a que termine (o ciérrelo) y vuelva a "
    "intentarlo."
)


@dataclass(frozen=True)
class Restauracion:
    restaurado: Path  # the backup now in force
    previo: Path | None  # backup of the replaced database: restore it to undo
    apartada: Path | None  # folder holding an unreadable database that was replaced
    revision: str


def verificar_respaldo(ruta: Path) -> str:
    """The backup's schema revision; raises ``ErrorAlmacen`` (Spanish) if it is
    missing, not an EyF database, damaged, or written by a newer EyF."""
    ruta = Path(ruta)
    if not ruta.is_file():
        raise ErrorAlmacen(
            f"No existe el respaldo {ruta}. «eyf respaldo listar» muestra los respaldos disponibles."
        )
    with traducir(ruta.parent, sistema=True), ruta.open("rb") as f:
        cabecera = f.read(len(CABECERA_SQLITE))
    if cabecera != CABECERA_SQLITE:
        raise ErrorAlmacen(
            f"{ruta.name} no es un respaldo de EyF (no es una base de datos SQLite). No se cambió nada."
        )
    estado = integridad(ruta)
    if estado != "ok":
        raise ErrorAlmacen(
            f"El respaldo {ruta.name} está dañado (la revisión de integridad de SQLite no lo "
            "aprobó). No se cambió nada: elija otro respaldo de «eyf respaldo listar»."
        )
    try:
        con = conectar_lectura(ruta)
        try:
            fila = con.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        fila = None
    if not fila:
        raise ErrorAlmacen(
            f"{ruta.name} es una base de datos de otro programa, no un respaldo de EyF. No se cambió nada."
        )
    migraciones.comprobar_version(fila[0])
    return fila[0]


def ultimo_sano(carpeta: Path) -> Path:
    """The newest backup in the data folder that passes the checks."""
    for r in listar_respaldos(carpeta):
        try:
            verificar_respaldo(r.ruta)
        except ErrorAlmacen:
            continue
        return r.ruta
    raise ErrorAlmacen(
        f"No hay ningún respaldo sano en {Path(carpeta) / CARPETA_RESPALDOS}. Si tiene uno en "
        "otro lugar (una memoria USB), indique su ruta: «eyf respaldo restaurar RUTA»."
    )


def ultimo_antes_de_restaurar(carpeta: Path) -> Path:
    """The backup made by the latest restore (restoring it undoes that restore)."""
    for r in listar_respaldos(carpeta):
        if r.motivo == MOTIVO_RESTAURAR:
            return r.ruta
    raise ErrorAlmacen("No hay ninguna restauración que deshacer en esta carpeta de datos.")


def restaurar(
    carpeta: Path,
    origen: Path,
    *,
    candado_tomado: bool = False,
    contrasena: str | None = None,
) -> Restauracion:
    """Replace the database of ``carpeta`` with the backup ``origen`` (anywhere).

    A backup from before a finalization reopens it (``lo_que_reabre``): as a
    reapertura, that needs the entidad's ``contrasena`` and is recorded as one,
    printed on the next reports."""
    carpeta, origen = Path(carpeta), Path(origen).absolute()
    revision = verificar_respaldo(origen)
    candado = None
    if not candado_tomado:
        candado = Candado(carpeta)
        try:
            candado.adquirir()
        except InstanciaActiva:
            quien = candado.quien()
            raise ErrorAlmacen(
                "No se puede restaurar mientras EyF está abierto con esta carpeta de datos"
                + (f" ({quien})" if quien else "")
                + ". Cierre esa ventana y vuelva a intentarlo, o restaure desde la ventana."
            ) from None
    try:
        reabre = lo_que_reabre(carpeta, origen)
        if reabre:
            exigir_contrasena(carpeta, reabre, contrasena)
        with traducir(carpeta, sistema=True), escribiendo(carpeta):
            return _restaurar(carpeta, origen, revision, reabre)
    finally:
        if candado is not None:
            candado.liberar()


def _restaurar(carpeta: Path, origen: Path, revision: str, reabre: list[Reabre]) -> Restauracion:
    ruta_bd = carpeta / ARCHIVO_BD
    crear_carpeta(carpeta_respaldos(carpeta), carpeta)  # the previous database goes there
    previo, danada = _respaldar_actual(carpeta, ruta_bd)
    apartada = _carpeta_apartada(carpeta) if danada else None
    temporal = carpeta / (ARCHIVO_BD + SUFIJO_TEMPORAL)
    _borrar(temporal)
    try:
        _copiar(origen, temporal)
        _anotar(carpeta, temporal, origen, previo, apartada, reabre)
        _poner_diario(carpeta, temporal)
        if apartada is not None:
            _apartar(ruta_bd, apartada)
        elif ruta_bd.exists():
            _soltar_wal(ruta_bd)
        for extra in EXTRAS:
            Path(str(ruta_bd) + extra).unlink(missing_ok=True)
        try:
            os.replace(temporal, ruta_bd)
        except PermissionError:  # Windows: another program still has it open
            raise ErrorAlmacen(ABIERTA) from None
        fsync_carpeta(carpeta)
    except BaseException:
        _borrar(temporal)
        raise
    return Restauracion(origen, previo, apartada, revision)


def _respaldar_actual(carpeta: Path, ruta_bd: Path) -> tuple[Path | None, bool]:
    """(backup of the current database, whether it is unreadable and must be moved aside)."""
    if not ruta_bd.exists() or ruta_bd.stat().st_size == 0:
        return None, False
    with ruta_bd.open("rb") as f:
        if f.read(len(CABECERA_SQLITE)) != CABECERA_SQLITE:
            return None, True
    try:
        previo = respaldar(ruta_bd, carpeta, MOTIVO_RESTAURAR)
    except ErrorAlmacen as exc:
        if clase(exc.__cause__ or exc) == DANADA:
            return None, True
        raise  # a full disk, a read-only folder, a busy database: change nothing
    if integridad(previo, rapida=True) != "ok":
        _borrar(previo)
        return None, True
    return previo, False


def _carpeta_apartada(carpeta: Path) -> Path:
    return carpeta / CARPETA_RESPALDOS / CARPETA_APARTADAS / f"{datetime.now():%Y%m%d-%H%M%S-%f}"


def _apartar(ruta_bd: Path, destino: Path) -> None:
    """Move an unreadable database and its companions aside, for technical support."""
    destino.mkdir(parents=True)
    # -wal and -shm first: a -wal left beside a missing database could be
    # replayed onto the next one.
    for extra in (*EXTRAS, ""):
        fuente = Path(str(ruta_bd) + extra)
        if fuente.exists():
            fuente.replace(destino / fuente.name)
    fsync_carpeta(ruta_bd.parent)


def _soltar_wal(ruta_bd: Path) -> None:
    """Fold the current database's -wal into it and leave rollback mode, so no
    -wal remains that could be applied to the restored file."""
    con = sqlite3.connect(ruta_bd, timeout=10)
    try:
        con.execute("PRAGMA busy_timeout = 10000")
        modo = con.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    except sqlite3.OperationalError as exc:
        if clase(exc) == OCUPADA:  # another connection never let go
            raise ErrorAlmacen(ABIERTA) from exc
        raise
    finally:
        con.close()
    if str(modo).lower() != "delete":
        raise ErrorAlmacen(ABIERTA)


def _poner_diario(carpeta: Path, temporal: Path) -> None:
    """Backups are kept in the classic journal mode (one self-contained file);
    the restored database gets the data folder's mode (WAL on a local disk)
    before it takes its place, so that readers and a writer can work at once
    from the first moment, as with the database it replaces."""
    from app.almacen.almacen import _es_portable
    from app.almacen.ubicacion import WAL, modo_diario

    try:
        modo = modo_diario(carpeta, portable=_es_portable(carpeta))
    except ErrorAlmacen:
        return  # a folder where the database must not live: opening it says why
    if modo != WAL:
        return
    con = sqlite3.connect(uri_sqlite(temporal, "rw"), uri=True)
    try:
        con.execute("PRAGMA journal_mode = WAL")
    finally:
        con.close()


def _anotar(
    carpeta: Path,
    temporal: Path,
    origen: Path,
    previo: Path | None,
    apartada: Path | None,
    reabre: list[Reabre],
) -> None:
    """Bring the copy to the current schema and write the restore in its bitácora,
    before it replaces the database (so the entry is there the moment it is)."""
    from app.almacen.almacen import Almacen
    from app.almacen.bitacora import anotar
    from app.almacen.sesion import transaccion
    from app.almacen.ubicacion import DIARIO_CLASICO

    copia = Almacen._abrir_sqlite(carpeta, temporal, DIARIO_CLASICO)
    try:
        copia._asegurar_instalacion()
        with transaccion(copia) as s:
            anotar(
                s,
                "respaldo_restaurado",
                objeto=origen.name,
                antes={
                    "respaldo_previo": previo.name if previo else None,
                    "apartada": str(apartada) if apartada else None,
                    "cerrados": [{"entidad": r.entidad, "clues": r.clues} for r in reabre],
                },
                despues={"respaldo": str(origen)},
            )
            anotar_reaperturas(s, origen, reabre)
    finally:
        copia.cerrar()
