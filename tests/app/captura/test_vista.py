"""What the window asks the core: read-only reasons and Paso 6 across groups."""

from datetime import date

from sqlalchemy import update

from app.almacen.modelos import Captura
from app.almacen.sesion import transaccion
from app.captura.proceso import configurar, responder
from app.captura.registro import guardar_capturas
from app.captura.reglas import FilaCaptura
from app.captura.vista import motivo_entidad, motivo_unidad, productos_de_unidad

RESINA = FilaCaptura("EST-ODO-0003", 20, None, "FE", None, None, 20)


def test_motivo_unidad_sigue_el_proceso(almacen):
    assert "no está configurada" in motivo_unidad(almacen, "CLSSA000581")
    configurar(almacen, "estatal", entidad="05", contrasena="demo-05")
    assert "Responda primero el Paso 2" in motivo_unidad(almacen, "CLSSA000581")
    responder(almacen, "05", "si", "demo-05")
    assert motivo_unidad(almacen, "CLSSA000581") is None
    assert "es de la entidad 08" in motivo_unidad(almacen, "CHSSA000372")
    assert "cerró el 31/12/2099" in motivo_unidad(almacen, "CLSSA000581", hoy=date(2100, 1, 1))


def test_motivo_unidad_en_una_instalacion_de_unidad(almacen):
    configurar(almacen, "unidad", entidad="05", clues="CLSSA000581", contrasena="demo-05")
    responder(almacen, "05", "no", "demo-05")
    assert "respondió NO" in motivo_unidad(almacen, "CLSSA000581")
    assert "solo la unidad CLSSA000581" in motivo_unidad(almacen, "CLSSA002343")


def test_motivo_entidad(almacen):
    assert "no está configurada" in motivo_entidad(almacen, "05")
    configurar(almacen, "estatal", entidad="05", contrasena="demo-05")
    assert motivo_entidad(almacen, "05") is None
    assert "no puede responder por Chihuahua" in motivo_entidad(almacen, "08")
    assert "abre el 01/01/2000" in motivo_entidad(almacen, "05", hoy=date(1999, 12, 31))
    configurar(almacen, "nacional")
    assert "el Paso 2 y la captura los hace cada entidad" in motivo_entidad(almacen, "05")


def test_productos_de_una_especialidad(almacen_capturando):
    guardar_capturas(almacen_capturando, [("CLSSA000581", RESINA)])
    ubicadas = productos_de_unidad(almacen_capturando, "clssa000581", especialidad="EST-ODO")
    assert [(f.numero, f.clave) for f in ubicadas] == [
        (1, "EST-ODO-0001"),
        (2, "EST-ODO-0002"),
        (3, "EST-ODO-0003"),
    ]
    assert [f.guardado for f in ubicadas[:2]] == [
        FilaCaptura("EST-ODO-0001"),
        FilaCaptura("EST-ODO-0002"),
    ]
    resina = ubicadas[2]
    assert resina.guardado == FilaCaptura("EST-ODO-0003", 20, None, "FE", None, None, 20)
    assert (resina.especialidad, resina.grupo, resina.importado) == (
        "Odontología",
        "Atención Estomatológica",
        False,
    )
    assert "est-odo-0003" in resina.plegado and "obturacion con resina" in resina.plegado


def test_productos_de_un_grupo_y_de_todo_el_catalogo(almacen_capturando):
    guardar_capturas(almacen_capturando, [("CLSSA000581", RESINA)])
    grupo = productos_de_unidad(almacen_capturando, "CLSSA000581", grupo="EST")
    assert [f.clave for f in grupo] == [
        "EST-CEX-0001",
        "EST-ODO-0001",
        "EST-ODO-0002",
        "EST-ODO-0003",
    ]
    assert [f.numero for f in grupo] == [1, 2, 3, 4]
    todos = productos_de_unidad(almacen_capturando, "CLSSA000581")
    assert len(todos) == 7 and todos[-1].grupo == "Imagenología"
    assert sum(f.guardado.pacientes is not None for f in todos) == 1
    # Another unit's records never show up in this unit's rows.
    otra = productos_de_unidad(almacen_capturando, "CLSSA002343", grupo="EST")
    assert all(f.guardado.pacientes is None for f in otra)


def test_registros_de_un_paquete_se_marcan_importados(almacen_capturando):
    guardar_capturas(almacen_capturando, [("CLSSA000581", RESINA)])
    # The bundles issue writes paquete_id when it imports; the state is set here directly.
    with transaccion(almacen_capturando) as s:
        s.execute(update(Captura).values(paquete_id="paquete-1"))
    filas = productos_de_unidad(almacen_capturando, "CLSSA000581", especialidad="EST-ODO")
    assert [f.importado for f in filas] == [False, False, True]


def test_instalacion(almacen):
    from app.captura.vista import instalacion

    assert not instalacion(almacen).configurada
    configurar(
        almacen, "unidad", entidad="05", clues="CLSSA000581", contrasena="demo-05", persona="Luis"
    )
    conf = instalacion(almacen)
    assert (conf.modo, conf.entidad, conf.clues, conf.persona) == (
        "unidad",
        "05",
        "CLSSA000581",
        "Luis",
    )


def test_una_unidad_que_cerro_su_captura_no_cambia_el_paso_2(almacen):
    from app.captura.cierre import finalizar
    from app.captura.proceso import responder
    from app.captura.registro import registrar
    from app.captura.vista import registros_de_entidad

    configurar(
        almacen, "unidad", entidad="05", clues="CLSSA000581", contrasena="demo-05", persona="Luis"
    )
    responder(almacen, "05", "si", "demo-05")
    registrar(
        almacen, "CLSSA000581", "EST-ODO-0003", faltante_ambulatorio="2", causa="FE", pacientes="2"
    )
    assert motivo_entidad(almacen, "05") is None
    assert registros_de_entidad(almacen, "05") == 1
    finalizar(almacen, "05", "demo-05")  # in a unit installation: closes the unit
    assert "La captura de la unidad CLSSA000581 está cerrada (Paso 7)" in motivo_entidad(
        almacen, "05"
    )
