"""The eyf command: Spanish help, --json listings, exit status 0/1/2."""

import json
import subprocess
import sys

import pytest

from app.cli import main


def test_ayuda_en_espanol(capsys):
    with pytest.raises(SystemExit) as e:
        main(["--ayuda"])
    assert e.value.code == 0
    salida = capsys.readouterr().out
    assert "uso: eyf" in salida and "órdenes" in salida and "muestra esta ayuda" in salida
    with pytest.raises(SystemExit):
        main(["captura", "registrar", "--ayuda"])
    assert "pacientes mensuales" in capsys.readouterr().out


def test_error_de_uso_sale_con_2_en_espanol(eyf, capsys):
    with pytest.raises(SystemExit) as e:
        main(["captura", "registrar", "--producto", "X"])
    assert e.value.code == 2
    assert "faltan estos argumentos: --clues" in capsys.readouterr().err
    with pytest.raises(SystemExit) as e:
        main(["entidad", "responder", "--entidad", "05", "--respuesta", "quizas"])
    assert e.value.code == 2 and "opción no válida" in capsys.readouterr().err


def test_catalogo_info_y_buscar_json(eyf):
    estado, out, _ = eyf("catalogo", "info", "--json")
    datos = json.loads(out)
    assert estado == 0
    assert (datos["entidades"], datos["unidades"], datos["productos"], datos["demostracion"]) == (
        2,
        5,
        7,
        False,
    )
    estado, out, _ = eyf("--json", "catalogo", "buscar", "cirugia")
    assert [p["clave"] for p in json.loads(out)] == ["CIR-GEN-0001"]
    assert {"clave", "nombre"} <= set(json.loads(out)[0])


def test_recorrido_completo_por_la_linea_de_ordenes(eyf):
    assert eyf("captura", "listar")[0] == 0
    estado, _, err = eyf(
        "captura",
        "registrar",
        "--clues",
        "CLSSA000581",
        "--producto",
        "EST-ODO-0003",
        "--faltante-ambulatorio",
        "20",
        "--causa",
        "Falta de Equipo",
        "--pacientes",
        "20",
    )
    assert estado == 1 and "no está configurada" in err
    assert (
        eyf(
            "configurar",
            "--modo",
            "estatal",
            "--entidad",
            "05",
            "--contrasena",
            "demo-05",
            "--persona",
            "Ana",
        )[0]
        == 0
    )
    estado, _, err = eyf(
        "entidad", "responder", "--entidad", "05", "--respuesta", "si", "--contrasena", "mala"
    )
    assert estado == 1 and "no es correcta" in err
    assert (
        eyf(
            "entidad",
            "responder",
            "--entidad",
            "coahuila",
            "--respuesta",
            "si",
            "--contrasena",
            "demo-05",
        )[0]
        == 0
    )
    estado, out, _ = eyf(
        "captura",
        "registrar",
        "--clues",
        "CLSSA000581",
        "--producto",
        "EST-ODO-0003",
        "--faltante-ambulatorio",
        "20",
        "--causa",
        "Falta de Equipo",
        "--pacientes",
        "20",
    )
    assert estado == 0 and "1 nuevo" in out
    estado, out, _ = eyf(
        "captura",
        "registrar",
        "--clues",
        "CLSSA000581",
        "--producto",
        "EST-ODO-0003",
        "--excedente-hospitalario",
        "4",
    )
    assert estado == 0
    estado, out, _ = eyf("captura", "listar", "--json")
    registros = json.loads(out)
    assert [
        {
            k: r[k]
            for k in (
                "clues",
                "producto",
                "tipo",
                "ambulatorio",
                "hospitalario",
                "causa",
                "pacientes",
            )
        }
        for r in registros
    ] == [
        {
            "clues": "CLSSA000581",
            "producto": "EST-ODO-0003",
            "tipo": "excedente",
            "ambulatorio": None,
            "hospitalario": 4,
            "causa": None,
            "pacientes": 20,
        },
        {
            "clues": "CLSSA000581",
            "producto": "EST-ODO-0003",
            "tipo": "faltante",
            "ambulatorio": 20,
            "hospitalario": None,
            "causa": "Falta de Equipo",
            "pacientes": 20,
        },
    ]
    estado, out, _ = eyf("entidades", "--json")
    fila = json.loads(out)["filas"][0]
    assert (
        fila["clave"],
        fila["total"],
        fila["con_excedentes_faltantes"],
        fila["sin_excedentes_faltantes"],
        fila["finalizada"],
    ) == ("05", 4, 1, 3, False)
    estado, out, _ = eyf("unidades", "--entidad", "05", "--buscar", "hercules", "--json")
    assert [u["clues"] for u in json.loads(out)] == ["CLSSA002343"]
    estado, out, _ = eyf(
        "captura",
        "borrar",
        "--clues",
        "CLSSA000581",
        "--producto",
        "EST-ODO-0003",
        "--tipo",
        "excedente",
        "--si",
    )
    assert estado == 0
    assert len(json.loads(eyf("captura", "listar", "--json")[1])) == 1


