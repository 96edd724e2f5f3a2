"""The national consolidation database on a real PostgreSQL server: the
migrations (0001 and this issue's 0002) give exactly the models' schema."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from app.almacen import migraciones
from app.almacen.almacen import Almacen
from app.almacen.modelos import Base

pytestmark = pytest.mark.postgresql


def test_migraciones_en_postgresql_dan_el_esquema_de_los_modelos(url_postgresql, tmp_path):
    almacen = Almacen.abrir(tmp_path / "datos", url_postgresql, cargar_catalogo=False)
    try:
        assert almacen.ruta_bd is None and not almacen.es_sqlite
        assert migraciones.revision_actual(almacen.motor) == migraciones.revision_cabeza()
        with almacen.motor.connect() as c:
            assert compare_metadata(MigrationContext.configure(c), Base.metadata) == []
    finally:
        almacen.cerrar()
    # opening it again migrates nothing and keeps it as it is
    Almacen.abrir(tmp_path / "datos", url_postgresql, cargar_catalogo=False).cerrar()
