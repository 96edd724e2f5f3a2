"""Alembic revisions and the start-up migration.

At start-up the database is checked first without writing to it: a file
that is not SQLite, or that a newer EyF wrote (a revision this program does
not know), is refused and left untouched. When revisions are pending, the
file is copied with SQLite's online backup API and then upgraded in one
transaction, with foreign keys checked at the end.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from app import acerca
from app.errores import ErrorAlmacen

CARPETA = Path(__file__).resolve().parent


def configuracion() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(CARPETA))
    return cfg


def revision_cabeza() -> str:
    cabezas = ScriptDirectory.from_config(configuracion()).get_heads()
    if len(cabezas) != 1:  # pragma: no cover - a development mistake, caught by tests
        raise RuntimeError(f"Las migraciones tienen {len(cabezas)} cabezas: {cabezas}")
    return cabezas[0]


def revision_actual(motor: Engine) -> str | None:
    with motor.connect() as conexion:
        return MigrationContext.configure(conexion).get_current_revision()


def revision_conocida(revision: str) -> bool:
    script = ScriptDirectory.from_config(configuracion())
    try:
        return script.get_revision(revision) is not None
    except Exception:
        return False


def comprobar_version(revision: str | None) -> None:
    """Refuse a database written by a newer program (its revision is unknown here)."""
    if revision is not None and not revision_conocida(revision):
        raise ErrorAlmacen(
            "La base de datos fue escrita por una versión más reciente de "
            f"{acerca.NOMBRE} (revisión {revision}); esta es la versión {acerca.VERSION}. "
            "No se modificó nada. Instale la versión más reciente del programa para abrirla."
        )


def migrar(motor: Engine) -> None:
    """Upgrade to the newest revision in one transaction."""
    cfg = configuracion()
    with motor.begin() as conexion:
        cfg.attributes["conexion"] = conexion
        command.upgrade(cfg, "head")
        if motor.dialect.name == "sqlite":
            huerfanos = conexion.execute(text("PRAGMA foreign_key_check")).fetchall()
            if huerfanos:
                raise ErrorAlmacen(
                    "La actualización de la base de datos dejó referencias rotas "
                    f"({len(huerfanos)}); se deshizo y la base quedó como estaba."
                )
