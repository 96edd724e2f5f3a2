"""SIGKILL at random moments during saves, catalog updates and restores.

After every kill the next start finds: a database that passes
``integrity_check`` and ``foreign_key_check``; every save the child confirmed
(printed after its commit returned); a catalog update or a restore either
wholly applied or not at all, with its bitácora entry exactly when it applied;
no backup with a final name that fails its check; no leftovers.

The fast variant kills a few times per kind; the ``lento`` one (CI) over 200
times in all. The seed of each run is printed so a failure can be replayed
(``EYF_SEMILLA=…``).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from app.almacen.arranque import abrir_al_iniciar
from app.almacen.respaldos import integridad as integridad_respaldo
from app.almacen.respaldos import listar_respaldos, respaldar
from app.almacen.restauracion import restaurar
from app.captura.registro import guardar_capturas, registrar
from app.captura.reglas import FilaCaptura
from app.catalogo import formato as F
from app.catalogo.importar import importar_catalogo
from tests import fabricas
from tests.robustez.matar import correr_y_matar, integridad

UNIDADES = ("CLSSA000581", "CLSSA002343", "CLSSA000033", "CLIMS000010")
PRODUCTOS = tuple(p.clave for p in fabricas.contenido_pequeno().productos)
REGISTROS = len(UNIDADES) * len(PRODUCTOS) * 2  # a faltante and an excedente each


def semilla(nombre: str) -> int:
    base = int(os.environ.get("EYF_SEMILLA", "20261125"))
    valor = base + sum(map(ord, nombre))
    print(f"semilla de {nombre}: {valor}")
    return valor


def leer(ruta_bd: Path, sql: str, *params) -> list[tuple]:
    con = sqlite3.connect(ruta_bd)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def reiniciar(carpeta: Path) -> None:
    """What the next start of EyF does; then the database is checked."""
    arranque = abrir_al_iniciar(carpeta)
    arranque.almacen.cerrar()
    estado, huerfanos = integridad(carpeta / "eyf.sqlite3")
    assert estado == "ok" and huerfanos == []
    restos = [*carpeta.glob("*.restaurando*"), *(carpeta / "respaldos").glob("*.parcial*")]
    assert restos == []


def respaldos_sanos(carpeta: Path, ultimos: int | None = None) -> None:
    """Every backup with a final name is whole (checked, then removed to save disk)."""
    for r in listar_respaldos(carpeta)[:ultimos]:
        assert integridad_respaldo(r.ruta, rapida=True) == "ok", r.nombre


# -- saves ----------------------------------------------------------------------
def _valor_guardado(ruta_bd: Path) -> int | None:
    valores = leer(ruta_bd, "SELECT DISTINCT ambulatorio FROM captura")
    assert len(valores) <= 1, f"guardado a medias: {valores}"
    if valores:
        assert leer(ruta_bd, "SELECT count(*) FROM captura")[0][0] == REGISTROS
    return valores[0][0] if valores else None


def _guardar_sin_fin(carpeta: Path):
    def trabajo(avisar):
        almacen = abrir_al_iniciar(carpeta).almacen
        valor = _valor_guardado(carpeta / "eyf.sqlite3") or 0
        while True:
            valor += 1
            v = str(valor)
            filas = [
                (u, FilaCaptura(p, v, None, "FE", v, None, v)) for u in UNIDADES for p in PRODUCTOS
            ]
            guardar_capturas(almacen, filas)
            avisar(f"ok {valor}")  # the person now sees «Guardado»

    return trabajo


def matar_guardados(carpeta: Path, rondas: int, rng: random.Random) -> dict:
    ruta_bd = carpeta / "eyf.sqlite3"
    cifras = {"muertes": 0, "con_guardados_confirmados": 0, "guardado_en_vuelo_aplicado": 0}
    for _ in range(rondas):
        antes = _valor_guardado(ruta_bd) or 0
        ronda = correr_y_matar(_guardar_sin_fin(carpeta), rng.uniform(0.02, 0.45))
        assert ronda.muerto, f"el proceso terminó solo (salida {ronda.salida})"
        vistos = [int(x.split()[1]) for x in ronda.lineas]
        reiniciar(carpeta)
        valor = _valor_guardado(ruta_bd) or 0
        confirmado = max(vistos, default=antes)
        # Every confirmed save is there; at most the one in flight landed too.
        assert valor in (confirmado, confirmado + 1), (vistos, antes, valor)
        cifras["muertes"] += 1
        cifras["con_guardados_confirmados"] += bool(vistos)
        cifras["guardado_en_vuelo_aplicado"] += valor == confirmado + 1
        if valor:
            n = leer(
                ruta_bd,
                "SELECT count(*) FROM bitacora WHERE accion IN ('captura_creada', "
                "'captura_modificada') AND json_extract(despues, '$.ambulatorio') = ?",
                valor,
            )[0][0]
            assert n == REGISTROS  # the change and its bitácora entries, together
    cifras["ultimo_confirmado"] = confirmado
    return cifras


# -- catalog updates ---------------------------------------------------------------
def catalogos(tmp_path: Path) -> dict[str, tuple[Path, F.ContenidoCatalogo]]:
    a = fabricas.contenido_pequeno()
    b = fabricas.sin(a, productos={"CIR-GEN-0002", "EST-ODO-0001"}, unidades={"CLSSA000033"})
    b = replace(
        b,
        datos=replace(b.datos, version="t-2"),
        productos=(
            *[
                replace(p, nombre=p.nombre + " (2)") if p.clave == "IMA-USG-0001" else p
                for p in b.productos
            ],
            F.FilaProducto("EST-ODO-0009", "EST-ODO", "Sellador de fosetas", "Procedimiento", ""),
        ),
    )
    return {
        c.datos.version: (fabricas.escribir_catalogo(tmp_path / c.datos.version, c), c)
        for c in (a, b)
    }


def _estado_catalogo(ruta_bd: Path, versiones: dict) -> str:
    [(version,)] = leer(ruta_bd, "SELECT version FROM catalogo")
    contenido = versiones[version][1]
    productos = dict(leer(ruta_bd, "SELECT clave, nombre FROM producto WHERE vigente"))
    assert productos == {p.clave: p.nombre for p in contenido.productos}, version
    unidades = {c for (c,) in leer(ruta_bd, "SELECT clues FROM unidad WHERE vigente")}
    assert unidades == {u.clues for u in contenido.unidades}, version
    ultima = leer(
        ruta_bd,
        "SELECT json_extract(despues, '$.version') FROM bitacora "
        "WHERE accion = 'catalogo_actualizado' ORDER BY id DESC LIMIT 1",
    )
    assert ultima == [(version,)]
    return version


def _importar_sin_fin(carpeta: Path, versiones: dict):
    def trabajo(avisar):
        almacen = abrir_al_iniciar(carpeta).almacen
        actual = _estado_catalogo(carpeta / "eyf.sqlite3", versiones)
        orden = sorted(versiones)
        while True:
            actual = orden[(orden.index(actual) + 1) % len(orden)]
            importar_catalogo(almacen, versiones[actual][0])
            avisar(f"ok {actual}")

    return trabajo


def matar_catalogos(carpeta: Path, versiones: dict, rondas: int, rng: random.Random) -> dict:
    ruta_bd = carpeta / "eyf.sqlite3"
    almacen = abrir_al_iniciar(carpeta).almacen
    registrar(
        almacen, "CLSSA000033", "CIR-GEN-0002", faltante_ambulatorio="3", causa="FP", pacientes="3"
    )
    almacen.cerrar()
    captura = leer(ruta_bd, "SELECT * FROM captura")
    cifras = {"muertes": 0, "con_actualizaciones_confirmadas": 0, "cambio_de_version": 0}
    for _ in range(rondas):
        antes = _estado_catalogo(ruta_bd, versiones)
        ronda = correr_y_matar(_importar_sin_fin(carpeta, versiones), rng.uniform(0.02, 0.6))
        assert ronda.muerto, f"el proceso terminó solo (salida {ronda.salida})"
        reiniciar(carpeta)
        version = _estado_catalogo(ruta_bd, versiones)
        ultimo = ronda.lineas[-1].split()[1] if ronda.lineas else antes
        otro = next(v for v in versiones if v != ultimo)
        assert version in (ultimo, otro)
        assert leer(ruta_bd, "SELECT * FROM captura") == captura  # kept, even when retired
        respaldos_sanos(carpeta, ultimos=3)
        for r in listar_respaldos(carpeta)[3:]:
            r.ruta.unlink()
        cifras["muertes"] += 1
        cifras["con_actualizaciones_confirmadas"] += bool(ronda.lineas)
        cifras["cambio_de_version"] += version != antes
    return cifras


# -- restores ------------------------------------------------------------------------
def _restaurar_sin_fin(carpeta: Path, respaldos: dict[str, Path]):
    def trabajo(avisar):
        nombres = sorted(respaldos)
        i = 0
        while True:
            nombre = nombres[i % len(nombres)]
            restaurar(carpeta, respaldos[nombre])
            avisar(f"ok {nombre}")
            i += 1

    return trabajo


def _contenido_restaurado(ruta_bd: Path, respaldos: dict[str, Path], esperados: dict) -> str:
    productos = tuple(p for (p,) in leer(ruta_bd, "SELECT producto_clave FROM captura ORDER BY 1"))
    nombre = next(n for n, e in esperados.items() if e == productos)
    ultima = leer(ruta_bd, "SELECT accion, objeto FROM bitacora ORDER BY id DESC LIMIT 1")
    if ultima[0][0] == "respaldo_restaurado":
        assert ultima[0][1] == respaldos[nombre].name  # the entry came with the restore
    return nombre


def matar_restauraciones(carpeta: Path, rondas: int, rng: random.Random) -> dict:
    ruta_bd = carpeta / "eyf.sqlite3"
    almacen = abrir_al_iniciar(carpeta).almacen
    registrar(
        almacen, "CLSSA000581", "EST-ODO-0003", faltante_ambulatorio="5", causa="FE", pacientes="5"
    )
    x = respaldar(almacen.ruta_bd, carpeta, "manual")
    registrar(almacen, "CLSSA000581", "EST-ODO-0001", excedente_ambulatorio="7", pacientes="7")
    y = respaldar(almacen.ruta_bd, carpeta, "manual")
    almacen.cerrar()
    fijos = carpeta.parent / "fijos"
    fijos.mkdir()
    respaldos = {"x": x.rename(fijos / x.name), "y": y.rename(fijos / y.name)}
    esperados = {"x": ("EST-ODO-0003",), "y": ("EST-ODO-0001", "EST-ODO-0003")}
    cifras = {"muertes": 0, "con_restauraciones_confirmadas": 0}
    antes = "y"
    for _ in range(rondas):
        ronda = correr_y_matar(_restaurar_sin_fin(carpeta, respaldos), rng.uniform(0.02, 0.5))
        assert ronda.muerto, f"el proceso terminó solo (salida {ronda.salida})"
        reiniciar(carpeta)
        nombre = _contenido_restaurado(ruta_bd, respaldos, esperados)
        # The child restores x, y, x, y…: after its last confirmed restore, at
        # most the next one (the other backup) landed.
        ultimo = ronda.lineas[-1].split()[1] if ronda.lineas else antes
        siguiente = "y" if ultimo == "x" else "x"
        assert nombre in (ultimo, siguiente) if ronda.lineas else nombre in (antes, "x")
        antes = nombre
        respaldos_sanos(carpeta, ultimos=3)
        for r in listar_respaldos(carpeta)[3:]:
            r.ruta.unlink()
        cifras["muertes"] += 1
        cifras["con_restauraciones_confirmadas"] += bool(ronda.lineas)
    return cifras


# -- the tests -----------------------------------------------------------------------
def test_matar_al_guardar(carpeta_capturando):
    matar_guardados(carpeta_capturando, 6, random.Random(semilla("guardar")))


def test_matar_al_actualizar_el_catalogo(carpeta_capturando, tmp_path):
    matar_catalogos(carpeta_capturando, catalogos(tmp_path), 4, random.Random(semilla("catalogo")))


def test_matar_al_restaurar(carpeta_capturando):
    matar_restauraciones(carpeta_capturando, 4, random.Random(semilla("restaurar")))


@pytest.mark.lento
def test_matar_muchas_veces(plantilla_capturando, tmp_path):
    """CI: 200 kills (100 saves, 50 catalog updates, 50 restores); with the
    real ``eyf`` below and the bundles (test_matar_paquetes), 257."""
    rng = random.Random(semilla("muchas"))
    carpetas = {}
    for nombre in ("guardar", "catalogo", "restaurar"):
        carpetas[nombre] = tmp_path / nombre / "datos"
        shutil.copytree(plantilla_capturando, carpetas[nombre])
    cifras = {
        "guardar": matar_guardados(carpetas["guardar"], 100, rng),
        "catalogo": matar_catalogos(carpetas["catalogo"], catalogos(tmp_path), 50, rng),
        "restaurar": matar_restauraciones(carpetas["restaurar"], 50, rng),
    }
    print(json.dumps(cifras, indent=1))
    assert sum(c["muertes"] for c in cifras.values()) == 200
    # The kills really fell between and inside writes, not only at start-up.
    assert cifras["guardar"]["con_guardados_confirmados"] >= 40
    assert cifras["guardar"]["guardado_en_vuelo_aplicado"] >= 1
    assert cifras["catalogo"]["con_actualizaciones_confirmadas"] >= 15
    assert cifras["restaurar"]["con_restauraciones_confirmadas"] >= 15


# -- the real «eyf» command, killed ----------------------------------------------------
def _matar_ordenes(carpeta: Path, orden: str, rondas: int, rng: random.Random, comprobar) -> int:
    """A shell runs the same ``eyf`` order again and again (``{i}`` is the round
    number) and says «ok i» after each one that exited 0; the whole process
    group is SIGKILLed at a random moment."""
    muertes = 0
    i = 0
    errores = carpeta.parent / "errores-de-la-orden.txt"
    for _ in range(rondas):
        guion = (
            f"i={i + 1}; while :; do {orden} >/dev/null 2>{errores} "
            f"|| {{ cat {errores} >&2; exit 3; }}; echo ok $i; i=$((i+1)); done"
        )
        p = subprocess.Popen(["sh", "-c", guion], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, start_new_session=True)  # fmt: skip
        time.sleep(rng.uniform(0.3, 2.0))
        os.killpg(p.pid, signal.SIGKILL)
        salida, error = p.communicate()
        esperar_que_muera_el_grupo(p.pid)
        assert p.returncode == -signal.SIGKILL, error  # refused or crashed on its own
        vistos = [int(x.split()[1]) for x in salida.split("\n") if x.startswith("ok ")]
        reiniciar(carpeta)
        i = comprobar(carpeta / "eyf.sqlite3", vistos, i)
        muertes += 1
    return muertes


def _comprobar_registro(ruta_bd: Path, vistos: list[int], previo: int) -> int:
    valores = leer(
        ruta_bd, "SELECT DISTINCT pacientes FROM captura WHERE producto_clave = 'EST-ODO-0003'"
    )
    valor = valores[0][0] if valores else 0
    confirmado = max(vistos, default=previo)
    assert valor in (confirmado, confirmado + 1), (vistos, previo, valor)
    return valor


def esperar_que_muera_el_grupo(grupo: int) -> None:
    """The killed ``eyf`` (a grandchild) has really exited (its files and locks
    released) only when no process of its group is left but zombies."""
    limite = time.monotonic() + 10
    while time.monotonic() < limite:
        vivos = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                campos = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(campos[2]) == grupo and campos[0] != "Z":
                vivos.append(stat)
        if not vivos:
            return
        time.sleep(0.01)
    raise AssertionError("el grupo de procesos no terminó")


def matar_eyf_registrar(carpeta: Path, rondas: int, rng: random.Random) -> int:
    orden = (
        f"{sys.executable} -m app --datos {carpeta} captura registrar --clues CLSSA000581 "
        "--producto EST-ODO-0003 --faltante-ambulatorio $i --causa FE --pacientes $i"
    )
    return _matar_ordenes(carpeta, orden, rondas, rng, _comprobar_registro)


def matar_eyf_catalogo(carpeta: Path, versiones: dict, rondas: int, rng: random.Random) -> int:
    a, b = (str(versiones[v][0]) for v in sorted(versiones))
    orden = (
        f"if [ $((i % 2)) -eq 1 ]; then c={b}; else c={a}; fi; "
        f"{sys.executable} -m app --datos {carpeta} catalogo importar $c --si"
    )

    def comprobar(ruta_bd, vistos, previo):
        _estado_catalogo(ruta_bd, versiones)  # one whole version, with its bitácora entry
        return max(vistos, default=previo)

    return _matar_ordenes(carpeta, orden, rondas, rng, comprobar)


def test_matar_la_orden_eyf(carpeta_capturando, tmp_path):
    rng = random.Random(semilla("orden"))
    assert matar_eyf_registrar(carpeta_capturando, 1, rng) == 1
    assert matar_eyf_catalogo(carpeta_capturando, catalogos(tmp_path), 1, rng) == 1


@pytest.mark.lento
def test_matar_la_orden_eyf_muchas_veces(carpeta_capturando, tmp_path):
    """CI: 12 more kills of real ``eyf`` processes (saving, updating the catalog)."""
    rng = random.Random(semilla("ordenes"))
    assert matar_eyf_registrar(carpeta_capturando, 6, rng) == 6
    assert matar_eyf_catalogo(carpeta_capturando, catalogos(tmp_path), 6, rng) == 6
