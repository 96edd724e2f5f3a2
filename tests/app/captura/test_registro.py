"""Saving Paso 6 rows through the core: permissions, transactions, change log."""

from datetime import date

import pytest
from sqlalchemy import func, select

from app.almacen.modelos import Bitacora, Captura, EstadoEntidad, EstadoUnidad
from app.almacen.sesion import lectura, transaccion
from app.captura.consultas import grupos, listar_capturas, tablero, unidades
from app.captura.registro import borrar, guardar_capturas, registrar
from app.captura.reglas import FilaCaptura, id_registro
from app.captura.vista import productos_de_unidad
from app.errores import ErrorEyF, ErrorValidacion
from tests import fabricas

RESINA = FilaCaptura("EST-ODO-0003", 20, None, "Falta de Equipo", None, None, 20)


def capturas(almacen):
    with lectura(almacen) as s:
        return {
            (c.clues, c.producto_clave, c.tipo): (
                c.ambulatorio,
                c.hospitalario,
                c.causa_clave,
                c.pacientes,
            )
            for c in s.scalars(select(Captura))
        }


def test_guardar_el_ejemplo_de_la_guia(almacen_capturando):
    r = guardar_capturas(almacen_capturando, [("CLSSA000581", RESINA)])
    assert (r.creados, r.modificados, r.borrados) == (1, 0, 0)
    assert capturas(almacen_capturando) == {
        ("CLSSA000581", "EST-ODO-0003", "faltante"): (20, None, "FE", 20)
    }
    vista = listar_capturas(almacen_capturando)[0]
    assert (
        vista.producto_nombre,
        vista.causa,
        vista.origen,
        vista.persona if hasattr(vista, "persona") else "",
    )[:3] == ("Obturación con resina", "Falta de Equipo", "local")
    assert vista.id == id_registro("CLSSA000581", "EST-ODO-0003", "faltante")


def test_sobreescribir_y_vaciar_una_fila(almacen_capturando):
    guardar_capturas(almacen_capturando, [("CLSSA000581", RESINA)])
    r = guardar_capturas(
        almacen_capturando, [("CLSSA000581", FilaCaptura("EST-ODO-0003", 25, 3, "FP", 4, None, 30))]
    )
    assert (r.creados, r.modificados) == (1, 1)
    assert capturas(almacen_capturando) == {
        ("CLSSA000581", "EST-ODO-0003", "faltante"): (25, 3, "FP", 30),
        ("CLSSA000581", "EST-ODO-0003", "excedente"): (4, None, None, 30),
    }
    r = guardar_capturas(almacen_capturando, [("CLSSA000581", FilaCaptura("EST-ODO-0003"))])
    assert r.borrados == 2 and capturas(almacen_capturando) == {}


def test_sin_cambios_no_escribe_bitacora(almacen_capturando):
    guardar_capturas(almacen_capturando, [("CLSSA000581", RESINA)])
    with lectura(almacen_capturando) as s:
        antes = s.scalar(select(func.count()).select_from(Bitacora))
    r = guardar_capturas(almacen_capturando, [("CLSSA000581", RESINA)])
    assert (r.cambios, r.sin_cambios) == (0, 1)
    with lectura(almacen_capturando) as s:
        assert s.scalar(select(func.count()).select_from(Bitacora)) == antes


def test_un_valor_malo_no_guarda_ninguna_fila(almacen_capturando):
    guardar_capturas(almacen_capturando, [("CLSSA000581", RESINA)])
    antes = capturas(almacen_capturando)
    with pytest.raises(ErrorValidacion) as e:
        guardar_capturas(
            almacen_capturando,
            [
                ("CLSSA000581", FilaCaptura("EST-ODO-0001", 5, None, "FE", None, None, 5)),
                ("CLSSA000581", FilaCaptura("EST-ODO-0002", "0", None, "FE", None, None, 5)),
                ("CLSSA000581", FilaCaptura("EST-ODO-0003")),
            ],
        )
    assert [(p.producto, p.campo) for p in e.value.problemas] == [
        ("EST-ODO-0002", "faltante_ambulatorio")
    ]
    assert "No se guardó nada" in str(e.value)
    assert capturas(almacen_capturando) == antes


