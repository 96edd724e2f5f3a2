"""Bad files, each refused with its reason in Spanish before anything is
parsed or written: altered bytes, truncation, not a ZIP, dangerous names,
ZIP bombs, duplicate/missing/extra members, malformed JSON, absurd numbers."""

from __future__ import annotations

import json
import random
import shutil
import zipfile

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.captura.registro import registrar
from app.paquetes import formato as F
from app.paquetes.exportar import exportar
from app.paquetes.lector import PaqueteInvalido, leer_paquete
from app.paquetes.llaves import llave_privada
from app.paquetes.verificar import verificar
from tests.app.paquetes import armar
from tests.app.paquetes.conftest import CLUES, nueva_unidad


@pytest.fixture(scope="module")
def fuente(tmp_path_factory, ruta_catalogo_pequeno):
    """One unit and its bundle for the whole module (each test gets its own copy)."""
    carpeta = tmp_path_factory.mktemp("fuente")
    a = nueva_unidad(carpeta / "unidad", ruta_catalogo_pequeno)
    registrar(a, CLUES, "EST-ODO-0001", faltante_ambulatorio="5", causa="FE", pacientes="7")
    registrar(
        a,
        CLUES,
        "IMA-USG-0001",
        excedente_hospitalario="3",
        faltante_ambulatorio="2",
        causa="FI",
        pacientes="4",
    )
    ruta = exportar(a, carpeta).ruta
    yield a, ruta
    a.cerrar()


@pytest.fixture
def unidad(fuente):
    return fuente[0]


@pytest.fixture
def paquete(fuente, tmp_path):
    copia = tmp_path / fuente[1].name
    shutil.copyfile(fuente[1], copia)
    return copia


def rechazo(ruta) -> str:
    with pytest.raises(PaqueteInvalido) as e:
        leer_paquete(ruta)
    return str(e.value)


def test_un_paquete_intacto_se_lee(paquete):
    leido = leer_paquete(paquete)
    assert leido.manifiesto.conteos["registros"] == 3
    assert verificar(paquete).integro


def _todas_las_posiciones(datos: bytes, posiciones, tmp_path, cambio: int) -> list[int]:
    aceptadas = []
    ruta = tmp_path / "alterado.eyf"
    for i in posiciones:
        alterado = bytearray(datos)
        alterado[i] ^= cambio
        ruta.write_bytes(bytes(alterado))
        try:
            leer_paquete(ruta)
        except PaqueteInvalido:
            continue
        aceptadas.append(i)
    return aceptadas


def test_un_byte_alterado_en_cualquier_parte_se_rechaza(paquete, tmp_path):
    """Every ZIP header, every member and the signature; sampled (all bytes: prueba lenta)."""
    datos = paquete.read_bytes()
    azar = random.Random(6)
    posiciones = set(range(0, 120)) | set(range(len(datos) - 200, len(datos)))
    with zipfile.ZipFile(paquete) as zf:
        for info in zf.infolist():  # each local header and the first/last bytes of each member
            posiciones |= set(range(info.header_offset, info.header_offset + 40))
            fin = info.header_offset + 30 + len(info.filename) + info.compress_size
            posiciones |= {fin - 1, fin - 2}
    posiciones |= set(azar.sample(range(len(datos)), 300))
    assert _todas_las_posiciones(datos, sorted(posiciones), tmp_path, 0x01) == []
    assert _todas_las_posiciones(datos, sorted(posiciones), tmp_path, 0x80) == []


@pytest.mark.lento
def test_cada_byte_alterado_se_rechaza(paquete, tmp_path):
    datos = paquete.read_bytes()
    for cambio in (0x01, 0x80, 0xFF):
        assert _todas_las_posiciones(datos, range(len(datos)), tmp_path, cambio) == []


def test_firma_que_no_corresponde(paquete, tmp_path):
    contenido = armar.miembros(paquete)
    m = json.loads(contenido[F.MANIFIESTO])
    m["secuencia"] = 99  # the manifest changed, the signature did not
    contenido[F.MANIFIESTO] = F.json_bytes(m)
    assert "la firma no corresponde" in rechazo(armar.escribir(tmp_path / "x.eyf", contenido))


def test_miembro_cambiado_con_zip_reconstruido(paquete, tmp_path):
    contenido = armar.miembros(paquete)
    contenido[F.REGISTROS] = contenido[F.REGISTROS].replace(b'"pacientes": 7', b'"pacientes": 9')
    motivo = rechazo(armar.escribir(tmp_path / "x.eyf", contenido))
    assert "registros.json" in motivo and "no coincide con la huella firmada" in motivo


@pytest.mark.parametrize("corte", [1, 22, 100, 0.5, 0.9])
def test_archivo_truncado(paquete, tmp_path, corte):
    datos = paquete.read_bytes()
    n = len(datos) - corte if isinstance(corte, int) else int(len(datos) * corte)
    ruta = tmp_path / "cortado.eyf"
    ruta.write_bytes(datos[:n])
    assert "incompleto o dañado" in rechazo(ruta)


