"""Installations for the bundle tests: a unit (always SQLite: a laptop in a
remote unit), a state coordination and a national installation, each on
SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import sqlite3
import tempfile
import uuid
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text, update

from app.almacen.almacen import ARCHIVO_BD, Almacen
from app.almacen.modelos import Base, Bitacora, Instalacion
from app.almacen.sesion import lectura, transaccion
from app.captura.proceso import configurar
from app.captura.registro import registrar
from app.catalogo.importar import importar_catalogo
from tests import fabricas

CLUES = "CLSSA000581"
OTRA_CLUES = "CLSSA002343"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def motor(request) -> str:
    return request.param


PREPARAR = {
    "coordinacion": lambda a: fabricas.preparar_captura(a, persona="Ana Pérez"),
    "nacional": lambda a: configurar(a, "nacional", persona="Dirección General"),
    "unidad": lambda a: fabricas.preparar_captura(
        a, modo="unidad", entidad="05", clues=CLUES, persona="Luis Gómez"
    ),
}


@pytest.fixture(scope="session")
def plantillas_sqlite(tmp_path_factory, ruta_catalogo_pequeno) -> dict[str, Path]:
    """Each kind of installation prepared once (catalog, configuration, Paso 2);
    every test starts from a copy, with its own installation id and key."""
    carpeta = tmp_path_factory.mktemp("plantillas")
    rutas = {}
    for nombre, preparar in PREPARAR.items():
        a = fabricas.almacen_con_catalogo(carpeta / nombre, ruta_catalogo_pequeno)
        preparar(a)
        a.cerrar()
        rutas[nombre] = carpeta / nombre / ARCHIVO_BD
    return rutas


_plantillas_pg: dict[str, str] = {}


def _plantilla_pg(servidor, nombre: str, catalogo: Path) -> str:
    if nombre not in _plantillas_pg:
        base = f"plantilla_{nombre}_{uuid.uuid4().hex[:6]}"
        url = servidor.crear_base(base)
        a = Almacen.abrir(Path(tempfile.mkdtemp()), url, cargar_catalogo=False)
        importar_catalogo(a, catalogo)
        PREPARAR[nombre](a)
        a.cerrar()
        _plantillas_pg[nombre] = base
    return _plantillas_pg[nombre]


def _nuevo_uuid(a: Almacen) -> None:
    """A copy is another installation: its own id, in its history too."""
    nuevo = str(uuid.uuid4())
    with transaccion(a) as s:
        s.get(Instalacion, 1).uuid = nuevo
        s.execute(update(Bitacora).values(instalacion=nuevo))


def copia_sqlite(plantilla: Path, carpeta: Path) -> Almacen:
    carpeta.mkdir(parents=True)
    origen = sqlite3.connect(plantilla)
    destino = sqlite3.connect(carpeta / ARCHIVO_BD)
    with destino:
        origen.backup(destino)
    origen.close()
    destino.close()
    a = Almacen.abrir(carpeta, cargar_catalogo=False)
    _nuevo_uuid(a)
    return a


@pytest.fixture
def abrir_bd(motor, request, ruta_catalogo_pequeno, plantillas_sqlite, tmp_path):
    """Open a new installation of kind ``nombre`` on the parametrized engine."""
    abiertas: list[Almacen] = []

    def abrir(nombre: str) -> Almacen:
        carpeta = tmp_path / nombre
        if carpeta.exists():
            carpeta = tmp_path / f"{nombre}-{len(abiertas)}"
        if motor == "sqlite":
            a = copia_sqlite(plantillas_sqlite[nombre], carpeta)
        else:
            servidor = request.getfixturevalue("servidor_pg")
            plantilla = _plantilla_pg(servidor, nombre, ruta_catalogo_pequeno)
            url = servidor.crear_base(plantilla=plantilla)
            a = Almacen.abrir(carpeta, url, cargar_catalogo=False)
            _nuevo_uuid(a)
        abiertas.append(a)
        return a

    yield abrir
    for a in abiertas:
        a.cerrar()


def nueva_unidad(carpeta, catalogo, clues: str = CLUES, entidad: str = "05") -> Almacen:
    a = fabricas.almacen_con_catalogo(carpeta, catalogo)
    fabricas.preparar_captura(a, modo="unidad", entidad=entidad, clues=clues, persona="Luis Gómez")
    return a


@pytest.fixture
def unidad(tmp_path, plantillas_sqlite) -> Almacen:
    """Unit CLSSA000581 (Coahuila) with three records on two products (always SQLite)."""
    a = copia_sqlite(plantillas_sqlite["unidad"], tmp_path / "unidad")
    registrar(a, CLUES, "EST-ODO-0001", faltante_ambulatorio="5", causa="FE", pacientes="7")
    registrar(
        a,
        CLUES,
        "IMA-USG-0001",
        faltante_ambulatorio="15",
        faltante_hospitalario="5",
        causa="Falta de Equipo",
        excedente_hospitalario="3",
        pacientes="70",
    )
    yield a
    a.cerrar()


@pytest.fixture
def coordinacion(abrir_bd) -> Almacen:
    """State coordination of Coahuila (05), Paso 2 answered SÍ."""
    return abrir_bd("coordinacion")


@pytest.fixture
def nacional(abrir_bd) -> Almacen:
    return abrir_bd("nacional")


def instantanea(almacen: Almacen) -> dict[str, list[tuple]]:
    """Every row of every table, to show a refusal left the database exactly as it was."""
    resultado = {}
    with lectura(almacen) as s:
        tablas = inspect(s.connection()).get_table_names()
        for tabla in sorted(tablas):
            filas = s.execute(text(f'SELECT * FROM "{tabla}"')).all()
            resultado[tabla] = sorted(tuple(map(repr, f)) for f in filas)
    assert set(Base.metadata.tables) <= set(resultado)
    return resultado


def filas(almacen: Almacen, consulta) -> list:
    with lectura(almacen) as s:
        return list(s.execute(consulta).all())


__all__ = ["CLUES", "OTRA_CLUES", "filas", "instantanea", "nueva_unidad", "select"]
