"""What the machine does wrong becomes a Spanish ErrorAlmacen, and nothing
already saved changes."""

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import event, exc, text

from app.almacen import fallos, motor
from app.almacen.almacen import Almacen
from app.almacen.fallos import clase_sqlite, error_almacen
from app.almacen.sesion import lectura, transaccion
from app.captura.consultas import listar_capturas
from app.captura.registro import guardar_capturas, registrar
from app.captura.reglas import FilaCaptura
from app.errores import ErrorAlmacen


def error_sqlite(nombre: str, texto: str) -> sqlite3.Error:
    e = sqlite3.OperationalError(texto)
    e.sqlite_errorname = nombre
    return e


@pytest.mark.parametrize(
    "nombre, texto, tipo",
    [
        ("SQLITE_BUSY", "database is locked", fallos.OCUPADA),
        ("SQLITE_BUSY_SNAPSHOT", "database is locked", fallos.OCUPADA),
        ("SQLITE_LOCKED", "database table is locked", fallos.OCUPADA),
        ("SQLITE_FULL", "database or disk is full", fallos.LLENO),
        ("SQLITE_READONLY", "attempt to write a readonly database", fallos.SOLO_LECTURA),
        ("SQLITE_READONLY_DBMOVED", "attempt to write a readonly database", fallos.SOLO_LECTURA),
        ("SQLITE_CORRUPT", "database disk image is malformed", fallos.DANADA),
        ("SQLITE_NOTADB", "file is not a database", fallos.DANADA),
        ("SQLITE_IOERR_WRITE", "disk I/O error", fallos.DISCO),
        ("SQLITE_CANTOPEN", "unable to open database file", fallos.SIN_ACCESO),
        ("", "database is locked", fallos.OCUPADA),  # older Pythons: only the text
        ("SQLITE_ERROR", "no such table: x", None),  # a bug, not the machine
        ("SQLITE_CONSTRAINT_UNIQUE", "UNIQUE constraint failed", None),
    ],
)
def test_clasificacion(nombre, texto, tipo):
    assert clase_sqlite(error_sqlite(nombre, texto)) == tipo


def test_mensajes_en_espanol_con_salida(tmp_path):
    for tipo in (
        fallos.OCUPADA,
        fallos.LLENO,
        fallos.SOLO_LECTURA,
        fallos.DISCO,
        fallos.SIN_ACCESO,
    ):
        m = fallos.mensaje(tipo, tmp_path)
        assert "No se guardó nada" in m and str(tmp_path) in m or tipo == fallos.OCUPADA
        assert "intacto" in m
    # A damaged database cannot be called intact: what is safe is its last backup.
    m = fallos.mensaje(fallos.DANADA, tmp_path)
    assert str(tmp_path) in m and "intacto" not in m
    assert "Lo guardado hasta su último respaldo está a salvo en él" in m


def test_errores_del_sistema_solo_en_rutas_de_almacenamiento(tmp_path):
    import errno

    lleno = OSError(errno.ENOSPC, "No space left on device")
    assert error_almacen(lleno, tmp_path) is None  # e.g. writing a PDF somewhere else
    assert "está lleno" in error_almacen(lleno, tmp_path, sistema=True).mensaje
    assert (
        "solo lectura" in error_almacen(OSError(errno.EROFS, "x"), tmp_path, sistema=True).mensaje
    )
    assert error_almacen(ValueError("x"), tmp_path, sistema=True) is None
    with pytest.raises(ValueError), fallos.traducir(tmp_path, sistema=True):
        raise ValueError("un error de programación pasa tal cual")


def test_disco_lleno_al_guardar(almacen_capturando):
    """SQLite's own 'database or disk is full', provoked with max_page_count."""
    a = almacen_capturando
    registrar(a, "CLSSA000581", "EST-ODO-0003", faltante_ambulatorio="5", causa="FE", pacientes="5")
    antes = listar_capturas(a)
    a.motor.dispose()
    with a.motor.connect() as c:
        paginas = c.execute(text("PRAGMA page_count")).scalar()
    a.motor.dispose()
    event.listen(
        a.motor, "connect", lambda con, _r: con.execute(f"PRAGMA max_page_count = {paginas + 1}")
    )
    filas = [
        (clues, FilaCaptura(p, "1", "2", "FE", "3", "4", "5"))
        for clues in ("CLSSA000581", "CLSSA002343", "CLSSA000033", "CLIMS000010")
        for p in ("EST-ODO-0001", "EST-ODO-0002", "EST-CEX-0001", "CIR-GEN-0001", "IMA-USG-0001")
    ]
    with pytest.raises(ErrorAlmacen, match="está lleno.*No se guardó nada.*Libere espacio"):
        guardar_capturas(a, filas)
    a.cerrar()
    a2 = Almacen.abrir(a.carpeta)
    assert listar_capturas(a2) == antes
    a2.cerrar()