def test_no_es_zip(tmp_path):
    texto = tmp_path / "carta.eyf"
    texto.write_text("Hola, aquí va el paquete", encoding="utf-8")
    assert "no es un archivo ZIP" in rechazo(texto)
    pdf = tmp_path / "reporte.eyf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    assert "no es un archivo ZIP" in rechazo(pdf)
    vacio = tmp_path / "vacio.eyf"
    vacio.write_bytes(b"")
    assert "vacío" in rechazo(vacio)
    assert "no existe" in rechazo(tmp_path / "no-esta.eyf")
    assert "carpeta" in rechazo(tmp_path)


@pytest.mark.parametrize(
    "nombre",
    ["../manifest.json", "../../etc/passwd", "/etc/passwd", "registros/../../x", "C:/x.json"],
)
def test_nombres_peligrosos(paquete, tmp_path, nombre):
    contenido = armar.miembros(paquete)
    lista = list(contenido.items()) + [(nombre, b"malo")]
    motivo = rechazo(armar.zip_crudo(tmp_path / "x.eyf", lista))
    assert "nombre peligroso" in motivo
    assert not (tmp_path.parent / "x").exists()


def test_zip_bomba_por_tamano_declarado(paquete, tmp_path):
    contenido = armar.miembros(paquete)
    contenido[F.REGISTROS] = b"0" * (F.MAXIMOS[F.REGISTROS] + 1)  # compresses to ~65 KB
    ruta = armar.zip_crudo(tmp_path / "bomba.eyf", list(contenido.items()), comprimir={F.REGISTROS})
    assert ruta.stat().st_size < 1_000_000
    motivo = rechazo(ruta)
    assert "bomba ZIP" in motivo and "registros.json" in motivo


def test_zip_bomba_que_miente_en_su_tamano(paquete, tmp_path):
    """A member that declares 1 KB but inflates to 60 MB: never inflated past what it declared."""
    contenido = armar.miembros(paquete)
    contenido[F.BITACORA] = b" " * (60 * F.MB)
    ruta = armar.zip_crudo(tmp_path / "bomba.eyf", list(contenido.items()), comprimir={F.BITACORA})
    datos = bytearray(ruta.read_bytes())
    with zipfile.ZipFile(ruta) as zf:
        info = zf.getinfo(F.BITACORA)
    falso = (1024).to_bytes(4, "little")
    datos[info.header_offset + 22 : info.header_offset + 26] = falso  # local header
    # and its central directory entry
    i = 0
    while (i := datos.find(b"PK\x01\x02", i)) != -1:
        largo = int.from_bytes(datos[i + 28 : i + 30], "little")
        if datos[i + 46 : i + 46 + largo] == F.BITACORA.encode():
            datos[i + 24 : i + 28] = falso
        i += 4
    ruta.write_bytes(bytes(datos))
    motivo = rechazo(ruta)
    assert "«bitacora.json» está comprimido" in motivo


def test_archivo_enorme_no_se_lee(tmp_path):
    ruta = tmp_path / "enorme.eyf"
    with open(ruta, "wb") as archivo:
        archivo.truncate(F.MAXIMO_ARCHIVO + 1)  # sparse: no disk used
    assert "más de lo que puede medir un paquete" in rechazo(ruta)


def test_miembro_repetido(paquete, tmp_path):
    contenido = armar.miembros(paquete)
    lista = list(contenido.items()) + [(F.REGISTROS, contenido[F.REGISTROS])]
    assert "dos veces" in rechazo(armar.zip_crudo(tmp_path / "x.eyf", lista))


def test_miembro_faltante(paquete, tmp_path):
    contenido = armar.miembros(paquete)
    del contenido[F.BITACORA]
    assert "le falta «bitacora.json»" in rechazo(armar.escribir(tmp_path / "x.eyf", contenido))
    contenido = armar.miembros(paquete)
    del contenido[F.FIRMA]
    assert "le falta «manifest.sig»" in rechazo(armar.escribir(tmp_path / "y.eyf", contenido))


def test_miembro_de_mas(paquete, tmp_path):
    contenido = armar.miembros(paquete)
    lista = list(contenido.items()) + [("leeme.txt", b"hola")]
    assert "no pertenece a un paquete" in rechazo(armar.zip_crudo(tmp_path / "x.eyf", lista))


def test_miembro_declarado_pero_ausente_aunque_firmado(unidad, paquete, tmp_path):
    contenido = armar.miembros(paquete)
    llave = llave_privada(unidad)
    firmado = armar.refirmar(contenido, llave)
    m = json.loads(firmado[F.MANIFIESTO])
    m["archivos"][F.REPORTE] = {"sha256": "0" * 64, "bytes": 10}
    firmado[F.MANIFIESTO] = F.json_bytes(m)
    firmado[F.FIRMA] = llave.sign(firmado[F.MANIFIESTO])
    motivo = rechazo(armar.escribir(tmp_path / "x.eyf", firmado))
    assert "no son los que declara su manifiesto" in motivo


