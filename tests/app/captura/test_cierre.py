"""Paso 7: finalizar locks the entidad (or a unit installation's own unit);
only an explicit reapertura with the password and a written reason undoes it."""

from datetime import date

import pytest
from sqlalchemy import select

from app.almacen.modelos import (
    Adjunto,
    Bitacora,
    EstadoEntidad,
    EstadoUnidad,
    IntentoContrasena,
    Reapertura,
)
from app.almacen.sesion import lectura
from app.captura.cierre import estado_cierre, finalizar, reabrir
from app.captura.consultas import tablero
from app.captura.proceso import configurar, responder
from app.captura.registro import borrar, guardar_capturas
from app.captura.reglas import FilaCaptura
from app.errores import ErrorEyF, ErrorValidacion
from app.reportes.adjuntos import adjuntar
from app.reportes.generar import reporte_final
from tests import fabricas

FALTANTE = ("CLSSA000581", FilaCaptura("EST-ODO-0003", 20, None, "FE", None, None, 20))
OTRO = ("CLSSA000581", FilaCaptura("EST-ODO-0001", 2, None, "FI", None, None, 2))
DESPUES_DEL_PERIODO = date(2100, 1, 1)  # the test catalog's period ends 2099-12-31


def acciones(almacen, accion):
    with lectura(almacen) as s:
        return list(
            s.scalars(select(Bitacora).where(Bitacora.accion == accion).order_by(Bitacora.id))
        )


def test_finalizar_bloquea_la_entidad(almacen_capturando):
    guardar_capturas(almacen_capturando, [FALTANTE])
    antes = estado_cierre(almacen_capturando, "05")
    assert (antes.ambito, antes.finalizada, antes.motivo_no_finalizar) == ("entidad", False, None)
    assert (antes.totales.faltantes, antes.totales.unidades_con_registros) == (1, 1)

    totales = finalizar(almacen_capturando, "05", "demo-05")
    assert (totales.finalizada, totales.faltantes, totales.excedentes) == (True, 1, 0)
    with lectura(almacen_capturando) as s:
        estado = s.get(EstadoEntidad, "05")
        assert estado.finalizada and estado.finalizada_por == "Ana Pérez" and estado.finalizada_en
    entrada = acciones(almacen_capturando, "finalizar")[-1]
    assert entrada.entidad_clave == "05" and entrada.despues == {
        "finalizada": True,
        "faltantes": 1,
        "excedentes": 0,
    }
    # the core refuses every change
    with pytest.raises(ErrorValidacion, match="ya finalizó su registro"):
        guardar_capturas(almacen_capturando, [OTRO])
    with pytest.raises(ErrorEyF, match="ya finalizó su registro"):
        borrar(almacen_capturando, "CLSSA000581", "EST-ODO-0003")
    with pytest.raises(ErrorEyF, match="ya finalizó su registro"):
        responder(almacen_capturando, "05", "si", "demo-05")
    # the tablero's semáforo
    assert tablero(almacen_capturando).filas[0].finalizada is True
    despues = estado_cierre(almacen_capturando, "05")
    assert despues.finalizada and "ya está finalizado" in despues.motivo_no_finalizar
    assert despues.motivo_no_reabrir is None
    with pytest.raises(ErrorEyF, match="ya está finalizado"):
        finalizar(almacen_capturando, "05", "demo-05")


def test_finalizar_con_contrasena_incorrecta_no_cambia_nada(almacen_capturando):
    guardar_capturas(almacen_capturando, [FALTANTE])
    with pytest.raises(ErrorEyF, match="no es correcta"):
        finalizar(almacen_capturando, "05", "demo-08")
    with lectura(almacen_capturando) as s:
        assert not s.get(EstadoEntidad, "05").finalizada
        assert s.get(IntentoContrasena, "05").fallos == 1  # the failure counts
    assert acciones(almacen_capturando, "finalizar") == []


def test_finalizar_necesita_la_respuesta_del_paso_2(almacen):
    configurar(almacen, "estatal", entidad="05", contrasena="demo-05")
    assert "Responda primero el Paso 2" in estado_cierre(almacen, "05").motivo_no_finalizar
    with pytest.raises(ErrorEyF, match="Responda primero el Paso 2"):
        finalizar(almacen, "05", "demo-05")


def test_si_sin_registros_no_se_finaliza(almacen_capturando):
    with pytest.raises(
        ErrorEyF, match="respondió SÍ en el Paso 2 pero ninguna unidad tiene registros"
    ):
        finalizar(almacen_capturando, "05", "demo-05")


def test_respuesta_no_se_finaliza(almacen):
    configurar(almacen, "estatal", entidad="05", contrasena="demo-05")
    responder(almacen, "05", "no", "demo-05")
    t = finalizar(almacen, "05", "demo-05")
    assert (t.respuesta, t.finalizada, t.faltantes, t.excedentes) == ("no", True, 0, 0)


