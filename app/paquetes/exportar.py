"""Export: this installation's data as one signed ``.eyf`` bundle.

A unit installation exports its unit (``unidad``); a state coordination
exports its entidad (``entidad``): its own captures and those it imported,
with their provenance. The sequence number is reserved (committed) before the
file is written, so a number is never reused, not even after a crash.

Writing survives a pulled USB stick or a killed process: the bundle is
written under a hidden temporary name in the destination folder, flushed to
disk (fsync) and only then renamed to its final name. While it is written, a
journal in the data folder (``paquetes/en-curso/<id>/``, with an OS lock held
by the exporting process) names the temporary file; ``limpiar_interrumpidas``
(called at every export and import, and at start-up) removes whatever a
killed export left behind and settles the sequence's bookkeeping.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select

from app import acerca
from app.almacen.almacen import Almacen
from app.almacen.bitacora import anotar
from app.almacen.candado import Candado
from app.almacen.modelos import PaqueteExportado
from app.almacen.modelos.base import ahora_utc
from app.almacen.sesion import transaccion
from app.captura.permisos import exigir_configuracion
from app.errores import ErrorEyF
from app.paquetes import bitacora as B
from app.paquetes import contenido as C
from app.paquetes import formato as F
from app.paquetes import manifiesto as M
from app.paquetes.datos import DatosExportacion, reunir
from app.paquetes.interrumpidas import (
    CARPETA_EN_CURSO,
    DIARIO,
    SUFIJO_TEMPORAL,
    limpiar_interrumpidas,
)
from app.paquetes.llaves import (
    huella,
    id_llave,
    llave_privada,
    marcar_secuencia,
    pem_publica,
    secuencia_firmada,
)
from app.sistema import causa


@dataclass(frozen=True)
class ResultadoExportacion:
    ruta: Path
    paquete: str
    secuencia: int
    alcance: str
    entidad: str
    clues: tuple[str, ...]
    registros: int
    faltantes: int
    excedentes: int
    huella: str
    archivo_sha256: str
    bytes: int
    entidad_finalizada: bool
    unidad_finalizada: bool | None
    con_reporte: bool


def nombre_por_omision(alcance: str, origen: str, secuencia: int) -> str:
    return f"EyF-{alcance}-{origen}-{secuencia:05d}{F.EXTENSION}"


def exportar(
    almacen: Almacen, salida: Path, *, frase: str | None = None, ahora: datetime | None = None
) -> ResultadoExportacion:
    """Write this installation's bundle to ``salida`` (a file, or a folder for the default name)."""
    limpiar_interrumpidas(almacen)
    # the key first: a wrong passphrase must not spend a sequence number
    llave = llave_privada(almacen, frase)
    publica = llave.public_key()
    salida = Path(salida).expanduser()
    creado = (ahora or ahora_utc()).replace(microsecond=0)
    with transaccion(almacen) as s:
        conf = exigir_configuracion(s)
        if conf.modo == "nacional":
            raise ErrorEyF(
                "Una instalación nacional consolida los paquetes de las entidades y no exporta "
                "paquetes propios."
            )
        datos = reunir(s, almacen.carpeta, conf)
        secuencia = (
            max(
                s.scalar(select(func.max(PaqueteExportado.secuencia))) or 0,
                secuencia_firmada(almacen.carpeta),  # higher after restoring an old backup
            )
            + 1
        )
        marcar_secuencia(almacen.carpeta, secuencia)
        anterior = s.scalar(
            select(PaqueteExportado.archivo_sha256)
            .where(PaqueteExportado.estado == "completo")
            .order_by(PaqueteExportado.secuencia.desc())
            .limit(1)
        )
        destino = _destino(salida, datos.alcance, datos.origen, secuencia)
        paquete = str(uuid.uuid4())
        s.add(
            PaqueteExportado(
                secuencia=secuencia,
                id=paquete,
                estado="en_curso",
                alcance=datos.alcance,
                entidad_clave=datos.entidad,
                clues=datos.origen if datos.alcance == "unidad" else None,
                llave_id=id_llave(publica),
                registros=len(datos.registros),
                creado_en=creado,
                destino=str(destino),
            )
        )
    manifiesto, miembros = firmar_paquete(
        datos,
        llave,
        instalacion=conf.uuid,
        persona=conf.persona,
        secuencia=secuencia,
        creado=creado,
        anterior=anterior,
        paquete=paquete,
    )
    sha, tamano = _escribir_atomico(almacen.carpeta, paquete, secuencia, destino, miembros)
    with transaccion(almacen) as s:
        fila = s.get(PaqueteExportado, secuencia)
        assert fila is not None
        fila.estado, fila.archivo_sha256, fila.terminado_en = "completo", sha, ahora_utc()
        anotar(
            s,
            "paquete_exportado",
            entidad=datos.entidad,
            clues=datos.origen if datos.alcance == "unidad" else None,
            objeto=paquete,
            despues={
                "secuencia": secuencia,
                "alcance": datos.alcance,
                "registros": len(datos.registros),
                "archivo": str(destino),
                "sha256": sha,
                "huella": manifiesto.huella,
            },
        )
    _borrar_diario(almacen.carpeta, paquete)
    return ResultadoExportacion(
        destino,
        paquete,
        secuencia,
        datos.alcance,
        datos.entidad,
        datos.clues,
        len(datos.registros),
        manifiesto.conteos["faltantes"],
        manifiesto.conteos["excedentes"],
        manifiesto.huella,
        sha,
        tamano,
        manifiesto.entidad_finalizada,
        manifiesto.unidad_finalizada,
        F.REPORTE in miembros,
    )


