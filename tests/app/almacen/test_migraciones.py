"""Alembic revisions: the newest schema equals the models, and every older
revision upgrades with its data intact, after a backup copy."""

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from app.almacen import migraciones
from app.almacen.almacen import ARCHIVO_BD, Almacen
from app.almacen.modelos import Base
from app.almacen.motor import motor_sqlite

REVISIONES = [
    r.revision for r in ScriptDirectory.from_config(migraciones.configuracion()).walk_revisions()
]


def test_una_sola_cabeza():
    assert migraciones.revision_cabeza() == REVISIONES[0]


def test_esquema_migrado_es_igual_a_los_modelos(carpeta):
    almacen = Almacen.abrir(carpeta, cargar_catalogo=False)
    with almacen.motor.connect() as c:
        diferencias = compare_metadata(MigrationContext.configure(c), Base.metadata)
    assert diferencias == []


def test_bajar_y_subir_todas_las_revisiones(tmp_path):
    from alembic import command

    motor = motor_sqlite(tmp_path / "ida-y-vuelta.sqlite3", llaves_foraneas=False)
    cfg = migraciones.configuracion()
    with motor.begin() as c:
        cfg.attributes["conexion"] = c
        command.upgrade(cfg, "head")
        command.downgrade(cfg, "base")
        command.upgrade(cfg, "head")
    assert migraciones.revision_actual(motor) == migraciones.revision_cabeza()


@pytest.mark.parametrize(
    "revision",
    REVISIONES[1:]
    or [pytest.param(None, marks=pytest.mark.skip(reason="aún hay una sola revisión"))],
)
def test_una_base_antigua_se_respalda_y_migra_con_sus_datos(tmp_path, revision):
    """A database left at an older revision keeps every capture after the upgrade."""
    from alembic import command

    carpeta = tmp_path / "datos"
    carpeta.mkdir()
    motor = motor_sqlite(carpeta / ARCHIVO_BD, llaves_foraneas=False)
    cfg = migraciones.configuracion()
    with motor.begin() as c:
        cfg.attributes["conexion"] = c
        command.upgrade(cfg, revision)
        c.exec_driver_sql("INSERT INTO instalacion (id, uuid, persona) VALUES (1, 'u', 'Ana')")
    motor.dispose()
    almacen = Almacen.abrir(carpeta, cargar_catalogo=False)
    assert migraciones.revision_actual(almacen.motor) == migraciones.revision_cabeza()
    respaldos = list((carpeta / "respaldos").glob(f"*antes-de-migrar-{revision}*.sqlite3"))
    assert len(respaldos) == 1
    con = sqlite3.connect(respaldos[0])
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (revision,)
    assert con.execute("SELECT persona FROM instalacion").fetchone() == ("Ana",)
    with almacen.motor.connect() as c:
        assert c.exec_driver_sql("SELECT persona FROM instalacion").scalar() == "Ana"
