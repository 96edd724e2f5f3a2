"""eyf bitacora and eyf respaldo: Spanish, --json, exit status 0/1/2, and the
way out of a damaged database."""

import json
import subprocess
import sys

import pytest

from app.almacen.almacen import ARCHIVO_BD
from app.cli import main
from tests.app.cli.conftest import ordenes


@pytest.fixture
def eyf(almacen_capturando, carpeta, capsys):
    almacen_capturando.cerrar()
    return ordenes(carpeta, capsys)


def registrar(eyf, producto="EST-ODO-0003", n="5"):
    estado, out, err = eyf(
        "captura", "registrar", "--clues", "CLSSA000581", "--producto", producto,
        "--faltante-ambulatorio", n, "--causa", "FE", "--pacientes", n,
    )  # fmt: skip
    assert estado == 0, err


def test_bitacora(eyf):
    registrar(eyf)
    registrar(eyf, n="9")
    estado, out, _ = eyf("bitacora", "--json", "--accion", "captura_modificada")
    assert estado == 0
    [e] = json.loads(out)
    assert e["antes"]["ambulatorio"] == 5 and e["despues"]["ambulatorio"] == 9
    assert e["persona"] == "Ana Pérez" and e["clues"] == "CLSSA000581" and e["entidad"] == "05"
    assert e["momento"].endswith("Z") and e["descripcion"] == "Registro modificado"
    estado, out, _ = eyf("bitacora", "--entidad", "coahuila", "--limite", "2")
    assert estado == 0 and "Registro modificado" in out and "ambulatorio 5 → 9" in out
    assert "Se muestran 2 de 4 cambios" in out
    estado, out, _ = eyf("bitacora", "--clues", "CHSSA000372")
    assert "no tiene cambios" in out
    assert len(json.loads(eyf("bitacora", "--json", "--limite", "0")[1])) == 5


def test_bitacora_errores_de_uso(eyf, capsys):
    estado, _, err = eyf("bitacora", "--accion", "inventada")
    assert (
        estado == 2 and "Tipo de cambio desconocido: inventada" in err and "captura_creada" in err
    )
    with pytest.raises(SystemExit) as e:
        main(["bitacora", "--desde", "25/11/2026"])
    assert e.value.code == 2 and "escríbala como AAAA-MM-DD" in capsys.readouterr().err


def test_respaldos_de_punta_a_punta(eyf, carpeta, tmp_path):
    registrar(eyf)  # the first order of the day also made the daily backup
    estado, out, _ = eyf("respaldo", "listar", "--json")
    datos = json.loads(out)
    assert estado == 0 and datos["dias_conservados"] == 14
    assert [r["motivo"] for r in datos["respaldos"]] == ["diario"]
    estado, out, _ = eyf("respaldo", "crear")
    assert estado == 0 and "Respaldo creado" in out
    manual = json.loads(eyf("respaldo", "listar", "--json")[1])["respaldos"][0]["nombre"]
    registrar(eyf, producto="EST-ODO-0001")

    estado, _, err = eyf("respaldo", "restaurar", manual)
    assert estado == 2 and "agregue --si" in err
    estado, out, err = eyf("respaldo", "restaurar", manual, "--si")
    assert estado == 0, err
    assert "Restaurado" in out and "eyf respaldo deshacer" in out
    listado = json.loads(eyf("captura", "listar", "--json")[1])
    assert [c["producto"] for c in listado] == ["EST-ODO-0003"]
    estado, out, err = eyf("respaldo", "deshacer", "--si")
    assert estado == 0, err
    listado = json.loads(eyf("captura", "listar", "--json")[1])
    assert sorted(c["producto"] for c in listado) == ["EST-ODO-0001", "EST-ODO-0003"]
    restauraciones = json.loads(eyf("bitacora", "--json", "--accion", "respaldo_restaurado")[1])
    assert len(restauraciones) == 1  # the first one went away with the undo; this is the undo

    fuera = tmp_path / "memoria"
    estado, out, _ = eyf("respaldo", "crear", "--destino", str(fuera), "--json")
    assert estado == 0 and json.loads(out)["integridad"] == "ok"
    assert len(list(fuera.glob("eyf-*-manual.sqlite3"))) == 1
    assert "1 respaldo(s)" in eyf("respaldo", "listar", "--carpeta", str(fuera))[1]

    estado, out, _ = eyf("respaldo", "conservar", "--dias", "30")
    assert estado == 0 and "30 días" in out
    assert json.loads(eyf("respaldo", "conservar", "--json")[1]) == {"dias_conservados": 30}


