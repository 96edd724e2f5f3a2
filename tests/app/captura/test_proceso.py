"""Configuring the installation and answering Paso 2."""

import pytest
from sqlalchemy import select

from app.almacen.modelos import Bitacora, EstadoEntidad, Instalacion
from app.almacen.sesion import lectura
from app.captura.proceso import configurar, responder, totales
from app.captura.registro import guardar_capturas
from app.captura.reglas import FilaCaptura
from app.errores import ErrorEyF, ErrorUso, ErrorValidacion
from tests import fabricas


def instalacion(almacen):
    with lectura(almacen) as s:
        i = s.get(Instalacion, 1)
        return (i.modo, i.entidad_clave, i.clues, i.persona)


def test_configurar_unidad_con_contrasena(almacen):
    configurar(
        almacen, "unidad", entidad="05", clues="clssa000581", contrasena="demo-05", persona="Luis"
    )
    assert instalacion(almacen) == ("unidad", "05", "CLSSA000581", "Luis")


def test_configurar_con_contrasena_incorrecta_no_cambia_nada(almacen):
    with pytest.raises(ErrorEyF, match="no es correcta"):
        configurar(almacen, "estatal", entidad="05", contrasena="demo-08")
    assert instalacion(almacen) == (None, None, None, "")


@pytest.mark.parametrize(
    "argumentos, error, fragmento",
    [
        ({"modo": "unidad", "entidad": "05"}, ErrorUso, "necesita --clues"),
        ({"modo": "estatal"}, ErrorUso, "necesita --entidad"),
        (
            {"modo": "unidad", "entidad": "05", "clues": "CHSSA000372"},
            ErrorEyF,
            "es de la entidad 08",
        ),
        ({"modo": "estatal", "entidad": "99"}, ErrorEyF, "No existe la entidad «99»"),
        ({"modo": "regional", "entidad": "05"}, ErrorUso, "Modo «regional» desconocido"),
    ],
)
def test_configuraciones_invalidas(almacen, argumentos, error, fragmento):
    with pytest.raises(error, match=fragmento):
        configurar(almacen, contrasena="demo-05", **argumentos)


def test_nacional_no_necesita_contrasena_y_no_captura(almacen):
    configurar(almacen, "nacional")
    assert instalacion(almacen)[0] == "nacional"
    with pytest.raises(ErrorEyF, match="nacional no responde"):
        responder(almacen, "05", "si", "demo-05")


def test_no_se_reconfigura_dejando_capturas_fuera(almacen_capturando):
    guardar_capturas(
        almacen_capturando,
        [("CLSSA000581", FilaCaptura("EST-ODO-0003", 1, None, "FE", None, None, 1))],
    )
    with pytest.raises(ErrorEyF, match="quedarían fuera"):
        configurar(
            almacen_capturando, "unidad", entidad="05", clues="CLSSA002343", contrasena="demo-05"
        )
    configurar(
        almacen_capturando, "unidad", entidad="05", clues="CLSSA000581", contrasena="demo-05"
    )


def test_responder_necesita_contrasena(almacen):
    configurar(almacen, "estatal", entidad="05", contrasena="demo-05")
    with pytest.raises(ErrorEyF, match="no es correcta"):
        responder(almacen, "05", "si", "otra")
    with lectura(almacen) as s:
        assert s.get(EstadoEntidad, "05") is None
    responder(almacen, "05", "sí", "demo-05")
    with lectura(almacen) as s:
        estado = s.get(EstadoEntidad, "05")
        assert estado.respuesta == "si"
        entrada = s.scalars(select(Bitacora).where(Bitacora.accion == "paso2_respuesta")).one()
        assert entrada.despues == {"respuesta": "si"}


def test_no_significa_sin_capturas(almacen):
    fabricas.preparar_captura(almacen)
    responder(almacen, "05", "no", "demo-05")
    with pytest.raises(ErrorValidacion, match="respondió NO"):
        guardar_capturas(
            almacen, [("CLSSA000581", FilaCaptura("EST-ODO-0003", 1, None, "FE", None, None, 1))]
        )
    t = totales(almacen, "05")
    assert (t.respuesta, t.faltantes, t.excedentes) == ("no", 0, 0)


def test_no_se_responde_no_con_capturas_guardadas(almacen_capturando):
    guardar_capturas(
        almacen_capturando,
        [("CLSSA000581", FilaCaptura("EST-ODO-0003", 1, None, "FE", None, None, 1))],
    )
    with pytest.raises(ErrorEyF, match="tiene 1 registro"):
        responder(almacen_capturando, "05", "no", "demo-05")
    with lectura(almacen_capturando) as s:
        assert s.get(EstadoEntidad, "05").respuesta == "si"


def test_totales(almacen_capturando):
    guardar_capturas(
        almacen_capturando,
        [
            ("CLSSA000581", FilaCaptura("EST-ODO-0003", 1, None, "FE", 2, None, 1)),
            ("CLSSA002343", FilaCaptura("EST-ODO-0001", None, None, None, 4, None, 4)),
        ],
    )
    t = totales(almacen_capturando, "05")
    assert (t.unidades_total, t.unidades_con_registros, t.faltantes, t.excedentes) == (4, 2, 1, 2)
