"""A state coordination imports its units' bundles (on SQLite and on a real
PostgreSQL server): trust on first use, idempotent re-imports, whole
replacement by a newer sequence, refusals that leave the database as it was."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from app.almacen.modelos import (
    Bitacora,
    BitacoraImportada,
    Captura,
    EstadoEntidad,
    EstadoUnidad,
    LlaveRegistrada,
)
from app.almacen.sesion import transaccion
from app.captura.consultas import listar_capturas, tablero
from app.captura.registro import borrar, registrar
from app.errores import ErrorEyF
from app.paquetes import formato as F
from app.paquetes.consultas import estado_unidades
from app.paquetes.exportar import exportar
from app.paquetes.importar import importar
from app.paquetes.llaves import huella_instalacion, llave_privada
from tests.app.paquetes import armar
from tests.app.paquetes.conftest import CLUES, OTRA_CLUES, filas, instantanea, nueva_unidad


def _uno(almacen, ruta, **opciones):
    (r,) = importar(almacen, [ruta], **opciones).resultados
    return r


def test_primer_paquete_pide_confirmar_la_huella(unidad, coordinacion, tmp_path):
    ruta = exportar(unidad, tmp_path).ruta
    huella = huella_instalacion(unidad)
    antes = instantanea(coordinacion)
    r = _uno(coordinacion, ruta)
    assert not r.aceptado and r.confianza == "nueva" and r.huella == huella
    assert "primer paquete de la unidad CLSSA000581" in r.mensaje and huella in r.mensaje
    assert instantanea(coordinacion) == antes
    assert not list((coordinacion.carpeta / "respaldos").glob("*antes-de-importar*"))

    r = _uno(coordinacion, ruta, confiar=[huella.replace(" ", "").lower()])
    assert r.aceptado and r.accion == "agregar" and r.llave == "nueva"
    capturas = listar_capturas(coordinacion, clues=CLUES)
    assert {
        (c.producto, c.tipo, c.ambulatorio, c.hospitalario, c.causa_clave, c.pacientes)
        for c in capturas
    } == {
        ("EST-ODO-0001", "faltante", 5, None, "FE", 7),
        ("IMA-USG-0001", "faltante", 15, 5, "FE", 70),
        ("IMA-USG-0001", "excedente", None, 3, None, 70),
    }
    assert {c.origen for c in capturas} == {r.paquete}
    (llave,) = filas(coordinacion, select(LlaveRegistrada.origen, LlaveRegistrada.huella))
    assert tuple(llave) == (CLUES, huella)
    acciones = [a for (a,) in filas(coordinacion, select(Bitacora.accion).order_by(Bitacora.id))]
    assert acciones[-2:] == ["llave_registrada", "importacion"]
    importadas = filas(coordinacion, select(func.count()).select_from(BitacoraImportada))[0][0]
    propias = [a for (a,) in filas(unidad, select(Bitacora.accion).order_by(Bitacora.id))]
    assert propias[-1] == "paquete_exportado"  # written after the bundle: in the next one
    assert importadas == len(propias) - 1
    if coordinacion.ruta_bd is not None:
        assert len(list((coordinacion.carpeta / "respaldos").glob("*antes-de-importar*"))) == 1
    # consolidated: the tablero counts the imported unit
    fila = next(f for f in tablero(coordinacion).filas if f.clave == "05")
    assert fila.con_excedentes_faltantes == 1


def test_una_llave_nueva_se_rechaza_hasta_registrarla_a_proposito(
    unidad, coordinacion, tmp_path, ruta_catalogo_pequeno
):
    viejo = exportar(unidad, tmp_path / "viejo.eyf")
    assert _uno(coordinacion, viejo.ruta, confiar=[viejo.huella]).aceptado
    # the unit reinstalled EyF on another computer: new key, sequence starts again
    otra = nueva_unidad(tmp_path / "reinstalada", ruta_catalogo_pequeno)
    registrar(otra, CLUES, "CIR-GEN-0001", excedente_ambulatorio="2", pacientes="2")
    nuevo = exportar(otra, tmp_path / "nuevo.eyf")
    assert nuevo.huella != viejo.huella and nuevo.secuencia == 1

    antes = instantanea(coordinacion)
    for opciones in ({}, {"confiar": [nuevo.huella]}):
        r = _uno(coordinacion, nuevo.ruta, **opciones)
        assert not r.aceptado and r.confianza == "distinta"
        assert (
            "llave distinta" in r.mensaje
            and viejo.huella in r.mensaje
            and nuevo.huella in r.mensaje
        )
        assert instantanea(coordinacion) == antes

    r = _uno(coordinacion, nuevo.ruta, reemplazar=[nuevo.huella])
    assert r.aceptado and r.accion == "reemplazar" and r.llave == "distinta"
    assert {c.producto for c in listar_capturas(coordinacion, clues=CLUES)} == {"CIR-GEN-0001"}
    llaves = filas(
        coordinacion,
        select(LlaveRegistrada.huella, LlaveRegistrada.retirada_en.is_(None)).order_by(
            LlaveRegistrada.id
        ),
    )
    assert [tuple(x) for x in llaves] == [(viejo.huella, False), (nuevo.huella, True)]
    # bundles signed with the retired key are refused from now on
    registrar(unidad, CLUES, "CIR-GEN-0002", excedente_ambulatorio="1", pacientes="1")
    r = _uno(coordinacion, exportar(unidad, tmp_path / "tardio.eyf").ruta)
    assert not r.aceptado and r.confianza == "distinta"
    otra.cerrar()


def test_paquete_de_otra_entidad(coordinacion, tmp_path, ruta_catalogo_pequeno):
    chihuahua = nueva_unidad(
        tmp_path / "chih", ruta_catalogo_pequeno, clues="CHSSA000372", entidad="08"
    )
    registrar(
        chihuahua,
        "CHSSA000372",
        "IMA-USG-0001",
        faltante_ambulatorio="1",
        causa="FE",
        pacientes="1",
    )
    ruta = exportar(chihuahua, tmp_path).ruta
    antes = instantanea(coordinacion)
    r = _uno(coordinacion, ruta, confiar=[huella_instalacion(chihuahua)])
    assert not r.aceptado and "otra entidad: Chihuahua (08)" in r.mensaje
    assert instantanea(coordinacion) == antes
    chihuahua.cerrar()


def test_capturas_locales_y_paquete_no_se_mezclan(unidad, coordinacion, tmp_path):
    registrar(coordinacion, CLUES, "CIR-GEN-0002", excedente_ambulatorio="4", pacientes="4")
    ruta = exportar(unidad, tmp_path).ruta
    antes = instantanea(coordinacion)
    r = _uno(coordinacion, ruta, confiar=[huella_instalacion(unidad)])
    assert (
        not r.aceptado and "1 registro(s) de la unidad CLSSA000581 capturado(s) aquí" in r.mensaje
    )
    assert instantanea(coordinacion) == antes
    borrar(coordinacion, CLUES, "CIR-GEN-0002")
    assert _uno(coordinacion, ruta, confiar=[huella_instalacion(unidad)]).aceptado
    # a unit whose data came in a bundle is not captured at the coordination:
    # neither its imported products nor new ones
    with pytest.raises(ErrorEyF, match="llegan en los paquetes que ella envía"):
        registrar(coordinacion, CLUES, "EST-ODO-0001", pacientes="8")
    with pytest.raises(ErrorEyF, match="llegan en los paquetes que ella envía"):
        registrar(coordinacion, CLUES, "CIR-GEN-0002", excedente_ambulatorio="4", pacientes="4")


def test_entidad_finalizada_o_que_respondio_no(unidad, coordinacion, tmp_path):
    ruta = exportar(unidad, tmp_path).ruta
    huella = huella_instalacion(unidad)
    with transaccion(coordinacion) as s:
        s.get(EstadoEntidad, "05").finalizada = True
    antes = instantanea(coordinacion)
    r = _uno(coordinacion, ruta, confiar=[huella])
    assert not r.aceptado and "ya finalizó su registro (Paso 7)" in r.mensaje
    assert instantanea(coordinacion) == antes
    with transaccion(coordinacion) as s:
        estado = s.get(EstadoEntidad, "05")
        estado.finalizada, estado.respuesta = False, "no"
    r = _uno(coordinacion, ruta, confiar=[huella])
    assert not r.aceptado and "respondió NO en el Paso 2" in r.mensaje


def test_catalogo_distinto(unidad, coordinacion, tmp_path):
    from dataclasses import replace

    from app.catalogo.importar import importar_catalogo
    from tests import fabricas

    contenido = fabricas.contenido_pequeno()
    otro = replace(contenido, datos=replace(contenido.datos, version="t-2"))
    importar_catalogo(unidad, fabricas.escribir_catalogo(tmp_path / "cat2", otro))
    ruta = exportar(unidad, tmp_path).ruta
    antes = instantanea(coordinacion)
    r = _uno(coordinacion, ruta, confiar=[huella_instalacion(unidad)])
    assert not r.aceptado and "versión «t-2»" in r.mensaje and "«t-1»" in r.mensaje
    assert instantanea(coordinacion) == antes


def _registro(**cambios) -> dict:
    from app.captura.reglas import id_registro

    base = {
        "clues": CLUES,
        "producto": "EST-ODO-0001",
        "tipo": "faltante",
        "ambulatorio": 5,
        "hospitalario": None,
        "causa": "FE",
        "pacientes": 7,
        "creada_en": "2026-03-01T10:00:00Z",
        "modificada_en": "2026-03-01T10:00:00Z",
        "persona": "Luis",
        "origen": None,
    }
    base.update(cambios)
    base.setdefault("id", id_registro(base["clues"], base["producto"], base["tipo"]))
    return base


@pytest.mark.parametrize(
    ("registros", "esperado"),
    [
        ([_registro(causa=None)], "necesita su causa principal"),
        ([_registro(pacientes=0)], "la cantidad mínima es 1"),
        ([_registro(ambulatorio=10**15)], "demasiado grande"),
        ([_registro(tipo="excedente", causa="FE")], "no es válido"),
        ([_registro(causa="ZZ")], "no es una causa"),
        ([_registro(producto="NO-EXISTE")], "no existe en el catálogo"),
        ([_registro(id="00000000-0000-0000-0000-000000000000")], "identificador estable"),
        ([_registro(), _registro()], "aparece dos veces"),
        (
            [_registro(), _registro(tipo="excedente", causa=None, ambulatorio=3, pacientes=8)],
            "pacientes mensuales distintos",
        ),
        ([_registro(origen="6f1c1d8e-5a4b-4b7e-9c1e-2d5f0a9b3c71")], "registros importados"),
    ],
)
def test_reglas_de_captura_en_un_paquete_bien_firmado(
    unidad, coordinacion, tmp_path, registros, esperado
):
    contenido = armar.miembros(exportar(unidad, tmp_path).ruta)
    firmado = armar.refirmar(
        contenido,
        llave_privada(unidad),
        cambios={F.REGISTROS: F.json_bytes({"registros": registros})},
        manifiesto=lambda m: armar.ajustar_conteos(m, registros),
    )
    ruta = armar.escribir(tmp_path / "malo.eyf", firmado)
    antes = instantanea(coordinacion)
    r = _uno(coordinacion, ruta, confiar=[huella_instalacion(unidad)])
    assert not r.aceptado and "reglas de captura" in r.mensaje and esperado in r.mensaje, r.mensaje
    assert instantanea(coordinacion) == antes


def test_clues_de_otra_entidad_dentro_del_paquete(unidad, coordinacion, tmp_path):
    registros = [_registro(clues="CHSSA000372")]
    contenido = armar.miembros(exportar(unidad, tmp_path).ruta)

    def manifiesto(m):
        armar.ajustar_conteos(m, registros)
        m["clues"] = ["CHSSA000372"]

    estado = json.loads(contenido[F.ESTADO])
    firmado = armar.refirmar(
        contenido,
        llave_privada(unidad),
        cambios={
            F.REGISTROS: F.json_bytes({"registros": registros}),
            F.ESTADO: F.json_bytes(estado),
        },
        manifiesto=manifiesto,
    )
    r = _uno(
        coordinacion,
        armar.escribir(tmp_path / "x.eyf", firmado),
        confiar=[huella_instalacion(unidad)],
    )
    assert not r.aceptado and "es de la entidad 08, no de 05" in r.mensaje


def test_prueba_no_escribe_nada_y_dice_que_pasaria(
    unidad, coordinacion, tmp_path, ruta_catalogo_pequeno
):
    primero = exportar(unidad, tmp_path / "1.eyf")
    assert _uno(coordinacion, primero.ruta, confiar=[primero.huella]).aceptado
    segundo = exportar(unidad, tmp_path / "2.eyf")
    otra = nueva_unidad(tmp_path / "otra", ruta_catalogo_pequeno, clues=OTRA_CLUES)
    registrar(otra, OTRA_CLUES, "CIR-GEN-0001", excedente_ambulatorio="2", pacientes="2")
    tercero = exportar(otra, tmp_path / "3.eyf")
    basura = tmp_path / "basura.eyf"
    basura.write_text("no soy un paquete")
    antes = instantanea(coordinacion)
    resumen = importar(
        coordinacion, [primero.ruta, segundo.ruta, tercero.ruta, basura], prueba=True
    )
    assert instantanea(coordinacion) == antes
    assert resumen.prueba and resumen.respaldo is None
    assert [r.accion for r in resumen.resultados] == [
        "sin_cambios",
        "reemplazar",
        "rechazar",
        "rechazar",
    ]
    assert "reemplazaría los datos anteriores" in resumen.resultados[1].mensaje
    assert resumen.resultados[2].confianza == "nueva"
    assert "no es un archivo ZIP" in resumen.resultados[3].mensaje
    otra.cerrar()


def test_varios_archivos_con_progreso_y_uno_malo(
    unidad, coordinacion, tmp_path, ruta_catalogo_pequeno
):
    otra = nueva_unidad(tmp_path / "otra", ruta_catalogo_pequeno, clues=OTRA_CLUES)
    registrar(otra, OTRA_CLUES, "CIR-GEN-0001", excedente_ambulatorio="2", pacientes="2")
    a, b = exportar(unidad, tmp_path / "a.eyf"), exportar(otra, tmp_path / "b.eyf")
    malo = tmp_path / "malo.eyf"
    malo.write_bytes(a.ruta.read_bytes()[:-10])
    avances = []
    resumen = importar(
        coordinacion,
        [a.ruta, malo, b.ruta],
        confiar=[a.huella, b.huella],
        progreso=lambda hecho, total, mensaje: avances.append((hecho, total, mensaje)),
    )
    assert [r.aceptado for r in resumen.resultados] == [True, False, True]
    assert [(h, t) for h, t, _ in avances] == [(1, 3), (2, 3), (3, 3)]
    assert "incompleto o dañado" in avances[1][2]
    assert {c.clues for c in listar_capturas(coordinacion)} == {CLUES, OTRA_CLUES}
    otra.cerrar()


def test_una_falla_a_medias_no_deja_nada(unidad, coordinacion, tmp_path, monkeypatch):
    ruta = exportar(unidad, tmp_path).ruta
    antes = instantanea(coordinacion)
    from app.paquetes import escritura as modulo

    def explota(*_args, **_kw):
        raise ErrorEyF("el disco se llenó a medias")

    monkeypatch.setattr(modulo, "_insertar", explota)
    r = _uno(coordinacion, ruta, confiar=[huella_instalacion(unidad)])
    assert not r.aceptado and "el disco se llenó" in r.mensaje
    despues = instantanea(coordinacion)
    despues.pop("alembic_version")
    antes.pop("alembic_version")
    assert despues == antes


def test_estado_de_cada_unidad_en_el_tablero(unidad, coordinacion, tmp_path):
    def por_clues():
        return {f.clave: f for f in estado_unidades(coordinacion, "05")}

    inicio = por_clues()
    assert set(inicio) == {"CLSSA000581", "CLSSA002343", "CLSSA000033", "CLIMS000010"}
    assert {f.estado for f in inicio.values()} == {"sin_paquete"}
    registrar(coordinacion, "CLSSA000033", "CIR-GEN-0001", excedente_ambulatorio="2", pacientes="2")
    r = _uno(
        coordinacion,
        exportar(unidad, tmp_path / "1.eyf").ruta,
        confiar=[huella_instalacion(unidad)],
    )
    estado = por_clues()
    assert (estado[CLUES].estado, estado[CLUES].secuencia, estado[CLUES].registros) == (
        "importado",
        1,
        3,
    )
    assert estado[CLUES].importado_en is not None and estado[CLUES].paquete == r.paquete
    assert (estado["CLSSA000033"].etiqueta, estado["CLSSA000033"].locales) == ("capturada aquí", 1)
    assert estado["CLSSA002343"].etiqueta == "sin paquete"
    # the unit closes its capture: its next bundle says so
    with transaccion(unidad) as s:
        s.add(EstadoUnidad(clues=CLUES, finalizada=True, finalizada_por="Luis Gómez"))
    r = _uno(coordinacion, exportar(unidad, tmp_path / "2.eyf").ruta)
    assert r.aceptado and r.finalizada
    estado = por_clues()
    assert (estado[CLUES].estado, estado[CLUES].secuencia) == ("finalizada", 2)
    assert filas(
        coordinacion, select(EstadoUnidad.finalizada).where(EstadoUnidad.clues == CLUES)
    ) == [(True,)]
    assert filas(coordinacion, select(func.count()).select_from(Captura))[0][0] == 4