def test_base_ocupada_por_otra_copia(almacen_capturando, monkeypatch):
    """Another process holds the write lock past busy_timeout: a Spanish message
    naming the window that holds the data folder, and nothing half-saved."""
    a = almacen_capturando
    a.cerrar()
    monkeypatch.setattr(motor, "ESPERA_BLOQUEO_MS", 300)
    codigo = textwrap.dedent(
        f"""
        import sqlite3
        from app.almacen.candado import Candado
        c = Candado({str(a.carpeta)!r}); c.adquirir()
        con = sqlite3.connect({str(a.ruta_bd)!r}, isolation_level=None)
        con.execute("BEGIN IMMEDIATE")
        print("listo", flush=True)
        input()
        """
    )
    p = subprocess.Popen(
        [sys.executable, "-c", codigo], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert p.stdout.readline().strip() == "listo"
        b = Almacen.abrir(a.carpeta)
        with pytest.raises(
            ErrorAlmacen, match=f"ocupada por la ventana de EyF \\(proceso {p.pid}.*Espere"
        ):
            registrar(
                b,
                "CLSSA000581",
                "EST-ODO-0003",
                faltante_ambulatorio="5",
                causa="FE",
                pacientes="5",
            )
        assert listar_capturas(b) == []  # reading still works meanwhile (WAL)
    finally:
        p.communicate("\n", timeout=10)
    registrar(b, "CLSSA000581", "EST-ODO-0003", faltante_ambulatorio="5", causa="FE", pacientes="5")
    assert len(listar_capturas(b)) == 1
    b.cerrar()


def test_base_danada_a_medio_archivo(almacen_capturando):
    """The header reads fine but a table's pages are garbage: the first query
    that reaches them says the database is damaged and how to get out."""
    a = almacen_capturando
    registrar(a, "CLSSA000581", "EST-ODO-0003", faltante_ambulatorio="5", causa="FE", pacientes="5")
    a.cerrar()
    con = sqlite3.connect(a.ruta_bd)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raiz = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'captura'").fetchone()[0]
    tamano = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    with open(a.ruta_bd, "r+b") as f:
        f.seek((raiz - 1) * tamano)
        f.write(os.urandom(tamano))
    b = Almacen.abrir(a.carpeta, cargar_catalogo=False)
    with pytest.raises(ErrorAlmacen, match="está dañada.*eyf respaldo restaurar --ultimo"):
        listar_capturas(b)
    b.cerrar()


def test_otros_errores_de_base_no_se_disfrazan(almacen):
    with pytest.raises(exc.OperationalError, match="no such table"), lectura(almacen) as s:
        s.execute(text("SELECT * FROM no_existe"))
    with pytest.raises(exc.IntegrityError), transaccion(almacen) as s:
        s.execute(text("INSERT INTO instalacion (id, uuid) VALUES (1, 'otra')"))


def test_carpeta_de_solo_lectura_por_permisos(tmp_path):
    """chmod only stops a non-root user; as root the OS ignores it, so the real
    read-only case is proven with a read-only mount (tests/robustez)."""
    if os.geteuid() == 0:
        pytest.skip("como root, chmod no impide escribir; ver tests/robustez/test_maquina.py")
    carpeta = tmp_path / "datos"
    Almacen.abrir(carpeta, cargar_catalogo=False).cerrar()
    Path(carpeta).chmod(0o500)
    try:
        with pytest.raises(ErrorAlmacen, match="solo lectura"):
            a = Almacen.abrir(carpeta, cargar_catalogo=False)
            with transaccion(a) as s:
                s.execute(text("UPDATE instalacion SET persona = 'x'"))
    finally:
        Path(carpeta).chmod(0o700)
