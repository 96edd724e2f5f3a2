"""The checks of ``eyf diagnostico`` that look at this computer and at the
person's data (read-only): program versions, data folder, database
integrity, migrations and catalog."""

from __future__ import annotations

import os
import platform
import shutil
import sqlite3
import sys
import tempfile
import uuid
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine

from app import acerca
from app.almacen import migraciones as mig
from app.almacen import ubicacion
from app.almacen.almacen import ARCHIVO_BD, CABECERA_SQLITE, Almacen
from app.almacen.modelos import Catalogo
from app.almacen.motor import conectar_lectura, motor_sqlite, motor_url
from app.almacen.respaldos import integridad, listar_respaldos
from app.almacen.sesion import lectura
from app.diagnostico.comprobacion import Comprobacion, bien, mal
from app.errores import ErrorAlmacen
from app.rutas import carpeta_ejecutable, carpeta_portable, raiz_programa, recurso
from app.sistema import causa

ESPACIO_MINIMO = 200 * 2**20  # the database, its backups and the reports need room
RESTAURAR = (
    "No borre nada. Restaure el respaldo sano más reciente con «eyf respaldo restaurar "
    "--ultimo» (la base actual se conserva aparte) y envíe este diagnóstico al soporte técnico."
)


def cuantos(n: int, singular: str, plural: str) -> str:
    return f"{n:,} {singular if n == 1 else plural}"


def tamano_legible(n: float) -> str:
    for unidad in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unidad == "GB":
            return f"{n:.0f} {unidad}" if unidad == "bytes" else f"{n:.1f} {unidad}"
        n /= 1024
    return f"{n:.1f} GB"  # pragma: no cover


def _sistema() -> str:
    if sys.platform == "win32":  # pragma: no cover - Windows only
        return f"Windows {platform.release()} ({platform.version()})"
    try:
        return platform.freedesktop_os_release().get("PRETTY_NAME") or platform.platform()
    except OSError:
        return platform.platform()


# -- 1. the program -------------------------------------------------------------
def programa() -> Comprobacion:
    import alembic
    import cryptography
    import reportlab
    import sqlalchemy

    partes = [
        f"{acerca.NOMBRE} {acerca.VERSION}",
        f"Python {platform.python_version()}",
        f"SQLite {sqlite3.sqlite_version}",
        f"SQLAlchemy {sqlalchemy.__version__}",
        f"Alembic {alembic.__version__}",
        f"reportlab {reportlab.Version}",
        f"cryptography {cryptography.__version__}",
    ]
    ejecutable = carpeta_ejecutable()
    forma = (
        f"programa empaquetado en {ejecutable}"
        if ejecutable is not None
        else f"desde el código en {raiz_programa()}"
    )
    return bien("programa", "Programa", f"{' · '.join(partes)}; {_sistema()}; {forma}")


# -- 2. the data folder ----------------------------------------------------------
def _existente(carpeta: Path) -> Path:
    actual = carpeta.absolute()
    while not actual.exists() and actual.parent != actual:
        actual = actual.parent
    return actual


def _probar_escritura(carpeta: Path) -> None:
    """Create, sync and delete a small hidden file (nothing of the person's is touched)."""
    prueba = carpeta / f".eyf-diagnostico-{uuid.uuid4().hex[:8]}.tmp"
    try:
        with open(prueba, "xb") as f:
            f.write(b"EyF")
            f.flush()
            os.fsync(f.fileno())
    finally:
        prueba.unlink(missing_ok=True)


