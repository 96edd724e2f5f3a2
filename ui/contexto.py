"""What every screen receives: the open data folder, the job runner, the
application-level signals and the window settings. Passed explicitly (no
global singletons), so a test builds one around a fresh database."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.almacen.almacen import Almacen
from ui.ajustes import Ajustes
from ui.trabajos import Trabajos


class Senales(QObject):
    """Notices between screens and windows, instead of widgets reaching into each other."""

    # Captures, Paso 2 answers, finalizations, imports...: lists must reload.
    datos_cambiados = Signal()
    # Who this installation is for, or the person capturing, changed.
    configuracion_cambiada = Signal()
    # A screen asks for the help at a topic (anchor in recursos/ayuda).
    ayuda_pedida = Signal(str)


@dataclass
class Contexto:
    almacen: Almacen
    carpeta: Path
    trabajos: Trabajos = field(default_factory=Trabajos)
    senales: Senales = field(default_factory=Senales)
    ajustes: Ajustes | None = None

    def __post_init__(self) -> None:
        if self.ajustes is None:
            self.ajustes = Ajustes(self.carpeta)
