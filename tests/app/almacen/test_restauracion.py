"""Restoring a backup: checked first, undoable, recorded in the bitácora, and
possible even when the current database cannot be opened."""

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from app.almacen import migraciones
from app.almacen.almacen import ARCHIVO_BD, Almacen
from app.almacen.candado import Candado
from app.almacen.motor import motor_sqlite
from app.almacen.respaldos import listar_respaldos, respaldar
from app.almacen.restauracion import (
    restaurar,
    ultimo_antes_de_restaurar,
    ultimo_sano,
    verificar_respaldo,
)
from app.captura.registro import registrar
from app.errores import ErrorAlmacen, ErrorEyF


def suma(ruta: Path) -> str:
    return hashlib.sha256(ruta.read_bytes()).hexdigest()


def productos(ruta: Path) -> list[str]:
    con = sqlite3.connect(ruta)
    try:
        return [f for (f,) in con.execute("SELECT producto_clave FROM captura ORDER BY 1")]
    finally:
        con.close()


def ultima_entrada(ruta: Path) -> tuple:
    con = sqlite3.connect(ruta)
    try:
        return con.execute(
            "SELECT accion, objeto, antes, despues, persona FROM bitacora ORDER BY id DESC LIMIT 1"
        ).fetchone()
    finally:
        con.close()


@pytest.fixture
def con_respaldo(almacen_capturando):
    """A database with one record, a backup of it, then a second record."""
    a = almacen_capturando
    registrar(a, "CLSSA000581", "EST-ODO-0003", faltante_ambulatorio="5", causa="FE", pacientes="5")
    respaldo = respaldar(a.ruta_bd, a.carpeta, "manual")
    registrar(a, "CLSSA000581", "EST-ODO-0001", excedente_ambulatorio="7", pacientes="7")
    a.cerrar()
    return a.carpeta, respaldo


def test_restaurar_y_deshacer(con_respaldo):
    carpeta, respaldo = con_respaldo
    ruta_bd = carpeta / ARCHIVO_BD
    r = restaurar(carpeta, respaldo)
    assert productos(ruta_bd) == ["EST-ODO-0003"]
    assert r.restaurado == respaldo and r.apartada is None
    assert r.previo is not None and productos(r.previo) == ["EST-ODO-0001", "EST-ODO-0003"]
    accion, objeto, antes, despues, persona = ultima_entrada(ruta_bd)
    assert (accion, objeto, persona) == ("respaldo_restaurado", respaldo.name, "Ana Pérez")
    assert json.loads(antes)["respaldo_previo"] == r.previo.name
    assert json.loads(despues)["respaldo"] == str(respaldo)
    for extra in ("-wal", "-shm", ".restaurando"):
        assert not Path(str(ruta_bd) + extra).exists()
    # Undo: the replaced database comes back, and that is recorded too.
    assert ultimo_antes_de_restaurar(carpeta) == r.previo
    deshecho = restaurar(carpeta, r.previo)
    assert productos(ruta_bd) == ["EST-ODO-0001", "EST-ODO-0003"]
    assert ultima_entrada(ruta_bd)[:2] == ("respaldo_restaurado", r.previo.name)
    assert productos(deshecho.previo) == ["EST-ODO-0003"]
    a = Almacen.abrir(carpeta)  # the program opens it normally afterwards
    with a.motor.connect() as c:
        assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert c.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    a.cerrar()


def test_la_base_restaurada_lee_mientras_otro_escribe(con_respaldo):
    """Backups are single files (classic journal); the restored database is
    back in WAL before it takes its place: a reader with the program's
    pragmas works while another process holds a write transaction."""
    carpeta, respaldo = con_respaldo
    restaurar(carpeta, respaldo)
    ruta_bd = carpeta / ARCHIVO_BD
    escritor = sqlite3.connect(ruta_bd, isolation_level=None)
    try:
        assert escritor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        escritor.execute("BEGIN IMMEDIATE")
        escritor.execute("DELETE FROM captura")
        motor = motor_sqlite(ruta_bd)
        try:
            with motor.connect() as c:
                assert c.execute(text("SELECT count(*) FROM captura")).scalar() == 1
        finally:
            motor.dispose()
        escritor.execute("ROLLBACK")
    finally:
        escritor.close()


def test_el_wal_viejo_nunca_se_aplica_a_la_base_restaurada(con_respaldo):
    """Saves still in the -wal of the replaced database go into its backup and
    never leak into the restored one."""
    carpeta, respaldo = con_respaldo
    ruta_bd = carpeta / ARCHIVO_BD
    # Keep a reader open so the -wal is not checkpointed by the last close.
    con = sqlite3.connect(ruta_bd)
    con.execute("PRAGMA wal_autocheckpoint = 0")
    con.execute(
        "INSERT INTO bitacora (momento, persona, instalacion, accion) VALUES ('2026-01-01', 'x', 'x', 'marca')"
    )
    con.commit()
    assert Path(str(ruta_bd) + "-wal").stat().st_size > 0
    con.close()
    r = restaurar(carpeta, respaldo)
    previo = sqlite3.connect(r.previo)
    assert previo.execute("SELECT count(*) FROM bitacora WHERE accion = 'marca'").fetchone() == (1,)
    previo.close()
    nueva = sqlite3.connect(ruta_bd)
    assert nueva.execute("SELECT count(*) FROM bitacora WHERE accion = 'marca'").fetchone() == (0,)
    assert nueva.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    nueva.close()