def carpeta_datos(carpeta: Path, origen: str) -> Comprobacion:
    nombre = "Carpeta de datos"
    carpeta = Path(carpeta)
    portable = carpeta_portable()
    es_portable = portable is not None and portable.absolute() == carpeta.absolute()
    lugar = ubicacion.lugar_de(carpeta)
    try:
        diario = ubicacion.modo_diario_para(lugar, carpeta, portable=es_portable)
    except ErrorAlmacen as exc:
        return mal("carpeta", nombre, f"{carpeta} ({origen}): {exc}", "Lo indica el mensaje.")
    donde = {
        ubicacion.LOCAL: "disco de esta computadora",
        ubicacion.REMOVIBLE: "memoria extraíble",
    }.get(lugar.tipo, lugar.tipo)
    guardado = "WAL" if diario == ubicacion.WAL else "diario clásico, seguro para memorias"
    base = _existente(carpeta)
    try:
        _probar_escritura(base)
    except OSError as exc:
        return mal(
            "carpeta",
            nombre,
            f"no se puede escribir en {base} ({causa(exc)}).",
            "Revise que la carpeta no sea de solo lectura y que su usuario tenga permiso, o "
            "elija otra carpeta con --datos.",
        )
    libre = shutil.disk_usage(base).free
    if libre < ESPACIO_MINIMO:
        return mal(
            "carpeta",
            nombre,
            f"quedan solo {tamano_legible(libre)} libres en el disco de {carpeta}.",
            "Libere espacio en el disco (al menos 200 MB): vacíe la papelera o mueva archivos "
            "que no necesite a otro lugar.",
        )
    estado = "existe" if carpeta.exists() else "todavía no existe: se crea al abrir EyF"
    return bien(
        "carpeta",
        nombre,
        f"{carpeta} ({origen}; {estado}; {donde}; modo de guardado {guardado}; se puede "
        f"escribir; {tamano_legible(libre)} libres)",
    )


# -- 3. the database ---------------------------------------------------------------
def _ruta_bd(carpeta: Path, url: str | None) -> Path | None:
    """The SQLite file, or None for a database server."""
    if url is None:
        return Path(carpeta) / ARCHIVO_BD
    if url.startswith("sqlite"):
        return Path(url.split(":///", 1)[-1])
    return None


def _url_visible(url: str) -> str:
    return motor_url(url).url.render_as_string(hide_password=True)


def base_de_datos(carpeta: Path, url: str | None) -> Comprobacion:
    nombre = "Base de datos"
    ruta = _ruta_bd(carpeta, url)
    if ruta is None:
        assert url is not None
        motor = motor_url(url)
        try:
            with motor.connect() as con:
                con.exec_driver_sql("SELECT 1")
        except Exception as exc:
            return mal(
                "base",
                nombre,
                f"no se pudo conectar con {_url_visible(url)}: {exc}",
                "Revise la dirección, el usuario y que el servidor esté encendido.",
            )
        finally:
            motor.dispose()
        return bien("base", nombre, f"servidor {_url_visible(url)}: responde")
    if not ruta.exists():
        return bien("base", nombre, f"todavía no hay base de datos en {ruta}: EyF la crea al abrir")
    with ruta.open("rb") as f:
        cabecera = f.read(len(CABECERA_SQLITE))
    if ruta.stat().st_size and cabecera != CABECERA_SQLITE:
        return mal(
            "base", nombre, f"{ruta} no es una base de datos de EyF (no es SQLite).", RESTAURAR
        )
    resultado = integridad(ruta)
    if resultado != "ok":
        return mal("base", nombre, f"{ruta} está dañada: {resultado}.", RESTAURAR)
    con = conectar_lectura(ruta)
    try:
        rotas = len(con.execute("PRAGMA foreign_key_check").fetchall())
    finally:
        con.close()
    if rotas:
        return mal(
            "base", nombre, f"{ruta} tiene {rotas} referencia(s) rotas entre tablas.", RESTAURAR
        )
    respaldos = listar_respaldos(Path(carpeta))
    ultimo = (
        f"último respaldo: {max(r.momento for r in respaldos):%d/%m/%Y %H:%M} "
        f"({len(respaldos)} en total)"
        if respaldos
        else "todavía sin respaldos"
    )
    return bien(
        "base",
        nombre,
        f"{ruta} ({tamano_legible(ruta.stat().st_size)}; revisión completa de integridad sin "
        f"daños; {ultimo})",
    )


# -- 4. migrations -------------------------------------------------------------------
def _revision_bd(carpeta: Path, url: str | None) -> tuple[bool, str | None]:
    """(there is a database, its Alembic revision), read without writing."""
    ruta = _ruta_bd(carpeta, url)
    if ruta is None:
        assert url is not None
        motor = motor_url(url)
        try:
            return True, mig.revision_actual(motor)
        finally:
            motor.dispose()
    if not ruta.exists() or ruta.stat().st_size == 0:
        return False, None
    con = conectar_lectura(ruta)
    try:
        if not con.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone():
            return True, None
        fila = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return True, (fila[0] if fila else None)
    finally:
        con.close()