def test_bitacora_con_antes_despues_persona_e_instalacion(almacen_capturando):
    guardar_capturas(almacen_capturando, [("CLSSA000581", RESINA)])
    guardar_capturas(
        almacen_capturando,
        [("CLSSA000581", FilaCaptura("EST-ODO-0003", 21, None, "FE", None, None, 20))],
    )
    with lectura(almacen_capturando) as s:
        entradas = s.scalars(
            select(Bitacora).where(Bitacora.accion.like("captura_%")).order_by(Bitacora.id)
        ).all()
    assert [e.accion for e in entradas] == ["captura_creada", "captura_modificada"]
    ultima = entradas[-1]
    assert ultima.persona == "Ana Pérez" and ultima.instalacion and ultima.entidad_clave == "05"
    assert ultima.antes["ambulatorio"] == 20 and ultima.despues["ambulatorio"] == 21
    assert ultima.objeto == "EST-ODO-0003/faltante"


def test_sin_configurar_no_se_captura(almacen):
    with pytest.raises(ErrorEyF, match="aún no está configurada"):
        guardar_capturas(almacen, [("CLSSA000581", RESINA)])


def test_sin_responder_paso_2_no_se_captura(almacen):
    from app.captura.proceso import configurar

    configurar(almacen, "estatal", entidad="05", contrasena="demo-05")
    with pytest.raises(ErrorValidacion, match="Responda primero el Paso 2"):
        guardar_capturas(almacen, [("CLSSA000581", RESINA)])


def test_instalacion_de_unidad_solo_captura_su_unidad(almacen):
    fabricas.preparar_captura(almacen, modo="unidad", clues="CLSSA000581")
    guardar_capturas(almacen, [("CLSSA000581", RESINA)])
    with pytest.raises(ErrorValidacion, match="solo la unidad CLSSA000581"):
        guardar_capturas(almacen, [("CLSSA002343", RESINA)])
    assert [f.clues for f in unidades(almacen, "05")] == ["CLSSA000581"]


def test_coordinacion_estatal_no_captura_otra_entidad(almacen_capturando):
    with pytest.raises(ErrorValidacion, match="es de la entidad 08"):
        guardar_capturas(almacen_capturando, [("CHSSA000372", RESINA)])


def test_entidad_finalizada_no_cambia(almacen_capturando):
    guardar_capturas(almacen_capturando, [("CLSSA000581", RESINA)])
    with transaccion(almacen_capturando) as s:
        s.get(EstadoEntidad, "05").finalizada = True
    antes = capturas(almacen_capturando)
    for intento in (
        lambda: guardar_capturas(
            almacen_capturando, [("CLSSA000581", FilaCaptura("EST-ODO-0003"))]
        ),
        lambda: registrar(
            almacen_capturando,
            "CLSSA000581",
            "EST-ODO-0001",
            excedente_ambulatorio="3",
            pacientes="3",
        ),
        lambda: borrar(almacen_capturando, "CLSSA000581", "EST-ODO-0003"),
    ):
        with pytest.raises(ErrorEyF, match="ya finalizó su registro"):
            intento()
    assert capturas(almacen_capturando) == antes


def test_unidad_que_cerro_su_captura_no_cambia(almacen_capturando):
    with transaccion(almacen_capturando) as s:
        s.add(EstadoUnidad(clues="CLSSA000581", finalizada=True))
    with pytest.raises(ErrorEyF, match="ya cerró su captura"):
        guardar_capturas(almacen_capturando, [("CLSSA000581", RESINA)])


@pytest.mark.parametrize(
    "hoy, fragmento",
    [
        (date(2099, 12, 31), None),
        (date(2100, 1, 1), "cerró el 31/12/2099"),
        (date(1999, 12, 31), "abre el 01/01/2000"),
    ],
)
def test_fuera_del_periodo_todo_es_de_solo_lectura(almacen_capturando, hoy, fragmento):
    if fragmento is None:
        guardar_capturas(almacen_capturando, [("CLSSA000581", RESINA)], hoy=hoy)
        return
    with pytest.raises(ErrorEyF, match=fragmento):
        guardar_capturas(almacen_capturando, [("CLSSA000581", RESINA)], hoy=hoy)
    assert capturas(almacen_capturando) == {}
    assert tablero(almacen_capturando, hoy=hoy).periodo_abierto is False


def test_clues_y_producto_desconocidos(almacen_capturando):
    with pytest.raises(ErrorValidacion) as e:
        guardar_capturas(
            almacen_capturando,
            [
                ("CLSSA999999", RESINA),
                ("CLSSA000581", FilaCaptura("NO-EXISTE", 1, None, "FE", None, None, 1)),
            ],
        )
    mensajes = " ".join(p.mensaje for p in e.value.problemas)
    assert "CLSSA999999" in mensajes and "NO-EXISTE" in mensajes


