"""Paso 9: the signed final report, scanned and uploaded.

Only a real PDF is accepted (parsed with pypdf, whatever its name says), of
at most 150 MB, not protected by a password, with at least one readable
page. A copy is kept in the data folder as
``adjuntos/<entidad>/<AAAAMMDD-HHMMSS>-<sha256[:12]>.pdf`` (UTC time), with
its SHA-256; uploading another one keeps the earlier ones (no longer in
force, never deleted). The copy is written to a temporary name, checked,
renamed, and only then recorded, in one transaction with its bitácora entry.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select, update

from app.almacen.almacen import Almacen
from app.almacen.bitacora import anotar
from app.almacen.modelos import Adjunto, EstadoEntidad
from app.almacen.modelos.base import ahora_utc
from app.almacen.sesion import lectura, transaccion
from app.captura.permisos import configuracion, exigir_configuracion, exigir_entidad_visible
from app.errores import ErrorEyF
from app.sistema import causa

LIMITE_MB = 150
LIMITE = LIMITE_MB * 1024 * 1024
CARPETA = "adjuntos"
TROZO = 1024 * 1024


@dataclass(frozen=True)
class AdjuntoVista:
    id: int
    entidad: str
    ruta: Path  # the copy in the data folder
    sha256: str
    tamano: int
    nombre_original: str
    subido_en: datetime  # UTC
    persona: str
    vigente: bool


@dataclass(frozen=True)
class ResultadoAdjunto:
    adjunto: AdjuntoVista
    nuevo: bool  # False: that same file was already the signed report in force
    paginas: int


def _vista(almacen: Almacen, a: Adjunto) -> AdjuntoVista:
    return AdjuntoVista(
        a.id,
        a.entidad_clave,
        almacen.carpeta / a.archivo,
        a.sha256,
        a.tamano,
        a.nombre_original,
        a.subido_en,
        a.persona,
        a.vigente,
    )


def _exigir_puede_subir(s, entidad: str) -> None:
    conf = exigir_configuracion(s)
    if conf.modo == "unidad":
        raise ErrorEyF(
            "El reporte firmado lo sube la coordinación estatal de la entidad (Paso 9); una "
            "instalación de unidad entrega su información en un paquete."
        )
    ent = exigir_entidad_visible(s, conf, entidad)
    estado = s.get(EstadoEntidad, entidad)
    if estado is None or not estado.finalizada:
        raise ErrorEyF(
            f"La entidad {ent.nombre} aún no finaliza su registro. El reporte firmado se sube "
            "después de finalizar (Paso 7) e imprimir la versión final para firmas (Paso 8)."
        )


def motivo_no_subir(almacen: Almacen, entidad: str) -> str | None:
    """Why the signed report of ``entidad`` cannot be uploaded now (the window
    shows it and disables Guardar), or None when it can."""
    with lectura(almacen) as s:
        try:
            _exigir_puede_subir(s, entidad)
        except ErrorEyF as exc:
            return exc.mensaje
    return None


def tamano_legible(n: int) -> str:
    """«850 bytes», «3.1 KB», «12.4 MB»."""
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:,.1f} KB"
    return f"{n / (1024 * 1024):,.1f} MB"


def revisar_archivo(ruta: Path) -> int:
    """Refuse what is not a readable file within the size limit; its size."""
    if not ruta.exists():
        raise ErrorEyF(f"No se encontró el archivo {ruta}. Revise el nombre y la carpeta.")
    if not ruta.is_file():
        raise ErrorEyF(f"{ruta} no es un archivo; elija el PDF del reporte firmado.")
    tamano = ruta.stat().st_size
    if tamano == 0:
        raise ErrorEyF(f"El archivo {ruta.name} está vacío; no es un PDF.")
    if tamano > LIMITE:
        raise ErrorEyF(
            f"El archivo {ruta.name} pesa {tamano_legible(tamano)}; el máximo es {LIMITE_MB} MB. "
            "Escanéelo de nuevo con menor resolución (150 a 200 ppp) o en escala de grises."
        )
    return tamano


def validar_pdf(ruta: Path, nombre: str) -> int:
    """Parse the file as a PDF; returns its page count or refuses with the reason."""
    with ruta.open("rb") as archivo:
        inicio = archivo.read(1024)
    if b"%PDF-" not in inicio:
        raise ErrorEyF(
            f"El archivo {nombre} no es un PDF (su contenido es de otro tipo, aunque su nombre "
            "termine en .pdf). Guarde o escanee el reporte firmado como PDF."
        )
    from pypdf import PasswordType, PdfReader

    registro = logging.getLogger("pypdf")
    nivel = registro.level
    registro.setLevel(logging.ERROR)  # pypdf's warnings about repairs are not for the user
    try:
        lector = PdfReader(ruta, strict=False)
        if lector.is_encrypted and lector.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise ErrorEyF(
                f"El PDF {nombre} está protegido con contraseña y no se podría consultar. "
                "Guárdelo sin contraseña y súbalo de nuevo."
            )
        paginas = len(lector.pages)
        for pagina in lector.pages:
            _ = pagina.mediabox
            pagina.get_contents()
    except ErrorEyF:
        raise
    except Exception as exc:
        raise ErrorEyF(
            f"El PDF {nombre} está dañado o incompleto y no se puede leer. "
            "Vuelva a guardarlo o escanearlo y súbalo de nuevo."
        ) from exc
    finally:
        registro.setLevel(nivel)
    if paginas == 0:
        raise ErrorEyF(f"El PDF {nombre} no tiene páginas.")
    return paginas


def _copiar(origen: Path, carpeta: Path) -> tuple[Path, str, int]:
    """Copy to a temporary file in ``carpeta``: (temporary path, sha256, size)."""
    carpeta.mkdir(parents=True, exist_ok=True)
    temporal = carpeta / f".subiendo-{secrets.token_hex(6)}.tmp"
    resumen, tamano = hashlib.sha256(), 0
    try:
        with temporal.open("xb") as destino, origen.open("rb") as fuente:
            while trozo := fuente.read(TROZO):
                tamano += len(trozo)
                if tamano > LIMITE:
                    raise ErrorEyF(
                        f"El archivo {origen.name} pesa más de {LIMITE_MB} MB; el máximo es "
                        f"{LIMITE_MB} MB."
                    )
                resumen.update(trozo)
                destino.write(trozo)
            destino.flush()
            os.fsync(destino.fileno())
    except BaseException:
        temporal.unlink(missing_ok=True)
        raise
    return temporal, resumen.hexdigest(), tamano


def adjuntar(almacen: Almacen, entidad: str, ruta: str | os.PathLike[str]) -> ResultadoAdjunto:
    """Paso 9: keep a checked copy of the signed report as the one in force."""
    origen = Path(ruta).expanduser()
    with lectura(almacen) as s:
        _exigir_puede_subir(s, entidad)
    revisar_archivo(origen)
    carpeta = almacen.carpeta / CARPETA / entidad
    try:
        temporal, sha, tamano = _copiar(origen, carpeta)
    except OSError as exc:
        raise ErrorEyF(
            f"No se pudo copiar {origen.name} a la carpeta de datos ({causa(exc)}). "
            "Revise que el archivo se pueda leer y que haya espacio en el disco."
        ) from exc
    final: Path | None = None
    try:
        paginas = validar_pdf(temporal, origen.name)
        with lectura(almacen) as s:
            actual = s.scalar(
                select(Adjunto).where(Adjunto.entidad_clave == entidad, Adjunto.vigente)
            )
            if actual is not None and actual.sha256 == sha:
                return ResultadoAdjunto(_vista(almacen, actual), False, paginas)
        momento = ahora_utc()
        final = carpeta / f"{momento:%Y%m%d-%H%M%S}-{sha[:12]}.pdf"
        os.replace(temporal, final)
        with transaccion(almacen) as s:
            _exigir_puede_subir(s, entidad)
            anteriores = list(
                s.scalars(
                    select(Adjunto.id).where(Adjunto.entidad_clave == entidad, Adjunto.vigente)
                )
            )
            if anteriores:
                s.execute(update(Adjunto).where(Adjunto.id.in_(anteriores)).values(vigente=False))
            nuevo = Adjunto(
                entidad_clave=entidad,
                archivo=final.relative_to(almacen.carpeta).as_posix(),
                sha256=sha,
                tamano=tamano,
                nombre_original=origen.name,
                subido_en=momento,
                persona=configuracion(s).persona,
                vigente=True,
            )
            s.add(nuevo)
            s.flush()
            anotar(
                s,
                "reporte_firmado",
                entidad=entidad,
                objeto=nuevo.archivo,
                antes={"vigentes_anteriores": anteriores},
                despues={
                    "archivo": nuevo.archivo,
                    "sha256": sha,
                    "tamano": tamano,
                    "nombre_original": origen.name,
                    "paginas": paginas,
                },
            )
            vista = _vista(almacen, nuevo)
    except BaseException:
        if final is not None:
            final.unlink(missing_ok=True)
        raise
    finally:
        temporal.unlink(missing_ok=True)  # already renamed, unless refused or a duplicate
    return ResultadoAdjunto(vista, True, paginas)


def adjuntos(almacen: Almacen, entidad: str) -> list[AdjuntoVista]:
    """Every signed report uploaded for the entidad, the one in force first."""
    with lectura(almacen) as s:
        exigir_entidad_visible(s, configuracion(s), entidad)
        filas = s.scalars(
            select(Adjunto)
            .where(Adjunto.entidad_clave == entidad)
            .order_by(Adjunto.vigente.desc(), Adjunto.subido_en.desc(), Adjunto.id.desc())
        ).all()
        return [_vista(almacen, a) for a in filas]


def para_consultar(almacen: Almacen, entidad: str, id_adjunto: int | None = None) -> Path:
    """The stored copy to open («Consultar»), after checking it is intact."""
    lista = adjuntos(almacen, entidad)
    if id_adjunto is None:
        elegido = next((a for a in lista if a.vigente), None)
        if elegido is None:
            raise ErrorEyF(
                f"La entidad {entidad} no tiene reporte firmado vigente. Súbalo con "
                f"«eyf reporte adjuntar --entidad {entidad} RUTA.pdf»."
            )
    else:
        elegido = next((a for a in lista if a.id == id_adjunto), None)
        if elegido is None:
            raise ErrorEyF(
                f"No existe el reporte firmado número {id_adjunto} de la entidad {entidad}."
            )
    if not elegido.ruta.is_file():
        raise ErrorEyF(
            f"La copia del reporte firmado ya no está en la carpeta de datos ({elegido.ruta}). "
            "Restaure un respaldo de la carpeta de datos o súbalo de nuevo."
        )
    resumen = hashlib.sha256()
    with elegido.ruta.open("rb") as archivo:
        while trozo := archivo.read(TROZO):
            resumen.update(trozo)
    if resumen.hexdigest() != elegido.sha256:
        raise ErrorEyF(
            f"La copia del reporte firmado ({elegido.ruta}) cambió después de subirse: su SHA-256 "
            "ya no coincide. Súbalo de nuevo desde el original."
        )
    return elegido.ruta
