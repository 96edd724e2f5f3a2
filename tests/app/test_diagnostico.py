"""eyf diagnostico: every line ok on a healthy installation, the problem and
what to do on a broken one, and the person's data never changed."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from app.almacen.almacen import ARCHIVO_BD
from app.almacen.ubicacion import RED, Lugar
from app.cli import main
from app.diagnostico import comprobaciones, comprobar, diagnosticar, linea, muestra
from app.diagnostico.comprobacion import resguardar

CLAVES = [
    "programa",
    "carpeta",
    "base",
    "migraciones",
    "catalogo",
    "reporte",
    "paquete",
    "intercambio",
]


def _huellas(carpeta: Path) -> dict[str, str]:
    """Every file's SHA-256; SQLite's companions (-wal, -shm), which any
    reader of a WAL database may create, only if they hold data."""
    huellas = {}
    for p in sorted(carpeta.rglob("*")):
        if not p.is_file():
            continue
        if p.name.endswith("-shm") or (p.name.endswith("-wal") and p.stat().st_size == 0):
            continue
        huellas[str(p.relative_to(carpeta))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return huellas


def test_instalacion_nueva_todo_en_orden_y_no_crea_nada(tmp_path):
    carpeta = tmp_path / "datos"
    d = diagnosticar(carpeta)
    assert [c.clave for c in d.comprobaciones] == CLAVES
    assert d.ok, [linea(c) for c in d.comprobaciones if not c.ok]
    por_clave = {c.clave: c for c in d.comprobaciones}
    assert "todavía no existe" in por_clave["carpeta"].detalle
    assert "todavía no hay base de datos" in por_clave["base"].detalle
    assert "32 entidades" in por_clave["catalogo"].detalle  # the bundled catalog was read
    assert "página" in por_clave["reporte"].detalle
    assert "copia alterada se rechazó" in por_clave["paquete"].detalle
    assert not any(tmp_path.iterdir())  # not even the data folder was created


def test_base_existente_se_lee_sin_cambiarla(almacen_capturando):
    carpeta = almacen_capturando.carpeta
    almacen_capturando.cerrar()
    antes = _huellas(carpeta)
    d = diagnosticar(carpeta)
    assert d.ok, [linea(c) for c in d.comprobaciones if not c.ok]
    por_clave = {c.clave: c for c in d.comprobaciones}
    assert "sin daños" in por_clave["base"].detalle
    assert "al día" in por_clave["migraciones"].detalle
    assert "en uso: Catálogo de prueba" in por_clave["catalogo"].detalle
    assert "dentro del periodo" in por_clave["catalogo"].detalle
    assert _huellas(carpeta) == antes


def _danar(ruta: Path) -> None:
    con = sqlite3.connect(ruta)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode = DELETE")
    con.close()
    datos = bytearray(ruta.read_bytes())
    pagina = 4096
    for n in range(3, len(datos) // pagina, 2):  # scribble over every other page
        datos[n * pagina + 100 : n * pagina + 400] = b"\xa5" * 300
    ruta.write_bytes(bytes(datos))


def test_base_danada_dice_que_hacer_y_no_la_toca(almacen_capturando, capsys):
    carpeta = almacen_capturando.carpeta
    almacen_capturando.cerrar()
    _danar(carpeta / ARCHIVO_BD)
    antes = _huellas(carpeta)
    salida = main(["diagnostico", "--datos", str(carpeta)])
    texto = capsys.readouterr().out
    assert salida == 1
    base = next(linea for linea in texto.splitlines() if "Base de datos:" in linea)
    assert base.startswith("PROBLEMA")
    assert "dañada" in base and "eyf respaldo restaurar --ultimo" in base
    assert "Resultado: " in texto and "problema" in texto
    assert _huellas(carpeta) == antes


def test_base_de_version_mas_nueva(almacen, tmp_path):
    carpeta = almacen.carpeta
    almacen.cerrar()
    con = sqlite3.connect(carpeta / ARCHIVO_BD)
    con.execute("UPDATE alembic_version SET version_num = '9999_futura'")
    con.commit()
    con.close()
    c = {c.clave: c for c in comprobar(carpeta)}["migraciones"]
    assert not c.ok
    assert "más reciente" in c.detalle and "9999_futura" in c.detalle
    assert "Instale la versión más reciente" in c.que_hacer


def test_archivo_que_no_es_sqlite(tmp_path):
    carpeta = tmp_path / "datos"
    carpeta.mkdir()
    (carpeta / ARCHIVO_BD).write_bytes(b"esto no es una base de datos" * 100)
    c = comprobaciones.base_de_datos(carpeta, None)
    assert not c.ok and "no es SQLite" in c.detalle


def test_poco_espacio_en_disco(tmp_path, monkeypatch):
    class Uso:
        free = 50 * 2**20

    monkeypatch.setattr(comprobaciones.shutil, "disk_usage", lambda _r: Uso)
    c = comprobaciones.carpeta_datos(tmp_path, "opción --datos")
    assert not c.ok
    assert "50.0 MB libres" in c.detalle and "Libere espacio" in c.que_hacer


def test_carpeta_en_unidad_de_red(tmp_path, monkeypatch):
    monkeypatch.setattr(
        comprobaciones.ubicacion, "lugar_de", lambda _c: Lugar(RED, "cifs en /mnt/servidor")
    )
    c = comprobaciones.carpeta_datos(tmp_path, "opción --datos")
    assert not c.ok and "unidad de red" in c.detalle


def test_un_error_inesperado_es_un_renglon_no_un_fallo():
    def falla():
        raise KeyError("recursos")

    c = resguardar("catalogo", "Catálogo", falla)
    assert not c.ok
    assert "KeyError" in c.detalle and "Reinstale" in c.que_hacer
    assert linea(c).startswith("PROBLEMA  Catálogo: error inesperado")


def test_json_y_salida_cero(tmp_path, capsys):
    assert main(["diagnostico", "--json", "--datos", str(tmp_path / "d")]) == 0
    datos = json.loads(capsys.readouterr().out)
    assert datos["ok"] is True and datos["programa"] == "EyF"
    assert [c["clave"] for c in datos["comprobaciones"]] == CLAVES
    assert all(c["que_hacer"] is None for c in datos["comprobaciones"])


def test_cada_renglon_dice_ok_o_problema(tmp_path, capsys):
    assert main(["diagnostico", "--datos", str(tmp_path / "d")]) == 0
    renglones = capsys.readouterr().out.splitlines()
    assert renglones[0].startswith("Diagnóstico de EyF")
    assert [r.split()[0] for r in renglones[1:-1]] == ["ok"] * len(CLAVES)
    assert renglones[-1] == "Resultado: todo en orden."


@pytest.mark.parametrize("modulo", ["app.reportes.generar", "app.paquetes.exportar"])
def test_si_falla_la_instalacion_de_prueba_los_demas_renglones_siguen(
    monkeypatch, tmp_path, modulo
):
    """A broken part of the program is reported on its line; the rest still runs."""
    import importlib

    m = importlib.import_module(modulo)
    nombre = "reporte_preliminar" if modulo.endswith("generar") else "exportar"

    def roto(*_a, **_k):
        raise OSError(28, "No queda espacio en el dispositivo")

    monkeypatch.setattr(m, nombre, roto)
    d = {c.clave: c for c in muestra.comprobar_reporte_y_paquete(tmp_path / "d")}
    assert list(d) == ["reporte", "paquete", "intercambio"]
    roto_clave = "reporte" if nombre == "reporte_preliminar" else "paquete"
    assert not d[roto_clave].ok and "El disco de la carpeta de datos está lleno" in (
        d[roto_clave].detalle
    )
    assert all(c.ok for k, c in d.items() if k != roto_clave)
