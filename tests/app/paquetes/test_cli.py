"""eyf paquete …: the orders the issue names, Spanish output, --json, exit status."""

from __future__ import annotations

import json

import pytest

from app.cli import main


@pytest.fixture
def eyf(capsys):
    def correr(carpeta, *args: str):
        estado = main(["--datos", str(carpeta), *args])
        salida = capsys.readouterr()
        return estado, salida.out, salida.err

    return correr


@pytest.fixture
def carpetas(unidad, abrir_bd, tmp_path):
    coordinacion = abrir_bd("coordinacion")
    unidad.cerrar()
    coordinacion.cerrar()
    usb = tmp_path / "usb"
    usb.mkdir()
    return unidad.carpeta, coordinacion.carpeta, usb


@pytest.mark.parametrize("motor", ["sqlite"], indirect=True)
def test_exportar_verificar_importar_estado(eyf, carpetas):
    u, c, usb = carpetas
    estado, out, _ = eyf(u, "paquete", "llave", "--json")
    huella = json.loads(out)["huella"]
    assert estado == 0

    estado, out, _ = eyf(u, "paquete", "exportar", "--salida", str(usb))
    assert estado == 0 and "Paquete de la unidad CLSSA000581 escrito en" in out and huella in out
    (ruta,) = usb.glob("*.eyf")

    estado, out, _ = eyf(u, "paquete", "verificar", str(ruta), "--json")
    v = json.loads(out)
    assert estado == 0
    assert (v["integro"], v["huella"], v["clues"], v["entidad"], v["secuencia"]) == (
        True,
        huella,
        ["CLSSA000581"],
        "05",
        1,
    )
    estado, out, _ = eyf(u, "paquete", "verificar", str(ruta))
    assert estado == 0 and "ÍNTEGRO" in out and "Firmado por la unidad CLSSA000581" in out
    assert "Contiene 3 registro(s)" in out

    estado, out, _ = eyf(c, "paquete", "importar", "--prueba", str(ruta))
    assert estado == 1 and "primer paquete" in out and "no se escribió nada" in out
    estado, out, _ = eyf(c, "paquete", "importar", str(ruta), "--confiar", huella)
    assert estado == 0 and "agregado" in out and "1 de 1 archivo(s) aceptado(s)" in out
    estado, out, _ = eyf(c, "paquete", "importar", str(ruta), "--json")
    (r,) = json.loads(out)["resultados"]
    assert estado == 0 and r["accion"] == "sin_cambios" and r["aceptado"]

    estado, out, _ = eyf(c, "paquete", "estado", "--json")
    filas = {f["clave"]: f for f in json.loads(out)}
    assert estado == 0 and filas["CLSSA000581"]["etiqueta"] == "importado"
    assert (
        filas["CLSSA000581"]["secuencia"] == 1 and filas["CLSSA002343"]["estado"] == "sin_paquete"
    )
    estado, out, _ = eyf(c, "paquete", "estado")
    assert "1 de 4 con datos; 3 sin paquete." in out
    estado, out, _ = eyf(c, "paquete", "historial", "--json")
    assert json.loads(out)[0]["origen"] == "CLSSA000581"
    estado, out, _ = eyf(c, "paquete", "llaves", "--json")
    assert json.loads(out)[0]["huella"] == huella


@pytest.mark.parametrize("motor", ["sqlite"], indirect=True)
def test_verificar_un_archivo_alterado_sale_con_1(eyf, carpetas, tmp_path):
    u, _, usb = carpetas
    eyf(u, "paquete", "exportar", "--salida", str(usb / "p.eyf"))
    datos = bytearray((usb / "p.eyf").read_bytes())
    datos[200] ^= 1
    (usb / "p.eyf").write_bytes(bytes(datos))
    estado, out, _ = eyf(u, "paquete", "verificar", str(usb / "p.eyf"))
    assert estado == 1 and "NO ÍNTEGRO" in out
    estado, out, _ = eyf(u, "paquete", "verificar", "--json", str(usb / "p.eyf"))
    v = json.loads(out)
    assert estado == 1 and v["integro"] is False and v["huella"] is None and v["motivo"]


@pytest.mark.parametrize("motor", ["sqlite"], indirect=True)
def test_frase_de_la_llave_por_opcion_y_variable(eyf, carpetas, monkeypatch):
    u, _, usb = carpetas
    estado, out, _ = eyf(u, "paquete", "llave", "--frase-nueva", "una frase larga")
    assert estado == 0 and "protegida con una frase" in out
    estado, _, err = eyf(u, "paquete", "exportar", "--salida", str(usb))
    assert estado == 1 and "protegida con una frase" in err and "EYF_FRASE_LLAVE" in err
    estado, _, err = eyf(u, "paquete", "exportar", "--salida", str(usb), "--frase", "otra cosa")
    assert estado == 1 and "no es correcta" in err
    monkeypatch.setenv("EYF_FRASE_LLAVE", "una frase larga")
    estado, out, _ = eyf(u, "paquete", "exportar", "--salida", str(usb))
    assert estado == 0 and "secuencia 1" in out


def test_ayuda_en_espanol(capsys):
    with pytest.raises(SystemExit) as e:
        main(["paquete", "importar", "--ayuda"])
    assert e.value.code == 0
    ayuda = capsys.readouterr().out
    assert "--confiar HUELLA" in ayuda and "--prueba" in ayuda and "--reemplazar-llave" in ayuda
    with pytest.raises(SystemExit) as e:
        main(["paquete", "exportar"])
    assert e.value.code == 2 and "--salida" in capsys.readouterr().err


@pytest.mark.parametrize("motor", ["postgresql"], indirect=True)
def test_nacional_en_postgresql_con_bd(eyf, unidad, abrir_bd, tmp_path):
    """eyf --bd postgresql://… paquete importar: the national consolidation on a server."""
    from app.paquetes.exportar import exportar
    from app.paquetes.importar import importar

    coordinacion, nacional = abrir_bd("coordinacion"), abrir_bd("nacional")
    de_unidad = exportar(unidad, tmp_path / "u.eyf")
    assert importar(coordinacion, [de_unidad.ruta], confiar=[de_unidad.huella]).rechazados == 0
    entidad = exportar(coordinacion, tmp_path / "e.eyf")
    url = nacional.motor.url.render_as_string(hide_password=False)
    nacional.cerrar()
    args = ["--bd", url, "paquete", "importar", str(entidad.ruta), "--confiar", entidad.huella]
    estado, out, _ = eyf(nacional.carpeta, *args)
    assert estado == 0 and "entidad 05 (Coahuila de Zaragoza): agregado" in out
    estado, out, _ = eyf(nacional.carpeta, "--bd", url, "paquete", "estado", "--json")
    filas = {f["clave"]: f for f in json.loads(out)}
    assert filas["05"]["estado"] == "importado" and filas["05"]["registros"] == 3
    assert len(filas) == 2
