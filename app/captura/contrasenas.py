"""Entidad passwords: stored only as a salted scrypt hash that carries its
algorithm and parameters, and throttled after repeated failures.

Format: ``scrypt$n=16384,r=8,p=1$<salt base64>$<derived key base64>``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from datetime import datetime, timedelta

N, R, P = 2**14, 8, 1
LARGO_DERIVADA = 32
_RE = re.compile(
    r"^scrypt\$n=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$"
)
# Growing waits: after 3 failures, 30 s; then doubling, capped at 15 minutes.
FALLOS_LIBRES = 3
ESPERA_BASE = timedelta(seconds=30)
ESPERA_MAXIMA = timedelta(minutes=15)


def cifrar(contrasena: str, sal: bytes | None = None) -> str:
    sal = os.urandom(16) if sal is None else sal
    derivada = hashlib.scrypt(
        contrasena.encode("utf-8"), salt=sal, n=N, r=R, p=P, dklen=LARGO_DERIVADA
    )
    b64 = base64.b64encode
    return f"scrypt$n={N},r={R},p={P}${b64(sal).decode()}${b64(derivada).decode()}"


def formato_valido(cifrada: str) -> bool:
    m = _RE.match(cifrada)
    if not m:
        return False
    n, r, p = (int(x) for x in m.groups()[:3])
    # Sane bounds: a power of two N, and memory (128·r·N bytes) under 256 MB.
    if not (n >= 2 and n & (n - 1) == 0 and 1 <= r <= 64 and 1 <= p <= 16 and 128 * r * n <= 2**28):
        return False
    # Salt and key must really be base64 (the pattern alone lets "AAAAA" through,
    # which made every later check of that entidad's password crash).
    try:
        sal = base64.b64decode(m.group(4), validate=True)
        derivada = base64.b64decode(m.group(5), validate=True)
    except ValueError:
        return False
    return len(sal) >= 8 and len(derivada) >= 16


def verificar(contrasena: str, cifrada: str) -> bool:
    """True when ``contrasena`` matches the stored hash (constant-time compare)."""
    m = _RE.match(cifrada)
    if not m or not formato_valido(cifrada):
        return False
    n, r, p = (int(x) for x in m.groups()[:3])
    sal = base64.b64decode(m.group(4))
    esperada = base64.b64decode(m.group(5))
    derivada = hashlib.scrypt(
        contrasena.encode("utf-8"),
        salt=sal,
        n=n,
        r=r,
        p=p,
        dklen=len(esperada),
        maxmem=2**29,
    )
    return hmac.compare_digest(derivada, esperada)


def espera_requerida(fallos: int) -> timedelta:
    """How long to wait after the last failure before trying again."""
    if fallos < FALLOS_LIBRES:
        return timedelta(0)
    # The exponent is capped: 2**45 × 30 s overflowed timedelta and then every
    # check of that entidad's password crashed, the right one included.
    espera = ESPERA_BASE * (2 ** min(fallos - FALLOS_LIBRES, 20))
    return min(espera, ESPERA_MAXIMA)


def espera_restante(fallos: int, ultimo_fallo: datetime | None, ahora: datetime) -> timedelta:
    """Remaining wait; a clock set back before the last failure restarts the wait
    instead of lifting it (so changing the date does not help a guesser)."""
    if ultimo_fallo is None:
        return timedelta(0)
    if ahora < ultimo_fallo:
        return espera_requerida(fallos)
    return max(timedelta(0), ultimo_fallo + espera_requerida(fallos) - ahora)