def migraciones(carpeta: Path, url: str | None) -> Comprobacion:
    nombre = "Migraciones"
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(mig.configuracion())
    revisiones = list(script.walk_revisions())
    cabeza = mig.revision_cabeza()
    # Every revision applied to a brand-new database in a temporary folder.
    with tempfile.TemporaryDirectory(prefix="eyf-diagnostico-", ignore_cleanup_errors=True) as t:
        motor = motor_sqlite(Path(t) / "prueba.sqlite3", llaves_foraneas=False)
        try:
            mig.migrar(motor)
            aplicada = mig.revision_actual(motor)
        finally:
            motor.dispose()
    if aplicada != cabeza:  # pragma: no cover - a broken package
        return mal(
            "migraciones",
            nombre,
            f"las migraciones del programa llegan a {aplicada}, no a {cabeza}.",
            "Reinstale el programa. " + "Envíe este diagnóstico al soporte técnico.",
        )
    del_programa = (
        f"{len(revisiones)} revisiones del programa (la más nueva, {cabeza}) se aplican bien a "
        "una base nueva"
    )
    hay, revision = _revision_bd(carpeta, url)
    if not hay:
        estado = "todavía no hay base de datos"
    elif revision == cabeza:
        estado = f"la base está al día ({cabeza})"
    elif revision is None:
        estado = "la base está vacía: EyF crea sus tablas al abrir"
    elif mig.revision_conocida(revision):
        estado = (
            f"la base está en la revisión {revision}: al abrir EyF se respalda y se actualiza "
            f"a {cabeza}"
        )
    else:
        return mal(
            "migraciones",
            nombre,
            f"la base fue escrita por una versión más reciente de {acerca.NOMBRE} (revisión "
            f"{revision}); este programa es la versión {acerca.VERSION}.",
            f"Instale la versión más reciente de {acerca.NOMBRE}; la base no se modificó.",
        )
    return bien("migraciones", nombre, f"{del_programa}; {estado}")


# -- 5. the catalog ----------------------------------------------------------------------
def _almacen_lectura(carpeta: Path, ruta: Path) -> Almacen:
    """An Almacen over the file opened read-only (no pragmas, no migration)."""
    motor = create_engine("sqlite://", creator=lambda: conectar_lectura(ruta))
    return Almacen(motor=motor, carpeta=Path(carpeta), ruta_bd=ruta)


def catalogo(carpeta: Path, url: str | None) -> Comprobacion:
    nombre = "Catálogo"
    from app.catalogo.consultas import info
    from app.catalogo.lectura import ErrorCatalogo
    from app.catalogo.validacion import leer_catalogo

    try:
        c = leer_catalogo(recurso("catalogo"))
    except ErrorCatalogo as exc:
        return mal(
            "catalogo",
            nombre,
            f"el catálogo incluido con el programa ({recurso('catalogo')}) falta o está dañado: "
            f"{exc}",
            "Reinstale el programa.",
        )
    incluido = (
        f"incluido: {c.datos.nombre} {c.datos.version} ({len(c.entidades)} entidades, "
        f"{len(c.unidades):,} unidades médicas, {len(c.productos):,} productos)"
    )
    ruta = _ruta_bd(carpeta, url)
    hay, revision = _revision_bd(carpeta, url)
    if ruta is None or not hay:
        return bien("catalogo", nombre, f"{incluido}; se carga al abrir EyF por primera vez")
    if revision != mig.revision_cabeza():
        return bien("catalogo", nombre, f"{incluido}; el de la base se ve después de actualizarla")
    almacen = _almacen_lectura(carpeta, ruta)
    try:
        with lectura(almacen) as s:
            cargado = s.get(Catalogo, 1) is not None
        if not cargado:
            return bien("catalogo", nombre, f"{incluido}; la base aún no tiene catálogo")
        i = info(almacen)
    finally:
        almacen.cerrar()
    hoy = date.today()
    dentro = (
        "hoy está dentro del periodo"
        if i.periodo_inicio <= hoy <= i.periodo_fin
        else "hoy está FUERA del periodo: todo es de solo lectura"
    )
    return bien(
        "catalogo",
        nombre,
        f"{incluido}; en uso: {i.nombre} {i.version} ({i.unidades:,} unidades, "
        f"{i.productos:,} productos; captura del {i.periodo_inicio:%d/%m/%Y} al "
        f"{i.periodo_fin:%d/%m/%Y}, {dentro})",
    )
