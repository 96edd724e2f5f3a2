"""Password throttling proven across real process restarts and clock changes,
and two crashes it had (found while reviewing it for the robustness issue)."""

import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from app.almacen.modelos import IntentoContrasena
from app.almacen.sesion import transaccion
from app.captura import contrasenas
from app.captura.acceso import comprobar_contrasena
from app.catalogo.validacion import leer_catalogo
from app.errores import ErrorEyF
from tests import fabricas


def configurar(carpeta, contrasena: str) -> subprocess.CompletedProcess:
    """A fresh ``eyf`` process each time: nothing survives but the database."""
    return subprocess.run(
        [sys.executable, "-m", "app", "--datos", str(carpeta), "configurar", "--modo", "estatal",
         "--entidad", "05", "--persona", "Ana", "--contrasena", contrasena],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def fijar_ultimo_fallo(ruta_bd, momento: datetime, fallos: int | None = None) -> None:
    con = sqlite3.connect(ruta_bd)
    con.execute("UPDATE intento_contrasena SET ultimo_fallo = ?", (momento.isoformat(" "),))
    if fallos is not None:
        con.execute("UPDATE intento_contrasena SET fallos = ?", (fallos,))
    con.commit()
    con.close()


def ahora_utc() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@pytest.mark.lento
def test_la_espera_sobrevive_a_reiniciar_el_programa_y_a_atrasar_el_reloj(almacen, carpeta):
    for _ in range(2):  # two failures in this process…
        with pytest.raises(ErrorEyF, match="no es correcta"):
            comprobar_contrasena(almacen, "05", "mala")
    almacen.cerrar()
    r = configurar(carpeta, "mala")  # …the third in another: it counts the earlier ones
    assert r.returncode == 1 and "no es correcta" in r.stderr, r.stderr
    assert "espere 30 segundos" in r.stderr
    # A new process with the right password still has to wait.
    r = configurar(carpeta, "demo-05")
    assert r.returncode == 1 and "Demasiados intentos" in r.stderr and "Espere" in r.stderr
    # The computer's clock set back a month: the failures look "in the future";
    # the wait starts again instead of being lifted.
    ruta_bd = carpeta / "eyf.sqlite3"
    fijar_ultimo_fallo(ruta_bd, ahora_utc() + timedelta(days=30))
    r = configurar(carpeta, "demo-05")
    assert r.returncode == 1 and "Demasiados intentos" in r.stderr
    # Once the wait has really passed, the right password is accepted.
    fijar_ultimo_fallo(ruta_bd, ahora_utc() - timedelta(minutes=1))
    r = configurar(carpeta, "demo-05")
    assert r.returncode == 0, r.stderr


def test_muchisimos_fallos_no_rompen_la_comprobacion(almacen):
    """Regression: 2**(fallos-3) × 30 s overflowed after ~45 failures and the
    entidad could never be unlocked again (not even with the right password)."""
    t0 = datetime(2026, 11, 25, 10)
    with transaccion(almacen) as s:
        s.add(IntentoContrasena(entidad_clave="05", fallos=10_000, ultimo_fallo=t0))
    assert contrasenas.espera_requerida(10_000) == contrasenas.ESPERA_MAXIMA
    with pytest.raises(ErrorEyF, match="Espere 15 min 00 s"):
        comprobar_contrasena(almacen, "05", "demo-05", ahora=t0)
    comprobar_contrasena(almacen, "05", "demo-05", ahora=t0 + timedelta(minutes=16))


@pytest.mark.parametrize(
    "malo",
    [
        "scrypt$n=16384,r=8,p=1$AAAAA$AAAA",  # base64 that does not decode
        "scrypt$n=16384,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA==$AA==",  # a 1-byte key
        "scrypt$n=16384,r=8,p=1$AA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",  # 1-byte salt
    ],
)
def test_un_hash_mal_formado_se_rechaza_al_cargar_el_catalogo(tmp_path, malo):
    """Regression: the pattern let an undecodable hash into the catalog, and
    every later password check for that entidad raised binascii.Error."""
    assert not contrasenas.formato_valido(malo)
    assert contrasenas.verificar("demo-05", malo) is False
    contenido = fabricas.contenido_pequeno()
    coahuila, *otras = contenido.entidades
    entidades = (replace(coahuila, contrasena=malo), *otras)
    ruta = fabricas.escribir_catalogo(tmp_path / "cat", replace(contenido, entidades=entidades))
    with pytest.raises(ErrorEyF, match="contrasena.*no tiene el formato scrypt"):
        leer_catalogo(ruta)
