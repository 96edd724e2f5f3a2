"""The bundle importer fuzzed with hypothesis (issue 6's use case).

Two kinds of bad bundle: damaged bytes (the signature or the ZIP catches
them), and bundles whose content is mutated and then *re-signed with the
unit's real key*, so every check behind the signature is exercised (JSON
shapes, types, ranges, the guide's rules, the catalog, coherence). Never an
unhandled exception; every refusal speaks Spanish and leaves the database
byte for byte as it was.

Fast variant: a few dozen examples; ``lento`` (CI): 1,000.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.almacen.almacen import Almacen
from app.errores import ErrorEyF
from app.paquetes import formato as F
from app.paquetes.importar import importar
from app.paquetes.llaves import llave_privada
from tests.robustez.espanol import huella_archivos, mensaje_en_espanol
from tests.robustez.paquetes import armar, copia

valor_json = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=20),
        st.sampled_from(
            [
                "",
                "CLSSA000581",
                "05",
                "faltante",
                "excedente",
                "FE",
                "2026-11-25T20:01:19Z",
                "2026-13-45T99:99:99Z",
                "si",
                "no",
                "x" * 400,
            ]
        ),
    ),  # fmt: skip
    lambda hijos: st.one_of(
        st.lists(hijos, max_size=3), st.dictionaries(st.text(max_size=12), hijos, max_size=3)
    ),
    max_leaves=6,
)


texto_plausible = st.sampled_from(
    ["", "CLSSA000581", "CLSSA002343", "CHSSA000372", "CLSSA999999", "05", "08", "99", "faltante",
     "excedente", "FE", "ZZ", "EST-ODO-0001", "NO-EXISTE", "si", "no", "unidad", "entidad",
     "2026-11-25T20:01:19Z", "1999-01-01T00:00:00Z", "2026-13-45T99:99:99Z", "t-1", "t-9"]
)  # fmt: skip


def del_mismo_tipo(actual):
    """Mostly a value of the same JSON type (so the checks behind the schema are
    reached: ranges, the guide's rules, the catalog, coherence), sometimes anything."""
    if isinstance(actual, bool):
        mismo = st.booleans()
    elif isinstance(actual, int):
        mismo = st.one_of(st.integers(-5, 5), st.integers(-(2**40), 2**40), st.just(actual + 1))
    elif isinstance(actual, str):
        mismo = st.one_of(texto_plausible, st.text(max_size=30))
    elif actual is None:
        mismo = st.one_of(st.none(), texto_plausible, st.integers(0, 10))
    else:
        mismo = valor_json
    return st.one_of(mismo, mismo, mismo, valor_json)


def caminos(valor, prefijo=()):
    yield prefijo
    if isinstance(valor, dict):
        for k, v in valor.items():
            yield from caminos(v, (*prefijo, k))
    elif isinstance(valor, list):
        for i, v in enumerate(valor):
            yield from caminos(v, (*prefijo, i))


@st.composite
def mutar_json(draw, valor):
    valor = json.loads(json.dumps(valor))
    for _ in range(draw(st.integers(1, 3))):
        todos = list(caminos(valor))
        camino = draw(st.sampled_from(todos))
        if not camino:
            valor = draw(valor_json)
            continue
        padre = valor
        for paso in camino[:-1]:
            padre = padre[paso]
        ultimo = camino[-1]
        accion = draw(
            st.sampled_from(["reemplazar", "reemplazar", "borrar", "agregar", "duplicar"])
        )
        if accion == "reemplazar":
            padre[ultimo] = draw(del_mismo_tipo(padre[ultimo]))
        elif accion == "borrar":
            del padre[ultimo]
        elif accion == "duplicar" and isinstance(padre, list):
            padre.append(json.loads(json.dumps(padre[ultimo])))
        elif isinstance(padre, dict):
            padre[draw(st.text(max_size=12))] = draw(valor_json)
        else:
            padre.insert(ultimo, draw(valor_json))
    return valor


def miembros_de(ruta: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(ruta) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def firmar(miembros: dict[str, bytes], manifiesto: dict, llave) -> bytes:
    """Re-sign: the manifest lists each member's real hash, then the real key signs it."""
    manifiesto = dict(manifiesto)
    if isinstance(manifiesto.get("archivos"), dict):
        manifiesto["archivos"] = {
            n: {"sha256": hashlib.sha256(b).hexdigest(), "bytes": len(b)}
            for n, b in sorted(miembros.items())
            if n not in (F.MANIFIESTO, F.FIRMA)
        }
    todos = dict(miembros)
    todos[F.MANIFIESTO] = F.json_bytes(manifiesto)
    todos[F.FIRMA] = llave.sign(todos[F.MANIFIESTO])
    salida = io.BytesIO()
    F.escribir_zip(todos, salida)
    return salida.getvalue()


@st.composite
def paquetes_malos(draw, base: dict[str, bytes], llave):
    tipo = draw(
        st.sampled_from(["bytes", "contenido", "contenido", "contenido", "manifiesto", "crudo"])
    )
    crudo_zip = io.BytesIO()
    F.escribir_zip(base, crudo_zip)
    original = crudo_zip.getvalue()
    if tipo == "bytes":  # damaged in transit: not re-signed
        datos = bytearray(original)
        for _ in range(draw(st.integers(1, 4))):
            i = draw(st.integers(0, len(datos) - 1))
            datos[i] = draw(st.integers(0, 255))
        if draw(st.booleans()):
            datos = datos[: draw(st.integers(0, len(datos)))]
        return bytes(datos)
    miembros = {n: b for n, b in base.items() if n not in (F.MANIFIESTO, F.FIRMA)}
    manifiesto = json.loads(base[F.MANIFIESTO])
    # A bundle the coordination has not seen yet, so the checks go past «already imported».
    manifiesto["paquete"] = str(draw(st.uuids(version=4)))
    manifiesto["secuencia"] = draw(st.integers(10**8, F.MAXIMO_SECUENCIA))
    if tipo == "contenido":
        nombre = draw(st.sampled_from([F.REGISTROS, F.ESTADO, F.BITACORA]))
        miembros[nombre] = F.json_bytes(draw(mutar_json(json.loads(miembros[nombre]))))
    elif tipo == "crudo":  # re-signed, but the member is not JSON (or not UTF-8)
        nombre = draw(st.sampled_from([F.REGISTROS, F.ESTADO, F.BITACORA, F.LLAVE]))
        miembros[nombre] = draw(st.binary(max_size=300))
    else:
        protegido = {"llave"}  # the key must stay the signer's for the signature to hold
        campo = draw(st.sampled_from(sorted(set(manifiesto) - protegido)))
        manifiesto[campo] = (
            draw(mutar_json(manifiesto[campo])) if draw(st.booleans()) else draw(valor_json)
        )
    return firmar(miembros, manifiesto, llave)


@pytest.fixture(scope="module")
def entorno(tmp_path_factory, ruta_catalogo_pequeno):
    carpeta = tmp_path_factory.mktemp("fuzz-paquetes")
    p = armar(carpeta / "armado", ruta_catalogo_pequeno)
    unidad = Almacen.abrir(p.unidad)
    llave = llave_privada(unidad)
    unidad.cerrar()
    return p, llave, carpeta


def _fuzz(entorno, tmp_path: Path, ejemplos: int) -> dict:
    p, llave, _ = entorno
    coordinacion = Almacen.abrir(copia(p.coordinacion, tmp_path / "coordinacion"))
    base = miembros_de(p.primeros[0])
    cuenta = {"ejemplos": 0, "aceptados": 0, "rechazos": 0}

    @settings(
        max_examples=ejemplos,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(paquetes_malos(base, llave))
    def prueba(datos):
        cuenta["ejemplos"] += 1
        ruta = tmp_path / f"caso-{cuenta['ejemplos']}.eyf"
        ruta.write_bytes(datos)
        antes = huella_archivos(coordinacion.ruta_bd)
        try:
            r = importar(coordinacion, [ruta], confiar=p.huellas)
        except Exception as exc:  # noqa: BLE001 - only ErrorEyF may escape; checked here
            mensaje_en_espanol(exc)
            assert huella_archivos(coordinacion.ruta_bd) == antes
            cuenta["rechazos"] += 1
            return
        [resultado] = r.resultados
        if resultado.aceptado:
            cuenta["aceptados"] += 1
        else:
            mensaje_en_espanol(ErrorEyF(resultado.mensaje))
            assert huella_archivos(coordinacion.ruta_bd) == antes, "un rechazo cambió la base"
            cuenta["rechazos"] += 1
        ruta.unlink()

    try:
        prueba()
    finally:
        coordinacion.cerrar()
    return cuenta


def test_paquetes_estropeados(entorno, tmp_path):
    cuenta = _fuzz(entorno, tmp_path, 40)
    assert cuenta["rechazos"] > 0


@pytest.mark.lento
def test_paquetes_estropeados_mil_ejemplos(entorno, tmp_path):
    cuenta = _fuzz(entorno, tmp_path, 1000)
    print(cuenta)
    assert cuenta["ejemplos"] >= 1000 and cuenta["rechazos"] > 500
