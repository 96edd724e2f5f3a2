"""Reading a bundle without trusting it.

In this order, stopping at the first problem: the file's size; the ZIP's
end record (at most a handful of members); the exact set of member names
(no ``..``, no absolute paths, no duplicates, nothing missing or extra);
every declared size against its cap, before reading anything; members read
into memory (never extracted to disk), each at most its cap; the canonical
layout rebuilt from those members and compared byte for byte with the file
(so nothing in the ZIP's own metadata can differ or be used); the Ed25519
signature over the exact bytes of ``manifest.json``; the SHA-256 and size of
every other member; and only then each member is parsed, strictly.

The manifest is parsed once before its signature is checked, only to take
the public key (and refuse other formats); none of its contents is used
until the signature over its bytes is verified.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from app.errores import ErrorEyF
from app.paquetes import bitacora as B
from app.paquetes import contenido as C
from app.paquetes import formato as F
from app.paquetes import manifiesto as M
from app.paquetes.esquema import FormatoInvalido, cargar_json
from app.paquetes.llaves import cargar_publica_pem, huella, id_llave, verificar_firma
from app.sistema import causa

_FIN_ZIP = b"PK\x05\x06"
_INICIO_ZIP = b"PK\x03\x04"
_UNIDAD = re.compile(r"^[A-Za-z]:")


class PaqueteInvalido(ErrorEyF):
    """The file is not an intact EyF bundle; the message says why, in Spanish."""


@dataclass(frozen=True)
class PaqueteLeido:
    ruta: Path
    manifiesto: M.Manifiesto
    registros: list[C.RegistroPaquete]
    estado: C.EstadoPaquete
    bitacora: list[B.EntradaBitacora]
    reporte: bytes | None
    archivo_sha256: str
    manifiesto_sha256: str


def _nombre(ruta: Path) -> str:
    return ruta.name


def _invalido(ruta: Path, motivo: str) -> PaqueteInvalido:
    return PaqueteInvalido(f"{_nombre(ruta)}: {motivo}")


def leer_bytes(ruta: Path) -> bytes:
    ruta = Path(ruta)
    try:
        tamano = ruta.stat().st_size
    except FileNotFoundError:
        raise _invalido(ruta, "el archivo no existe; revise la ruta.") from None
    except OSError as exc:
        raise _invalido(ruta, f"no se pudo leer ({causa(exc)}).") from None
    if ruta.is_dir():
        raise _invalido(ruta, "es una carpeta, no un paquete .eyf.")
    if tamano == 0:
        raise _invalido(ruta, "el archivo está vacío (¿se copió a medias?).")
    if tamano > F.MAXIMO_ARCHIVO:
        raise _invalido(
            ruta,
            f"mide {tamano / F.MB:,.0f} MB, más de lo que puede medir un paquete "
            f"({F.MAXIMO_ARCHIVO // F.MB} MB); no es un paquete de EyF.",
        )
    try:
        with ruta.open("rb") as archivo:
            datos = archivo.read(F.MAXIMO_ARCHIVO + 1)
    except OSError as exc:
        raise _invalido(ruta, f"no se pudo leer ({causa(exc)}).") from None
    if len(datos) > F.MAXIMO_ARCHIVO:
        raise _invalido(ruta, "el archivo creció mientras se leía; vuelva a intentarlo.")
    return datos


def _abrir_zip(ruta: Path, datos: bytes) -> zipfile.ZipFile:
    if not datos.startswith(_INICIO_ZIP):
        raise _invalido(
            ruta,
            "no es un paquete de EyF: no es un archivo ZIP. Pida a la unidad que exporte "
            "de nuevo (Archivo › Exportar paquete…, o «eyf paquete exportar»).",
        )
    fin = datos[-22:]
    if len(datos) < 22 or not fin.startswith(_FIN_ZIP):
        raise _invalido(
            ruta,
            "el archivo está incompleto o dañado (le falta el final; ¿se copió a medias o se "
            "retiró la memoria USB antes de tiempo?). Pida que lo copien de nuevo.",
        )
    (miembros,) = struct.unpack("<H", fin[10:12])
    if miembros > F.MAXIMO_MIEMBROS:
        raise _invalido(
            ruta,
            f"declara {miembros:,} archivos dentro; un paquete tiene a lo más {F.MAXIMO_MIEMBROS}.",
        )
    try:
        return zipfile.ZipFile(io.BytesIO(datos))
    except Exception:  # hostile input: whatever zipfile trips on, the index is damaged
        raise _invalido(
            ruta, "el archivo está incompleto o dañado: su índice ZIP no se puede leer."
        ) from None


def _comprobar_nombres(ruta: Path, infos: list[zipfile.ZipInfo]) -> None:
    vistos: set[str] = set()
    for info in infos:
        n = info.orig_filename
        if ".." in n.replace("\\", "/").split("/") or n.startswith(("/", "\\")) or _UNIDAD.match(n):
            raise _invalido(
                ruta,
                f"contiene un nombre peligroso «{n[:80]}» (ruta absoluta o con «..»); "
                "fue alterado o no es un paquete de EyF. No se importó nada.",
            )
        if n in vistos:
            raise _invalido(ruta, f"contiene «{n[:80]}» dos veces; fue alterado.")
        vistos.add(n)
        if n not in F.OBLIGATORIOS and n not in F.OPCIONALES:
            raise _invalido(
                ruta,
                f"contiene un archivo que no pertenece a un paquete: «{n[:80]}»; fue alterado.",
            )
    for n in F.OBLIGATORIOS:
        if n not in vistos:
            raise _invalido(ruta, f"le falta «{n}»; está incompleto o fue alterado.")


def _comprobar_tamanos(ruta: Path, infos: list[zipfile.ZipInfo]) -> None:
    total = 0
    for info in infos:
        maximo = F.MAXIMOS[info.orig_filename]
        for tamano in (info.file_size, info.compress_size):
            if tamano > maximo:
                raise _invalido(
                    ruta,
                    f"«{info.orig_filename}» declara {tamano:,} bytes, más del máximo "
                    f"({maximo:,}); podría ser una «bomba ZIP». No se leyó.",
                )
        total += info.file_size
    if total > F.MAXIMO_ARCHIVO:
        raise _invalido(ruta, "declara más contenido del que puede tener un paquete; no se leyó.")
    for info in infos:
        if info.compress_type != zipfile.ZIP_STORED or info.flag_bits & 0x1:
            raise _invalido(
                ruta,
                f"«{info.orig_filename}» está comprimido o cifrado de una forma que EyF no escribe; "
                "fue alterado o no es un paquete de EyF.",
            )


def _leer_miembros(
    ruta: Path, zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]
) -> dict[str, bytes]:
    miembros = {}
    for info in infos:
        maximo = F.MAXIMOS[info.orig_filename]
        try:
            with zf.open(info) as flujo:
                datos = flujo.read(maximo + 1)
        except Exception:  # hostile input: CRC, header, decompression... all mean damaged
            raise _invalido(
                ruta,
                f"«{info.orig_filename}» está dañado o fue alterado (su suma de comprobación no coincide).",
            ) from None
        if len(datos) > maximo or len(datos) != info.file_size:
            raise _invalido(ruta, f"«{info.orig_filename}» no mide lo que declara; fue alterado.")
        miembros[info.orig_filename] = datos
    return miembros


def _comprobar_canonico(ruta: Path, datos: bytes, miembros: dict[str, bytes]) -> None:
    with tempfile.SpooledTemporaryFile(max_size=16 * F.MB) as canonico:
        F.escribir_zip(miembros, canonico)
        if canonico.tell() != len(datos):
            iguales = False
        else:
            canonico.seek(0)
            iguales = True
            vista = memoryview(datos)
            for inicio in range(0, len(datos), F.MB):
                if canonico.read(F.MB) != vista[inicio : inicio + F.MB]:
                    iguales = False
                    break
    if not iguales:
        raise _invalido(
            ruta,
            "fue alterado o dañado: su estructura ZIP no es exactamente la que escribe EyF. "
            "Pida a la unidad que exporte y envíe el paquete de nuevo.",
        )


def leer_paquete(ruta: Path) -> PaqueteLeido:
    """Read and verify the bundle at ``ruta``; raise ``PaqueteInvalido`` with the reason."""
    ruta = Path(ruta)
    datos = leer_bytes(ruta)
    zf = _abrir_zip(ruta, datos)
    infos = zf.infolist()
    _comprobar_nombres(ruta, infos)
    _comprobar_tamanos(ruta, infos)
    miembros = _leer_miembros(ruta, zf, infos)
    _comprobar_canonico(ruta, datos, miembros)

    bytes_manifiesto, firma = miembros[F.MANIFIESTO], miembros[F.FIRMA]
    try:
        crudo = cargar_json(bytes_manifiesto, F.MANIFIESTO)
        M.tipo_declarado(crudo)
        pem, llave_id, huella_declarada = M.leer_llave(crudo)
    except FormatoInvalido as exc:
        raise _invalido(ruta, exc.mensaje) from None
    try:
        publica = cargar_publica_pem(pem)
    except ValueError:
        raise _invalido(
            ruta, "la llave pública del manifiesto no es una llave Ed25519 válida."
        ) from None
    if id_llave(publica) != llave_id or huella(publica) != huella_declarada:
        raise _invalido(
            ruta, "la huella declarada no corresponde a su llave pública; fue alterado."
        )
    if len(firma) != 64 or not verificar_firma(publica, firma, bytes_manifiesto):
        raise _invalido(
            ruta,
            "la firma no corresponde al manifiesto: el paquete fue alterado después de firmarse "
            "o está dañado. No se importó nada.",
        )
    try:
        manifiesto = M.leer_manifiesto(crudo)
    except FormatoInvalido as exc:
        raise _invalido(ruta, exc.mensaje) from None

    declarados = set(manifiesto.archivos)
    presentes = set(miembros) - {F.MANIFIESTO, F.FIRMA}
    if declarados != presentes:
        raise _invalido(ruta, "los archivos que contiene no son los que declara su manifiesto.")
    for nombre, (sha, tamano) in manifiesto.archivos.items():
        if len(miembros[nombre]) != tamano or hashlib.sha256(miembros[nombre]).hexdigest() != sha:
            raise _invalido(
                ruta, f"«{nombre}» no coincide con la huella firmada: fue alterado o está dañado."
            )
    if miembros[F.LLAVE] != manifiesto.llave_pem.encode("ascii"):
        raise _invalido(ruta, "«llave.pem» no es la llave del manifiesto; fue alterado.")
    try:
        registros = C.leer_registros(cargar_json(miembros[F.REGISTROS], F.REGISTROS))
        estado = C.leer_estado(cargar_json(miembros[F.ESTADO], F.ESTADO))
        bitacora = B.leer_bitacora(cargar_json(miembros[F.BITACORA], F.BITACORA))
    except FormatoInvalido as exc:
        raise _invalido(ruta, exc.mensaje) from None
    _coherencia(ruta, manifiesto, registros, estado, bitacora, miembros.get(F.REPORTE))
    return PaqueteLeido(
        ruta,
        manifiesto,
        registros,
        estado,
        bitacora,
        miembros.get(F.REPORTE),
        hashlib.sha256(datos).hexdigest(),
        hashlib.sha256(bytes_manifiesto).hexdigest(),
    )


def _coherencia(
    ruta: Path,
    m: M.Manifiesto,
    registros: list[C.RegistroPaquete],
    estado: C.EstadoPaquete,
    bitacora: list[B.EntradaBitacora],
    reporte: bytes | None,
) -> None:
    """What the manifest says equals what the members hold."""
    faltantes = sum(r.tipo == "faltante" for r in registros)
    reales = {
        "registros": len(registros),
        "faltantes": faltantes,
        "excedentes": len(registros) - faltantes,
        "unidades": len({r.clues for r in registros}),
        "bitacora": len(bitacora),
        "reaperturas": len(estado.reaperturas),
    }
    for clave, real in reales.items():
        if m.conteos[clave] != real:
            raise _invalido(
                ruta,
                f"el manifiesto declara {m.conteos[clave]:,} en «{clave}» pero contiene {real:,}.",
            )
    cubiertas = sorted({r.clues for r in registros} | {u.clues for u in estado.unidades})
    if m.alcance == "unidad":
        cubiertas = sorted(set(cubiertas) | set(m.clues))
    if tuple(cubiertas) != m.clues:
        raise _invalido(ruta, "las CLUES que declara el manifiesto no son las de sus registros.")
    if m.entidad_finalizada != estado.entidad.finalizada:
        raise _invalido(ruta, "el manifiesto y el estado no coinciden en si la entidad finalizó.")
    if m.alcance == "unidad":
        propia = [u for u in estado.unidades if u.clues == m.clues[0]]
        cerrada = bool(propia and propia[0].finalizada)
        if m.unidad_finalizada != cerrada:
            raise _invalido(ruta, "el manifiesto y el estado no coinciden en si la unidad cerró.")
        if estado.procedencia or estado.reporte is not None:
            raise _invalido(ruta, "un paquete de unidad no lleva procedencia ni reporte firmado.")
    if (reporte is None) != (estado.reporte is None):
        raise _invalido(ruta, "el reporte firmado declarado no corresponde al que contiene.")
    if reporte is not None and estado.reporte is not None:
        if (
            hashlib.sha256(reporte).hexdigest() != estado.reporte.sha256
            or len(reporte) != estado.reporte.tamano
        ):
            raise _invalido(ruta, "el reporte firmado no coincide con sus datos.")
        if not reporte.startswith(b"%PDF-"):
            raise _invalido(ruta, "el reporte firmado no es un PDF.")
    if len({(u.clues) for u in estado.unidades}) != len(estado.unidades):
        raise _invalido(ruta, "el estado repite una unidad.")
