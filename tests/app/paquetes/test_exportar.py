"""Export: what the bundle holds, its growing sequence and chain, and an
export that survives being killed (no half file that looks whole; leftovers
cleaned at the next start)."""

from __future__ import annotations

import json
import stat

import pytest
from sqlalchemy import select

from app.almacen.candado import Candado
from app.almacen.modelos import Bitacora, PaqueteExportado
from app.captura.registro import registrar
from app.errores import ErrorEyF
from app.paquetes import exportar as modulo
from app.paquetes import formato as F
from app.paquetes.consultas import exportaciones
from app.paquetes.exportar import exportar, limpiar_interrumpidas
from app.paquetes.lector import leer_paquete
from app.paquetes.llaves import FraseNecesaria, cambiar_frase, huella_instalacion
from tests.app.paquetes import armar
from tests.app.paquetes.conftest import CLUES, filas


@pytest.fixture
def usb(tmp_path):
    carpeta = tmp_path / "usb"
    carpeta.mkdir()
    return carpeta


def test_el_paquete_de_la_unidad_lleva_todo_lo_que_dice_el_formato(unidad, usb):
    r = exportar(unidad, usb)
    assert r.ruta == usb / "EyF-unidad-CLSSA000581-00001.eyf"
    assert sorted(p.name for p in usb.iterdir()) == [r.ruta.name]  # no leftovers
    contenido = armar.miembros(r.ruta)
    assert sorted(contenido) == sorted(F.OBLIGATORIOS)
    assert contenido[F.LLAVE].decode() == json.loads(contenido[F.MANIFIESTO])["llave"]["pem"]
    m = json.loads(contenido[F.MANIFIESTO])
    assert m["tipo"] == "eyf-paquete/1" and m["version_formato"] == 1
    assert (m["alcance"], m["entidad"], m["clues"], m["periodo"]) == ("unidad", "05", [CLUES], 2026)
    assert m["catalogo"]["version"] == "t-1" and len(m["catalogo"]["huella"]) == 64
    assert (m["secuencia"], m["anterior"], m["paquete"]) == (1, None, r.paquete)
    assert m["conteos"] == {
        "registros": 3,
        "faltantes": 2,
        "excedentes": 1,
        "unidades": 1,
        "bitacora": len(filas(unidad, select(Bitacora.id))) - 1,
        "reaperturas": 0,
    }
    assert (m["entidad_finalizada"], m["unidad_finalizada"]) == (False, False)
    assert m["llave"]["huella"] == huella_instalacion(unidad) == r.huella
    assert m["creado_en"].endswith("Z") and m["persona"] == "Luis Gómez"
    registros = json.loads(contenido[F.REGISTROS])["registros"]
    assert {(x["producto"], x["tipo"], x["pacientes"]) for x in registros} == {
        ("EST-ODO-0001", "faltante", 7),
        ("IMA-USG-0001", "faltante", 70),
        ("IMA-USG-0001", "excedente", 70),
    }
    estado = json.loads(contenido[F.ESTADO])
    assert estado["entidad"]["respuesta"] == "si" and estado["reporte_firmado"] is None
    assert stat.S_IMODE(r.ruta.stat().st_mode) & 0o600 == 0o600


def test_la_secuencia_crece_y_encadena_el_paquete_anterior(unidad, tmp_path):
    primero = exportar(unidad, tmp_path / "a.eyf")
    registrar(unidad, CLUES, "CIR-GEN-0001", excedente_ambulatorio="1", pacientes="1")
    segundo = exportar(unidad, tmp_path / "b.eyf")
    assert (primero.secuencia, segundo.secuencia) == (1, 2)
    leido = leer_paquete(segundo.ruta)
    assert (
        leido.manifiesto.anterior
        == primero.archivo_sha256
        == leer_paquete(primero.ruta).archivo_sha256
    )
    assert "paquete_exportado" in {b.accion for b in leido.bitacora}
    assert [(e.secuencia, e.estado) for e in exportaciones(unidad)] == [
        (2, "completo"),
        (1, "completo"),
    ]


def test_exportar_pide_la_frase_si_la_llave_la_tiene(unidad, tmp_path):
    cambiar_frase(unidad, None, "frase de la unidad")
    with pytest.raises(FraseNecesaria):
        exportar(unidad, tmp_path)
    assert exportaciones(unidad) == []  # no sequence number spent
    assert exportar(unidad, tmp_path, frase="frase de la unidad").secuencia == 1


def test_carpeta_de_destino_inexistente(unidad, tmp_path):
    with pytest.raises(ErrorEyF, match="no existe"):
        exportar(unidad, tmp_path / "no" / "hay" / "x.eyf")


