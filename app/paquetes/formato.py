"""The bundle format ``eyf-paquete/1`` (see docs/paquetes.md): member names,
limits, and the one canonical way a bundle's ZIP is laid out.

Every member is stored uncompressed with fixed metadata, so a bundle is
fully determined by its members: the reader rebuilds that canonical ZIP from
the members it verified and refuses the file unless it matches byte for byte
(one altered byte anywhere, even in ZIP metadata that no hash covers, is
caught), and every member can be checked with ``sha256sum`` after ``unzip``.
"""

from __future__ import annotations

import json
import zipfile
from typing import IO, Any

TIPO = "eyf-paquete/1"
VERSION_FORMATO = 1
EXTENSION = ".eyf"
ALCANCES = ("unidad", "entidad")

MANIFIESTO = "manifest.json"
FIRMA = "manifest.sig"
REGISTROS = "registros.json"
ESTADO = "estado.json"
BITACORA = "bitacora.json"
REPORTE = "reporte-firmado.pdf"
LLAVE = "llave.pem"  # the same public key as in the manifest, for OpenSSL

OBLIGATORIOS = (MANIFIESTO, FIRMA, LLAVE, REGISTROS, ESTADO, BITACORA)
OPCIONALES = (REPORTE,)
FIRMADOS = (LLAVE, REGISTROS, ESTADO, BITACORA, REPORTE)  # listed with their SHA-256
ORDEN = (LLAVE, REGISTROS, ESTADO, BITACORA, REPORTE, MANIFIESTO, FIRMA)  # order inside the ZIP

MB = 1024 * 1024
# Declared (and real) size caps per member, checked before anything is read.
MAXIMOS = {
    MANIFIESTO: 1 * MB,
    FIRMA: 64,
    LLAVE: 1024,
    REGISTROS: 64 * MB,
    ESTADO: 16 * MB,
    BITACORA: 96 * MB,
    REPORTE: 150 * MB,  # the guide's limit for the signed PDF
}
MAXIMO_ARCHIVO = 256 * MB
MAXIMO_MIEMBROS = len(OBLIGATORIOS) + len(OPCIONALES)

# Sensible caps on counts and numbers (the guide's 2021 national diagnosis had 59,541 records).
MAXIMO_REGISTROS = 500_000
MAXIMO_BITACORA = 1_000_000
MAXIMO_UNIDADES = 20_000
MAXIMO_REAPERTURAS = 10_000
MAXIMO_SECUENCIA = 1_000_000_000
MAXIMO_NUMERO = 2_147_483_647  # fits a 32-bit integer column

# Canonical ZIP metadata.
FECHA_ZIP = (1980, 1, 1, 0, 0, 0)
SISTEMA_ZIP = 3  # "Unix"
VERSION_ZIP = 20
ATRIBUTOS_ZIP = (0o100644 & 0xFFFF) << 16


def json_bytes(valor: Any) -> bytes:
    """The one way EyF writes a bundle's JSON: UTF-8, sorted keys, indented."""
    return (json.dumps(valor, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def escribir_zip(miembros: dict[str, bytes], destino: IO[bytes]) -> None:
    """Write ``miembros`` as the canonical ZIP into a seekable binary stream."""
    with zipfile.ZipFile(destino, "w", compression=zipfile.ZIP_STORED, allowZip64=False) as zf:
        for nombre in ORDEN:
            if nombre not in miembros:
                continue
            info = zipfile.ZipInfo(nombre, date_time=FECHA_ZIP)
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = SISTEMA_ZIP
            info.create_version = VERSION_ZIP
            info.extract_version = VERSION_ZIP
            info.external_attr = ATRIBUTOS_ZIP
            zf.writestr(info, miembros[nombre])
