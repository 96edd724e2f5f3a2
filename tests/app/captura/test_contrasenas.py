"""Entidad passwords: salted slow hashes, and growing waits after failures."""

from datetime import datetime, timedelta

import pytest

from app.almacen.almacen import Almacen
from app.captura import contrasenas
from app.captura.acceso import comprobar_contrasena
from app.errores import ErrorEyF


def test_hash_lleva_algoritmo_parametros_y_sal():
    a, b = contrasenas.cifrar("demo-05"), contrasenas.cifrar("demo-05")
    assert a.startswith("scrypt$n=16384,r=8,p=1$") and a != b  # distinct salts
    assert "demo-05" not in a
    assert contrasenas.verificar("demo-05", a) and contrasenas.verificar("demo-05", b)
    assert not contrasenas.verificar("demo-5", a)
    assert contrasenas.formato_valido(a)


@pytest.mark.parametrize(
    "malo",
    [
        "",
        "demo-05",
        "scrypt$n=3,r=8,p=1$AAAA$AAAA",
        "scrypt$n=1048576,r=64,p=1$AAAA$AAAA",
        "md5$abc",
    ],
)
def test_formatos_invalidos_nunca_verifican(malo):
    assert not contrasenas.formato_valido(malo)
    assert not contrasenas.verificar("demo-05", malo)


def test_esperas_crecientes():
    esperas = [contrasenas.espera_requerida(n) for n in range(1, 10)]
    assert esperas[:2] == [timedelta(0)] * 2
    assert esperas[2] == timedelta(seconds=30)
    assert all(b >= a for a, b in zip(esperas, esperas[1:], strict=False))
    assert esperas[-1] == timedelta(minutes=15)


def test_bloqueo_tras_fallos_persiste_entre_reinicios(almacen, carpeta):
    t0 = datetime(2026, 11, 25, 10, 0, 0)
    for i in range(3):
        with pytest.raises(ErrorEyF, match="no es correcta"):
            comprobar_contrasena(almacen, "05", "mala", ahora=t0 + timedelta(seconds=i))
    # Even the right password waits now, and after a restart too.
    reabierto = Almacen.abrir(carpeta)
    with pytest.raises(ErrorEyF, match="Demasiados intentos fallidos.*Espere"):
        comprobar_contrasena(reabierto, "05", "demo-05", ahora=t0 + timedelta(seconds=10))
    comprobar_contrasena(reabierto, "05", "demo-05", ahora=t0 + timedelta(seconds=40))
    # success resets the counter
    with pytest.raises(ErrorEyF, match="no es correcta"):
        comprobar_contrasena(reabierto, "05", "mala", ahora=t0 + timedelta(seconds=41))


def test_atrasar_el_reloj_no_levanta_el_bloqueo(almacen):
    t0 = datetime(2026, 11, 25, 10, 0, 0)
    for i in range(4):
        with pytest.raises(ErrorEyF):
            comprobar_contrasena(almacen, "05", "mala", ahora=t0 + timedelta(seconds=i * 100))
    atrasado = t0 - timedelta(days=30)
    with pytest.raises(ErrorEyF, match="Demasiados intentos"):
        comprobar_contrasena(almacen, "05", "demo-05", ahora=atrasado)
    with pytest.raises(ErrorEyF, match="Demasiados intentos"):
        comprobar_contrasena(almacen, "05", "demo-05", ahora=atrasado + timedelta(seconds=30))
    comprobar_contrasena(almacen, "05", "demo-05", ahora=atrasado + timedelta(seconds=61))
