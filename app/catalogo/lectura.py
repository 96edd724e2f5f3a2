"""Reading a catalog (folder or ZIP) into memory, with every problem reported
as file, row and column. Nothing here touches the database."""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from app.catalogo.formato import ARCHIVO_DATOS, ARCHIVOS
from app.errores import ErrorEyF

TAMANO_MAXIMO_ARCHIVO = 200 * 1024 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # tab, CR and LF may appear in quoted text
PROBLEMAS_A_MOSTRAR = 200


@dataclass(frozen=True)
class ProblemaCatalogo:
    archivo: str
    fila: int | None
    columna: str | None
    explicacion: str

    @property
    def mensaje(self) -> str:
        partes = [self.archivo]
        if self.fila is not None:
            partes.append(f"fila {self.fila}")
        if self.columna:
            partes.append(f"columna «{self.columna}»")
        return f"{', '.join(partes)}: {self.explicacion}"

    def __str__(self) -> str:
        return self.mensaje


class ErrorCatalogo(ErrorEyF):
    """The catalog file was refused; nothing was changed."""

    def __str__(self) -> str:
        lineas = [self.mensaje]
        lineas += [f"  - {p.mensaje}" for p in self.problemas[:PROBLEMAS_A_MOSTRAR]]
        if len(self.problemas) > PROBLEMAS_A_MOSTRAR:
            lineas.append(f"  … y {len(self.problemas) - PROBLEMAS_A_MOSTRAR} problemas más.")
        return "\n".join(lineas)


class Problemas(list[ProblemaCatalogo]):
    def agregar(self, archivo: str, fila: int | None, columna: str | None, texto: str) -> None:
        self.append(ProblemaCatalogo(archivo, fila, columna, texto))


def leer_fuente(ruta: Path) -> dict[str, bytes]:
    """The catalog's files as bytes, from a folder or a ZIP; refuses anything else."""
    ruta = Path(ruta)
    esperados = [ARCHIVO_DATOS, *ARCHIVOS]
    if ruta.is_dir():
        archivos = {}
        for nombre in esperados:
            archivo = ruta / nombre
            if archivo.is_file():
                if archivo.stat().st_size > TAMANO_MAXIMO_ARCHIVO:
                    raise _demasiado_grande(nombre)
                archivos[nombre] = archivo.read_bytes()
        return archivos
    if not ruta.exists():
        raise ErrorCatalogo(f"No existe {ruta}. Revise la ruta del catálogo.")
    if not zipfile.is_zipfile(ruta):
        raise ErrorCatalogo(
            f"{ruta} no es un catálogo: debe ser una carpeta o un archivo .zip con los "
            "archivos CSV descritos en docs/formato-catalogo.md."
        )
    try:
        return _leer_zip(ruta, esperados)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        EOFError,
        zlib.error,
        NotImplementedError,  # a compression method zipfile does not know
        RuntimeError,  # an encrypted member
        ValueError,
    ) as exc:
        raise ErrorCatalogo(
            f"El archivo {ruta} está dañado o incompleto: no se pudo descomprimir. "
            "Vuelva a descargarlo o pida una copia nueva del catálogo (un .zip sin contraseña)."
        ) from exc


def _leer_zip(ruta: Path, esperados: list[str]) -> dict[str, bytes]:
    with zipfile.ZipFile(ruta) as zf:
        miembros = {i.filename: i for i in zf.infolist() if not i.is_dir()}
        prefijo = ""
        if ARCHIVO_DATOS not in miembros:
            candidatos = {
                n.rsplit("/", 1)[0] + "/" for n in miembros if n.endswith("/" + ARCHIVO_DATOS)
            }
            if len(candidatos) == 1:
                prefijo = candidatos.pop()
        archivos = {}
        for nombre in esperados:
            info = miembros.get(prefijo + nombre)
            if info is None:
                continue
            if info.file_size > TAMANO_MAXIMO_ARCHIVO:
                raise _demasiado_grande(nombre)
            with zf.open(info) as f:
                datos = f.read(TAMANO_MAXIMO_ARCHIVO + 1)
            if len(datos) > TAMANO_MAXIMO_ARCHIVO:
                raise _demasiado_grande(nombre)
            archivos[nombre] = datos
        return archivos