def test_registrar_por_campos_conserva_lo_no_dado(almacen_capturando):
    a = almacen_capturando
    registrar(
        a, "clssa000581", "IMA-USG-0001", faltante_ambulatorio="15", causa="FE", pacientes="70"
    )
    registrar(a, "CLSSA000581", "IMA-USG-0001", faltante_hospitalario="5")
    registrar(a, "CLSSA000581", "IMA-USG-0001", excedente_ambulatorio="2")
    assert capturas(a) == {
        ("CLSSA000581", "IMA-USG-0001", "faltante"): (15, 5, "FE", 70),
        ("CLSSA000581", "IMA-USG-0001", "excedente"): (2, None, None, 70),
    }
    registrar(a, "CLSSA000581", "IMA-USG-0001", faltante_ambulatorio="")
    assert capturas(a)[("CLSSA000581", "IMA-USG-0001", "faltante")] == (None, 5, "FE", 70)
    with pytest.raises(ErrorEyF, match="Indique al menos un valor"):
        registrar(a, "CLSSA000581", "IMA-USG-0001")


def test_borrar_un_tipo(almacen_capturando):
    a = almacen_capturando
    guardar_capturas(a, [("CLSSA000581", FilaCaptura("EST-ODO-0003", 25, None, "FP", 4, None, 30))])
    assert borrar(a, "CLSSA000581", "EST-ODO-0003", "excedente") == 1
    assert list(capturas(a)) == [("CLSSA000581", "EST-ODO-0003", "faltante")]
    with pytest.raises(ErrorEyF, match="no tiene registro excedente"):
        borrar(a, "CLSSA000581", "EST-ODO-0003", "excedente")


def test_registros_importados_no_se_mezclan_con_los_locales(almacen_capturando):
    a = almacen_capturando
    guardar_capturas(a, [("CLSSA000581", RESINA)])
    with transaccion(a) as s:
        s.scalar(select(Captura)).paquete_id = "paquete-de-la-unidad"
    antes = capturas(a)
    # Neither the imported product nor a new one: the unit's data is the unit's.
    for fila in (
        FilaCaptura("EST-ODO-0003", 1, None, "FE", None, None, 1),
        FilaCaptura("EST-ODO-0001", 2, None, "FE", None, None, 2),
    ):
        with pytest.raises(ErrorValidacion, match="llegan en los paquetes que ella envía"):
            guardar_capturas(a, [("CLSSA000581", fila)])
    with pytest.raises(ErrorEyF, match="paquete importado"):
        borrar(a, "CLSSA000581", "EST-ODO-0003")
    assert capturas(a) == antes
    guardar_capturas(a, [("CLSSA002343", RESINA)])  # other units are still captured here


def test_vistas_de_los_pasos_marcan_donde_hay_registros(almacen_capturando):
    a = almacen_capturando
    guardar_capturas(a, [("CLSSA000581", RESINA)])
    t = tablero(a)
    assert [
        (f.clave, f.total, f.con_excedentes_faltantes, f.sin_excedentes_faltantes) for f in t.filas
    ] == [("05", 4, 1, 3)]
    assert [(u.clues, u.con_registros) for u in unidades(a, "05")][:2] == [
        ("CLSSA000581", True),
        ("CLSSA002343", False),
    ]
    assert [u.nivel for u in unidades(a, "05")] == [
        "PRIMER NIVEL",
        "PRIMER NIVEL",
        "SEGUNDO NIVEL",
        "SEGUNDO NIVEL",
    ]
    assert {g.nombre: g.con_registros for g in grupos(a, "CLSSA000581")} == {
        "Atención Estomatológica": True,
        "Cirugía": False,
        "Imagenología": False,
    }
    filas = productos_de_unidad(a, "CLSSA000581", especialidad="EST-ODO")
    assert [f.nombre for f in filas][:1] == ["Exodoncia simple (por pieza)"]
    assert filas[2].guardado == FilaCaptura("EST-ODO-0003", 20, None, "FE", None, None, 20)


def test_busqueda_de_unidades_por_clues_o_nombre_sin_acentos(almacen_capturando):
    a = almacen_capturando
    assert [u.clues for u in unidades(a, "05", "hercules")] == ["CLSSA002343"]
    assert [u.clues for u in unidades(a, "05", "000581")] == ["CLSSA000581"]
    assert [u.clues for u in unidades(a, "05", "ACUÑA hospital")] == ["CLSSA000033"]
