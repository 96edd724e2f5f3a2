"""Building bad bundles on purpose: change a member, the manifest or the ZIP
itself, signed again (with the real key or another one) when the test needs
a bundle whose signature is valid but whose content is wrong."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.paquetes import formato as F
from app.paquetes.llaves import huella, id_llave, pem_publica


def miembros(ruta: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(ruta) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def escribir(ruta: Path, contenido: dict[str, bytes]) -> Path:
    with open(ruta, "wb") as archivo:
        F.escribir_zip(contenido, archivo)
    return ruta


def zip_crudo(
    ruta: Path, lista: list[tuple[str, bytes]], *, comprimir: bool | set[str] = False
) -> Path:
    """Any ZIP at all (duplicates, odd names, compression): what an attacker could send.
    ``comprimir``: deflate every member (True) or only those named."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names on purpose
        with zipfile.ZipFile(ruta, "w") as zf:
            for nombre, datos in lista:
                deflate = comprimir is True or (isinstance(comprimir, set) and nombre in comprimir)
                zf.writestr(
                    nombre,
                    datos,
                    compress_type=zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED,
                )
    return ruta


def json_de(contenido: dict[str, bytes], nombre: str):
    return json.loads(contenido[nombre])


def refirmar(
    contenido: dict[str, bytes],
    llave: Ed25519PrivateKey,
    *,
    manifiesto: Callable[[dict], None] | None = None,
    cambios: dict[str, bytes | None] | None = None,
) -> dict[str, bytes]:
    """Apply ``cambios`` to members (None removes), fix the manifest's hashes and
    key, let ``manifiesto`` edit it, and sign it with ``llave``."""
    nuevo = dict(contenido)
    for nombre, datos in (cambios or {}).items():
        if datos is None:
            nuevo.pop(nombre, None)
        else:
            nuevo[nombre] = datos
    m = json.loads(nuevo[F.MANIFIESTO])
    m["archivos"] = {
        n: {"sha256": hashlib.sha256(d).hexdigest(), "bytes": len(d)}
        for n, d in nuevo.items()
        if n not in (F.MANIFIESTO, F.FIRMA)
    }
    publica = llave.public_key()
    m["llave"] = {"pem": pem_publica(publica), "id": id_llave(publica), "huella": huella(publica)}
    if manifiesto is not None:
        manifiesto(m)
    nuevo[F.MANIFIESTO] = F.json_bytes(m)
    nuevo[F.FIRMA] = llave.sign(nuevo[F.MANIFIESTO])
    return nuevo


def con_registros(contenido: dict[str, bytes], registros: list[dict]) -> dict[str, bytes]:
    """``cambios`` for refirmar: new records, with the manifest's counts kept consistent."""
    return {F.REGISTROS: F.json_bytes({"registros": registros})}


def ajustar_conteos(m: dict, registros: list[dict]) -> None:
    faltantes = sum(r["tipo"] == "faltante" for r in registros)
    m["conteos"].update(
        registros=len(registros),
        faltantes=faltantes,
        excedentes=len(registros) - faltantes,
        unidades=len({r["clues"] for r in registros}),
    )


def bytes_de(contenido: dict[str, bytes]) -> bytes:
    destino = io.BytesIO()
    F.escribir_zip(contenido, destino)
    return destino.getvalue()
