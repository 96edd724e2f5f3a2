"""The operating system's errors in Spanish: ``OSError.strerror`` comes in
the system's language (English on most machines), and a message a person
reads must not switch language halfway."""

from __future__ import annotations

import errno

_CAUSAS = {
    errno.ENOENT: "no existe",
    errno.ENOTDIR: "una parte de la ruta es un archivo, no una carpeta",
    errno.EISDIR: "es una carpeta, no un archivo",
    errno.EEXIST: "ya existe un archivo con ese nombre",
    errno.EACCES: "no hay permiso",
    errno.EPERM: "no hay permiso",
    errno.EROFS: "el disco o la memoria es de solo lectura",
    errno.ENOSPC: "el disco está lleno",
    getattr(errno, "EDQUOT", -1): "se acabó el espacio asignado",
    errno.EIO: "falló la lectura o la escritura del disco",
    errno.ENXIO: "el dispositivo no responde (¿se retiró la memoria?)",
    errno.ENODEV: "el dispositivo no responde (¿se retiró la memoria?)",
    errno.EBUSY: "está en uso por otro programa",
    errno.ENAMETOOLONG: "el nombre es demasiado largo",
    errno.EINVAL: "el nombre no es válido en este disco",
    errno.EMFILE: "hay demasiados archivos abiertos",
    errno.ETXTBSY: "está en uso por otro programa",
}


def causa(exc: BaseException) -> str:
    """Why an ``OSError`` happened, in a few Spanish words."""
    numero = getattr(exc, "errno", None)
    if numero in _CAUSAS:
        return _CAUSAS[numero]
    if isinstance(exc, PermissionError):
        return "no hay permiso"
    if numero:
        return f"error del sistema {errno.errorcode.get(numero, numero)}"
    return "error del sistema"
