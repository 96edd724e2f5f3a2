"""Alembic environment: always run by app.almacen.migraciones on a connection
it hands over (there is no alembic.ini; the program migrates at start-up)."""

from alembic import context

from app.almacen.modelos import Base

conexion = context.config.attributes["conexion"]
context.configure(
    connection=conexion,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
