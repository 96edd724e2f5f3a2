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

if TYPE_CHECKING:
    from app.almacen.almacen import Almacen


@contextmanager
def transaccion(almacen: Almacen) -> Iterator[Session]:
    """A write transaction (takes the write lock at its start)."""
    motor = almacen.motor.execution_options(eyf_escritura=True)
    with Session(motor, expire_on_commit=False) as sesion, sesion.begin():
        yield sesion


@contextmanager
def lectura(almacen: Almacen) -> Iterator[Session]:
    """A read-only unit of work: a consistent snapshot, nothing written."""
    with Session(almacen.motor) as sesion:
        yield sesion  # closing the session rolls its snapshot back
