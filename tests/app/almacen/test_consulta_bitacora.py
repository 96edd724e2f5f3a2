"""Reading the bitácora: filters, paging, Spanish names and before → after."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import update

from app.almacen.consulta_bitacora import (
    acciones_registradas,
    consultar_bitacora,
    contar_bitacora,
    nombre_accion,
    resumir,
)
from app.almacen.modelos import Bitacora
from app.almacen.sesion import transaccion
from app.captura.proceso import cambiar_persona
from app.captura.registro import borrar, registrar
from app.errores import ErrorUso


@pytest.fixture
def historia(almacen_capturando):
    a = almacen_capturando
    registrar(a, "CLSSA000581", "EST-ODO-0003", faltante_ambulatorio="5", causa="FE", pacientes="5")
    registrar(a, "CLSSA000581", "EST-ODO-0003", faltante_ambulatorio="7")
    cambiar_persona(a, "Luis Gómez")
    registrar(a, "CLIMS000010", "IMA-USG-0001", excedente_ambulatorio="70", pacientes="70")
    borrar(a, "CLSSA000581", "EST-ODO-0003")
    return a


def test_mas_reciente_primero_con_todo_lo_que_pide_la_bitacora(historia):
    entradas = consultar_bitacora(historia)
    assert [e.accion for e in entradas] == [
        "captura_borrada",
        "captura_creada",
        "persona",
        "captura_modificada",
        "captura_creada",
        "paso2_respuesta",
        "configuracion",
        "catalogo_actualizado",
    ]
    modificada = entradas[3]
    assert modificada.persona == "Ana Pérez" and len(modificada.instalacion) == 36
    assert (modificada.entidad, modificada.clues, modificada.objeto) == (
        "05",
        "CLSSA000581",
        "EST-ODO-0003/faltante",
    )
    assert modificada.antes["ambulatorio"] == 5 and modificada.despues["ambulatorio"] == 7
    assert modificada.resumen == "ambulatorio 5 → 7"
    assert modificada.descripcion == "Registro modificado"
    assert entradas[0].persona == "Luis Gómez"
    assert abs(entradas[0].momento - datetime.now(UTC).replace(tzinfo=None)) < timedelta(minutes=5)


def test_filtros(historia):
    def acciones(**f):
        return [e.accion for e in consultar_bitacora(historia, **f)]

    assert acciones(clues="clims000010") == ["captura_creada"]
    assert acciones(entidad="08") == []
    assert acciones(acciones=["captura_creada", "captura_borrada"]) == [
        "captura_borrada",
        "captura_creada",
        "captura_creada",
    ]
    # The change of person is signed by the person who was capturing.
    assert acciones(persona="luis") == ["captura_borrada", "captura_creada"]
    # Accents and case do not matter, as in every search; a part of the CLUES is enough.
    assert acciones(persona="GOMEZ") == acciones(persona="Gómez") == acciones(persona="luis")
    assert acciones(persona="nadie") == []
    assert acciones(clues="ims0000") == ["captura_creada"]
    assert contar_bitacora(historia, persona="gomez") == 2
    hoy = date.today()
    assert len(acciones(desde=hoy, hasta=hoy)) == 8
    assert acciones(hasta=hoy - timedelta(days=1)) == []
    assert acciones(desde=hoy + timedelta(days=1)) == []
    assert contar_bitacora(historia, entidad="05") == 6
    with pytest.raises(ErrorUso, match="anterior a «desde»"):
        consultar_bitacora(historia, desde=hoy, hasta=hoy - timedelta(days=1))
    assert "captura_modificada" in acciones_registradas(historia)


def test_dias_locales(historia):
    """A change stored at 05:30 UTC of the 2nd belongs to the local day it happened."""
    with transaccion(historia) as s:
        s.execute(update(Bitacora).values(momento=datetime(2026, 3, 2, 5, 30)))
    local = datetime(2026, 3, 2, 5, 30).replace(tzinfo=UTC).astimezone()
    dia = local.date()
    assert len(consultar_bitacora(historia, desde=dia, hasta=dia)) == 8
    assert consultar_bitacora(historia, desde=dia + timedelta(days=1)) == []


def test_por_paginas(historia):
    primera = consultar_bitacora(historia, limite=3)
    segunda = consultar_bitacora(historia, limite=3, antes_de=primera[-1].id)
    tercera = consultar_bitacora(historia, limite=3, antes_de=segunda[-1].id)
    todas = consultar_bitacora(historia, limite=None)
    assert [e.id for e in primera + segunda + tercera] == [e.id for e in todas]
    assert len(tercera) == 2


def test_resumir_y_nombres():
    assert resumir(None, {"respuesta": "si"}) == "respuesta si"
    assert resumir({"respuesta": None}, {"respuesta": "si"}) == "respuesta — → si"
    assert resumir({"a": 1, "b": 2}, {"a": 1, "b": 3}) == "b 2 → 3"
    assert resumir({"a": 1}, None) == "antes: a 1"
    assert resumir({"a": True}, {"a": False}) == "a sí → no"
    assert resumir(None, None) == ""
    assert nombre_accion("finalizar") == "Registro finalizado (Paso 7)"
    assert nombre_accion("algo_nuevo") == "Algo nuevo"
