"""The import dialog's table: one row per file with the unit (or entidad)
it claims, its sequence and records, its key's fingerprint (highlighted
when it is new or different from the registered one, with a box to
confirm a new one), and what would happen or happened to it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontDatabase

from app.captura.vista import instalacion
from app.paquetes import consultas
from app.paquetes.importar import ResultadoImportacion, ResumenImportacion, importar
from ui.modelos.tabla import (
    ACCESIBLE,
    AYUDA,
    CENTRO,
    DISPLAY,
    FONDO,
    LETRA,
    Columna,
    Indice,
    ModeloFilas,
)
from ui.progreso import Progreso

COMPROBAR = int(Qt.ItemDataRole.CheckStateRole)
NUEVA, DISTINTA = "nueva", "distinta"
VERDE = QBrush(QColor("#dff0d8"))
ROJO = QBrush(QColor("#f8d7da"))
AMARILLO = QBrush(QColor("#fff3b0"))
NARANJA = QBrush(QColor("#ffd8a8"))


@dataclass
class FilaImportacion:
    ruta: Path
    resultado: ResultadoImportacion | None = None
    texto: str = "Por revisar"  # what would happen / happened, one line
    importado: bool = False  # the result is from the real import, not the dry run
    nombre_origen: str = ""
    huella_registrada: str | None = None  # the key on record for that origin
    notas: list[str] = field(default_factory=list)

    @property
    def confianza(self) -> str | None:
        return self.resultado.confianza if self.resultado is not None else None

    @property
    def huella(self) -> str:
        return (self.resultado.huella if self.resultado is not None else None) or ""

    @property
    def origen(self) -> str:
        r = self.resultado
        if r is None or not r.origen:
            return ""
        return f"{r.origen} {self.nombre_origen}".strip()


def _valor(atributo: str) -> Callable[[FilaImportacion], str]:
    def valor(f: FilaImportacion) -> str:
        r = f.resultado
        v = getattr(r, atributo, None) if r is not None else None
        return "" if v is None else f"{v:,}" if isinstance(v, int) else str(v)

    return valor


ARCHIVO, ORIGEN, SECUENCIA, REGISTROS, HUELLA, CONFIO, RESULTADO = range(7)


def sin_archivo(r: ResultadoImportacion) -> str:
    """The core's line without the file name in front (the table shows it apart)."""
    prefijo = f"{r.ruta.name}: "
    return r.mensaje[len(prefijo) :] if r.mensaje.startswith(prefijo) else r.mensaje


def texto_revision(f: FilaImportacion, confiar: set[str], reemplazar: set[str]) -> str:
    """What the dry run says of a file, in the window's words when a fingerprint
    needs the coordinator (the core's message names the command-line option)."""
    r = f.resultado
    if r is None:
        return "Por revisar"
    if r.confianza == NUEVA:
        if f.huella in confiar:
            return "Huella confirmada: se registrará al importar."
        return "Primer paquete: confirme la huella con quien lo envió y marque «¿Confirmada?»."
    if r.confianza == DISTINTA:
        if f.huella in reemplazar:
            return (
                "Llave nueva confirmada: se registrará al importar y la anterior quedará retirada."
            )
        return (
            f"¡Atención! Firmado con otra llave (la registrada es {f.huella_registrada or '—'}). "
            "Puede ser otra computadora, una reinstalación… o un paquete falso. Regístrela solo "
            "si se confirma: «Registrar llave nueva…»."
        )
    return sin_archivo(r)


def _en_dos_lineas(f: FilaImportacion) -> str:
    """«1E7F 4FA4 3F2C 15E8» over «66D6 7E1E 0220 5454»: half as wide, as
    easy to read out over the phone."""
    grupos = f.huella.split()
    if len(grupos) < 2:
        return f.huella
    mitad = (len(grupos) + 1) // 2
    return f"{' '.join(grupos[:mitad])}\n{' '.join(grupos[mitad:])}"


