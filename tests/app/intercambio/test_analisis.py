"""The use case on a real database: scope, costs, patients, summary and what
is left without partner. The small test catalog (tests/fabricas.py):

    CLSSA000581  Coahuila, Monclova, SSA, no coordinates
    CLSSA002343  Coahuila, no municipio, SSA, no coordinates
    CLSSA000033  Coahuila, Acuña, SSA, coordinates (segundo nivel)
    CLIMS000010  Coahuila, Saltillo, IMSS, coordinates (segundo nivel)
    CHSSA000372  Chihuahua, Camargo, SSA, coordinates (segundo nivel)
"""

from datetime import datetime

import pytest
from sqlalchemy import func, select

from app.almacen.modelos import Bitacora, Captura
from app.almacen.sesion import lectura, transaccion
from app.captura.proceso import configurar
from app.captura.registro import guardar_capturas
from app.catalogo.importar import importar_catalogo
from app.errores import ErrorEyF
from app.intercambio.analisis import (
    MOTIVO_COMPROMETIDA,
    MOTIVO_SIN_DEMANDA,
    MOTIVO_SIN_OFERTA,
    analizar,
    pacientes_cubiertos,
)
from tests import fabricas
from tests.app.intercambio.conftest import CEX, CIR, ODO, USG, fila


def test_oportunidades_de_una_coordinacion_estatal(coahuila):
    a = analizar(coahuila)
    vistas = [
        (
            o.clues_demanda,
            o.clues_oferta,
            o.producto,
            o.modalidad,
            o.eventos_cubiertos,
            o.eventos_requeridos,
        )
        for o in a.oportunidades
    ]
    assert vistas == [
        ("CLIMS000010", "CLSSA000033", CEX, "ambulatorio", 2, 2),
        ("CLSSA000033", "CLIMS000010", USG, "ambulatorio", 20, 20),
        ("CLSSA000581", "CLIMS000010", USG, "ambulatorio", 10, 15),
    ]
    assert [o.numero for o in a.oportunidades] == [1, 2, 3]
    cex, acuna, monclova = a.oportunidades
    # a real distance (Acuña, 434 km) comes before an unknown one (Monclova has no coordinates)
    assert acuna.distancia_km == pytest.approx(433.7, abs=0.5) and acuna.cercania == "distancia"
    assert monclova.distancia_km is None and monclova.cercania == "misma entidad"
    # IMSS Saltillo is second level: «Estudio de Ultrasonografía», second level, $846
    assert (acuna.costo_unitario, acuna.nivel_costo, acuna.valor_mensual) == (
        846,
        "SEGUNDO NIVEL",
        16_920,
    )
    assert monclova.valor_mensual == 10 * 846
    # a product without tipo_costo has no cost and no value (never zero)
    assert (cex.tipo_costo, cex.costo_unitario, cex.valor_mensual) == ("", None, None)
    # patients in proportion to the events covered
    assert (acuna.pacientes, acuna.pacientes_requeridos) == (70, 70)
    assert (monclova.pacientes, monclova.pacientes_requeridos) == (10, 15)
    assert (acuna.institucion_demanda, acuna.institucion_oferta) == ("SSA", "IMS")
    assert (
        acuna.municipio_oferta == "SALTILLO"
        and acuna.entidad_demanda_nombre == "Coahuila de Zaragoza"
    )


def test_resumen_y_lo_que_queda_sin_pareja(coahuila):
    a = analizar(coahuila)
    t = a.resumen.total
    assert (t.eventos_faltantes, t.eventos_cubiertos) == (20 + 5 + 15 + 4 + 2, 20 + 10 + 2)
    assert t.potencial == pytest.approx(32 / 46, abs=1e-4)
    assert (t.eventos_excedentes, t.eventos_comprometidos) == (30 + 10 + 3, 30 + 2)
    assert (t.oportunidades, t.valor_mensual) == (3, 30 * 846)
    assert a.resumen.oportunidades_sin_costo == 1
    assert (a.resumen.unidades_con_faltante, a.resumen.unidades_cubiertas) == (3, 3)
    assert [(g.nombre, g.eventos_faltantes, g.eventos_cubiertos) for g in a.resumen.por_grupo] == [
        ("Atención Estomatológica", 2, 2),
        ("Cirugía", 4, 0),
        ("Imagenología", 40, 30),
    ]
    assert [(p.producto, p.modalidad, p.eventos, p.motivo) for p in a.faltantes_sin_oferta] == [
        (USG, "hospitalario", 5, MOTIVO_SIN_OFERTA),
        (CIR, "ambulatorio", 4, MOTIVO_SIN_OFERTA),
    ]
    assert a.faltantes_sin_oferta[1].causa == "Falta de Personal"
    assert [(p.clues, p.eventos, p.eventos_cruzados, p.motivo) for p in a.faltantes_sin_cubrir] == [
        ("CLSSA000581", 15, 10, MOTIVO_COMPROMETIDA)
    ]
    assert [(p.clues, p.producto, p.eventos, p.motivo) for p in a.excedentes_sin_demanda] == [
        ("CLSSA002343", ODO, 10, MOTIVO_SIN_DEMANDA)
    ]
    assert len(a.fondo) == 2  # the two Coahuila units with coordinates


def test_max_km_y_misma_institucion(coahuila):
    a = analizar(coahuila, max_km=100)
    assert a.oportunidades == ()
    assert {p.motivo for p in a.faltantes_sin_cubrir} == {
        "Solo lo ofrecen unidades de su institución o a más de 100 km"
    }
    # Saltillo is 434 km from Acuña; Monclova has no coordinates and is in another municipio.
    a = analizar(coahuila, max_km=500)
    assert [(o.clues_demanda, o.eventos_cubiertos) for o in a.oportunidades] == [
        ("CLIMS000010", 2),
        ("CLSSA000033", 20),
    ]
    with pytest.raises(ErrorEyF, match="mayor que cero"):
        analizar(coahuila, max_km=0)


