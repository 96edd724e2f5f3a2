"""Reading the PDFs back as a person and a second program would: pypdf's text,
poppler's pdftotext, the page content streams, and pages rendered to PNG."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PIL import Image
from pypdf import PdfReader


def paginas_pypdf(ruta: Path) -> list[str]:
    return [p.extract_text() for p in PdfReader(ruta).pages]


def paginas_poppler(ruta: Path, *, diagonal: bool = False) -> list[str]:
    """pdftotext per page (the diagonal watermark is left out unless asked)."""
    orden = ["pdftotext", "-layout"] + ([] if diagonal else ["-nodiag"]) + [str(ruta), "-"]
    salida = subprocess.run(orden, capture_output=True, text=True, check=True).stdout
    paginas = salida.split("\f")
    assert paginas[-1].strip() == ""
    return paginas[:-1]


def contenido(ruta: Path, pagina: int) -> bytes:
    """The drawing operators of a page (1-based)."""
    return PdfReader(ruta).pages[pagina - 1].get_contents().get_data()


def png(ruta: Path, pagina: int, carpeta: Path, *, resolucion: int = 60) -> Image.Image:
    """The page rendered by poppler's pdftoppm."""
    base = carpeta / f"{ruta.stem}-{pagina}"
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(resolucion),
            "-f",
            str(pagina),
            "-l",
            str(pagina),
            "-png",
            "-singlefile",
            str(ruta),
            str(base),
        ],
        check=True,
    )
    return Image.open(f"{base}.png").convert("RGB")


def _pixeles(imagen: Image.Image):
    datos = imagen.tobytes()
    return zip(datos[0::3], datos[1::3], datos[2::3], strict=True)


def pixeles_rojizos(imagen: Image.Image) -> int:
    """Pixels of the watermark's pale red (red clearly above green and blue)."""
    return sum(1 for r, g, b in _pixeles(imagen) if r > 200 and r - g > 12 and r - b > 12)


def pixeles_oscuros(imagen: Image.Image) -> int:
    return sum(1 for r, g, b in _pixeles(imagen) if r + g + b < 300)
