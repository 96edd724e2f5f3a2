"""Engines: SQLite with the pragmas a unit that loses power needs, or any
SQLAlchemy URL (PostgreSQL for a national consolidation)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event

ESPERA_BLOQUEO_MS = 10_000


def _pragmas_sqlite(dbapi_conexion, _registro, *, llaves_foraneas: bool) -> None:
    # The driver must not open transactions on its own: the "begin" listener does.
    dbapi_conexion.isolation_level = None
    cursor = dbapi_conexion.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {ESPERA_BLOQUEO_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
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


def motor_sqlite(ruta: Path, *, llaves_foraneas: bool = True) -> Engine:
    motor = create_engine(f"sqlite:///{ruta}", connect_args={"timeout": ESPERA_BLOQUEO_MS / 1000})
    event.listen(
        motor,
        "connect",
        lambda con, reg: _pragmas_sqlite(con, reg, llaves_foraneas=llaves_foraneas),
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