def firmar_paquete(
    datos: DatosExportacion,
    llave: Ed25519PrivateKey,
    *,
    instalacion: str,
    persona: str,
    secuencia: int,
    creado: datetime,
    anterior: str | None,
    paquete: str,
) -> tuple[M.Manifiesto, dict[str, bytes]]:
    """The bundle's members, manifest and signature (nothing written yet)."""
    publica = llave.public_key()
    miembros = _miembros(datos)
    miembros[F.LLAVE] = pem_publica(publica).encode("ascii")
    manifiesto = M.Manifiesto(
        programa=f"{acerca.NOMBRE} {acerca.VERSION}",
        alcance=datos.alcance,
        entidad=datos.entidad,
        entidad_nombre=datos.entidad_nombre[:200],
        clues=datos.clues,
        unidad_nombre=None if datos.unidad_nombre is None else datos.unidad_nombre[:300],
        periodo=datos.periodo,
        catalogo_version=datos.catalogo_version,
        catalogo_huella=datos.catalogo_huella,
        instalacion=instalacion,
        persona=persona[: M.PERSONA],
        secuencia=secuencia,
        creado_en=creado,
        conteos=datos.conteos(),
        entidad_finalizada=datos.estado.entidad.finalizada,
        unidad_finalizada=datos.unidad_finalizada,
        archivos={n: (hashlib.sha256(b).hexdigest(), len(b)) for n, b in miembros.items()},
        llave_pem=pem_publica(publica),
        llave_id=id_llave(publica),
        huella=huella(publica),
        anterior=anterior,
        paquete=paquete,
    )
    miembros[F.MANIFIESTO] = F.json_bytes(M.manifiesto_a_json(manifiesto))
    miembros[F.FIRMA] = llave.sign(miembros[F.MANIFIESTO])
    return manifiesto, miembros


def _destino(salida: Path, alcance: str, origen: str, secuencia: int) -> Path:
    if salida.is_dir():
        salida = salida / nombre_por_omision(alcance, origen, secuencia)
    if not salida.parent.is_dir():
        raise ErrorEyF(
            f"La carpeta {salida.parent} no existe; elija una carpeta existente para el paquete."
        )
    return salida.resolve()


def _miembros(datos: DatosExportacion) -> dict[str, bytes]:
    miembros = {
        F.REGISTROS: F.json_bytes({"registros": [C.registro_a_json(r) for r in datos.registros]}),
        F.ESTADO: F.json_bytes(C.estado_a_json(datos.estado)),
        F.BITACORA: F.json_bytes(B.bitacora_a_json(datos.bitacora)),
    }
    if datos.reporte is not None:
        miembros[F.REPORTE] = datos.reporte
    for nombre, contenido in miembros.items():
        if len(contenido) > F.MAXIMOS[nombre]:
            raise ErrorEyF(
                f"«{nombre}» mediría {len(contenido) / F.MB:,.0f} MB, más de lo que admite un "
                "paquete; comuníquese con soporte técnico."
            )
    return miembros


# --- writing under fire -------------------------------------------------------------


def _carpeta_diario(carpeta_datos: Path, paquete: str) -> Path:
    return Path(carpeta_datos) / CARPETA_EN_CURSO / paquete


def _escribir_atomico(
    carpeta_datos: Path, paquete: str, secuencia: int, destino: Path, miembros: dict[str, bytes]
) -> tuple[str, int]:
    temporal = destino.with_name(f".{destino.name}.{paquete[:8]}{SUFIJO_TEMPORAL}")
    diario = _carpeta_diario(carpeta_datos, paquete)
    diario.mkdir(parents=True, exist_ok=True)
    candado = Candado(diario)
    candado.adquirir()  # held while writing: the cleanup never touches a live export
    try:
        _escribir_durable(
            diario / DIARIO,
            json.dumps(
                {"temporal": str(temporal), "destino": str(destino), "secuencia": secuencia}
            ).encode("utf-8"),
        )
        try:
            with open(temporal, "wb") as archivo:
                F.escribir_zip(miembros, archivo)
                archivo.flush()
                os.fsync(archivo.fileno())
            resumen = hashlib.sha256()
            with open(temporal, "rb") as archivo:
                for trozo in iter(lambda: archivo.read(F.MB), b""):
                    resumen.update(trozo)
            tamano = temporal.stat().st_size
            os.replace(temporal, destino)
            _sincronizar_carpeta(destino.parent)
        except OSError as exc:
            temporal.unlink(missing_ok=True)
            raise ErrorEyF(
                f"No se pudo escribir el paquete en {destino.parent} ({causa(exc)}). "
                "Revise que la memoria USB o la carpeta tenga espacio y permita escribir; "
                "no quedó ningún archivo a medias."
            ) from exc
    finally:
        candado.liberar()
    return resumen.hexdigest(), tamano


def _escribir_durable(ruta: Path, datos: bytes) -> None:
    with open(ruta, "wb") as archivo:
        archivo.write(datos)
        archivo.flush()
        os.fsync(archivo.fileno())


def _sincronizar_carpeta(carpeta: Path) -> None:
    if sys.platform == "win32":  # pragma: no cover
        return
    try:
        fd = os.open(carpeta, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # some file systems (FAT over USB) refuse a directory fsync
        pass
    finally:
        os.close(fd)


def _borrar_diario(carpeta_datos: Path, paquete: str) -> None:
    shutil.rmtree(_carpeta_diario(carpeta_datos, paquete), ignore_errors=True)
