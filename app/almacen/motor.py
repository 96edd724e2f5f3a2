"""Engines: SQLite with the pragmas a unit that loses power needs, or any
SQLAlchemy URL (PostgreSQL for a national consolidation)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import URL, Engine, create_engine, event

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


def motor_url(url: str) -> Engine:
    if url.startswith("sqlite"):
        ruta = url.split(":///", 1)[-1]
        return motor_sqlite(Path(ruta))
    return create_engine(url, pool_pre_ping=True)


def es_sqlite(motor: Engine) -> bool:
    return motor.dialect.name == "sqlite"


def uri_sqlite(ruta: Path, modo: str = "ro") -> str:
    """``file:`` URI for ``sqlite3.connect(..., uri=True)`` with every special
    character of the path percent-encoded (``#``, ``?`` and ``%`` included)."""
    return f"{Path(ruta).absolute().as_uri()}?mode={modo}"
