"""The version numbers Windows shows in a file's properties (four numbers)
and the version resource of the executables, from ``app/acerca.py``."""

from __future__ import annotations

ESPANOL_MEXICO = 0x080A
UNICODE = 1200


def numeros(version: str) -> tuple[int, int, int, int]:
    """ "0.1.0" -> (0, 1, 0, 0); "1.2.0rc1" -> (1, 2, 0, 0)."""
    partes = []
    for parte in version.split(".")[:4]:
        digitos = ""
        for c in parte:
            if not c.isdigit():
                break
            digitos += c
        partes.append(int(digitos or 0))
    partes += [0] * (4 - len(partes))
    return tuple(partes)  # type: ignore[return-value]


def texto(version: str) -> str:
    return ".".join(str(n) for n in numeros(version))


def info_version(acerca, ejecutable: str = "eyf.exe"):
    """PyInstaller's version resource: name, version and publisher in Spanish (Mexico)."""
    from PyInstaller.utils.win32.versioninfo import (
        FixedFileInfo,
        StringFileInfo,
        StringStruct,
        StringTable,
        VarFileInfo,
        VarStruct,
        VSVersionInfo,
    )

    n = numeros(acerca.VERSION)
    cadenas = [
        StringStruct("CompanyName", acerca.ORGANIZACION),
        StringStruct("FileDescription", acerca.NOMBRE_COMPLETO),
        StringStruct("FileVersion", acerca.VERSION),
        StringStruct("InternalName", ejecutable.removesuffix(".exe")),
        StringStruct("LegalCopyright", acerca.ORGANIZACION),
        StringStruct("OriginalFilename", ejecutable),
        StringStruct("ProductName", acerca.NOMBRE),
        StringStruct("ProductVersion", acerca.VERSION),
    ]
    return VSVersionInfo(
        ffi=FixedFileInfo(filevers=n, prodvers=n, mask=0x3F, flags=0x0, OS=0x40004, fileType=0x1),
        kids=[
            StringFileInfo([StringTable(f"{ESPANOL_MEXICO:04X}{UNICODE:04X}", cadenas)]),
            VarFileInfo([VarStruct("Translation", [ESPANOL_MEXICO, UNICODE])]),
        ],
    )
