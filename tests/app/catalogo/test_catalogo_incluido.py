"""The bundled demonstration catalog: what a first start loads, and that the
committed files are exactly what the documented builder produces."""

import filecmp
import json

import pytest

from app.almacen.almacen import Almacen
from app.captura.proceso import configurar
from app.catalogo.consultas import buscar_productos, buscar_unidades, info
from app.catalogo.demostracion import construir
from app.cli import main
from app.rutas import recurso


@pytest.fixture(scope="module")
def almacen_demo(tmp_path_factory):
    a = Almacen.abrir(tmp_path_factory.mktemp("demo") / "datos")
    yield a
    a.cerrar()


def test_primer_arranque_carga_el_catalogo_de_demostracion(almacen_demo):
    i = info(almacen_demo)
    assert i.demostracion and "demostración" in i.nombre.lower()
    assert (i.entidades, i.causas) == (32, 4)
    assert i.unidades == 10_573 + 294
    assert 9_000 <= i.productos <= 11_000
    assert (i.periodo_anio, i.periodo_inicio.isoformat(), i.periodo_fin.isoformat()) == (
        2026,
        "2026-01-01",
        "2027-12-31",
    )


def test_ejemplos_de_la_guia_y_busqueda_a_escala(almacen_demo):
    unidades = {u.clues: u for u in buscar_unidades(almacen_demo, "clssa000581")}
    assert unidades["CLSSA000581"].nombre == "CENTRO DE SALUD URBANO GUADALUPE DE MONCLOVA"
    assert [u.clues for u in buscar_unidades(almacen_demo, "hercules", entidad="05")] == [
        "CLSSA002343"
    ]
    cirugia = buscar_productos(almacen_demo, "", grupo="CIR", limite=None)
    assert len(cirugia) >= 2_800
    assert any(
        p.nombre == "Obturación con resina"
        for p in buscar_productos(almacen_demo, "obturacion resina")
    )


@pytest.mark.parametrize("clave", ["05", "15", "32"])
def test_contrasena_de_demostracion_de_cada_entidad(almacen_demo, clave):
    configurar(almacen_demo, "estatal", entidad=clave, contrasena=f"demo-{clave}")


def test_info_json_en_una_carpeta_nueva(tmp_path, capsys):
    assert main(["--datos", str(tmp_path / "nueva"), "catalogo", "info", "--json"]) == 0
    datos = json.loads(capsys.readouterr().out)
    assert (
        datos["demostracion"] is True and datos["entidades"] == 32 and datos["unidades"] == 10_867
    )


def test_el_catalogo_incluido_es_lo_que_produce_el_constructor(tmp_path):
    destino = tmp_path / "reconstruido"
    assert construir.main(["--salida", str(destino)]) == 0
    incluido = recurso("catalogo")
    nombres = sorted(p.name for p in incluido.glob("*.csv"))
    assert nombres == sorted(p.name for p in destino.glob("*.csv"))
    _, distintos, errores = filecmp.cmpfiles(incluido, destino, nombres, shallow=False)
    assert distintos == [] and errores == []
