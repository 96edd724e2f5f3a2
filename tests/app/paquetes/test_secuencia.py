"""Bundle sequences: the same bundle again changes nothing, a newer one
replaces the unit's data whole, an older one or the same number with other
content is refused, and a restored backup never reuses a number sent."""

from __future__ import annotations

import shutil

from sqlalchemy import select

from app.almacen.almacen import Almacen
from app.almacen.modelos import (
    BitacoraImportada,
    PaqueteImportado,
)
from app.captura.consultas import listar_capturas
from app.captura.registro import borrar, registrar
from app.paquetes.exportar import exportar
from app.paquetes.importar import importar
from app.paquetes.llaves import huella_instalacion
from tests.app.paquetes.conftest import CLUES, OTRA_CLUES, filas, instantanea, nueva_unidad


def _uno(almacen, ruta, **opciones):
    (r,) = importar(almacen, [ruta], **opciones).resultados
    return r


def test_reimportar_el_mismo_paquete_no_cambia_nada(unidad, coordinacion, tmp_path):
    ruta = exportar(unidad, tmp_path).ruta
    assert _uno(coordinacion, ruta, confiar=[huella_instalacion(unidad)]).aceptado
    antes = instantanea(coordinacion)
    copia = tmp_path / "copia-por-correo.eyf"
    shutil.copyfile(ruta, copia)
    r = _uno(coordinacion, copia)
    assert r.aceptado and r.accion == "sin_cambios" and "sin cambios" in r.mensaje
    assert instantanea(coordinacion) == antes


def test_una_secuencia_nueva_reemplaza_completos_los_datos(unidad, coordinacion, tmp_path):
    primero = exportar(unidad, tmp_path / "1.eyf")
    assert _uno(coordinacion, primero.ruta, confiar=[primero.huella]).aceptado
    borrar(unidad, CLUES, "EST-ODO-0001")
    registrar(unidad, CLUES, "IMA-USG-0001", excedente_hospitalario="")
    registrar(unidad, CLUES, "CIR-GEN-0001", excedente_ambulatorio="9", pacientes="9")
    segundo = exportar(unidad, tmp_path / "2.eyf")
    assert segundo.secuencia == primero.secuencia + 1

    r = _uno(coordinacion, segundo.ruta)
    assert r.aceptado and r.accion == "reemplazar"
    assert (r.secuencia_anterior, r.registros_anteriores) == (1, 3)
    assert {(c.producto, c.tipo) for c in listar_capturas(coordinacion, clues=CLUES)} == {
        ("IMA-USG-0001", "faltante"),
        ("CIR-GEN-0001", "excedente"),
    }
    paquetes = dict(
        filas(coordinacion, select(PaqueteImportado.secuencia, PaqueteImportado.vigente))
    )
    assert paquetes == {1: False, 2: True}
    origenes = {p for (p,) in filas(coordinacion, select(BitacoraImportada.paquete_id).distinct())}
    assert origenes == {segundo.paquete}

    # an older bundle is refused: no rollback to stale data
    antes = instantanea(coordinacion)
    r = _uno(coordinacion, primero.ruta)
    assert not r.aceptado and "reemplazado por uno más reciente" in r.mensaje
    assert instantanea(coordinacion) == antes


def test_una_secuencia_anterior_nunca_importada_se_rechaza(unidad, coordinacion, tmp_path):
    viejo = exportar(unidad, tmp_path / "viejo.eyf")
    nuevo = exportar(unidad, tmp_path / "nuevo.eyf")
    assert _uno(coordinacion, nuevo.ruta, confiar=[nuevo.huella]).aceptado
    antes = instantanea(coordinacion)
    r = _uno(coordinacion, viejo.ruta)
    assert (
        not r.aceptado and "más antiguo (secuencia 1)" in r.mensaje and "secuencia 2" in r.mensaje
    )
    assert instantanea(coordinacion) == antes


