"""This installation's Ed25519 key pair: created on first use, kept in the
data folder (``llaves/``) readable only by its owner, optionally encrypted
with a passphrase (``frase``) the user sets.

- ``llaves/instalacion.key``: the private key, PKCS#8 PEM, mode 0600;
  encrypted (cryptography's BestAvailableEncryption) when a passphrase is set.
- ``llaves/instalacion.pub``: the public key, SubjectPublicKeyInfo PEM, so the
  fingerprint can be shown without the passphrase.

The key id is the SHA-256 of the public key in DER (what
``openssl pkey -pubin -in instalacion.pub -outform DER | sha256sum`` prints);
the fingerprint (``huella``) people compare by phone or on paper is its first
128 bits in groups of four: ``3F2A 9C41 0B7E 55D2 A1C3 88F0 1E2D 7B6A``.
"""

from __future__ import annotations

import hashlib
import os
import sys
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from app.almacen.bitacora import anotar
from app.almacen.sesion import transaccion
from app.errores import ErrorEyF
from app.sistema import causa

if TYPE_CHECKING:
    from app.almacen.almacen import Almacen

CARPETA = "llaves"
PRIVADA = "instalacion.key"
PUBLICA = "instalacion.pub"
FRASE_MINIMA = 8
VARIABLE_FRASE = "EYF_FRASE_LLAVE"
_CABECERA_CIFRADA = b"-----BEGIN ENCRYPTED PRIVATE KEY-----"


class FraseNecesaria(ErrorEyF):
    """The private key is encrypted and no passphrase was given (the window asks for it)."""


class FraseIncorrecta(ErrorEyF):
    """The passphrase given does not open the private key."""


def carpeta_llaves(carpeta_datos: Path) -> Path:
    return Path(carpeta_datos) / CARPETA


def _der(publica: Ed25519PublicKey) -> bytes:
    return publica.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def pem_publica(publica: Ed25519PublicKey) -> str:
    return publica.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def id_llave(publica: Ed25519PublicKey) -> str:
    """SHA-256 (hex) of the public key in DER: the key's identity."""
    return hashlib.sha256(_der(publica)).hexdigest()


def huella_de_id(llave_id: str) -> str:
    """The readable fingerprint of a key id: 8 groups of 4 hex digits."""
    corta = llave_id[:32].upper()
    return " ".join(corta[i : i + 4] for i in range(0, len(corta), 4))


def huella(publica: Ed25519PublicKey) -> str:
    return huella_de_id(id_llave(publica))


def normalizar_huella(texto: str) -> str:
    """A fingerprint as typed (any spacing, case or dashes) in canonical form."""
    limpio = "".join(c for c in texto.upper() if c.isalnum())
    return huella_de_id(limpio.lower()) if len(limpio) == 32 else texto.strip()


def cargar_publica_pem(pem: str | bytes) -> Ed25519PublicKey:
    """An Ed25519 public key from PEM; ValueError when it is anything else."""
    datos = pem.encode("ascii") if isinstance(pem, str) else pem
    llave = serialization.load_pem_public_key(datos)
    if not isinstance(llave, Ed25519PublicKey):
        raise ValueError("la llave no es Ed25519")
    return llave


def verificar_firma(publica: Ed25519PublicKey, firma: bytes, datos: bytes) -> bool:
    try:
        publica.verify(firma, datos)
    except InvalidSignature:
        return False
    return True


# --- files -----------------------------------------------------------------


def _escribir_privado(ruta: Path, datos: bytes) -> None:
    """Write ``datos`` to a new file readable only by its owner, durably."""
    temporal = ruta.with_name(f".{ruta.name}.{uuid.uuid4().hex}.tmp")
    fd = os.open(temporal, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, datos)
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        _instalar_si_no_existe(temporal, ruta)
    finally:
        temporal.unlink(missing_ok=True)


def _instalar_si_no_existe(temporal: Path, ruta: Path) -> None:
    """Put ``temporal`` at ``ruta`` unless another process already did (first wins)."""
    try:
        os.link(temporal, ruta)  # atomic "create if absent"
    except FileExistsError:
        return
    except OSError:  # a file system without hard links (FAT on a USB stick)
        if not ruta.exists():
            os.replace(temporal, ruta)
        return
    _sincronizar_carpeta(ruta.parent)