def _demasiado_grande(nombre: str) -> ErrorCatalogo:
    mb = TAMANO_MAXIMO_ARCHIVO // (1024 * 1024)
    return ErrorCatalogo(f"{nombre} mide más de {mb} MB: no parece un catálogo.")


def _explicar_csv(exc: csv.Error) -> str:
    """csv's own messages are English; say the same for a person."""
    texto = str(exc)
    if "NUL" in texto:
        return "tiene un carácter nulo; el archivo parece dañado o no es texto."
    if "field larger than field limit" in texto:
        return "un valor es demasiado largo; revise que cada comilla abierta tenga su cierre."
    if "new-line character" in texto:
        return "tiene un salto de línea suelto; ábralo y guárdelo de nuevo como «CSV UTF-8»."
    if "unexpected end of data" in texto:
        return "termina a la mitad de un valor entre comillas; revise las comillas."
    return "no tiene el formato CSV esperado; revise comas y comillas."


def filas_csv(
    archivo: str, datos: bytes, esperadas: tuple[str, ...], problemas: Problemas
) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of one CSV file as (row number, column → stripped value).

    Header problems stop the file (its rows cannot be read reliably); row
    problems are reported and the row skipped, so every problem is seen at once.
    """
    try:
        texto = datos.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        fila = datos[: exc.start].count(b"\n") + 1
        problemas.agregar(
            archivo,
            fila,
            None,
            f"el archivo no está en UTF-8 (byte 0x{datos[exc.start]:02X} inválido). "
            "Ábralo en su hoja de cálculo y guárdelo como «CSV UTF-8 (delimitado por comas)».",
        )
        return
    lector = csv.reader(io.StringIO(texto, newline=""))
    try:
        encabezado = [c.strip() for c in next(lector)]
    except StopIteration:
        problemas.agregar(archivo, 1, None, "el archivo está vacío: falta el encabezado.")
        return
    except csv.Error as exc:
        problemas.agregar(archivo, 1, None, f"el encabezado no se puede leer: {_explicar_csv(exc)}")
        return
    faltan = [c for c in esperadas if c not in encabezado]
    sobran = [c for c in encabezado if c not in esperadas]
    for c in faltan:
        problemas.agregar(archivo, 1, c, "falta esta columna en el encabezado.")
    for c in sobran:
        problemas.agregar(
            archivo, 1, c, f"columna desconocida; las columnas válidas son: {', '.join(esperadas)}."
        )
    repetidas = {c for c in encabezado if encabezado.count(c) > 1}
    for c in sorted(repetidas):
        problemas.agregar(archivo, 1, c, "la columna aparece más de una vez.")
    if faltan or sobran or repetidas:
        return
    numero = 1
    while True:
        numero += 1
        try:
            fila = next(lector)
        except StopIteration:
            return
        except csv.Error as exc:
            problemas.agregar(
                archivo, numero, None, f"la fila no se puede leer: {_explicar_csv(exc)}"
            )
            return
        if not any(v.strip() for v in fila):
            continue
        if len(fila) != len(encabezado):
            problemas.agregar(
                archivo,
                numero,
                None,
                f"tiene {len(fila)} valores y el encabezado tiene {len(encabezado)} columnas "
                "(¿una coma de más o de menos? Use comillas si un nombre lleva comas).",
            )
            continue
        valores = {c: v.strip() for c, v in zip(encabezado, fila, strict=True)}
        invisibles = [c for c, v in valores.items() if _CONTROL.search(v)]
        if invisibles:  # a NUL or other control character: a damaged or binary file
            for c in invisibles:
                problemas.agregar(
                    archivo,
                    numero,
                    c,
                    "tiene caracteres de control invisibles; el archivo parece dañado.",
                )
            continue
        yield numero, valores
