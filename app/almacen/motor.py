"""Engines: SQLite with the pragmas a unit that loses power needs, or any
SQLAlchemy URL (PostgreSQL for a national consolidation)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from app.errores import ErrorAlmacen, ErrorUso

ESPERA_BLOQUEO_MS = 10_000


def _pragmas_sqlite(dbapi_conexion, _registro, *, llaves_foraneas: bool, diario: str) -> None:
    # The driver must not open transactions on its own: the "begin" listener does.
    dbapi_conexion.isolation_level = None
    cursor = dbapi_conexion.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {ESPERA_BLOQUEO_MS}")
        # WAL on a local disk; the rollback journal in portable mode on a USB
        # stick, where the main file alone must be complete (app.almacen.ubicacion).
        cursor.execute(f"PRAGMA journal_mode = {'DELETE' if diario == 'delete' else 'WAL'}")
        # FULL: a commit the user saw confirmed is on disk, WAL included.
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute(f"PRAGMA foreign_keys = {'ON' if llaves_foraneas else 'OFF'}")
    finally:
        cursor.close()


def _comenzar_sqlite(conexion) -> None:
    # Writers take the write lock at BEGIN, so two writers queue behind
    # busy_timeout instead of failing halfway through a use case.
    escritura = conexion.get_execution_options().get("eyf_escritura", False)
    conexion.exec_driver_sql("BEGIN IMMEDIATE" if escritura else "BEGIN")


def motor_sqlite(ruta: Path, *, llaves_foraneas: bool = True, diario: str = "wal") -> Engine:
    # URL.create, not an f-string: a folder named «Unidad #2» or «50%» must not
    # be parsed as a URL query or escape.
    url = URL.create("sqlite", database=str(ruta))
    motor = create_engine(url, connect_args={"timeout": ESPERA_BLOQUEO_MS / 1000})
    event.listen(
        motor,
        "connect",
        lambda con, reg: _pragmas_sqlite(con, reg, llaves_foraneas=llaves_foraneas, diario=diario),
    )
    event.listen(motor, "begin", _comenzar_sqlite)
    return motor


EJEMPLO_URL = "postgresql://usuario@servidor/eyf"


def motor_url(url: str) -> Engine:
    """The engine of ``--bd``: SQLite or PostgreSQL; anything else, or a URL
    that cannot be read, is refused in Spanish before anything is touched."""
    if url.startswith("sqlite"):
        ruta = url.split(":///", 1)[-1]
        return motor_sqlite(Path(ruta))
    try:
        direccion = make_url(url)
    except ArgumentError:
        raise ErrorUso(
            f"La dirección de la base de datos «{url}» no es válida. Escríbala como "
            f"{EJEMPLO_URL} (PostgreSQL) o sqlite:///RUTA/eyf.sqlite3."
        ) from None
    if direccion.get_backend_name() != "postgresql":
        raise ErrorUso(
            f"EyF trabaja con SQLite o con PostgreSQL, no con «{direccion.get_backend_name()}». "
            f"Escriba la dirección como {EJEMPLO_URL}."
        )
    try:
        return create_engine(direccion, pool_pre_ping=True)
    except (NoSuchModuleError, ImportError):
        raise ErrorAlmacen(
            "A esta instalación de EyF le falta el controlador de PostgreSQL "
            "(el paquete de Python psycopg). Instálelo con: pip install 'psycopg[binary]'."
        ) from None


def es_sqlite(motor: Engine) -> bool:
    return motor.dialect.name == "sqlite"


def uri_sqlite(ruta: Path, modo: str = "ro") -> str:
    """``file:`` URI for ``sqlite3.connect(..., uri=True)`` with every special
    character of the path percent-encoded (``#``, ``?`` and ``%`` included)."""
    return f"{Path(ruta).absolute().as_uri()}?mode={modo}"


def _pendiente(ruta: Path, extra: str) -> bool:
    companero = Path(str(ruta) + extra)
    return companero.exists() and companero.stat().st_size > 0


def conectar_lectura(ruta: Path) -> sqlite3.Connection:
    """A connection that reads ``ruta`` without writing, when that is safe.

    - Normally: read-only (``mode=ro``).
    - After a crash, SQLite must first roll back a hot journal or recover the
      WAL, which a read-only connection cannot do (SQLITE_READONLY_ROLLBACK /
      _RECOVERY): then an ordinary connection completes that recovery, as any
      next start of the program would.
    - In a read-only folder SQLite cannot create the WAL's companion files:
      when no -wal or -journal holds pending work, the main file alone is the
      whole database and is read as immutable.
    """
    ruta = Path(ruta)
    try:
        con = sqlite3.connect(uri_sqlite(ruta), uri=True)
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except BaseException:
            con.close()
            raise
        return con
    except sqlite3.OperationalError as exc:
        nombre = getattr(exc, "sqlite_errorname", "")
        if nombre in ("SQLITE_READONLY_ROLLBACK", "SQLITE_READONLY_RECOVERY"):
            return sqlite3.connect(ruta)
        from app.almacen.fallos import SIN_ACCESO, SOLO_LECTURA, clase

        if clase(exc) not in (SIN_ACCESO, SOLO_LECTURA):
            raise
        if _pendiente(ruta, "-wal") or _pendiente(ruta, "-journal"):
            raise
    return sqlite3.connect(uri_sqlite(ruta) + "&immutable=1", uri=True)