def test_exportacion_interrumpida_no_deja_un_archivo_que_parezca_completo(unidad, usb, monkeypatch):
    escribir = F.escribir_zip

    def a_medias(miembros, destino):
        escribir(miembros, destino)
        destino.truncate(destino.tell() // 2)
        raise KeyboardInterrupt  # the process is killed while writing

    monkeypatch.setattr(modulo.F, "escribir_zip", a_medias)
    with pytest.raises(KeyboardInterrupt):
        exportar(unidad, usb / "paquete.eyf")
    monkeypatch.undo()
    restos = list(usb.iterdir())
    assert [p.name for p in restos if p.suffix == ".eyf"] == []
    (temporal,) = [p for p in restos if p.name.endswith(".eyf-parcial")]
    diarios = list((unidad.carpeta / "paquetes" / "en-curso").iterdir())
    assert len(diarios) == 1

    assert limpiar_interrumpidas(unidad) == [temporal]  # at the next start
    assert list(usb.iterdir()) == []
    assert list((unidad.carpeta / "paquetes" / "en-curso").iterdir()) == []
    assert [(e.secuencia, e.estado) for e in exportaciones(unidad)] == [(1, "interrumpido")]
    nuevo = exportar(unidad, usb / "paquete.eyf")
    assert nuevo.secuencia == 2 and leer_paquete(nuevo.ruta).manifiesto.anterior is None
    acciones = {a for (a,) in filas(unidad, select(Bitacora.accion))}
    assert "exportacion_interrumpida" in acciones


def test_muerte_despues_de_renombrar_cuenta_como_completo(unidad, tmp_path, monkeypatch):
    def muere(*_a, **_k):
        raise KeyboardInterrupt

    monkeypatch.setattr(modulo, "anotar", muere)
    with pytest.raises(KeyboardInterrupt):
        exportar(unidad, tmp_path / "p.eyf")
    monkeypatch.undo()
    assert filas(unidad, select(PaqueteExportado.estado)) == [("en_curso",)]
    limpiar_interrumpidas(unidad)
    sha = leer_paquete(tmp_path / "p.eyf").archivo_sha256
    assert filas(unidad, select(PaqueteExportado.estado, PaqueteExportado.archivo_sha256)) == [
        ("completo", sha)
    ]
    assert leer_paquete(exportar(unidad, tmp_path / "q.eyf").ruta).manifiesto.anterior == sha


def test_la_limpieza_no_toca_una_exportacion_en_curso(unidad, tmp_path):
    diario = unidad.carpeta / "paquetes" / "en-curso" / "otro-proceso"
    diario.mkdir(parents=True)
    temporal = tmp_path / ".p.eyf.abcd.eyf-parcial"
    temporal.write_bytes(b"escribiendo")
    (diario / "diario.json").write_text(json.dumps({"temporal": str(temporal)}))
    with Candado(diario):  # another process is writing it right now
        assert limpiar_interrumpidas(unidad) == []
        assert temporal.exists()
    assert limpiar_interrumpidas(unidad) == [temporal]


def test_un_diario_danado_nunca_borra_otra_cosa(unidad, tmp_path):
    ajeno = tmp_path / "tesis.docx"
    ajeno.write_bytes(b"importante")
    diario = unidad.carpeta / "paquetes" / "en-curso" / "raro"
    diario.mkdir(parents=True)
    (diario / "diario.json").write_text(json.dumps({"temporal": str(ajeno)}))
    assert limpiar_interrumpidas(unidad) == []
    assert ajeno.read_bytes() == b"importante"


def test_coordinacion_exporta_su_entidad(coordinacion, tmp_path):
    registrar(coordinacion, "CLSSA000033", "CIR-GEN-0001", excedente_ambulatorio="2", pacientes="2")
    r = exportar(coordinacion, tmp_path)
    assert r.ruta.name == "EyF-entidad-05-00001.eyf" and r.alcance == "entidad"
    m = leer_paquete(r.ruta).manifiesto
    assert (m.clues, m.unidad_finalizada, m.conteos["registros"]) == (("CLSSA000033",), None, 1)


def test_la_entidad_sin_responder_si_no_exporta_registros(unidad, coordinacion, usb):
    """The national level would refuse records without the entidad's SÍ: the
    coordination is told before it sends such a bundle upward."""
    from sqlalchemy import update

    from app.almacen.modelos import EstadoEntidad
    from app.almacen.sesion import transaccion
    from app.paquetes.importar import importar

    r = exportar(unidad, usb)
    assert importar(coordinacion, [r.ruta], confiar=[r.huella]).resultados[0].aceptado
    with transaccion(coordinacion) as s:  # as if the coordination had never answered
        s.execute(update(EstadoEntidad).values(respuesta=None))
    with pytest.raises(ErrorEyF, match="su Paso 2 no está respondido SÍ"):
        exportar(coordinacion, usb / "entidad.eyf")
    assert not (usb / "entidad.eyf").exists()