def test_la_salida_de_una_base_danada(eyf, carpeta):
    registrar(eyf)
    assert eyf("respaldo", "crear")[0] == 0
    (carpeta / ARCHIVO_BD).write_bytes(b"\x00" * 8192)
    for extra in ("-wal", "-shm"):
        (carpeta / (ARCHIVO_BD + extra)).unlink(missing_ok=True)
    estado, _, err = eyf("captura", "listar")
    assert estado == 1 and "no es SQLite" in err and "eyf respaldo restaurar --ultimo" in err
    estado, out, err = eyf("respaldo", "restaurar", "--ultimo", "--si")
    assert estado == 0, err
    assert "apartada" in out
    estado, out, _ = eyf("captura", "listar", "--json")
    assert estado == 0 and [c["producto"] for c in json.loads(out)] == ["EST-ODO-0003"]


def test_restaurar_errores(eyf, tmp_path):
    estado, _, err = eyf("respaldo", "restaurar")
    assert estado == 2 and "--ultimo" in err
    estado, _, err = eyf("respaldo", "restaurar", "no-existe.sqlite3", "--si")
    assert estado == 1 and "No existe el respaldo" in err
    malo = tmp_path / "malo.sqlite3"
    malo.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    estado, _, err = eyf("respaldo", "restaurar", str(malo), "--si")
    assert estado == 1 and "dañado" in err and "No se cambió nada" in err
    estado, _, err = eyf("respaldo", "deshacer", "--si")
    assert estado == 1 and "ninguna restauración que deshacer" in err
    estado, _, err = eyf("--bd", "postgresql://x@y/eyf", "respaldo", "listar")
    assert estado == 2 and "pg_dump" in err


def test_la_orden_real_en_un_proceso(eyf, carpeta):
    """The installed command, not just main(): Spanish help lists the new orders."""
    salida = subprocess.run(
        [sys.executable, "-m", "app", "--ayuda"], capture_output=True, text=True, check=True
    ).stdout
    assert "bitacora" in salida and "respaldo" in salida
    r = subprocess.run(
        [sys.executable, "-m", "app", "--datos", str(carpeta), "respaldo", "listar"],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0 and "No hay respaldos" in r.stdout


def test_restaurar_antes_de_finalizar_pide_la_contrasena(almacen_capturando, capsys):
    from app.almacen.respaldos import respaldar
    from app.captura.cierre import finalizar
    from app.captura.registro import registrar as registrar_captura

    a = almacen_capturando
    registrar_captura(
        a, "CLSSA000581", "EST-ODO-0003", faltante_ambulatorio="5", causa="FE", pacientes="5"
    )
    respaldo = respaldar(a.ruta_bd, a.carpeta, "manual")
    finalizar(a, "05", "demo-05")
    carpeta = a.carpeta
    a.cerrar()
    base = ["--datos", str(carpeta), "respaldo", "restaurar", respaldo.name, "--si"]
    assert main([*base, "--contrasena", "mala"]) == 1
    assert "contraseña" in capsys.readouterr().err
    assert main([*base, "--contrasena", "demo-05"]) == 0
    salida = capsys.readouterr().out
    assert "quedará sin finalizar" in salida and "Restaurado el respaldo" in salida
