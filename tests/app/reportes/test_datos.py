"""The report's rows: every record of the entidad, in the guide's order, and the
verification code that matches paper and data."""

import pytest
from sqlalchemy import update

from app.almacen.modelos import Captura
from app.almacen.sesion import transaccion
from app.captura.proceso import configurar, responder
from app.captura.registro import guardar_capturas
from app.captura.reglas import FilaCaptura
from app.catalogo.importar import importar_catalogo
from app.errores import ErrorUso
from app.reportes import verificacion
from app.reportes.datos import datos_reporte
from tests import fabricas
from tests.app.reportes.conftest import REGISTROS


def filas(datos):
    return [
        (u.clues, r.numero, r.tipo, r.producto_clave, r.modalidad, r.eventos, r.pacientes, r.causa)
        for u in datos.unidades
        for r in u.faltantes + u.excedentes
    ]


def test_orden_del_ejemplo_de_la_guia(con_registros):
    d = datos_reporte(con_registros, "05")
    assert (d.entidad_nombre, d.periodo_anio, d.ambito, d.respuesta) == (
        "Coahuila de Zaragoza",
        2026,
        "entidad",
        "si",
    )
    assert (d.unidades_con_registros, d.unidades_total) == (3, 4)
    # first level of care before second; each unit's faltantes, then its excedentes,
    # numbered together; one row per modality, ambulatorio first
    assert [u.encabezado for u in d.unidades] == [
        "CLSSA000581 CENTRO DE SALUD URBANO GUADALUPE DE MONCLOVA , PRIMER NIVEL",
        "CLSSA002343 CENTRO DE SALUD URBANO HÉRCULES , PRIMER NIVEL",
        "CLSSA000033 HOSPITAL GENERAL CD. ACUÑA , SEGUNDO NIVEL",
    ]
    assert filas(d) == [
        ("CLSSA000581", 1, "excedente", "EST-ODO-0003", "Ambulatorio", 50, 50, None),
        ("CLSSA002343", 1, "faltante", "EST-ODO-0001", "Ambulatorio", 3, 3, "Falta de Personal"),
        ("CLSSA000033", 1, "faltante", "IMA-USG-0001", "Ambulatorio", 15, 70, "Falta de Equipo"),
        ("CLSSA000033", 2, "faltante", "IMA-USG-0001", "Hospitalario", 5, 70, "Falta de Equipo"),
        ("CLSSA000033", 3, "excedente", "CIR-GEN-0001", "Hospitalario", 1, 1, None),
    ]
    assert d.renglones == 5
    grupos = {r.producto_clave: r.grupo for u in d.unidades for r in u.faltantes + u.excedentes}
    assert (
        grupos["IMA-USG-0001"] == "Imagenología"
        and grupos["EST-ODO-0003"] == "Atención Estomatológica"
    )


def test_productos_retirados_siguen_marcados(con_registros, tmp_path):
    sin_ultrasonido = fabricas.sin(fabricas.contenido_pequeno(), productos={"IMA-USG-0001"})
    importar_catalogo(
        con_registros, fabricas.escribir_catalogo(tmp_path / "nuevo", sin_ultrasonido)
    )
    d = datos_reporte(con_registros, "05")
    retirados = {
        r.producto_clave for u in d.unidades for r in u.faltantes + u.excedentes if r.retirado
    }
    assert retirados == {"IMA-USG-0001"}
    assert d.renglones == 5


def test_instalacion_de_unidad_reporta_solo_su_unidad(almacen):
    fabricas.preparar_captura(almacen, modo="unidad", clues="CLSSA000033")
    guardar_capturas(almacen, [fila for fila in REGISTROS if fila[0] == "CLSSA000033"])
    d = datos_reporte(almacen, "05")
    assert (d.ambito, d.clues, d.unidades_total, d.unidades_con_registros) == (
        "unidad",
        "CLSSA000033",
        1,
        1,
    )
    assert d.unidad_encabezado == "CLSSA000033 HOSPITAL GENERAL CD. ACUÑA , SEGUNDO NIVEL"


