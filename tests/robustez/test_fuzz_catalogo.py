"""The catalog importer fuzzed with hypothesis: mutated CSV bytes, broken
structures, damaged ZIPs. Never an unhandled exception; every refusal is a
Spanish ErrorEyF and leaves the database byte for byte as it was; what is
accepted is a whole, valid catalog.

Fast variant: a few dozen examples; ``lento`` (CI): 1,000.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.almacen.sesion import lectura
from app.catalogo.formato import ARCHIVO_DATOS, ARCHIVOS
from app.catalogo.importar import contenido_actual, importar_catalogo
from app.catalogo.validacion import leer_catalogo
from tests import fabricas
from tests.robustez.espanol import huella_archivos, mensaje_en_espanol

NOMBRES = [ARCHIVO_DATOS, *ARCHIVOS]


def archivos_validos(tmp: Path) -> dict[str, bytes]:
    carpeta = fabricas.escribir_catalogo(tmp / "valido")
    return {n: (carpeta / n).read_bytes() for n in NOMBRES}


celda = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", " ", "05", "5", "CL", "ZZ", "CLSSA000581", "si", "no", "2026-02-30", "1e3", "-1",
                     "91.5", "12,5", "scrypt$n=16384,r=8,p=1$AAAAA$AAAA", "x" * 400, '"', "a,b", "\x00"]),
)  # fmt: skip


@st.composite
def mutar_csv(draw, datos: bytes) -> bytes:
    """One of the ways a catalog file goes wrong in real life."""
    lineas = datos.decode("utf-8").splitlines(keepends=True)
    tipo = draw(
        st.sampled_from(
            ["binario", "insertar", "cortar", "celda", "fila", "quitar_fila", "duplicar_fila",
             "encabezado", "latin1", "bom", "nul", "comillas", "vacio", "separador"]
        )
    )  # fmt: skip
    if tipo == "binario":
        return draw(st.binary(max_size=600))
    if tipo == "insertar":
        i = draw(st.integers(0, len(datos)))
        return datos[:i] + draw(st.binary(min_size=1, max_size=20)) + datos[i:]
    if tipo == "cortar":
        return datos[: draw(st.integers(0, len(datos)))]
    if tipo == "vacio":
        return b""
    if tipo == "latin1":
        return datos.decode("utf-8").encode("latin-1", "replace")
    if tipo == "bom":
        return b"\xef\xbb\xbf" + datos
    if tipo == "nul":
        return datos.replace(b",", b"\x00,", 1)
    if tipo == "separador":
        return datos.replace(b",", b";")
    if tipo == "comillas":
        i = draw(st.integers(0, len(datos)))
        return datos[:i] + b'"' + datos[i:]
    if len(lineas) < 2:
        return datos
    n = draw(st.integers(1, len(lineas) - 1))
    if tipo == "quitar_fila":
        del lineas[n]
    elif tipo == "duplicar_fila":
        lineas.insert(n, lineas[n])
    elif tipo == "encabezado":
        columnas = lineas[0].rstrip("\r\n").split(",")
        accion = draw(st.sampled_from(["quitar", "repetir", "renombrar", "cambiar_orden"]))
        j = draw(st.integers(0, len(columnas) - 1))
        if accion == "quitar":
            del columnas[j]
        elif accion == "repetir":
            columnas.append(columnas[j])
        elif accion == "renombrar":
            columnas[j] = draw(celda).replace(",", "").replace("\n", "")
        else:
            columnas.reverse()
        lineas[0] = ",".join(columnas) + "\n"
    else:  # a cell, or a whole row of cells
        valores = lineas[n].rstrip("\r\n").split(",")
        if tipo == "celda":
            j = draw(st.integers(0, len(valores) - 1))
            valores[j] = draw(celda)
        else:
            valores = [draw(celda) for _ in range(draw(st.integers(0, len(valores) + 1)))]
        lineas[n] = ",".join(valores) + "\n"
    return "".join(lineas).encode("utf-8", "surrogatepass")


@st.composite
def catalogos_estropeados(draw, validos: dict[str, bytes]):
    archivos = dict(validos)
    for nombre in draw(st.lists(st.sampled_from(NOMBRES), min_size=1, max_size=3, unique=True)):
        if draw(st.integers(0, 9)) == 0:
            del archivos[nombre]
        else:
            archivos[nombre] = draw(mutar_csv(validos[nombre]))
    forma = draw(
        st.sampled_from(["carpeta", "carpeta", "zip", "zip_en_subcarpeta", "zip_roto", "basura"])
    )
    return forma, archivos, draw(st.binary(max_size=200)), draw(st.integers(0, 10_000))


def escribir(
    destino: Path, forma: str, archivos: dict[str, bytes], basura: bytes, corte: int
) -> Path:
    if forma == "carpeta":
        destino.mkdir(parents=True)
        for nombre, datos in archivos.items():
            (destino / nombre).write_bytes(datos)
        return destino
    if forma == "basura":
        ruta = destino.with_suffix(".zip")
        ruta.write_bytes(basura)
        return ruta
    memoria = io.BytesIO()
    with zipfile.ZipFile(memoria, "w", zipfile.ZIP_DEFLATED) as zf:
        for nombre, datos in archivos.items():
            zf.writestr(("catalogo/" if forma == "zip_en_subcarpeta" else "") + nombre, datos)
    datos = memoria.getvalue()
    if forma == "zip_roto":
        i = corte % max(1, len(datos))
        datos = datos[:i] + basura + datos[i + len(basura) :]
    ruta = destino.with_suffix(".zip")
    ruta.write_bytes(datos)
    return ruta


def _fuzz(almacen, tmp_path: Path, ejemplos: int) -> dict:
    validos = archivos_validos(tmp_path)
    cuenta = {"ejemplos": 0, "aceptados": 0, "rechazos": 0}

    @settings(
        max_examples=ejemplos,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(catalogos_estropeados(validos))
    def prueba(caso):
        cuenta["ejemplos"] += 1
        ruta = escribir(tmp_path / f"caso-{cuenta['ejemplos']}", *caso)
        antes = huella_archivos(almacen.ruta_bd)
        try:
            leido = leer_catalogo(ruta)
        except Exception as exc:  # noqa: BLE001 - only ErrorEyF may escape; checked here
            mensaje_en_espanol(exc)
            leido = None
        try:
            importar_catalogo(almacen, ruta)
        except Exception as exc:  # noqa: BLE001
            mensaje_en_espanol(exc)
            assert leido is None, "leer_catalogo lo aceptó y la importación no"
            assert huella_archivos(almacen.ruta_bd) == antes, "un rechazo cambió la base"
            cuenta["rechazos"] += 1
        else:
            assert leido is not None
            with lectura(almacen) as s:  # exactly what was read is what is in force
                assert contenido_actual(s) == leido
            cuenta["aceptados"] += 1

    prueba()
    return cuenta


def test_catalogos_estropeados(almacen, tmp_path):
    cuenta = _fuzz(almacen, tmp_path, 40)
    assert cuenta["rechazos"] > 0


@pytest.mark.lento
def test_catalogos_estropeados_mil_ejemplos(almacen, tmp_path):
    cuenta = _fuzz(almacen, tmp_path, 1000)
    print(cuenta)
    assert cuenta["ejemplos"] >= 1000 and cuenta["rechazos"] > 500 and cuenta["aceptados"] > 0


@pytest.mark.parametrize(
    "caso",
    [
        "nul",
        "campo_enorme",
        "salto_suelto",
        "zip_metodo_desconocido",
        "zip_cabecera_rota",
        "fecha_de_hoja_de_calculo",
    ],
)
def test_casos_que_encontro_el_fuzzing(almacen, tmp_path, caso):
    """Regression: csv's and zipfile's English texts reached the person
    («line contains NUL», «Bad magic number for file header»…); a ZIP with an
    unknown compression method raised NotImplementedError; a period date not
    written AAAA-MM-DD (31/12/2099, as spreadsheets write it) ended in an
    AssertionError instead of a message."""
    validos = archivos_validos(tmp_path)
    archivos = dict(validos)
    forma = "carpeta"
    if caso == "nul":
        archivos["causas.csv"] = validos["causas.csv"] + b"XX,Otra\x00causa\n"
    elif caso == "campo_enorme":
        archivos["causas.csv"] = validos["causas.csv"] + b'XX,"' + b"a" * 200_000 + b"\n"
    elif caso == "salto_suelto":
        archivos["causas.csv"] = validos["causas.csv"] + b'XX,"Otra"\rcausa\n'
    elif caso == "fecha_de_hoja_de_calculo":
        archivos["catalogo.csv"] = validos["catalogo.csv"].replace(b"2099-12-31", b"31/12/2099")
    ruta = escribir(tmp_path / caso, "zip" if caso.startswith("zip") else forma, archivos, b"", 0)
    if caso == "zip_metodo_desconocido":
        datos = bytearray(ruta.read_bytes())
        for firma in (b"PK\x03\x04", b"PK\x01\x02"):  # local and central headers
            i = datos.find(firma)
            while i != -1:
                desplazamiento = 8 if firma == b"PK\x03\x04" else 10
                datos[i + desplazamiento : i + desplazamiento + 2] = (99).to_bytes(2, "little")
                i = datos.find(firma, i + 4)
        ruta.write_bytes(bytes(datos))
    elif caso == "zip_cabecera_rota":
        datos = bytearray(ruta.read_bytes())
        datos[0:4] = b"PK\x00\x00"
        ruta.write_bytes(bytes(datos))
    antes = huella_archivos(almacen.ruta_bd)
    with pytest.raises(Exception) as e:
        importar_catalogo(almacen, ruta)
    texto = mensaje_en_espanol(e.value)
    if caso == "fecha_de_hoja_de_calculo":
        assert "debe ser una fecha AAAA-MM-DD válida, no «31/12/2099»" in texto
    assert huella_archivos(almacen.ruta_bd) == antes
