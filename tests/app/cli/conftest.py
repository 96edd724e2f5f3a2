"""The ``eyf`` command run in-process over a real data folder."""

import pytest

from app.cli import main


def ordenes(carpeta, capsys):
    """``correr(*args)`` runs ``eyf --datos CARPETA …``; returns (status, stdout, stderr)."""

    def correr(*args: str):
        estado = main(["--datos", str(carpeta), *args])
        salida = capsys.readouterr()
        return estado, salida.out, salida.err

    return correr


@pytest.fixture
def eyf(almacen, carpeta, capsys):
    """Over the small catalog, not configured (the database closed first)."""
    almacen.cerrar()
    return ordenes(carpeta, capsys)
