"""After a crash mid-save the next start completes SQLite's recovery instead of
refusing the database (regression: a hot rollback journal made the read-only
check at start-up fail with «solo lectura», locking the person out; the
SIGKILL tests found it during restores)."""

import os
import sqlite3

from app.almacen.almacen import ARCHIVO_BD, Almacen
from app.almacen.motor import motor_sqlite
from app.almacen.respaldos import integridad, respaldar
from app.captura.consultas import listar_capturas
from app.captura.registro import registrar


def morir_a_media_escritura(ruta_bd) -> None:
    """A child process writes without committing and dies: a hot journal stays."""
    pid = os.fork()
    if pid == 0:
        try:
            con = sqlite3.connect(ruta_bd, isolation_level=None)
            con.execute("PRAGMA cache_size = 2")  # spill changed pages into the file
            con.execute("BEGIN IMMEDIATE")
            con.execute("UPDATE captura SET ambulatorio = 999")
            con.execute("UPDATE bitacora SET persona = 'a medias'")
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


def test_diario_caliente_tras_un_corte(almacen_capturando):
    a = almacen_capturando
    registrar(a, "CLSSA000581", "EST-ODO-0003", faltante_ambulatorio="5", causa="FE", pacientes="5")
    a.cerrar()
    # The rollback journal, as in portable mode on a USB stick.
    motor = motor_sqlite(a.ruta_bd, diario="delete")
    with motor.connect() as c:
        c.exec_driver_sql("SELECT 1")
    motor.dispose()
    morir_a_media_escritura(a.ruta_bd)
    journal = a.carpeta / (ARCHIVO_BD + "-journal")
    assert journal.exists() and journal.stat().st_size > 0
    # A backup taken now holds the last committed state, never the half write.
    copia = respaldar(a.ruta_bd, a.carpeta, "tras-corte")
    con = sqlite3.connect(copia)
    assert con.execute("SELECT ambulatorio FROM captura").fetchall() == [(5,)]
    con.close()
    assert integridad(copia) == "ok"
    b = Almacen.abrir(a.carpeta)
    assert [c.ambulatorio for c in listar_capturas(b)] == [5]
    with b.motor.connect() as c:
        assert c.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    b.cerrar()
