"""What restoring a backup reopens: a finalized entidad or a closed unit in
the current database that the backup does not have closed. As a
reapertura, it needs the entidad password and is recorded as one (in the
bitácora and on the next reports). Used by ``app.almacen.restauracion``."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.almacen.almacen import ARCHIVO_BD
from app.almacen.motor import conectar_lectura
from app.errores import ErrorEyF


@dataclass(frozen=True)
class Reabre:
    """A finalization (``clues`` None) or a unit's closure that the current
    database holds and the backup does not."""

    entidad: str
    nombre: str
    clues: str | None
    finalizada_en: datetime | None

    def describir(self) -> str:
        que = (
            f"la captura de la unidad {self.clues} quedará abierta de nuevo"
            if self.clues
            else f"el registro de {self.nombre} quedará sin finalizar"
        )
        cuando = (
            f" (se cerró el {self.finalizada_en:%d/%m/%Y a las %H:%M} UTC)"
            if (self.finalizada_en)
            else ""
        )
        return que + cuando


class ReaperturaNecesaria(ErrorEyF):
    """Restoring ``origen`` would reopen what ``reabre`` lists: the password is needed."""

    def __init__(self, reabre: list[Reabre]) -> None:
        self.reabre = reabre
        entidades = sorted({r.entidad for r in reabre})
        super().__init__(
            "El respaldo es de antes de un cierre: al restaurarlo, "
            + "; ".join(r.describir() for r in reabre)
            + ". Como en una reapertura, se necesita la contraseña de la entidad "
            + ", ".join(entidades)
            + "; la restauración quedará registrada como reapertura en la bitácora y en los "
            "siguientes reportes. Después podrá finalizar de nuevo."
        )


def _estados(ruta: Path) -> dict[tuple[str, str | None], datetime | None]:
    """The finalized entidades and closed units of a database: read-only."""
    con = conectar_lectura(ruta)
    try:
        cerrados: dict[tuple[str, str | None], datetime | None] = {}
        for entidad, momento in con.execute(
            "SELECT entidad_clave, finalizada_en FROM estado_entidad WHERE finalizada"
        ):
            cerrados[(entidad, None)] = _fecha(momento)
        for clues, entidad, momento in con.execute(
            "SELECT e.clues, u.entidad_clave, e.finalizada_en FROM estado_unidad e "
            "JOIN unidad u ON u.clues = e.clues WHERE e.finalizada"
        ):
            cerrados[(entidad, clues)] = _fecha(momento)
        return cerrados
    finally:
        con.close()


def _fecha(valor) -> datetime | None:
    try:
        return datetime.fromisoformat(str(valor)) if valor else None
    except ValueError:
        return None


def lo_que_reabre(carpeta: Path, origen: Path) -> list[Reabre]:
    """What restoring ``origen`` would reopen; nothing when the current
    database cannot be read (the way out of a damaged one needs no password)."""
    actual = Path(carpeta) / ARCHIVO_BD
    try:
        ahora = _estados(actual) if actual.is_file() else {}
        antes = _estados(Path(origen))
        nombres = _nombres(actual)
    except (sqlite3.Error, OSError):
        return []
    return [
        Reabre(entidad, nombres.get(entidad, entidad), clues, momento)
        for (entidad, clues), momento in sorted(
            ahora.items(), key=lambda x: (x[0][0], x[0][1] or "")
        )
        if (entidad, clues) not in antes
    ]


def _nombres(ruta: Path) -> dict[str, str]:
    con = conectar_lectura(ruta)
    try:
        return dict(con.execute("SELECT clave, nombre FROM entidad"))
    finally:
        con.close()


def exigir_contrasena(carpeta: Path, reabre: list[Reabre], contrasena: str | None) -> None:
    if contrasena is None:
        raise ReaperturaNecesaria(reabre)
    from app.almacen.almacen import Almacen
    from app.captura.acceso import comprobar_contrasena

    actual = Almacen._abrir_sqlite(carpeta, carpeta / ARCHIVO_BD)  # failures count there
    try:
        for entidad in sorted({r.entidad for r in reabre}):
            comprobar_contrasena(actual, entidad, contrasena)
    finally:
        actual.cerrar()


def anotar_reaperturas(s, origen: Path, reabre: list[Reabre]) -> None:
    """What the restore reopened, recorded as reaperturas (printed on reports)."""
    from app.almacen.bitacora import anotar, autor
    from app.almacen.modelos import Reapertura
    from app.almacen.modelos.base import ahora_utc

    persona, _ = autor(s)
    for r in reabre:
        cuando = f"{r.finalizada_en:%d/%m/%Y %H:%M} UTC" if r.finalizada_en else "su cierre"
        motivo = (
            f"Se restauró el respaldo {origen.name}, anterior al cierre del {cuando}; "
            "lo cerrado después de ese respaldo quedó abierto de nuevo."
        )
        s.add(
            Reapertura(
                entidad_clave=r.entidad,
                clues=r.clues,
                motivo=motivo,
                momento=ahora_utc(),
                persona=persona,
            )
        )
        anotar(
            s,
            "reapertura",
            entidad=r.entidad,
            clues=r.clues,
            antes={"finalizada": True},
            despues={"finalizada": False, "motivo": motivo},
        )
