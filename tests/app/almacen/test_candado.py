"""A second copy of the window on the same data folder is refused; a killed
holder never leaves a stale lock."""

import os
import signal
import subprocess
import sys
import time

import pytest

from app.almacen.candado import Candado, InstanciaActiva


def test_segunda_copia_rechazada_con_quien_lo_tiene(tmp_path):
    with Candado(tmp_path):
        otro = Candado(tmp_path)
        assert otro.ocupado()
        with pytest.raises(InstanciaActiva, match=f"ya está abierto.*proceso {os.getpid()}"):
            otro.adquirir()
    assert not Candado(tmp_path).ocupado()
    with Candado(tmp_path):
        pass


def test_un_proceso_muerto_no_deja_candado(tmp_path):
    codigo = f"from app.almacen.candado import Candado; c = Candado({str(tmp_path)!r}); c.adquirir(); print('listo', flush=True); import time; time.sleep(60)"
    p = subprocess.Popen([sys.executable, "-c", codigo], stdout=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == "listo"
    assert Candado(tmp_path).ocupado()
    p.send_signal(signal.SIGKILL)
    p.wait()
    deadline = time.monotonic() + 5
    while Candado(tmp_path).ocupado() and time.monotonic() < deadline:
        time.sleep(0.05)
    Candado(tmp_path).adquirir()