def _sincronizar_carpeta(carpeta: Path) -> None:
    if sys.platform == "win32":  # pragma: no cover - no directory fsync on Windows
        return
    fd = os.open(carpeta, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# The highest bundle sequence this key has signed, kept beside the key and
# not only in the database: a restored backup must never make the
# installation sign a second, different bundle with a number already sent
# (the coordination would refuse it as a fork).
SECUENCIA = "ultima-secuencia.txt"


def secuencia_firmada(carpeta_datos: Path) -> int:
    try:
        texto = (carpeta_llaves(carpeta_datos) / SECUENCIA).read_text(encoding="ascii")
        return max(0, int(texto.strip()))
    except (OSError, ValueError, UnicodeDecodeError):
        return 0


def marcar_secuencia(carpeta_datos: Path, secuencia: int) -> None:
    """Record ``secuencia`` as signed, durably, before the bundle is written."""
    carpeta = _preparar_carpeta(carpeta_datos)
    ruta = carpeta / SECUENCIA
    temporal = ruta.with_name(f".{ruta.name}.{uuid.uuid4().hex}.tmp")
    try:
        with temporal.open("w", encoding="ascii") as archivo:
            archivo.write(f"{secuencia}\n")
            archivo.flush()
            os.fsync(archivo.fileno())
        os.replace(temporal, ruta)
        _sincronizar_carpeta(carpeta)
    except OSError as exc:
        temporal.unlink(missing_ok=True)
        raise ErrorEyF(
            f"No se pudo anotar el número del paquete en {carpeta} ({causa(exc)}). No se "
            "exportó nada; revise el espacio y los permisos de la carpeta de datos."
        ) from exc


def _asegurar_permisos(ruta: Path) -> None:
    if sys.platform != "win32" and ruta.stat().st_mode & 0o077:
        os.chmod(ruta, 0o600)


def _preparar_carpeta(carpeta_datos: Path) -> Path:
    carpeta = carpeta_llaves(carpeta_datos)
    try:
        carpeta.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise ErrorEyF(
            f"No se pudo crear la carpeta de llaves {carpeta} ({causa(exc)}). "
            "Revise los permisos de la carpeta de datos."
        ) from exc
    return carpeta


def asegurar_llaves(carpeta_datos: Path) -> Ed25519PublicKey:
    """The installation's public key, creating the key pair on first use."""
    carpeta = _preparar_carpeta(carpeta_datos)
    privada, publica = carpeta / PRIVADA, carpeta / PUBLICA
    if not privada.exists():
        nueva = Ed25519PrivateKey.generate()
        _escribir_privado(
            privada,
            nueva.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ),
        )
    _asegurar_permisos(privada)
    if publica.exists():
        try:
            return cargar_publica_pem(publica.read_bytes())
        except ValueError:
            publica.unlink()  # damaged copy: rebuilt from the private key below
    datos = privada.read_bytes()
    if datos.startswith(_CABECERA_CIFRADA):
        raise ErrorEyF(
            f"Falta la llave pública {publica} y la llave privada está protegida con una "
            "frase; abra «eyf paquete llave» con la frase para reconstruirla "
            f"(variable {VARIABLE_FRASE})."
        )
    llave = _cargar_privada(datos, None)
    _escribir_privado(publica, pem_publica(llave.public_key()).encode("ascii"))
    return llave.public_key()


def llave_publica(almacen: Almacen) -> Ed25519PublicKey:
    return asegurar_llaves(almacen.carpeta)


def huella_instalacion(almacen: Almacen) -> str:
    """This installation's fingerprint ("3F2A 9C41 …"); creates the key pair on first use."""
    return huella(llave_publica(almacen))


def llave_protegida(almacen: Almacen) -> bool:
    """True when the private key is encrypted with a passphrase."""
    asegurar_llaves(almacen.carpeta)
    ruta = carpeta_llaves(almacen.carpeta) / PRIVADA
    return ruta.read_bytes().startswith(_CABECERA_CIFRADA)


def _cargar_privada(datos: bytes, frase: str | None) -> Ed25519PrivateKey:
    cifrada = datos.startswith(_CABECERA_CIFRADA)
    if cifrada and not frase:
        raise FraseNecesaria(
            "La llave de firma de esta instalación está protegida con una frase. "
            f"Escríbala cuando se le pida, con --frase o con la variable {VARIABLE_FRASE}."
        )
    try:
        llave = serialization.load_pem_private_key(
            datos, password=frase.encode("utf-8") if cifrada and frase else None
        )
    except (ValueError, TypeError) as exc:
        if cifrada:
            raise FraseIncorrecta(
                "La frase de la llave de firma no es correcta; no se firmó nada. "
                "Escríbala de nuevo (distingue mayúsculas y minúsculas)."
            ) from exc
        raise ErrorEyF(
            "La llave privada de esta instalación está dañada y no se puede leer. "
            "Restaure la carpeta «llaves» de un respaldo; si no lo hay, bórrela para crear "
            "una llave nueva y pida a la coordinación que registre la huella nueva."
        ) from exc
    if not isinstance(llave, Ed25519PrivateKey):
        raise ErrorEyF("La llave privada de esta instalación no es una llave Ed25519.")
    return llave


def llave_privada(almacen: Almacen, frase: str | None = None) -> Ed25519PrivateKey:
    """The private key to sign with (asks for the passphrase when there is one)."""
    publica = asegurar_llaves(almacen.carpeta)
    llave = _cargar_privada((carpeta_llaves(almacen.carpeta) / PRIVADA).read_bytes(), frase)
    if id_llave(llave.public_key()) != id_llave(publica):
        raise ErrorEyF(
            "La llave pública guardada no corresponde a la llave privada de esta instalación. "
            f"Borre {carpeta_llaves(almacen.carpeta) / PUBLICA} para reconstruirla."
        )
    return llave


def cambiar_frase(almacen: Almacen, actual: str | None, nueva: str | None) -> bool:
    """Set, change or remove (``nueva`` empty) the passphrase of the private key.

    Returns True when the key ends up protected. The key itself (and so the
    fingerprint the coordination registered) does not change."""
    llave = llave_privada(almacen, actual)
    if nueva and len(nueva) < FRASE_MINIMA:
        raise ErrorEyF(
            f"La frase debe tener al menos {FRASE_MINIMA} caracteres; escriba una más larga."
        )
    cifrado: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(nueva.encode("utf-8"))
        if nueva
        else serialization.NoEncryption()
    )
    datos = llave.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, cifrado
    )
    ruta = carpeta_llaves(almacen.carpeta) / PRIVADA
    # The change log entry commits only if the new file is in place.
    with transaccion(almacen) as s:
        anotar(
            s, "llave_frase", objeto=huella(llave.public_key()), despues={"protegida": bool(nueva)}
        )
        temporal = ruta.with_name(f".{ruta.name}.{uuid.uuid4().hex}.tmp")
        fd = os.open(temporal, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, datos)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temporal, ruta)
        _sincronizar_carpeta(ruta.parent)
    return bool(nueva)