def test_misma_secuencia_con_otro_contenido_se_rechaza(
    unidad, coordinacion, tmp_path, ruta_catalogo_pequeno
):
    """A restored copy of the unit's data folder exports the same number with other data."""
    huella_instalacion(unidad)  # the key exists before the copy
    unidad.cerrar()
    shutil.copytree(unidad.carpeta, tmp_path / "copia")
    from app.almacen.almacen import Almacen

    copia = Almacen.abrir(tmp_path / "copia")
    registrar(copia, CLUES, "CIR-GEN-0002", excedente_ambulatorio="1", pacientes="1")
    a = exportar(unidad, tmp_path / "a.eyf")
    b = exportar(copia, tmp_path / "b.eyf")
    copia.cerrar()
    assert a.secuencia == b.secuencia and a.huella == b.huella
    assert _uno(coordinacion, a.ruta, confiar=[a.huella]).aceptado
    antes = instantanea(coordinacion)
    r = _uno(coordinacion, b.ruta)
    assert not r.aceptado and "secuencia 1" in r.mensaje and "otro contenido" in r.mensaje
    assert instantanea(coordinacion) == antes


def test_en_una_misma_llamada_el_orden_de_los_archivos_cuenta(
    unidad, coordinacion, tmp_path, ruta_catalogo_pequeno, monkeypatch
):
    """Bundles are committed in groups; two of one unit never share a group."""
    from app.paquetes import importar as modulo

    monkeypatch.setattr(modulo, "GRUPO_ARCHIVOS", 2)
    otra = nueva_unidad(tmp_path / "otra", ruta_catalogo_pequeno, clues=OTRA_CLUES)
    registrar(otra, OTRA_CLUES, "CIR-GEN-0001", excedente_ambulatorio="2", pacientes="2")
    uno = exportar(unidad, tmp_path / "1.eyf")
    registrar(unidad, CLUES, "CIR-GEN-0002", excedente_ambulatorio="1", pacientes="1")
    dos = exportar(unidad, tmp_path / "2.eyf")
    de_otra = exportar(otra, tmp_path / "3.eyf")
    resumen = importar(
        coordinacion,
        [uno.ruta, uno.ruta, de_otra.ruta, dos.ruta, uno.ruta],
        confiar=[uno.huella, de_otra.huella],
    )
    assert [r.accion for r in resumen.resultados] == [
        "agregar",
        "sin_cambios",
        "agregar",
        "reemplazar",
        "rechazar",
    ]
    assert "reemplazado por uno más reciente" in resumen.resultados[4].mensaje
    assert len({c.producto for c in listar_capturas(coordinacion, clues=CLUES)}) == 3
    assert {c.origen for c in listar_capturas(coordinacion, clues=CLUES)} == {dos.paquete}
    otra.cerrar()


def test_la_prueba_de_varios_paquetes_de_una_unidad_los_encadena(unidad, coordinacion, tmp_path):
    uno = exportar(unidad, tmp_path / "1.eyf")
    registrar(unidad, CLUES, "CIR-GEN-0002", excedente_ambulatorio="1", pacientes="1")
    dos = exportar(unidad, tmp_path / "2.eyf")
    antes = instantanea(coordinacion)
    resumen = importar(
        coordinacion, [uno.ruta, dos.ruta, uno.ruta], prueba=True, confiar=[uno.huella]
    )
    assert [r.accion for r in resumen.resultados] == ["agregar", "reemplazar", "rechazar"]
    assert resumen.resultados[1].secuencia_anterior == 1
    assert instantanea(coordinacion) == antes


def test_restaurar_un_respaldo_viejo_no_repite_un_numero_ya_enviado(unidad, coordinacion, tmp_path):
    """The unit restores a backup taken before its last export: its next bundle
    takes a new number, and the coordination accepts it as the newer one."""
    from app.almacen.respaldos import respaldar
    from app.almacen.restauracion import restaurar

    respaldo = respaldar(unidad.ruta_bd, unidad.carpeta, "manual")  # before any export
    primero = exportar(unidad, tmp_path)
    assert primero.secuencia == 1
    assert _uno(coordinacion, primero.ruta, confiar=[primero.huella]).aceptado
    carpeta = unidad.carpeta
    unidad.cerrar()
    restaurar(carpeta, respaldo)
    de_nuevo = Almacen.abrir(carpeta)
    try:
        registrar(
            de_nuevo, CLUES, "EST-ODO-0003", faltante_ambulatorio="3", causa="FE", pacientes="3"
        )
        (tmp_path / "otra").mkdir()
        segundo = exportar(de_nuevo, tmp_path / "otra")
    finally:
        de_nuevo.cerrar()
    assert segundo.secuencia == 2  # not 1 again, though the restored database never saw 1
    r = _uno(coordinacion, segundo.ruta)
    assert r.aceptado and r.accion == "reemplazar", r.mensaje
