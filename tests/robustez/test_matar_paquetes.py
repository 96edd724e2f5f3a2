"""SIGKILL during bundle imports and exports (issue 6's use cases).

Import: three unit bundles go in one transaction, then their newer bundles
replace them; after every kill the coordination holds exactly the state
before, after the first or after the second import (every unit alike), with
the provenance, the bitácora entries and the keys of exactly that state.

Export: a file with a final name (``*.eyf``) always passes verification; a
kill leaves only a temporary file that the next start removes, and the
reserved sequence number is settled (``interrumpido``).
"""

from __future__ import annotations

import random
import sqlite3
import time
from pathlib import Path

import pytest

from app.almacen.almacen import Almacen
from app.almacen.arranque import abrir_al_iniciar
from app.paquetes.exportar import CARPETA_EN_CURSO, SUFIJO_TEMPORAL, exportar
from app.paquetes.importar import importar
from app.paquetes.verificar import verificar
from tests.robustez.matar import correr_y_matar
from tests.robustez.paquetes import UNIDADES, armar, copia, registros
from tests.robustez.test_matar import reiniciar, respaldos_sanos, semilla


@pytest.fixture(scope="module")
def paquetes(tmp_path_factory, ruta_catalogo_pequeno):
    return armar(tmp_path_factory.mktemp("paquetes"), ruta_catalogo_pequeno)