def test_finalizar_despues_del_periodo_si_reabrir_no(almacen_capturando):
    """Finalizing only locks: an entidad late to finalize can still print its final report.
    Reopening after the period would allow no correction, so it is refused."""
    guardar_capturas(almacen_capturando, [FALTANTE])
    finalizar(almacen_capturando, "05", "demo-05", hoy=DESPUES_DEL_PERIODO)
    estado = estado_cierre(almacen_capturando, "05", hoy=DESPUES_DEL_PERIODO)
    assert "cerró" in estado.motivo_no_reabrir
    with pytest.raises(ErrorEyF, match="Reabrir no permitiría corregir nada"):
        reabrir(
            almacen_capturando,
            "05",
            "Corregir el faltante de resina",
            "demo-05",
            hoy=DESPUES_DEL_PERIODO,
        )


def test_reabrir_con_contrasena_y_motivo(almacen_capturando, tmp_path):
    guardar_capturas(almacen_capturando, [FALTANTE])
    with pytest.raises(ErrorEyF, match="no está finalizado"):
        reabrir(almacen_capturando, "05", "Corregir el faltante de resina", "demo-05")
    finalizar(almacen_capturando, "05", "demo-05")
    # a signed report in force, to see it retired by the reopening
    reporte = reporte_final(almacen_capturando, "05", tmp_path / "final.pdf", huella=None)
    adjuntar(almacen_capturando, "05", reporte.ruta)

    with pytest.raises(ErrorEyF, match="al menos 10 caracteres"):
        reabrir(almacen_capturando, "05", "  x  ", "demo-05")
    with pytest.raises(ErrorEyF, match="no es correcta"):
        reabrir(almacen_capturando, "05", "Corregir el faltante de resina", "otra")
    with lectura(almacen_capturando) as s:
        assert s.get(EstadoEntidad, "05").finalizada
        assert s.get(IntentoContrasena, "05").fallos == 1  # the short reason did not even try

    r = reabrir(
        almacen_capturando,
        "05",
        "  Corregir el faltante\nde resina, pedido por DGPLADES ",
        "demo-05",
    )
    assert r.reapertura.motivo == "Corregir el faltante de resina, pedido por DGPLADES"
    assert r.reportes_firmados_retirados == 1
    with lectura(almacen_capturando) as s:
        estado = s.get(EstadoEntidad, "05")
        assert (estado.finalizada, estado.finalizada_en, estado.finalizada_por) == (False, None, "")
        fila = s.scalars(select(Reapertura)).one()
        assert (fila.entidad_clave, fila.clues, fila.persona) == ("05", None, "Ana Pérez")
        assert fila.motivo == r.reapertura.motivo
        assert s.scalars(select(Adjunto.vigente)).all() == [False]  # kept, no longer in force
    entrada = acciones(almacen_capturando, "reapertura")[-1]
    assert entrada.despues["motivo"] == r.reapertura.motivo and entrada.antes["finalizada"] is True
    assert estado_cierre(almacen_capturando, "05").reaperturas == (r.reapertura,)
    assert tablero(almacen_capturando).filas[0].reporte_firmado is False
    guardar_capturas(almacen_capturando, [OTRO])  # capture is possible again
    finalizar(almacen_capturando, "05", "demo-05")


def test_instalacion_de_unidad_cierra_su_unidad(almacen):
    fabricas.preparar_captura(almacen, modo="unidad", clues="CLSSA000581", persona="Luis")
    guardar_capturas(almacen, [FALTANTE])
    estado = estado_cierre(almacen, "05")
    assert (estado.ambito, estado.clues, estado.totales.faltantes) == ("unidad", "CLSSA000581", 1)
    finalizar(almacen, "05", "demo-05")
    with lectura(almacen) as s:
        assert s.get(EstadoUnidad, "CLSSA000581").finalizada
        assert not s.get(EstadoEntidad, "05").finalizada  # the entidad is the coordination's
    assert acciones(almacen, "finalizar")[-1].clues == "CLSSA000581"
    with pytest.raises(ErrorValidacion, match="ya cerró su captura"):
        guardar_capturas(almacen, [OTRO])
    r = reabrir(almacen, "05", "La unidad olvidó un faltante de amalgama", "demo-05")
    assert r.reapertura.clues == "CLSSA000581"
    with lectura(almacen) as s:
        assert not s.get(EstadoUnidad, "CLSSA000581").finalizada
    guardar_capturas(almacen, [OTRO])


def test_instalacion_nacional_no_finaliza(almacen):
    configurar(almacen, "nacional")
    estado = estado_cierre(almacen, "05")
    assert estado.ambito is None and "nacional" in estado.motivo_no_finalizar
    with pytest.raises(ErrorEyF, match="nacional no finaliza"):
        finalizar(almacen, "05", "demo-05")


def test_otra_entidad_no_se_finaliza(almacen_capturando):
    with pytest.raises(ErrorEyF, match="es de la entidad 05"):
        finalizar(almacen_capturando, "08", "demo-08")
