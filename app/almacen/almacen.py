"""Opening the data folder: check, back up, migrate, then hand out sessions."""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select

from app.almacen import migraciones, ubicacion
from app.almacen.fallos import DANADA, clase, error_almacen, traducir
from app.almacen.modelos import Catalogo, Instalacion
from app.almacen.motor import conectar_lectura, es_sqlite, motor_sqlite, motor_url
from app.almacen.respaldos import respaldar
from app.almacen.sesion import lectura, transaccion
from app.errores import ErrorAlmacen
from app.rutas import carpeta_portable
from app.sistema import causa

ARCHIVO_BD = "eyf.sqlite3"
CABECERA_SQLITE = b"SQLite format 3\x00"


@dataclass
class Almacen:
    """An open database plus the data folder that holds keys, backups and attachments."""

    motor: Engine
    carpeta: Path
    ruta_bd: Path | None  # None when the database is a server (PostgreSQL)

    @classmethod
    def abrir(
        cls, carpeta: Path, url: str | None = None, *, cargar_catalogo: bool = True
    ) -> Almacen:
        carpeta = Path(carpeta)
        if url is None or url.startswith("sqlite"):
            ruta = carpeta / ARCHIVO_BD if url is None else Path(url.split(":///", 1)[-1])
            # Refuse a network drive or removable media before touching anything.
            diario = ubicacion.modo_diario(ruta.parent, portable=_es_portable(ruta.parent))
            _preparar_carpeta(carpeta)
            with traducir(ruta.parent, sistema=True):
                almacen = cls._abrir_sqlite(carpeta, ruta, diario)
        else:
            _preparar_carpeta(carpeta)
            almacen = cls._abrir_servidor(carpeta, url)
        almacen._asegurar_instalacion()
        if cargar_catalogo and not almacen.tiene_catalogo():
            from app.catalogo.importar import cargar_catalogo_incluido

            cargar_catalogo_incluido(almacen)
        return almacen

    @classmethod
    def _abrir_sqlite(cls, carpeta: Path, ruta: Path, diario: str = ubicacion.WAL) -> Almacen:
        revision = _revision_sin_escribir(ruta)
        migraciones.comprobar_version(revision)
        if revision != migraciones.revision_cabeza():
            if revision is not None:
                respaldar(ruta, carpeta, f"antes-de-migrar-{revision}")
            motor_migracion = motor_sqlite(ruta, llaves_foraneas=False, diario=diario)
            try:
                migraciones.migrar(motor_migracion)
            finally:
                motor_migracion.dispose()
        return cls(motor=motor_sqlite(ruta, diario=diario), carpeta=carpeta, ruta_bd=ruta)

    @classmethod
    def _abrir_servidor(cls, carpeta: Path, url: str) -> Almacen:
        motor = motor_url(url)
        try:
            revision = migraciones.revision_actual(motor)
        except Exception as exc:
            motor.dispose()
            detalle = str(getattr(exc, "orig", None) or exc).strip().splitlines()
            raise ErrorAlmacen(
                "No se pudo conectar con la base de datos "
                f"{motor.url.render_as_string(hide_password=True)}. Revise la dirección, el "
                "usuario, la contraseña y que el servidor esté encendido y acepte conexiones."
                + (f" Detalle técnico del servidor (en inglés): {detalle[0]}" if detalle else "")
            ) from exc
        migraciones.comprobar_version(revision)
        if revision != migraciones.revision_cabeza():
            migraciones.migrar(motor)
        return cls(motor=motor, carpeta=carpeta, ruta_bd=None)

    @property
    def es_sqlite(self) -> bool:
        return es_sqlite(self.motor)

    def tiene_catalogo(self) -> bool:
        with lectura(self) as s:
            return s.get(Catalogo, 1) is not None

    def _asegurar_instalacion(self) -> None:
        # Read first: opening must not need the write lock, so a listing works
        # while another copy is saving.
        with lectura(self) as s:
            if s.scalar(select(Instalacion.id)) is not None:
                return
        with transaccion(self) as s:
            if s.scalar(select(Instalacion.id)) is None:
                s.add(Instalacion(id=1, uuid=str(uuid.uuid4())))

    def cerrar(self) -> None:
        self.motor.dispose()


def _es_portable(carpeta: Path) -> bool:
    portable = carpeta_portable()
    return portable is not None and portable.resolve() == carpeta.resolve()


def _preparar_carpeta(carpeta: Path) -> None:
    try:
        carpeta.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ErrorAlmacen(
            f"No se pudo crear la carpeta de datos {carpeta} ({causa(exc)}). "
            "Elija otra con --datos o con la variable EYF_DATOS."
        ) from exc


def _revision_sin_escribir(ruta: Path) -> str | None:
    """The Alembic revision of the file, read without changing a byte of it."""
    if not ruta.exists() or ruta.stat().st_size == 0:
        return None
    with ruta.open("rb") as archivo:
        cabecera = archivo.read(len(CABECERA_SQLITE))
    if cabecera != CABECERA_SQLITE:
        raise ErrorAlmacen(
            f"El archivo {ruta} no es una base de datos de EyF (no es SQLite). "
            "No se modificó. Restaure el respaldo más reciente con «eyf respaldo restaurar "
            "--ultimo» (el archivo se conserva aparte para soporte técnico), o use otra "
            "carpeta de datos (--datos)."
        )
    try:
        conexion = conectar_lectura(ruta)
        try:
            existe = conexion.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).fetchone()
            if not existe:
                otras = conexion.execute(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                ).fetchone()[0]
                if otras:
                    raise ErrorAlmacen(
                        f"El archivo {ruta} es una base de datos de otro programa, no de EyF. "
                        "No se modificó. Use otra carpeta de datos (--datos)."
                    )
                return None
            fila = conexion.execute("SELECT version_num FROM alembic_version").fetchone()
            return fila[0] if fila else None
        finally:
            conexion.close()
    except sqlite3.DatabaseError as exc:
        if clase(exc) not in (None, DANADA):  # read-only folder, disk gone...: not damage
            raise error_almacen(exc, ruta.parent) from exc
        raise ErrorAlmacen(
            f"La base de datos {ruta} está dañada y no se puede leer. No se modificó. "
            "Restaure el respaldo sano más reciente (al abrir, la ventana lo ofrece; en la "
            "orden, «eyf respaldo restaurar --ultimo»); la base dañada se conserva aparte "
            "para soporte técnico."
        ) from exc
