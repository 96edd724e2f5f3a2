"""The installation's key pair: created once, private file only for its owner,
passphrase protection, and a fingerprint people can read out."""

import re
import shutil
import stat
import subprocess

import pytest
from sqlalchemy import select

from app.almacen.modelos import Bitacora
from app.almacen.sesion import lectura
from app.paquetes import llaves
from app.paquetes.llaves import FraseIncorrecta, FraseNecesaria


def test_la_huella_se_crea_una_vez_y_se_lee_en_grupos(almacen):
    h = llaves.huella_instalacion(almacen)
    assert re.fullmatch(r"([0-9A-F]{4} ){7}[0-9A-F]{4}", h)
    assert llaves.huella_instalacion(almacen) == h
    privada = almacen.carpeta / "llaves" / "instalacion.key"
    assert stat.S_IMODE(privada.stat().st_mode) == 0o600
    assert stat.S_IMODE((almacen.carpeta / "llaves").stat().st_mode) == 0o700
    assert b"BEGIN PRIVATE KEY" in privada.read_bytes()


def test_otra_instalacion_tiene_otra_huella(almacen, tmp_path, ruta_catalogo_pequeno):
    from tests import fabricas

    otra = fabricas.almacen_con_catalogo(tmp_path / "otra", ruta_catalogo_pequeno)
    assert llaves.huella_instalacion(otra) != llaves.huella_instalacion(almacen)


def test_la_firma_se_verifica_con_la_llave_publica(almacen):
    privada = llaves.llave_privada(almacen)
    firma = privada.sign(b"datos")
    publica = llaves.llave_publica(almacen)
    assert llaves.verificar_firma(publica, firma, b"datos")
    assert not llaves.verificar_firma(publica, firma, b"datoz")


@pytest.mark.skipif(shutil.which("openssl") is None, reason="sin openssl")
def test_la_huella_es_el_sha256_del_der_como_lo_calcula_openssl(almacen):
    h = llaves.huella_instalacion(almacen)
    der = subprocess.run(
        [
            "openssl",
            "pkey",
            "-pubin",
            "-in",
            str(almacen.carpeta / "llaves" / "instalacion.pub"),
            "-outform",
            "DER",
        ],
        check=True,
        capture_output=True,
    ).stdout
    import hashlib

    assert llaves.huella_de_id(hashlib.sha256(der).hexdigest()) == h


def test_la_frase_protege_la_llave_y_no_cambia_la_huella(almacen):
    h = llaves.huella_instalacion(almacen)
    assert llaves.cambiar_frase(almacen, None, "frase secreta larga")
    privada = almacen.carpeta / "llaves" / "instalacion.key"
    assert b"BEGIN ENCRYPTED PRIVATE KEY" in privada.read_bytes()
    assert stat.S_IMODE(privada.stat().st_mode) == 0o600
    assert llaves.llave_protegida(almacen)
    assert llaves.huella_instalacion(almacen) == h  # shown without the passphrase
    with pytest.raises(FraseNecesaria, match="protegida con una frase"):
        llaves.llave_privada(almacen)
    with pytest.raises(FraseIncorrecta, match="no es correcta"):
        llaves.llave_privada(almacen, "otra frase")
    assert llaves.huella(llaves.llave_privada(almacen, "frase secreta larga").public_key()) == h
    # change, then remove
    with pytest.raises(FraseIncorrecta):
        llaves.cambiar_frase(almacen, "equivocada", "nueva frase larga")
    assert llaves.cambiar_frase(almacen, "frase secreta larga", "nueva frase larga")
    assert not llaves.cambiar_frase(almacen, "nueva frase larga", "")
    assert not llaves.llave_protegida(almacen)
    with lectura(almacen) as s:
        acciones = s.scalars(select(Bitacora.despues).where(Bitacora.accion == "llave_frase")).all()
    assert acciones == [{"protegida": True}, {"protegida": True}, {"protegida": False}]


def test_una_frase_corta_se_rechaza_sin_cambiar_la_llave(almacen):
    antes = llaves.huella_instalacion(almacen)
    privada = almacen.carpeta / "llaves" / "instalacion.key"
    contenido = privada.read_bytes()
    with pytest.raises(Exception, match="al menos 8"):
        llaves.cambiar_frase(almacen, None, "corta")
    assert privada.read_bytes() == contenido
    assert llaves.huella_instalacion(almacen) == antes


def test_permisos_abiertos_se_corrigen(almacen):
    llaves.huella_instalacion(almacen)
    privada = almacen.carpeta / "llaves" / "instalacion.key"
    privada.chmod(0o644)
    llaves.huella_instalacion(almacen)
    assert stat.S_IMODE(privada.stat().st_mode) == 0o600


def test_la_llave_publica_perdida_se_reconstruye(almacen):
    h = llaves.huella_instalacion(almacen)
    (almacen.carpeta / "llaves" / "instalacion.pub").unlink()
    assert llaves.huella_instalacion(almacen) == h


def test_normalizar_huella_acepta_como_se_escriba(almacen):
    h = llaves.huella_instalacion(almacen)
    assert llaves.normalizar_huella(h.replace(" ", "").lower()) == h
    assert llaves.normalizar_huella(h.replace(" ", "-")) == h