def test_respuesta_no(almacen):
    configurar(almacen, "estatal", entidad="05", contrasena="demo-05")
    responder(almacen, "05", "no", "demo-05")
    d = datos_reporte(almacen, "05")
    assert (d.respuesta, d.unidades, d.unidades_con_registros, d.unidades_total) == ("no", (), 0, 4)


def test_codigo_de_verificacion_cambia_con_cualquier_dato(con_registros):
    antes = datos_reporte(con_registros, "05")
    assert antes.codigo == datos_reporte(con_registros, "05").codigo  # same data, same code
    assert len(antes.codigo) == 14 and antes.codigo.count("-") == 2
    # the origin of a record (local or imported) is not data: the code stays
    with transaccion(con_registros) as s:
        s.execute(update(Captura).values(paquete_id=None))
    assert datos_reporte(con_registros, "05").codigo == antes.codigo
    guardar_capturas(
        con_registros, [("CLSSA000033", FilaCaptura("IMA-USG-0001", 15, 6, "FE", None, None, 70))]
    )
    despues = datos_reporte(con_registros, "05")
    assert despues.codigo != antes.codigo
    guardar_capturas(
        con_registros, [("CLSSA000033", FilaCaptura("IMA-USG-0001", 15, 5, "FE", None, None, 70))]
    )
    assert datos_reporte(con_registros, "05").codigo == antes.codigo


def test_codigo_se_recalcula_como_dice_la_documentacion(con_registros):
    """docs/reportes.md: JSON with sorted keys, no spaces, SHA-256, 60 bits in Crockford base 32."""
    import hashlib
    import json

    d = datos_reporte(con_registros, "05")
    registros = sorted(
        [
            ["CLSSA000033", "CIR-GEN-0001", "excedente", None, 1, None, 1],
            ["CLSSA000033", "IMA-USG-0001", "faltante", 15, 5, "FE", 70],
            ["CLSSA000581", "EST-ODO-0003", "excedente", 50, None, None, 50],
            ["CLSSA002343", "EST-ODO-0001", "faltante", 3, None, "FP", 3],
        ]
    )
    objeto = {
        "formato": "eyf-verificacion/1",
        "entidad": "05",
        "periodo": 2026,
        "unidad": None,
        "respuesta": "si",
        "registros": registros,
    }
    texto = json.dumps(objeto, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    resumen = hashlib.sha256(texto.encode("utf-8")).hexdigest()
    assert d.resumen == resumen
    bits = bin(int(resumen[:15], 16))[2:].zfill(60)
    a_mano = "".join(
        "0123456789ABCDEFGHJKMNPQRSTVWXYZ"[int(bits[i : i + 5], 2)] for i in range(0, 60, 5)
    )
    assert d.codigo == f"{a_mano[:4]}-{a_mano[4:8]}-{a_mano[8:]}"


@pytest.mark.parametrize(
    "escrito", ["7kq2-m9xd-4tna", "7KQ2 M9XD 4TNA", "7KQ2M9XD4TNA", "7KQ2-M9XD-4TNA"]
)
def test_codigo_escrito_a_mano_se_normaliza(escrito):
    assert verificacion.normalizar(escrito) == "7KQ2-M9XD-4TNA"
    assert verificacion.normalizar("7KQ2-M9XD-4TNO") == "7KQ2-M9XD-4TN0"  # O read as zero


@pytest.mark.parametrize("malo", ["", "7KQ2-M9XD", "7KQ2-M9XD-4TNA-0000", "7KQ2-M9XD-4TN#"])
def test_codigo_mal_escrito_se_rechaza(malo):
    with pytest.raises(ErrorUso, match="no es un código de verificación"):
        verificacion.normalizar(malo)
