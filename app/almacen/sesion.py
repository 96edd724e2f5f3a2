"""One session and one transaction per use case.

``with transaccion(almacen) as s:`` commits when the block ends and rolls
back everything if anything inside raises: a refused use case leaves the
database exactly as it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from app.almacen.fallos import traducir

if TYPE_CHECKING:
    from app.almacen.almacen import Almacen


@contextmanager
def transaccion(almacen: Almacen) -> Iterator[Session]:
    """A write transaction (takes the write lock at its start). A full disk, a
    read-only folder or a database held too long by another copy raise
    ``ErrorAlmacen`` with a Spanish message (see ``app.almacen.fallos``)."""
    motor = almacen.motor.execution_options(eyf_escritura=True)
    with (
        traducir(almacen.carpeta),
        Session(motor, expire_on_commit=False) as sesion,
        sesion.begin(),
    ):
        yield sesion


@contextmanager
def lectura(almacen: Almacen) -> Iterator[Session]:
    """A read-only unit of work: a consistent snapshot, nothing written."""
    with traducir(almacen.carpeta), Session(almacen.motor) as sesion:
        yield sesion  # closing the session rolls its snapshot back
