"""The machine misbehaving, with the real ``eyf`` program: a read-only data
folder, a full disk, a USB stick, a second copy holding the database, a
damaged file. Each gives a clear Spanish message (exit status 1, never the
internal-error 3 or a traceback), a way out, and loses nothing."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from app.almacen.almacen import ARCHIVO_BD
from tests.robustez.maquina import en_montajes, eyf, paso, salidas

REGISTRAR = ("captura", "registrar", "--clues", "CLSSA000581", "--producto")


def suma(ruta: Path) -> str:
    return hashlib.sha256(ruta.read_bytes()).hexdigest()


def capturas(ruta_bd: Path) -> list[tuple]:
    con = sqlite3.connect(ruta_bd)
    try:
        return con.execute(
            "SELECT clues, producto_clave, tipo, ambulatorio FROM captura ORDER BY 1, 2, 3"
        ).fetchall()
    finally:
        con.close()


def sin_traza(texto: str) -> None:
    assert "Traceback" not in texto and "Error interno" not in texto, texto


@pytest.fixture
def datos(carpeta_capturando) -> Path:
    """The data folder with one saved record, closed, as after a normal day."""
    r = subprocess.run(
        [sys.executable, "-m", "app", "--datos", str(carpeta_capturando), *REGISTRAR, "EST-ODO-0003",
         "--faltante-ambulatorio", "5", "--causa", "FE", "--pacientes", "5"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    return carpeta_capturando


@pytest.mark.lento
def test_carpeta_de_solo_lectura(datos, tmp_path):
    antes = suma(datos / ARCHIVO_BD)
    copia = tmp_path / "copia-en-otro-lado"
    copia.mkdir()
    guion = (
        f"mount --bind {datos} {datos} && mount -o remount,ro,bind {datos} || exit 99\n"
        + paso("listar", eyf("--datos", datos, "captura", "listar"))
        + paso("registrar", eyf("--datos", datos, *REGISTRAR, "EST-ODO-0001", "--excedente-ambulatorio", "3", "--pacientes", "3"))
        + paso("respaldo", eyf("--datos", datos, "respaldo", "crear"))
        + paso("copia", eyf("--datos", datos, "respaldo", "crear", "--destino", copia))
        + paso("candado", f"{sys.executable} -c 'from app.almacen.candado import Candado; Candado(\"{datos}\").adquirir()'")
        + paso(
            "ventana",
            f"{sys.executable} -c 'from app.almacen.candado import Candado\n"
            f"from app.errores import ErrorAlmacen\ntry:\n    Candado(\"{datos}\").adquirir()\n"
            "except ErrorAlmacen as e:\n    print(e); raise SystemExit(1)'",
        )
    )  # fmt: skip
    r = en_montajes(guion)
    assert r.returncode != 99, r.stderr
    s = salidas(r)
    for nombre in ("listar", "registrar", "respaldo"):
        estado, texto = s[nombre]
        assert estado == 1 and "es de solo lectura" in texto and "--destino" in texto, (
            nombre,
            texto,
        )
        sin_traza(texto)
    # The way out: a copy of the data goes elsewhere, and opens there.
    assert s["copia"][0] == 0, s["copia"][1]
    assert s["ventana"] == (1, s["ventana"][1]) and "es de solo lectura" in s["ventana"][1]
    assert suma(datos / ARCHIVO_BD) == antes  # nothing changed
    [respaldo] = list(copia.glob("eyf-*-manual.sqlite3"))
    otra = tmp_path / "otra-carpeta"
    r = subprocess.run([sys.executable, "-m", "app", "--datos", str(otra), "respaldo", "restaurar", str(respaldo), "--si"], capture_output=True, text=True)  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert capturas(otra / ARCHIVO_BD) == capturas(datos / ARCHIVO_BD) != []


@pytest.mark.lento
def test_disco_lleno(datos, tmp_path):
    """A small tmpfs filled to the brim: the save is refused whole, the backup
    leaves nothing half-written, and once there is space everything works."""
    disco = tmp_path / "disco"
    disco.mkdir()
    d = disco / "datos"
    relleno = disco / "relleno"
    guion = (
        f"mount -t tmpfs -o size=1500k tmpfs {disco} || exit 99\n"
        f"cp -r {datos} {d}\n"
        + paso("preparar", eyf("--datos", d, "captura", "listar"))  # makes the daily backup
        + f"dd if=/dev/zero of={relleno} bs=4k count=1000 2>/dev/null; sync\n"
        + paso("registrar", eyf("--datos", d, *REGISTRAR, "EST-ODO-0001", "--excedente-ambulatorio", "3", "--pacientes", "3"))
        + paso("respaldo", eyf("--datos", d, "respaldo", "crear"))
        + paso("restos", f"ls -a {d}/respaldos | grep -c parcial")
        + paso("listar_lleno", eyf("--datos", d, "captura", "listar", "--json"))
        + f"rm {relleno}\n"
        + paso("integridad", f"{sys.executable} -c \"import sqlite3; print(sqlite3.connect('{d}/eyf.sqlite3').execute('PRAGMA integrity_check').fetchone()[0])\"")
        + paso("registrar_otra_vez", eyf("--datos", d, *REGISTRAR, "EST-ODO-0001", "--excedente-ambulatorio", "3", "--pacientes", "3"))
        + paso("listar", eyf("--datos", d, "captura", "listar", "--json"))
    )  # fmt: skip
    r = en_montajes(guion)
    assert r.returncode != 99, r.stderr
    s = salidas(r)
    assert s["preparar"][0] == 0, s["preparar"][1]
    for nombre in ("registrar", "respaldo"):
        estado, texto = s[nombre]
        assert estado == 1 and "está lleno" in texto and "No se guardó nada" in texto, (
            nombre,
            texto,
        )
        sin_traza(texto)
    assert s["restos"][1].strip() == "0"
    assert s["integridad"] == (0, "ok")
    # Even reading needs a few bytes (SQLite's shared-memory file): if the disk
    # is that full, the same clear message.
    estado, texto = s["listar_lleno"]
    if estado:
        assert estado == 1 and "está lleno" in texto, texto
    else:
        assert [c["producto"] for c in json.loads(texto)] == ["EST-ODO-0003"]
    assert s["registrar_otra_vez"][0] == 0, s["registrar_otra_vez"][1]
    assert sorted(c["producto"] for c in json.loads(s["listar"][1])) == [
        "EST-ODO-0001",
        "EST-ODO-0003",
    ]


def test_memoria_usb_de_verdad(datos):
    """A stick mounted where desktops mount them is refused by the real
    detection (/proc/self/mountinfo), before anything is written on it."""
    if not Path("/media").is_dir():
        pytest.skip("este sistema no tiene /media")
    guion = (
        "mount -t tmpfs -o size=2m tmpfs /media || exit 99\n"
        "mkdir /media/MEMORIA && mount -t tmpfs -o size=2m usb /media/MEMORIA || exit 99\n"
        + paso("abrir", eyf("--datos", "/media/MEMORIA/EyF", "captura", "listar"))
        + paso("nada", "ls -A /media/MEMORIA | wc -l")
        + paso("respaldo_a_la_memoria", eyf("--datos", datos, "respaldo", "crear", "--destino", "/media/MEMORIA/respaldos"))
    )  # fmt: skip
    s = salidas(en_montajes(guion))
    estado, texto = s["abrir"]
    assert estado == 1 and "medio extraíble" in texto and "modo portátil" in texto, texto
    sin_traza(texto)
    assert s["nada"][1].strip() == "0"
    assert s["respaldo_a_la_memoria"][0] == 0  # backups may go to the stick


def _ventana_abierta(carpeta: Path, segundos: float) -> subprocess.Popen:
    """Another copy of EyF: holds the single-instance lock and a write transaction."""
    codigo = textwrap.dedent(
        f"""
        import sqlite3, time
        from app.almacen.candado import Candado
        c = Candado({str(carpeta)!r}); c.adquirir()
        con = sqlite3.connect({str(carpeta / ARCHIVO_BD)!r}, isolation_level=None)
        con.execute("BEGIN IMMEDIATE")
        print("listo", flush=True)
        time.sleep({segundos})
        """
    )
    p = subprocess.Popen([sys.executable, "-c", codigo], stdout=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == "listo"
    return p


def test_restaurar_con_otra_copia_abierta(datos):
    p = _ventana_abierta(datos, 30)
    try:
        antes = suma(datos / ARCHIVO_BD)
        r = subprocess.run([sys.executable, "-m", "app", "--datos", str(datos), "respaldo", "restaurar", "--ultimo", "--si"], capture_output=True, text=True)  # fmt: skip
        assert (
            r.returncode == 1
            and f"mientras EyF está abierto con esta carpeta de datos (proceso {p.pid}" in r.stderr
        )
        assert suma(datos / ARCHIVO_BD) == antes
    finally:
        p.kill()
        p.wait()


@pytest.mark.lento
def test_base_ocupada_mas_alla_de_la_espera(datos):
    """The CLI waits busy_timeout (10 s) for the other copy, then says who holds it."""
    p = _ventana_abierta(datos, 25)
    try:
        inicio = time.monotonic()
        r = subprocess.run([sys.executable, "-m", "app", "--datos", str(datos), *REGISTRAR, "EST-ODO-0001", "--excedente-ambulatorio", "3", "--pacientes", "3"], capture_output=True, text=True)  # fmt: skip
        assert time.monotonic() - inicio >= 9
        assert r.returncode == 1, r.stderr
        assert (
            f"ocupada por la ventana de EyF (proceso {p.pid}" in r.stderr
            and "No se guardó nada" in r.stderr
        )
        sin_traza(r.stderr)
        listar = subprocess.run([sys.executable, "-m", "app", "--datos", str(datos), "captura", "listar", "--json"], capture_output=True, text=True)  # fmt: skip
        assert listar.returncode == 0  # reading works meanwhile
    finally:
        p.kill()
        p.wait()
    assert [c[1] for c in capturas(datos / ARCHIVO_BD)] == ["EST-ODO-0003"]
