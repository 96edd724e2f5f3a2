"""One line of the self-check, and the guard that turns any failure of a
check into a problem line instead of a crash."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass

from app.almacen.fallos import clase, mensaje
from app.errores import ErrorEyF

SOPORTE = "Envíe este diagnóstico completo al soporte técnico."


@dataclass(frozen=True)
class Comprobacion:
    clave: str  # stable, for programs: programa, carpeta, base, migraciones, catalogo, reporte, paquete
    nombre: str  # for people
    ok: bool
    detalle: str  # what was found, or the problem
    que_hacer: str | None = None  # only for a problem


def bien(clave: str, nombre: str, detalle: str) -> Comprobacion:
    return Comprobacion(clave, nombre, True, detalle)


def mal(clave: str, nombre: str, problema: str, que_hacer: str = SOPORTE) -> Comprobacion:
    return Comprobacion(clave, nombre, False, problema, que_hacer)


def resguardar(clave: str, nombre: str, paso: Callable[[], Comprobacion]) -> Comprobacion:
    """Run one check; a refusal or an unexpected error becomes its problem line."""
    try:
        return paso()
    except ErrorEyF as exc:
        return mal(
            clave, nombre, str(exc), "Si así no se resuelve, " + SOPORTE[0].lower() + SOPORTE[1:]
        )
    except Exception as exc:  # a bug or a broken installation: say what, never crash
        tipo = clase(exc, sistema=True)
        if tipo is not None:  # the machine's fault (a damaged or busy database…)
            return mal(
                clave,
                nombre,
                f"no se pudo revisar. {mensaje(tipo, None)}",
                "Resuélvalo y vuelva a revisar; si sigue igual, "
                + SOPORTE[0].lower()
                + SOPORTE[1:],
            )
        lugar = traceback.extract_tb(exc.__traceback__)[-1]
        return mal(
            clave,
            nombre,
            f"error inesperado ({type(exc).__name__}: {exc}; en {lugar.name}, línea {lugar.lineno})",
            "Reinstale el programa; si sigue igual, " + SOPORTE[0].lower() + SOPORTE[1:],
        )