class ModeloImportacion(ModeloFilas):
    def __init__(self, parent=None):
        self.confiar: set[str] = set()  # fingerprints the coordinator confirmed
        self.reemplazar: set[str] = set()  # confirmed as a unit's new key
        super().__init__(
            [
                Columna("Archivo", lambda f: f.ruta.name, ayuda=lambda f: str(f.ruta)),
                Columna("Unidad o entidad que dice ser", lambda f: f.origen, corto="Origen"),
                Columna("Secuencia", _valor("secuencia"), CENTRO),
                Columna("Registros", _valor("registros"), CENTRO),
                Columna("Huella de su llave", _en_dos_lineas, corto="Huella de la llave"),
                Columna("Confirmo la huella", self._confio, CENTRO, corto="¿Confirmada?"),
                Columna("Resultado", lambda f: f.texto, ayuda=self._ayuda),
            ],
            parent,
        )
        self._mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self._negrita = QFont()
        self._negrita.setBold(True)

    def _confio(self, f: FilaImportacion) -> str:
        if f.confianza == DISTINTA:
            return "llave nueva registrada" if f.huella in self.reemplazar else "¡llave distinta!"
        return ""

    def _ayuda(self, f: FilaImportacion) -> str:
        r = f.resultado
        texto = r.mensaje if r is not None else str(f.ruta)
        return "\n".join([texto, *f.notas])

    def filas_de(self, huella: str) -> list[int]:
        return [i for i, f in enumerate(self.filas) if f.huella == huella]

    def cambiaron(self, filas: list[int]) -> None:
        for i in filas:
            self.dataChanged.emit(self.index(i, 0), self.index(i, self.columnCount() - 1))

    def confiada(self, f: FilaImportacion) -> bool:
        return (f.confianza == NUEVA and f.huella in self.confiar) or (
            f.confianza == DISTINTA and f.huella in self.reemplazar
        )

    # Qt -------------------------------------------------------------------------------
    def flags(self, index: Indice) -> Qt.ItemFlag:
        banderas = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        f = self.fila(index.row())
        if index.column() == CONFIO and f.confianza == NUEVA and not f.importado:
            banderas |= Qt.ItemFlag.ItemIsUserCheckable
        return banderas

    def data(self, index: Indice, role: int = DISPLAY):
        f = self.fila(index.row())
        columna = index.column()
        if columna == CONFIO and f.confianza == NUEVA:
            if role == COMPROBAR:
                confiada = f.huella in self.confiar
                return Qt.CheckState.Checked if confiada else Qt.CheckState.Unchecked
            if role == ACCESIBLE:
                si = "confirmada" if f.huella in self.confiar else "sin confirmar"
                return f"Huella {f.huella} de {f.origen}: {si} (Espacio para cambiar)"
        if columna == HUELLA:
            if role == LETRA:
                return self._mono
            if role == FONDO and not f.importado:
                if f.confianza == NUEVA:
                    return VERDE if f.huella in self.confiar else AMARILLO
                if f.confianza == DISTINTA:
                    return VERDE if f.huella in self.reemplazar else NARANJA
        if columna == CONFIO and f.confianza == DISTINTA and role == LETRA:
            return self._negrita
        if columna == RESULTADO and role == FONDO and f.resultado is not None:
            if f.resultado.aceptado:
                return VERDE
            return None if self.confiada(f) and not f.importado else ROJO
        if role == AYUDA and columna != ARCHIVO:
            return self._ayuda(f)
        return super().data(index, role)

    def setData(self, index: Indice, valor, role: int = COMPROBAR) -> bool:
        if index.column() != CONFIO or role != COMPROBAR:
            return False
        f = self.fila(index.row())
        if f.confianza != NUEVA or f.importado:
            return False
        marcada = Qt.CheckState(valor) == Qt.CheckState.Checked
        if marcada:
            self.confiar.add(f.huella)
        else:
            self.confiar.discard(f.huella)
        self.releer_textos(f.huella)
        return True

    def releer_textos(self, huella: str) -> None:
        """After a fingerprint was confirmed (or not): what its files now say."""
        filas = self.filas_de(huella)
        for i in filas:
            f = self.fila(i)
            if not f.importado:
                f.texto = texto_revision(f, self.confiar, self.reemplazar)
        self.cambiaron(filas)


@dataclass(frozen=True)
class Revision:
    resumen: ResumenImportacion
    nombres: dict[str, str]  # origin (CLUES or entidad) → name
    llaves: dict[str, str]  # origin → fingerprint registered (in force)


def revisar_paquetes(almacen, rutas, confiar, reemplazar, avance: Progreso) -> Revision:
    conf = instalacion(almacen)
    if conf.modo == "nacional":
        origenes = consultas.estado_entidades(almacen)
    else:
        origenes = consultas.estado_unidades(almacen, conf.entidad) if conf.entidad else []
    llaves = {
        k.origen: k.huella for k in consultas.llaves_registradas(almacen) if k.retirada_en is None
    }
    resumen = importar(
        almacen,
        rutas,
        prueba=True,
        confiar=confiar,
        reemplazar=reemplazar,
        progreso=avance,
        cancelado=avance.cancelado,
    )
    return Revision(resumen, {o.clave: o.nombre for o in origenes}, llaves)


ACCIONES = ("agregar", "reemplazar", "sin_cambios", "rechazar")


def resumir(resultados: list[ResultadoImportacion], archivos: int, *, prueba: bool) -> str:
    """The line under the table: how many would be (or were) added, replaced,
    left alone, waiting for a fingerprint, refused; and files not reached."""
    cuenta = {a: sum(r.accion == a for r in resultados) for a in ACCIONES}
    confirmar = sum(r.confianza in (NUEVA, DISTINTA) for r in resultados)
    rechazados = cuenta["rechazar"] - (confirmar if prueba else 0)
    partes = [
        f"{cuenta['agregar']:,} {'se agregarían' if prueba else 'agregados'}",
        f"{cuenta['reemplazar']:,} {'reemplazarían datos' if prueba else 'reemplazados'}",
        f"{cuenta['sin_cambios']:,} sin cambios",
    ]
    if prueba and confirmar:
        partes.append(f"{confirmar:,} por confirmar su huella")
    partes.append(f"{rechazados:,} {'se rechazarían' if prueba else 'rechazados'}")
    inicio = "Revisión (no se escribió nada)" if prueba else "Importación terminada"
    faltan = archivos - len(resultados)
    detenido = f" Se detuvo: {faltan:,} archivo(s) sin procesar." if faltan > 0 else ""
    return f"{inicio}: " + " · ".join(partes) + "." + detenido