def test_solo_dentro_de_una_institucion_sin_la_opcion_no_hay_nada(almacen_capturando):
    guardar_capturas(
        almacen_capturando,
        [
            ("CLSSA000033", fila(ODO, ea="8", pacientes="8")),
            ("CLSSA000581", fila(ODO, fa="5", causa="FE", pacientes="5")),
        ],
    )
    assert analizar(almacen_capturando).oportunidades == ()
    assert (
        analizar(almacen_capturando).faltantes_sin_cubrir[0].motivo
        == "Solo lo ofrecen unidades de su misma institución"
    )
    a = analizar(almacen_capturando, misma_institucion=True)
    assert [(o.clues_oferta, o.clues_demanda, o.eventos_cubiertos) for o in a.oportunidades] == [
        ("CLSSA000033", "CLSSA000581", 5)
    ]


def test_analizar_no_escribe_nada(coahuila):
    with lectura(coahuila) as s:
        antes = (
            s.scalar(select(func.count()).select_from(Bitacora)),
            s.scalar(select(func.count()).select_from(Captura)),
        )
    analizar(coahuila)
    with lectura(coahuila) as s:
        despues = (
            s.scalar(select(func.count()).select_from(Bitacora)),
            s.scalar(select(func.count()).select_from(Captura)),
        )
    assert antes == despues


def test_una_coordinacion_no_analiza_otra_entidad(coahuila):
    with pytest.raises(ErrorEyF, match="solo analiza sus propias unidades"):
        analizar(coahuila, entidad="08")
    with pytest.raises(ErrorEyF, match="No existe la entidad"):
        analizar(coahuila, entidad="99")
    assert len(analizar(coahuila, entidad="05").oportunidades) == 3


def importados(almacen, filas):
    """Records as a bundle import leaves them (paquete_id set) in a national installation."""
    ahora = datetime(2026, 3, 1)
    with transaccion(almacen) as s:
        for clues, producto, tipo, amb, pacientes in filas:
            s.add(
                Captura(
                    clues=clues,
                    producto_clave=producto,
                    tipo=tipo,
                    ambulatorio=amb,
                    hospitalario=None,
                    causa_clave="FE" if tipo == "faltante" else None,
                    pacientes=pacientes,
                    creada_en=ahora,
                    modificada_en=ahora,
                    paquete_id="paquete-de-prueba",
                )
            )


@pytest.fixture
def nacional(almacen):
    configurar(almacen, "nacional", persona="Coordinación nacional")
    importados(
        almacen,
        [
            ("CHSSA000372", USG, "excedente", 10, 10),  # Chihuahua, SSA
            ("CLSSA000033", USG, "faltante", 20, 20),  # Coahuila, SSA
            ("CLIMS000010", USG, "excedente", 5, 5),  # Coahuila, IMSS
        ],
    )
    return almacen


def test_alcance_nacional_y_por_entidad(nacional):
    def cubre(**opciones):
        return sorted(
            (o.clues_oferta, o.eventos_cubiertos)
            for o in analizar(nacional, **opciones).oportunidades
        )

    assert analizar(nacional).alcance == "Nacional: todas las entidades"
    assert cubre() == [("CLIMS000010", 5)]  # Chihuahua's SSA offer is the same institution
    assert cubre(misma_institucion=True) == [("CHSSA000372", 10), ("CLIMS000010", 5)]
    # --entidad 05: both ends inside Coahuila
    assert cubre(entidad="05", misma_institucion=True) == [("CLIMS000010", 5)]
    # ... unless the offers may come from any entidad
    assert cubre(entidad="05", misma_institucion=True, ofertas_externas=True) == [
        ("CHSSA000372", 10),
        ("CLIMS000010", 5),
    ]
    chihuahua = analizar(nacional, entidad="08")
    assert chihuahua.oportunidades == ()
    assert [(p.clues, p.motivo) for p in chihuahua.excedentes_sin_demanda] == [
        ("CHSSA000372", MOTIVO_SIN_DEMANDA)
    ]
    assert [e.clave for e in analizar(nacional, misma_institucion=True).resumen.por_entidad] == [
        "05",
        "08",
    ]


def test_registros_de_productos_retirados_quedan_fuera_y_se_cuentan(coahuila, tmp_path):
    nuevo = fabricas.sin(fabricas.contenido_pequeno(), productos={CIR})
    importar_catalogo(coahuila, fabricas.escribir_catalogo(tmp_path / "nuevo", nuevo))
    a = analizar(coahuila)
    assert a.resumen.registros_retirados == 1
    assert CIR not in {p.producto for p in a.faltantes_sin_oferta}
    assert a.resumen.total.eventos_faltantes == 46 - 4


@pytest.mark.parametrize(
    ("pacientes", "cubiertos", "requeridos", "esperado"),
    [(70, 15, 15, 70), (15, 10, 15, 10), (1, 1, 30, 1), (3, 1, 2, 2), (10, 0, 5, 0), (7, 7, 7, 7)],
)
def test_pacientes_en_proporcion(pacientes, cubiertos, requeridos, esperado):
    assert pacientes_cubiertos(pacientes, cubiertos, requeridos) == esperado


def test_progreso_y_cancelacion(coahuila):
    pasos = []
    analizar(coahuila, progreso=lambda h, t, m: pasos.append((h, t)))
    assert pasos == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    llamadas = iter([False, False, True])
    with pytest.raises(ErrorEyF, match="Se canceló"):
        analizar(coahuila, cancelado=lambda: next(llamadas))
