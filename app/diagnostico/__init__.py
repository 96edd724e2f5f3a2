"""``eyf diagnostico``: a self-check a person can run while on the phone with
support. Each check gives one line: «ok» with what it found, or the problem
in Spanish and what to do.

The checks only read the person's data (the database is opened read-only);
whatever must be written to prove it works (a database, a report, a signed
bundle) is written in a temporary folder that is deleted at the end.

    for c in comprobar(carpeta_datos("…")):
        print(linea(c))
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from app.diagnostico.comprobacion import Comprobacion, resguardar


@dataclass(frozen=True)
class Diagnostico:
    comprobaciones: tuple[Comprobacion, ...]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.comprobaciones)

    @property
    def problemas(self) -> int:
        return sum(not c.ok for c in self.comprobaciones)


def comprobar(
    carpeta: Path, url: str | None = None, *, origen: str = "carpeta de datos del usuario"
) -> Iterator[Comprobacion]:
    """The checks, one at a time (a person sees each line as it is done).

    ``carpeta`` is the data folder in use and ``origen`` why it was chosen
    (``app.rutas.origen_carpeta_datos``); ``url`` a database server, if any."""
    from app.diagnostico import comprobaciones as c
    from app.diagnostico import muestra

    pasos: list[tuple[str, str, Callable[[], Comprobacion]]] = [
        ("programa", "Programa", c.programa),
        ("carpeta", "Carpeta de datos", lambda: c.carpeta_datos(carpeta, origen)),
        ("base", "Base de datos", lambda: c.base_de_datos(carpeta, url)),
        ("migraciones", "Migraciones", lambda: c.migraciones(carpeta, url)),
        ("catalogo", "Catálogo", lambda: c.catalogo(carpeta, url)),
    ]
    for clave, nombre, paso in pasos:
        yield resguardar(clave, nombre, paso)
    # The report and the bundle share one throw-away installation.
    yield from muestra.comprobar_reporte_y_paquete(carpeta)


def diagnosticar(carpeta: Path, url: str | None = None, **opciones: str) -> Diagnostico:
    return Diagnostico(tuple(comprobar(carpeta, url, **opciones)))


def linea(c: Comprobacion) -> str:
    """One line for a terminal: «ok  Nombre: detalle» or «PROBLEMA  Nombre: … Qué hacer: …»."""
    if c.ok:
        return f"ok        {c.nombre}: {c.detalle}"
    que_hacer = f" Qué hacer: {c.que_hacer}" if c.que_hacer else ""
    return f"PROBLEMA  {c.nombre}: {c.detalle}{que_hacer}"


__all__ = ["Comprobacion", "Diagnostico", "comprobar", "diagnosticar", "linea"]