@pytest.mark.parametrize(
    "contenido, mensaje",
    [
        (b"no soy una base" * 200, "no es un respaldo de EyF"),
        (None, "está dañado.*integridad"),
        ("otro", "de otro programa"),
        ("futura", "versión más reciente"),
    ],
)
def test_un_respaldo_malo_no_cambia_nada(con_respaldo, tmp_path, contenido, mensaje):
    carpeta, respaldo = con_respaldo
    malo = tmp_path / "malo.sqlite3"
    if contenido is None:  # a real backup with one page overwritten
        datos = bytearray(respaldo.read_bytes())
        datos[4096 * 3 : 4096 * 4] = b"\xff" * 4096
        malo.write_bytes(bytes(datos))
    elif contenido == "otro":
        con = sqlite3.connect(malo)
        con.execute("CREATE TABLE clientes (id)")
        con.close()
    elif contenido == "futura":
        malo.write_bytes(respaldo.read_bytes())
        con = sqlite3.connect(malo)
        con.execute("UPDATE alembic_version SET version_num = '9999_futura'")
        con.commit()
        con.close()
    else:
        malo.write_bytes(contenido)
    antes = suma(carpeta / ARCHIVO_BD)
    respaldos_antes = listar_respaldos(carpeta)
    with pytest.raises(ErrorAlmacen, match=mensaje):
        restaurar(carpeta, malo)
    assert suma(carpeta / ARCHIVO_BD) == antes
    assert listar_respaldos(carpeta) == respaldos_antes


def test_no_existe(con_respaldo):
    carpeta, _ = con_respaldo
    with pytest.raises(ErrorAlmacen, match="No existe el respaldo.*eyf respaldo listar"):
        restaurar(carpeta, carpeta / "respaldos" / "no-existe.sqlite3")


@pytest.mark.parametrize("dano", ["no-sqlite", "cabecera-rota", "falta"])
def test_la_salida_de_una_base_danada(con_respaldo, dano):
    """The database cannot be opened; the restore still works and keeps the
    damaged file aside, byte for byte, for technical support."""
    carpeta, respaldo = con_respaldo
    ruta_bd = carpeta / ARCHIVO_BD
    if dano == "no-sqlite":
        ruta_bd.write_bytes(b"basura" * 1000)
    elif dano == "cabecera-rota":
        datos = bytearray(ruta_bd.read_bytes())
        datos[16:100] = b"\x00" * 84
        ruta_bd.write_bytes(bytes(datos))
    else:
        ruta_bd.unlink()
    original = ruta_bd.read_bytes() if ruta_bd.exists() else None
    if original is not None:
        with pytest.raises(ErrorAlmacen, match="eyf respaldo restaurar --ultimo"):
            Almacen.abrir(carpeta)
    r = restaurar(carpeta, ultimo_sano(carpeta))
    assert r.restaurado == respaldo and r.previo is None
    if original is None:
        assert r.apartada is None
    else:
        assert (r.apartada / ARCHIVO_BD).read_bytes() == original
    assert productos(ruta_bd) == ["EST-ODO-0003"]
    Almacen.abrir(carpeta).cerrar()


def test_ultimo_sano_salta_los_danados(con_respaldo):
    carpeta, bueno = con_respaldo
    a = Almacen.abrir(carpeta)
    danado = respaldar(a.ruta_bd, carpeta, "diario")
    a.cerrar()
    datos = bytearray(danado.read_bytes())
    datos[4096 * 2 : 4096 * 3] = b"\xff" * 4096
    danado.write_bytes(bytes(datos))
    assert ultimo_sano(carpeta) == bueno
    for r in listar_respaldos(carpeta):
        r.ruta.unlink()
    with pytest.raises(ErrorAlmacen, match="No hay ningún respaldo sano"):
        ultimo_sano(carpeta)