def leer(ruta_bd: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(ruta_bd)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


# -- import ---------------------------------------------------------------------------
def _importar_dos_veces(carpeta: Path, p):
    def trabajo(avisar):
        almacen = abrir_al_iniciar(carpeta).almacen
        for etapa, rutas in (("1", p.primeros), ("2", p.segundos)):
            r = importar(almacen, rutas, confiar=p.huellas)
            assert r.rechazados == 0, [x.mensaje for x in r.resultados]
            avisar(f"ok {etapa}")
        time.sleep(60)  # done: wait for the kill

    return trabajo


def etapa_importada(carpeta: Path, p) -> int:
    """0, 1 or 2 — and everything that goes with it is there, or nothing."""
    almacen = Almacen.abrir(carpeta)
    try:
        por_unidad = {c: registros(almacen, c) for c in UNIDADES}
    finally:
        almacen.cerrar()
    etapas = set()
    for clues, tiene in por_unidad.items():
        if not tiene:
            etapas.add(0)
        else:
            etapa = next(int(k) for k, e in p.esperado.items() if e[clues] == tiene)
            etapas.add(etapa)
    assert len(etapas) == 1, f"importación a medias: {por_unidad}"
    etapa = etapas.pop()
    ruta_bd = carpeta / "eyf.sqlite3"
    vigentes = leer(ruta_bd, "SELECT origen, secuencia FROM paquete_importado WHERE vigente")
    assert sorted(vigentes) == sorted((c, etapa) for c in UNIDADES) if etapa else vigentes == []
    historia = leer(ruta_bd, "SELECT count(*) FROM paquete_importado")[0][0]
    assert historia == len(UNIDADES) * etapa
    bitacora = dict(leer(ruta_bd, "SELECT accion, count(*) FROM bitacora GROUP BY accion"))
    assert bitacora.get("importacion", 0) == len(UNIDADES) * etapa
    assert bitacora.get("llave_registrada", 0) == (len(UNIDADES) if etapa else 0)
    llaves = leer(ruta_bd, "SELECT count(*) FROM llave_registrada")[0][0]
    assert llaves == (len(UNIDADES) if etapa else 0)
    importadas = leer(ruta_bd, "SELECT count(DISTINCT paquete_id) FROM bitacora_importada")[0][0]
    assert importadas == len(vigentes)  # the bitácora of each bundle in force came with it
    return etapa


def matar_importaciones(trabajo_dir: Path, p, rondas: int, rng: random.Random) -> dict:
    cifras = {"muertes": 0, "por_etapa": {0: 0, 1: 0, 2: 0}}
    for _ in range(rondas):
        carpeta = copia(p.coordinacion, trabajo_dir / "coordinacion")
        ronda = correr_y_matar(_importar_dos_veces(carpeta, p), rng.uniform(0.1, 0.5))
        assert ronda.muerto, f"el proceso terminó solo (salida {ronda.salida})"
        reiniciar(carpeta)
        etapa = etapa_importada(carpeta, p)
        confirmada = max((int(x.split()[1]) for x in ronda.lineas), default=0)
        assert etapa in (confirmada, confirmada + 1), (ronda.lineas, etapa)
        respaldos_sanos(carpeta)
        cifras["muertes"] += 1
        cifras["por_etapa"][etapa] += 1
    return cifras


# -- export ---------------------------------------------------------------------------
def _exportar_sin_fin(carpeta: Path, salida: Path):
    def trabajo(avisar):
        almacen = abrir_al_iniciar(carpeta).almacen
        while True:
            r = exportar(almacen, salida)
            avisar(f"ok {r.ruta.name}")

    return trabajo


def comprobar_exportaciones(carpeta: Path, salida: Path, confirmados: list[str]) -> int:
    finales = sorted(salida.glob("*.eyf"))
    for ruta in finales:
        v = verificar(ruta)
        assert v.integro, f"{ruta.name}: {v.motivo}"
    assert [x for x in salida.iterdir() if x.name.endswith(SUFIJO_TEMPORAL)] == []
    en_curso = carpeta / CARPETA_EN_CURSO
    assert not en_curso.exists() or list(en_curso.iterdir()) == []
    nombres = {r.name for r in finales}
    assert set(confirmados) <= nombres  # every export the person saw finish is there
    ruta_bd = carpeta / "eyf.sqlite3"
    estados = dict(leer(ruta_bd, "SELECT estado, count(*) FROM paquete_exportado GROUP BY estado"))
    assert "en_curso" not in estados
    completos = leer(ruta_bd, "SELECT destino FROM paquete_exportado WHERE estado = 'completo'")
    aqui = {Path(d).name for (d,) in completos if Path(d).parent == salida.resolve()}
    assert aqui == nombres  # the database and the stick agree on what was exported
    entradas = leer(ruta_bd, "SELECT count(*) FROM bitacora WHERE accion = 'paquete_exportado'")
    assert entradas[0][0] == len(completos)
    return len(finales)


def matar_exportaciones(trabajo_dir: Path, p, rondas: int, rng: random.Random) -> dict:
    carpeta = copia(p.unidad, trabajo_dir / "unidad")
    salida = trabajo_dir / "memoria-usb"
    salida.mkdir()
    confirmados: list[str] = []
    cifras = {"muertes": 0, "paquetes_completos": 0, "interrumpidas": 0}
    for _ in range(rondas):
        ronda = correr_y_matar(_exportar_sin_fin(carpeta, salida), rng.uniform(0.05, 0.5))
        assert ronda.muerto, f"el proceso terminó solo (salida {ronda.salida})"
        confirmados += [x.split()[1] for x in ronda.lineas]
        reiniciar(carpeta)
        cifras["paquetes_completos"] = comprobar_exportaciones(carpeta, salida, confirmados)
        cifras["muertes"] += 1
    interrumpidas = leer(
        carpeta / "eyf.sqlite3",
        "SELECT count(*) FROM paquete_exportado WHERE estado = 'interrumpido'",
    )
    cifras["interrumpidas"] = interrumpidas[0][0]
    return cifras


def test_matar_al_importar_paquetes(paquetes, tmp_path):
    matar_importaciones(tmp_path, paquetes, 4, random.Random(semilla("importar")))


def test_matar_al_exportar_paquetes(paquetes, tmp_path):
    matar_exportaciones(tmp_path, paquetes, 4, random.Random(semilla("exportar")))


@pytest.mark.lento
def test_matar_paquetes_muchas_veces(paquetes, tmp_path):
    """CI: 25 kills during imports and 20 during exports."""
    rng = random.Random(semilla("paquetes"))
    (tmp_path / "i").mkdir()
    (tmp_path / "e").mkdir()
    importaciones = matar_importaciones(tmp_path / "i", paquetes, 25, rng)
    exportaciones = matar_exportaciones(tmp_path / "e", paquetes, 20, rng)
    print({"importar": importaciones, "exportar": exportaciones})
    assert importaciones["por_etapa"][1] + importaciones["por_etapa"][2] >= 6
    assert exportaciones["paquetes_completos"] >= 5