@pytest.mark.parametrize(
    "valores, fragmento",
    [
        (
            ["--faltante-ambulatorio", "0", "--causa", "FE", "--pacientes", "3"],
            "Faltante ambulatoria: «0» no es válido",
        ),
        (["--faltante-ambulatorio", "2.5", "--causa", "FE", "--pacientes", "3"], "sin decimales"),
        (["--excedente-ambulatorio", "-1", "--pacientes", "3"], "no se aceptan negativos"),
        (["--excedente-ambulatorio", "muchos", "--pacientes", "3"], "no es un número"),
        (["--faltante-ambulatorio", "3", "--pacientes", "3"], "necesita su causa principal"),
        (["--excedente-ambulatorio", "3"], "Pacientes mensuales: es obligatorio"),
    ],
)
def test_cada_rechazo_sale_con_1_y_no_guarda(eyf, valores, fragmento):
    eyf("configurar", "--modo", "estatal", "--entidad", "05", "--contrasena", "demo-05")
    eyf("entidad", "responder", "--entidad", "05", "--respuesta", "si", "--contrasena", "demo-05")
    estado, _, err = eyf(
        "captura", "registrar", "--clues", "CLSSA000581", "--producto", "EST-ODO-0001", *valores
    )
    assert estado == 1 and fragmento in err
    assert json.loads(eyf("captura", "listar", "--json")[1]) == []


def test_contrasena_por_variable_de_entorno_y_confirmacion(eyf, monkeypatch):
    monkeypatch.setenv("EYF_CONTRASENA", "demo-05")
    assert eyf("configurar", "--modo", "estatal", "--entidad", "05")[0] == 0
    estado, _, err = eyf("entidad", "responder", "--entidad", "05", "--respuesta", "no")
    assert estado == 2 and "agregue --si" in err
    assert eyf("entidad", "responder", "--entidad", "05", "--respuesta", "no", "--si")[0] == 0


def test_sin_contrasena_ni_terminal_es_error_de_uso(eyf):
    estado, _, err = eyf("configurar", "--modo", "estatal", "--entidad", "05")
    assert estado == 2 and "Falta la contraseña" in err


def test_orden_instalada_y_codigos_de_salida(almacen, carpeta):
    """The real console script, as a person or a script runs it."""
    almacen.cerrar()
    eyf = [sys.executable, "-m", "app"]
    r = subprocess.run([*eyf, "--version"], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.startswith("EyF ")
    r = subprocess.run(
        [*eyf, "--datos", str(carpeta), "catalogo", "info", "--json"],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0 and json.loads(r.stdout)["unidades"] == 5
    r = subprocess.run(
        [*eyf, "--datos", str(carpeta), "unidades", "--entidad", "05", "--buscar", "zzzz"],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0 and "Ninguna unidad" in r.stdout
    r = subprocess.run(
        [*eyf, "--datos", str(carpeta), "unidades", "--entidad", "99"],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 1 and "No existe la entidad «99»" in r.stderr
    r = subprocess.run(
        [
            *eyf,
            "--datos",
            str(carpeta),
            "captura",
            "borrar",
            "--clues",
            "X",
            "--producto",
            "Y",
            "--si",
        ],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 1 and "no está configurada" in r.stderr
    r = subprocess.run([*eyf, "catalogo", "importar"], capture_output=True, text=True)
    assert r.returncode == 2


def test_ayuda_de_una_orden_sin_repetir_uso(capsys):
    with pytest.raises(SystemExit):
        main(["captura", "--ayuda"])
    salida = capsys.readouterr().out
    assert salida.startswith("uso: eyf captura") and "uso: uso:" not in salida


def test_salida_cortada_por_el_lector_no_es_error(tmp_path):
    """``eyf unidades … | head -1`` over 1,248 units: the reader leaves early."""
    r = subprocess.run(
        f"{sys.executable} -m app --datos '{tmp_path / 'demo'}' unidades --entidad 15 | head -1; exit ${{PIPESTATUS[0]}}",
        shell=True,
        capture_output=True,
        text=True,
        executable="/bin/bash",
    )
    assert r.stdout.startswith("No.") and "Error interno" not in r.stderr
    assert r.returncode == 0
