"""Alembic revisions and the start-up migration.

At start-up the database is checked first without writing to it: a file
that is not SQLite, or that a newer EyF wrote (a revision this program does
not know), is refused and left untouched. When revisions are pending, the
file is copied with SQLite's online backup API and then upgraded in one
transaction, with foreign keys checked at the end.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text

from app import acerca
from app.errores import ErrorAlmacen

if TYPE_CHECKING:
    from alembic.config import Config

CARPETA = Path(__file__).resolve().parent

# Alembic (with Mako, and Pygments when installed) is imported only to migrate:
# opening an up-to-date database reads the revision files directly, which saves
# the window about 0.15 s and 11 MB at every start.
_REVISION = re.compile(r"""^revision(?:\s*:[^=\n]+)?\s*=\s*["']([^"'\n]+)["']""", re.M)
_ANTERIOR = re.compile(
    r"""^down_revision(?:\s*:[^=\n]+)?\s*=\s*(?:None|["']([^"'\n]+)["'])\s*$""", re.M
)


def __getattr__(nombre: str):
    """``migraciones.ScriptDirectory`` and friends, imported on first use."""
    if nombre == "ScriptDirectory":
        from alembic.script import ScriptDirectory

        return ScriptDirectory
    if nombre == "MigrationContext":
        from alembic.runtime.migration import MigrationContext

        return MigrationContext
    if nombre == "command":
        from alembic import command

        return command
    raise AttributeError(nombre)


def configuracion() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(CARPETA))
    return cfg


def revisiones() -> dict[str, str | None] | None:
    """revision → down_revision of every revision file, read as text; None when
    a file is not the plain linear form (then Alembic itself reads them)."""
    grafo: dict[str, str | None] = {}
    for archivo in sorted((CARPETA / "versions").glob("*.py")):
        texto = archivo.read_text(encoding="utf-8")
        revision, anterior = _REVISION.search(texto), _ANTERIOR.search(texto)
        if revision is None or anterior is None:
            return None
        grafo[revision.group(1)] = anterior.group(1)
    return grafo or None


def revision_cabeza() -> str:
    grafo = revisiones()
    if grafo is None:
        from alembic.script import ScriptDirectory

        cabezas = list(ScriptDirectory.from_config(configuracion()).get_heads())
    else:
        anteriores = set(grafo.values())
        cabezas = [r for r in grafo if r not in anteriores]
    if len(cabezas) != 1:  # pragma: no cover - a development mistake, caught by tests
        raise RuntimeError(f"Las migraciones tienen {len(cabezas)} cabezas: {cabezas}")
    return cabezas[0]


def revision_actual(motor: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with motor.connect() as conexion:
        return MigrationContext.configure(conexion).get_current_revision()


def revision_conocida(revision: str) -> bool:
    grafo = revisiones()
    if grafo is not None:
        return revision in grafo
    from alembic.script import ScriptDirectory

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
    from alembic import command

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