def test_no_se_restaura_con_la_ventana_abierta(con_respaldo):
    carpeta, respaldo = con_respaldo
    codigo = (
        f"from app.almacen.candado import Candado; c = Candado({str(carpeta)!r}); c.adquirir(); "
        "print('listo', flush=True); input()"
    )
    p = subprocess.Popen(
        [sys.executable, "-c", codigo], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert p.stdout.readline().strip() == "listo"
        antes = suma(carpeta / ARCHIVO_BD)
        with pytest.raises(ErrorAlmacen, match=f"mientras EyF está abierto.*proceso {p.pid}"):
            restaurar(carpeta, respaldo)
        assert suma(carpeta / ARCHIVO_BD) == antes
    finally:
        p.communicate("\n", timeout=10)
    # The window itself restores holding its own lock.
    with Candado(carpeta):
        restaurar(carpeta, respaldo, candado_tomado=True)
    assert productos(carpeta / ARCHIVO_BD) == ["EST-ODO-0003"]


def test_un_respaldo_de_una_version_anterior_se_migra_al_restaurar(tmp_path):
    """A backup made before an upgrade is brought to the current schema."""
    from alembic import command

    revisiones = migraciones.ScriptDirectory.from_config(migraciones.configuracion())
    anteriores = [r.revision for r in revisiones.walk_revisions()][1:]
    if not anteriores:
        pytest.skip("aún hay una sola revisión")
    viejo = tmp_path / "viejo.sqlite3"
    motor = motor_sqlite(viejo, llaves_foraneas=False)
    cfg = migraciones.configuracion()
    with motor.begin() as c:
        cfg.attributes["conexion"] = c
        command.upgrade(cfg, anteriores[-1])
        c.exec_driver_sql("INSERT INTO instalacion (id, uuid, persona) VALUES (1, 'u', 'Ana')")
    motor.dispose()
    con = sqlite3.connect(viejo)
    con.execute("PRAGMA journal_mode = DELETE")
    con.close()
    assert verificar_respaldo(viejo) == anteriores[-1]
    carpeta = tmp_path / "datos"
    restaurar(carpeta, viejo)
    a = Almacen.abrir(carpeta, cargar_catalogo=False)
    assert migraciones.revision_actual(a.motor) == migraciones.revision_cabeza()
    with a.motor.connect() as c:
        assert c.exec_driver_sql("SELECT persona FROM instalacion").scalar() == "Ana"
        assert c.exec_driver_sql("SELECT accion FROM bitacora").scalar() == "respaldo_restaurado"
    a.cerrar()


def test_un_respaldo_de_antes_de_finalizar_pide_la_contrasena_y_queda_como_reapertura(
    almacen_capturando,
):
    """Restoring past a finalization reopens it: like a reapertura, it needs the
    entidad password, and it is recorded and printed as one."""
    from app.almacen.reabre import ReaperturaNecesaria, lo_que_reabre
    from app.captura.cierre import estado_cierre, finalizar

    a = almacen_capturando
    registrar(a, "CLSSA000581", "EST-ODO-0003", faltante_ambulatorio="5", causa="FE", pacientes="5")
    respaldo = respaldar(a.ruta_bd, a.carpeta, "manual")
    finalizar(a, "05", "demo-05")
    carpeta, ruta_bd = a.carpeta, a.ruta_bd
    a.cerrar()
    (reabre,) = lo_que_reabre(carpeta, respaldo)
    assert (reabre.entidad, reabre.clues) == ("05", None)
    antes = suma(ruta_bd)
    with pytest.raises(ReaperturaNecesaria, match="quedará sin finalizar") as e:
        restaurar(carpeta, respaldo)
    assert "se necesita la contraseña de la entidad 05" in e.value.mensaje
    assert suma(ruta_bd) == antes  # refused: nothing changed
    with pytest.raises(ErrorEyF, match="contraseña"):
        restaurar(carpeta, respaldo, contrasena="otra")
    con = sqlite3.connect(ruta_bd)
    try:  # still finalized; only the failed attempt is counted (the throttle)
        assert con.execute("SELECT finalizada FROM estado_entidad").fetchone() == (1,)
        assert con.execute("SELECT fallos FROM intento_contrasena").fetchone() == (1,)
    finally:
        con.close()
    restaurar(carpeta, respaldo, contrasena="demo-05")
    a = Almacen.abrir(carpeta)
    try:
        estado = estado_cierre(a, "05")
        assert not estado.finalizada
        (reapertura,) = estado.reaperturas
        assert respaldo.name in reapertura.motivo and reapertura.persona == "Ana Pérez"
    finally:
        a.cerrar()
    assert lo_que_reabre(carpeta, respaldo) == []  # nothing closed any more


def test_la_salida_de_una_base_danada_no_pide_contrasena(almacen_capturando):
    from app.captura.cierre import finalizar

    a = almacen_capturando
    registrar(a, "CLSSA000581", "EST-ODO-0003", faltante_ambulatorio="5", causa="FE", pacientes="5")
    respaldo = respaldar(a.ruta_bd, a.carpeta, "manual")
    finalizar(a, "05", "demo-05")
    carpeta = a.carpeta
    a.cerrar()
    for extra in ("-wal", "-shm"):
        (carpeta / (ARCHIVO_BD + extra)).unlink(missing_ok=True)
    (carpeta / ARCHIVO_BD).write_bytes(b"no es una base" * 100)
    r = restaurar(carpeta, respaldo)  # the current database cannot say what it had closed
    assert r.apartada is not None
