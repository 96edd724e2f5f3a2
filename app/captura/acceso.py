"""Checking an entidad's password, with growing waits after failures that
survive restarts and clock changes."""

from __future__ import annotations

from datetime import datetime, timedelta

from app.almacen.almacen import Almacen
from app.almacen.modelos import IntentoContrasena
from app.almacen.modelos.base import ahora_utc
from app.almacen.sesion import transaccion
from app.captura import contrasenas
from app.captura.permisos import exigir_entidad
from app.errores import ErrorEyF


def _duracion(espera: timedelta) -> str:
    segundos = max(1, int(espera.total_seconds() + 0.999))
    if segundos < 60:
        return f"{segundos} segundos"
    minutos, resto = divmod(segundos, 60)
    return f"{minutos} min {resto:02d} s"


def comprobar_contrasena(
    almacen: Almacen, entidad_clave: str, contrasena: str, *, ahora: datetime | None = None
) -> None:
    """Raise ``ErrorEyF`` unless ``contrasena`` is the entidad's password.

    Every attempt is recorded in its own transaction (a failure must count even
    though the use case that asked is refused)."""
    ahora = ahora or ahora_utc()
    with transaccion(almacen) as s:
        entidad = exigir_entidad(s, entidad_clave)
        nombre = entidad.nombre
        if not entidad.contrasena:
            raise ErrorEyF(
                f"La entidad {nombre} no tiene contraseña asignada en el catálogo cargado; "
                "cargue el catálogo oficial que la incluye."
            )
        intento = s.get(IntentoContrasena, entidad_clave)
        if intento is None:
            intento = IntentoContrasena(entidad_clave=entidad_clave, fallos=0)
            s.add(intento)
        if intento.ultimo_fallo is not None and ahora < intento.ultimo_fallo:
            intento.ultimo_fallo = ahora  # the clock went back: the wait starts again now
        espera = contrasenas.espera_restante(intento.fallos, intento.ultimo_fallo, ahora)
        correcta = False
        if not espera:
            correcta = contrasenas.verificar(contrasena, entidad.contrasena)
            if correcta:
                intento.fallos, intento.ultimo_fallo = 0, None
            else:
                intento.fallos += 1
                intento.ultimo_fallo = ahora
                espera_nueva = contrasenas.espera_requerida(intento.fallos)
    if espera:
        raise ErrorEyF(
            f"Demasiados intentos fallidos con la contraseña de {nombre}. "
            f"Espere {_duracion(espera)} y vuelva a intentarlo."
        )
    if not correcta:
        aviso = (
            f" Por seguridad, espere {_duracion(espera_nueva)} antes del siguiente intento."
            if espera_nueva
            else ""
        )
        raise ErrorEyF(
            f"La contraseña de la entidad {nombre} no es correcta. Revise mayúsculas y "
            f"minúsculas: es la misma para todas las unidades de la entidad.{aviso}"
        )
