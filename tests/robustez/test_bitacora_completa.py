"""Every kind of change the issue lists leaves its bitácora entry, with time,
person and installation, before and after — written by the real use cases,
read back through ``eyf bitacora --json``, and carried inside the bundle.

Kinds: capture created, modified and deleted; Paso 2 answer; finalize;
reopen; import; key registered; catalog update; restore.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from app.almacen.respaldos import respaldar
from app.almacen.restauracion import restaurar
from app.captura.cierre import finalizar, reabrir
from app.captura.proceso import responder
from app.captura.registro import borrar, registrar
from app.catalogo.importar import importar_catalogo
from app.cli import main
from app.paquetes import formato as F
from app.paquetes.exportar import exportar
from app.paquetes.importar import importar
from tests import fabricas
from tests.robustez.paquetes import armar

# kind of change → the action code the bitácora records
TIPOS = {
    "captura creada": "captura_creada",
    "captura modificada": "captura_modificada",
    "captura borrada": "captura_borrada",
    "respuesta del Paso 2": "paso2_respuesta",
    "finalizar": "finalizar",
    "reabrir": "reapertura",
    "importación": "importacion",
    "llave registrada": "llave_registrada",
    "actualización del catálogo": "catalogo_actualizado",
    "restauración": "respaldo_restaurado",
}


def entradas(carpeta, capsys) -> list[dict]:
    capsys.readouterr()
    assert main(["--datos", str(carpeta), "bitacora", "--json", "--limite", "0"]) == 0
    return json.loads(capsys.readouterr().out)


def test_cada_tipo_de_cambio_deja_su_entrada(tmp_path, ruta_catalogo_pequeno, capsys):
    p = armar(tmp_path / "paquetes", ruta_catalogo_pequeno)
    a = fabricas.almacen_con_catalogo(tmp_path / "coordinacion", ruta_catalogo_pequeno)
    carpeta = a.carpeta
    fabricas.preparar_captura(a, persona="Ana Pérez")  # configuration and Paso 2
    responder(a, "05", "si", "demo-05")  # the answer again, as a change to trace
    registrar(a, "CLSSA000033", "EST-ODO-0003", faltante_ambulatorio="5", causa="FE", pacientes="5")
    registrar(a, "CLSSA000033", "EST-ODO-0003", faltante_ambulatorio="8")
    registrar(a, "CLSSA000033", "CIR-GEN-0001", excedente_ambulatorio="2", pacientes="2")
    borrar(a, "CLSSA000033", "CIR-GEN-0001")
    r = importar(a, p.primeros, confiar=p.huellas)
    assert r.rechazados == 0
    respaldo = respaldar(a.ruta_bd, carpeta, "manual")
    finalizar(a, "05", "demo-05")
    reabrir(a, "05", "Corregir el faltante de la resina", "demo-05")
    nuevo = fabricas.contenido_pequeno()
    importar_catalogo(
        a,
        fabricas.escribir_catalogo(
            tmp_path / "cat-2", replace(nuevo, datos=replace(nuevo.datos, version="t-2"))
        ),
    )
    with a.motor.connect() as c:
        instalacion = c.exec_driver_sql("SELECT uuid FROM instalacion").scalar()
    a.cerrar()
    antes_de_restaurar = entradas(carpeta, capsys)
    restaurar(carpeta, respaldo)  # back to before finalizing: the restore is recorded too

    vistos = {e["accion"]: e for e in reversed(antes_de_restaurar)}  # the newest of each kind
    ahora = datetime.now(UTC).replace(tzinfo=None)
    faltan = [tipo for tipo, accion in TIPOS.items() if accion not in vistos]
    faltan = [t for t in faltan if t != "restauración"]
    assert faltan == [], f"sin entrada en la bitácora: {faltan}"
    for accion, e in vistos.items():
        momento = datetime.fromisoformat(e["momento"].rstrip("Z"))
        assert abs(momento - ahora) < timedelta(minutes=10), accion
        assert e["instalacion"] == instalacion, accion
        if accion not in ("catalogo_actualizado", "importacion", "llave_registrada"):
            assert e["persona"] == "Ana Pérez", accion
    modificada = vistos["captura_modificada"]
    assert (modificada["antes"]["ambulatorio"], modificada["despues"]["ambulatorio"]) == (5, 8)
    assert vistos["captura_borrada"]["antes"]["ambulatorio"] == 2
    assert vistos["captura_borrada"]["despues"] is None
    assert vistos["paso2_respuesta"]["despues"] == {"respuesta": "si"}
    assert vistos["finalizar"]["despues"]["finalizada"] is True
    assert vistos["reapertura"]["antes"]["finalizada"] is True
    assert vistos["catalogo_actualizado"]["despues"]["version"] == "t-2"

    despues = entradas(carpeta, capsys)
    restauracion = despues[0]
    assert restauracion["accion"] == "respaldo_restaurado"
    assert restauracion["objeto"] == respaldo.name and restauracion["persona"] == "Ana Pérez"
    assert restauracion["antes"]["respaldo_previo"].endswith("-antes-de-restaurar.sqlite3")


def test_la_bitacora_viaja_en_el_paquete_de_la_entidad(almacen_capturando, tmp_path):
    """The entidad's bundle carries its bitácora (bitacora.json), entries included."""
    a = almacen_capturando
    registrar(a, "CLSSA000581", "EST-ODO-0003", faltante_ambulatorio="5", causa="FE", pacientes="5")
    registrar(a, "CLSSA000581", "EST-ODO-0003", faltante_ambulatorio="6")
    r = exportar(a, tmp_path / "entidad.eyf")
    with zipfile.ZipFile(r.ruta) as zf:
        bitacora = json.loads(zf.read(F.BITACORA))["entradas"]
    acciones = [e["accion"] for e in bitacora]
    assert {"captura_creada", "captura_modificada", "paso2_respuesta"} <= set(acciones)
    modificada = next(e for e in bitacora if e["accion"] == "captura_modificada")
    assert modificada["antes"]["ambulatorio"] == 5 and modificada["despues"]["ambulatorio"] == 6
    assert modificada["persona"] == "Ana Pérez" and modificada["instalacion"]