def test_json_malformado_aunque_bien_firmado(unidad, paquete, tmp_path):
    llave = llave_privada(unidad)
    casos = {
        b'{"registros": [': "no es JSON válido (línea 1",
        b"\xff\xfe": "no es texto UTF-8",
        b'{"registros": [], "registros": []}': "aparece dos veces",
        b'{"registros": [NaN]}': "NaN no está permitido",
        b"[" * 100_000 + b"]" * 100_000: "anidado demasiado profundo",
        b'{"registros": [' + b"9" * 5000 + b"]}": "número absurdo",
        b'{"registros": {}}': "se esperaba una lista",
    }
    for i, (datos, esperado) in enumerate(casos.items()):
        firmado = armar.refirmar(armar.miembros(paquete), llave, cambios={F.REGISTROS: datos})
        motivo = rechazo(armar.escribir(tmp_path / f"x{i}.eyf", firmado))
        assert "registros.json" in motivo and esperado in motivo, motivo


def test_campo_desconocido_y_tipos_ajenos(unidad, paquete, tmp_path):
    llave = llave_privada(unidad)

    def con(cambio):
        return rechazo(
            armar.escribir(
                tmp_path / "x.eyf",
                armar.refirmar(armar.miembros(paquete), llave, manifiesto=cambio),
            )
        )

    assert "sobran campos desconocidos «color»" in con(lambda m: m.update(color="azul"))
    assert "falta" in con(lambda m: m.pop("secuencia"))
    assert "no es un paquete de EyF" in con(lambda m: m.update(tipo="eyf-catalogo/1"))
    assert "Actualice EyF" in con(lambda m: m.update(tipo="eyf-paquete/2"))
    assert "alcance" in con(lambda m: m.update(alcance="pais"))
    assert "no es una CLUES" in con(lambda m: m.update(clues=["../../etc"]))


@pytest.mark.parametrize(
    ("campo", "valor", "esperado"),
    [
        ("secuencia", 10**12, "fuera del intervalo"),
        ("secuencia", 0, "fuera del intervalo"),
        ("secuencia", -3, "fuera del intervalo"),
        ("secuencia", True, "se esperaba un número entero"),
        ("secuencia", 2.5, "se esperaba un número entero"),
        ("periodo", 30000, "fuera del intervalo"),
        ("creado_en", "9999-12-31T00:00:00Z", "no es plausible"),
        ("creado_en", "ayer", "fecha y hora"),
    ],
)
def test_numeros_absurdos_en_el_manifiesto(unidad, paquete, tmp_path, campo, valor, esperado):
    firmado = armar.refirmar(
        armar.miembros(paquete),
        llave_privada(unidad),
        manifiesto=lambda m: m.update({campo: valor}),
    )
    assert esperado in rechazo(armar.escribir(tmp_path / "x.eyf", firmado))


def test_conteos_que_no_cuadran(unidad, paquete, tmp_path):
    firmado = armar.refirmar(
        armar.miembros(paquete),
        llave_privada(unidad),
        manifiesto=lambda m: m["conteos"].update(registros=10**9),
    )
    assert "fuera del intervalo" in rechazo(armar.escribir(tmp_path / "x.eyf", firmado))
    firmado = armar.refirmar(
        armar.miembros(paquete),
        llave_privada(unidad),
        manifiesto=lambda m: m["conteos"].update(registros=2),
    )
    assert "declara 2 en «registros» pero contiene 3" in rechazo(
        armar.escribir(tmp_path / "y.eyf", firmado)
    )


def test_huella_que_no_es_de_la_llave(unidad, paquete, tmp_path):
    otra = Ed25519PrivateKey.generate()
    firmado = armar.refirmar(armar.miembros(paquete), otra)
    m = json.loads(firmado[F.MANIFIESTO])
    m["llave"]["huella"] = json.loads(armar.miembros(paquete)[F.MANIFIESTO])["llave"]["huella"]
    firmado[F.MANIFIESTO] = F.json_bytes(m)
    firmado[F.FIRMA] = otra.sign(firmado[F.MANIFIESTO])
    assert "no corresponde a su llave" in rechazo(armar.escribir(tmp_path / "x.eyf", firmado))


def test_verificar_dice_por_que_no_esta_integro(paquete, tmp_path):
    datos = bytearray(paquete.read_bytes())
    datos[len(datos) // 2] ^= 0x10
    ruta = tmp_path / "malo.eyf"
    ruta.write_bytes(bytes(datos))
    v = verificar(ruta)
    assert not v.integro and v.huella is None and "malo.eyf" in v.motivo
