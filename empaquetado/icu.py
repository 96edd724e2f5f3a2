"""Trim Qt's ICU data library on Linux to what a Spanish/English program uses.

The PySide6 wheels for Linux carry ``libicudata.so.NN`` (32 MB): the ICU
data for every language (locale names, currencies, calendars, collation
tables, Chinese and Thai dictionaries, hundreds of legacy character sets).
Qt uses ICU for collation (sorting "ñ" after "n"), locale-aware case mapping
and legacy text codecs; everything else in Qt (number and date formats,
line breaking) comes from Qt's own tables. So the data is rebuilt keeping
the root locale, Spanish and English, the sorting tables, the core
normalization and property data and a few Western code pages: about 3 MB.

Done with ICU's own ``icupkg`` (package ``icu-devtools``) and binutils
(``objcopy``/``ld``, which PyInstaller's ``--strip`` needs anyway). A
missing tool leaves the library as it is (a warning; the program still
works, only bigger).

    python empaquetado/icu.py CARPETA_DIST/eyf/_internal/PySide6/Qt/lib
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# Locale bundles kept (and their parents, e.g. es_MX -> es_419 -> es -> root).
IDIOMAS = ("es", "en")
_LOCAL = re.compile(r"^(?P<idioma>[a-z]{2,3})(_[A-Za-z0-9]*)*\.res$")
# Code pages kept besides the built-in ones (UTF-*, ISO-8859-1, US-ASCII):
# Windows-1252 and the DOS pages of Spanish-speaking offices.
CONVERTIDORES = {
    "ibm-5348_P100-1997.cnv",
    "ibm-1252_P100-2000.cnv",
    "ibm-850_P100-1995.cnv",
    "ibm-437_P100-1995.cnv",
    "ibm-923_P100-1998.cnv",  # ISO-8859-15
}
# Transliteration rules, Unicode character names and the spoofing checker's
# tables: ICU services Qt never calls.
SIN_USO = {"unames.icu", "confusables.cfu"}
HERRAMIENTAS = ("icupkg", "objcopy", "ld", "nm")


def conservar(elemento: str) -> bool:
    """Whether an item of the ICU package (``coll/es.res``, ``brkitr/cjdict.dict``) stays."""
    partes = elemento.split("/")
    nombre = partes[-1]
    arbol = partes[0] if len(partes) > 1 else ""
    if arbol == "translit" or nombre in SIN_USO:
        return False
    if nombre in ("root.res", "res_index.res", "pool.res"):
        return True
    if nombre.endswith(".dict"):  # Chinese, Japanese, Thai, Khmer, Lao, Burmese word lists
        return False
    if nombre.endswith(".cnv"):
        return nombre in CONVERTIDORES
    if nombre.endswith(".spp"):  # stringprep profiles (network protocols)
        return False
    if arbol == "brkitr" and nombre.endswith(".brk"):
        return "_cj" not in nombre and "phrase" not in nombre
    if arbol == "coll" and nombre in ("es_.res", "es__TRADITIONAL.res"):
        return True
    coincide = _LOCAL.match(nombre)
    if coincide and nombre not in _NO_LOCALES:
        return coincide["idioma"] in IDIOMAS
    return True


# Top-level .res files whose names look like a locale but are not one.
_NO_LOCALES = {
    "icustd.res",
    "icuver.res",
    "langInfo.res",
    "metadata.res",
    "plurals.res",
    "units.res",
}


def _ejecutar(*orden: str | Path, cwd: Path | None = None) -> str:
    return subprocess.run(
        [str(o) for o in orden], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


def simbolo_datos(biblioteca: Path) -> str:
    """The exported data symbol, e.g. ``icudt73_dat``."""
    for linea in _ejecutar("nm", "-D", "--defined-only", biblioteca).splitlines():
        partes = linea.split()
        if partes and re.fullmatch(r"icudt\d+_dat", partes[-1]):
            return partes[-1]
    raise ValueError(f"{biblioteca} no exporta datos de ICU")


def recortar(biblioteca: Path) -> tuple[int, int]:
    """Rebuild ``biblioteca`` (libicudata.so.NN) in place; returns (bytes before, after)."""
    antes = biblioteca.stat().st_size
    simbolo = simbolo_datos(biblioteca)
    paquete = simbolo.removesuffix("_dat") + "l"  # icudt73l (little-endian)
    with tempfile.TemporaryDirectory(prefix="eyf-icu-") as tmp:
        t = Path(tmp)
        original = t / f"{paquete}.dat"
        _ejecutar("objcopy", "-O", "binary", "--only-section=.rodata", biblioteca, original)
        elementos = _ejecutar("icupkg", "--ignore-deps", "-l", original).split()
        fuera = [e for e in elementos if not conservar(e)]
        (t / "fuera.txt").write_text("\n".join(fuera) + "\n", encoding="ascii")
        # icupkg names the items after the package file: same name, another folder.
        (t / "salida").mkdir()
        recortado = t / "salida" / original.name
        # --ignore-deps: brkitr/root.res names the dictionaries of Chinese, Thai...
        # text, which ICU simply does not use when they are absent.
        _ejecutar(
            "icupkg",
            "--ignore-deps",
            "-r",
            "fuera.txt",
            original.name,
            f"salida/{recortado.name}",
            cwd=t,
        )
        objeto = t / "datos.o"
        # The data becomes a read-only, 16-byte aligned symbol named as ICU expects.
        crudo = f"_binary_{recortado.name.replace('.', '_')}_start"
        _ejecutar(
            "objcopy",
            "-I",
            "binary",
            "-O",
            "elf64-x86-64",
            "-B",
            "i386:x86-64",
            "--rename-section",
            ".data=.rodata,alloc,load,readonly,data,contents",
            "--set-section-alignment",
            ".data=16",
            "--redefine-sym",
            f"{crudo}={simbolo}",
            "--strip-symbol",
            crudo.replace("_start", "_end"),
            "--strip-symbol",
            crudo.replace("_start", "_size"),
            recortado.name,
            objeto,
            cwd=recortado.parent,
        )
        nueva = t / biblioteca.name
        _ejecutar(
            "ld",
            "-shared",
            "-s",
            "-soname",
            biblioteca.name,
            "-z",
            "noexecstack",
            "-o",
            nueva,
            objeto,
        )
        if simbolo_datos(nueva) != simbolo:  # pragma: no cover - a broken toolchain
            raise ValueError("la biblioteca recortada no exporta los datos")
        shutil.copyfile(nueva, biblioteca)
    return antes, biblioteca.stat().st_size


def herramientas_faltantes() -> list[str]:
    return [h for h in HERRAMIENTAS if shutil.which(h) is None]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("Uso: python empaquetado/icu.py CARPETA_CON_libicudata", file=sys.stderr)
        return 2
    faltan = herramientas_faltantes()
    if faltan:
        print(
            f"Aviso: faltan {', '.join(faltan)} (paquetes icu-devtools y binutils); "
            "los datos de ICU quedan completos.",
            file=sys.stderr,
        )
        return 0
    bibliotecas = [b for b in sorted(Path(argv[0]).glob("libicudata.so.*")) if not b.is_symlink()]
    if not bibliotecas:
        print(f"No hay libicudata en {argv[0]}; nada que recortar.")
        return 0
    for biblioteca in bibliotecas:
        antes, despues = recortar(biblioteca)
        print(f"{biblioteca.name}: {antes / 2**20:.1f} MiB -> {despues / 2**20:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
