"""What the window and the ``eyf`` command do when they start with a data folder.

1. Remove what a killed backup or restore left behind.
2. Open the database (``Almacen.abrir``: where it lives, version, damage,
   migration with its backup).
3. Settle bundle exports a kill interrupted (their temporary files, their
   reserved sequence numbers: ``app.paquetes.interrumpidas.limpiar_interrumpidas``).
4. Make the day's backup if there is none yet, and delete the automatic
   backups past their time. A failure in 3 or 4 never stops the program: it
   becomes a notice for the person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.almacen.almacen import Almacen
from app.almacen.respaldos import limpiar_restos, respaldo_diario
from app.errores import ErrorAlmacen, ErrorEyF


@dataclass
class Arranque:
    almacen: Almacen
    avisos: list[str] = field(default_factory=list)  # Spanish notices to show, if any
    respaldo_del_dia: Path | None = None  # the daily backup made now, if one was


def abrir_al_iniciar(
    carpeta: Path, url: str | None = None, *, cargar_catalogo: bool = True
) -> Arranque:
    carpeta = Path(carpeta)
    if carpeta.is_dir():
        limpiar_restos(carpeta)
    almacen = Almacen.abrir(carpeta, url, cargar_catalogo=cargar_catalogo)
    arranque = Arranque(almacen)
    _limpiar_exportaciones(arranque)
    if almacen.ruta_bd is not None:
        try:
            diario = respaldo_diario(almacen.ruta_bd, carpeta)
        except ErrorAlmacen as exc:
            arranque.avisos.append(f"Aviso: no se pudo hacer el respaldo del día. {exc.mensaje}")
        else:
            arranque.respaldo_del_dia = diario.creado
            if diario.aviso:
                arranque.avisos.append(diario.aviso)
    return arranque


def _limpiar_exportaciones(arranque: Arranque) -> None:
    # Imported here: bundles sit above storage; start-up is where both meet.
    from app.paquetes.interrumpidas import limpiar_interrumpidas

    try:
        limpiar_interrumpidas(arranque.almacen)
    except ErrorEyF as exc:
        arranque.avisos.append(
            f"Aviso: no se pudo revisar una exportación interrumpida. {exc.mensaje}"
        )
