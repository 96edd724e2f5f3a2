"""Paso 1: the tablero's rows, with the guide's Reporte columns as links.

The Reporte cells say what activating them does, as on the official tool:
«Preliminar», «Finalizar reporte» / «Versión final», «Subir» /
«Consultar/Modificar»; «—» when there is nothing to do there. What they
say depends on the installation (a unit closes its own capture and does
not upload the signed report; the national level neither finalizes nor
reopens) and, at the national level, an extra column tells each entidad's
bundle state."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor, QFont

from app.captura.consultas import FilaTablero
from app.paquetes.consultas import EstadoOrigen
from ui.iconos import ROJO, VERDE, circulo
from ui.modelos.tabla import (
    ACCESIBLE,
    AYUDA,
    CENTRO,
    DISPLAY,
    LETRA,
    TEXTO,
    Columna,
    Indice,
    ModeloFilas,
)

RESPUESTAS = {"si": "SÍ", "no": "NO", None: "Sin responder"}
NADA = "—"
PRELIMINAR, FINAL, SUBIR, SEMAFORO, PAQUETE = 6, 7, 8, 9, 10
REPORTE = (PRELIMINAR, FINAL, SUBIR)
DECORACION = 1  # Qt.ItemDataRole.DecorationRole
_ENLACE = QBrush(QColor("#0b5cad"))


def fecha_local(momento) -> str:
    """A UTC moment from the database as local «dd/mm/aaaa hh:mm»."""
    from datetime import UTC

    if momento is None:
        return ""
    return f"{momento.replace(tzinfo=UTC).astimezone():%d/%m/%Y %H:%M}"


def describir_paquete(e: EstadoOrigen | None) -> str:
    """«importado (secuencia 3, 12/05/2026 10:31)», «sin paquete», «capturada aquí»."""
    if e is None:
        return ""
    if e.paquete is None:
        return e.etiqueta
    return f"{e.etiqueta} (secuencia {e.secuencia}, {fecha_local(e.importado_en)})"


class ModeloTablero(ModeloFilas):
    def __init__(self, parent=None):
        self.modo: str | None = None  # the installation's mode
        self.paquetes: dict[str, EstadoOrigen] = {}  # national level: each entidad's bundle
        super().__init__(self._columnas(), parent)
        self._subrayada = QFont()
        self._subrayada.setUnderline(True)

    def poner_datos(
        self, filas, modo: str | None, paquetes: dict[str, EstadoOrigen] | None = None
    ) -> None:
        self.modo = modo
        self.paquetes = paquetes or {}
        self.poner(filas)

    # What each Reporte cell says ------------------------------------------------
    def preliminar(self, f: FilaTablero) -> str:
        return NADA if f.finalizada else "Preliminar"

    def final(self, f: FilaTablero) -> str:
        if f.finalizada:
            return "Versión final"
        return NADA if self.modo == "nacional" else "Finalizar reporte"

    def subir(self, f: FilaTablero) -> str:
        if self.modo == "unidad":
            return NADA
        if f.reporte_firmado:
            return "Consultar/Modificar"
        return "Subir" if f.finalizada else NADA

    def semaforo(self, f: FilaTablero) -> str:
        if self.modo == "unidad":
            return "Captura cerrada" if f.finalizada else "Sin cerrar"
        return "Finalizada" if f.finalizada else "Sin finalizar"

    def texto(self, columna: int, f: FilaTablero) -> str:
        return self.columnas[columna].valor(f)

    def accionable(self, columna: int, f: FilaTablero) -> bool:
        return columna in REPORTE and self.texto(columna, f) != NADA

    def _columnas(self) -> list[Columna]:
        return [
            Columna("No.", lambda f: str(f.numero), CENTRO),
            Columna(
                "Entidad Federativa",
                lambda f: f.nombre,
                ayuda=lambda f: f"{f.nombre} (clave {f.clave}). Paso 2: {RESPUESTAS[f.respuesta]}.",
            ),
            Columna(
                "Respuesta del Paso 2", lambda f: RESPUESTAS[f.respuesta], CENTRO, corto="Paso 2"
            ),
            Columna(
                "Unidades médicas: total",
                lambda f: f"{f.total:,}",
                CENTRO,
                "Total",
                "Unidades médicas",
            ),
            Columna(
                "Unidades con excedentes/faltantes",
                lambda f: f"{f.con_excedentes_faltantes:,}",
                CENTRO,
                "Con excedentes/\nfaltantes",
                "Unidades médicas",
            ),
            Columna(
                "Unidades sin excedentes/faltantes",
                lambda f: f"{f.sin_excedentes_faltantes:,}",
                CENTRO,
                "Sin excedentes/\nfaltantes",
                "Unidades médicas",
            ),
            Columna("Reporte preliminar", self.preliminar, CENTRO, "Preliminar", "Reporte"),
            Columna(
                "Reporte final (para firmas)", self.final, CENTRO, "Final\n(para firmas)", "Reporte"
            ),
            Columna("Reporte firmado (subir)", self.subir, CENTRO, "Subir\n(firmado)", "Reporte"),
            Columna("Semáforo", self.semaforo, CENTRO),
            Columna(
                "Paquete de la entidad",
                lambda f: describir_paquete(self.paquetes.get(f.clave)),
                CENTRO,
                "Paquete",
            ),
        ]

    # Qt -------------------------------------------------------------------------
    def data(self, index: Indice, role: int = DISPLAY):
        columna = index.column()
        if columna == SEMAFORO and role == DECORACION:
            return circulo(VERDE if self.fila(index.row()).finalizada else ROJO)
        if columna in REPORTE and role in (TEXTO, LETRA, AYUDA, ACCESIBLE):
            f = self.fila(index.row())
            texto = self.texto(columna, f)
            if texto == NADA:
                return "Nada que hacer aquí por ahora" if role == ACCESIBLE else None
            if role == TEXTO:
                return _ENLACE
            if role == LETRA:
                return self._subrayada
            if role == ACCESIBLE:
                return f"{texto} (Enter)"
            return AYUDAS[texto]
        return super().data(index, role)


AYUDAS = {
    "Preliminar": "Enter o doble clic: guardar el reporte preliminar «Sin Validez Oficial» "
    "en PDF para revisarlo (Alt+P)",
    "Finalizar reporte": "Enter o doble clic: finalizar el registro (Paso 7); después se "
    "obtiene la versión final para firmas (Alt+F)",
    "Versión final": "Enter o doble clic: guardar la versión final para firmas en PDF "
    "(Paso 8, Alt+F)",
    "Subir": "Enter o doble clic: subir el reporte final firmado y escaneado (Paso 9, Alt+S)",
    "Consultar/Modificar": "Enter o doble clic: consultar el reporte firmado subido o "
    "reemplazarlo (Paso 9, Alt+S)",
}
