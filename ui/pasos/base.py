"""What every step screen has: a heading with where the user is, the
guide's instruction for the step, a notice when the screen is read-only and
why, and the hooks the main window uses (breadcrumb, help topic, unsaved
changes, search, save)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.contexto import Contexto


@dataclass(frozen=True)
class Ubicacion:
    """Where a screen is in the guide's path: Inicio › Entidad › Unidad › Grupo › Especialidad."""

    entidad: str = ""
    entidad_nombre: str = ""
    clues: str = ""
    unidad_nombre: str = ""
    grupo: str = ""
    grupo_nombre: str = ""
    servicio_nombre: str = ""
    especialidad: str = ""
    especialidad_nombre: str = ""


def etiqueta(
    texto: str = "", *, nombre: str = "", negrita: bool = False, ajuste: bool = True
) -> QLabel:
    e = QLabel(texto)
    e.setWordWrap(ajuste)
    e.setTextFormat(Qt.TextFormat.PlainText)
    if nombre:
        e.setObjectName(nombre)
    if negrita:
        fuente = e.font()
        fuente.setBold(True)
        e.setFont(fuente)
    return e


def caja_busqueda(nombre: str, indicacion: str, accesible: str) -> QLineEdit:
    caja = QLineEdit()
    caja.setObjectName(nombre)
    caja.setPlaceholderText(indicacion)
    caja.setAccessibleName(accesible)
    caja.setClearButtonEnabled(True)
    return caja


def tabla_lista(nombre: str, accesible: str) -> QTableView:
    """A read-only list of rows: one row selected at a time, Enter opens it,
    Tab leaves the table (the arrows move inside it)."""
    t = QTableView()
    t.setObjectName(nombre)
    t.setAccessibleName(accesible)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setTabKeyNavigation(False)
    t.setAlternatingRowColors(True)
    t.setWordWrap(False)
    t.verticalHeader().setVisible(False)
    t.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 10)
    return t


class _DeBusquedaATabla(QObject):
    TECLAS = (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter)

    def __init__(self, caja: QLineEdit, tabla: QTableView):
        super().__init__(caja)
        self.tabla = tabla

    def eventFilter(self, objeto: QObject, evento: QEvent) -> bool:
        if not (
            evento.type() == QEvent.Type.KeyPress
            and isinstance(evento, QKeyEvent)
            and evento.key() in self.TECLAS
            and self.tabla.model() is not None
        ):
            return False
        tabla = self.tabla
        primera = getattr(tabla, "primera_celda", None)
        if primera is not None:  # Paso 6: the first cell that is captured
            if primera().isValid():
                tabla.setCurrentIndex(primera())
        else:
            modelo = tabla.model()
            for fila in range(modelo.rowCount()):
                indice = modelo.index(fila, 0)
                if indice.flags() & Qt.ItemFlag.ItemIsEnabled:
                    tabla.setCurrentIndex(indice)
                    tabla.selectRow(fila)
                    break
        tabla.setFocus()
        if evento.key() != Qt.Key.Key_Down and primera is None and tabla.currentIndex().isValid():
            tabla.activated.emit(tabla.currentIndex())
        return True


def pasar_a_tabla(caja: QLineEdit, tabla: QTableView) -> None:
    """From a search box: Down goes to the first row of the list; Enter opens
    it (in Paso 6, both go to the first cell that is captured)."""
    caja.installEventFilter(_DeBusquedaATabla(caja, tabla))


class Pantalla(QWidget):
    """One step of the guide. The window stacks them; each knows its breadcrumb."""

    navegar = Signal(object)  # open this screen on top
    reemplazar = Signal(object)  # replace this screen with that one
    volver = Signal()  # go back one screen (after an action completes)
    estado = Signal(str)  # a message for the status line

    paso = ""  # "Paso 3"
    ayuda = "inicio"  # anchor in the help

    def __init__(self, ctx: Contexto, ubicacion: Ubicacion = Ubicacion(), parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.ubicacion = ubicacion
        self._vigente = False  # loaded and not invalidated by datos_cambiados
        self.cargada = False  # its data was shown at least once (tests wait on it)
        self.raiz = QVBoxLayout(self)
        self.raiz.setContentsMargins(12, 8, 12, 8)
        self.raiz.setSpacing(6)
        self.titulo = etiqueta(nombre="titulo_pantalla", negrita=True)
        fuente = self.titulo.font()
        fuente.setPointSizeF(fuente.pointSizeF() * 1.2)
        self.titulo.setFont(fuente)
        self.detalle = etiqueta(nombre="detalle_pantalla")
        self.instruccion = etiqueta(nombre="instruccion", negrita=True)
        self.nota = etiqueta(nombre="nota")
        self.aviso = etiqueta(nombre="aviso_solo_lectura")
        self.aviso.setStyleSheet(
            "QLabel { background: #fdf0d5; border: 1px solid #e0b252; border-radius: 3px;"
            " padding: 4px 8px; color: #5a3d00; }"
        )
        self.aviso.setVisible(False)
        for w in (self.titulo, self.detalle, self.instruccion, self.nota, self.aviso):
            self.raiz.addWidget(w)
        self.detalle.setVisible(False)
        self.nota.setVisible(False)
        ctx.senales.datos_cambiados.connect(self._invalidar)

    # Hooks for the window ---------------------------------------------------
    def miga(self) -> str:
        """This screen's breadcrumb text."""
        return "Inicio"

    def al_activar(self) -> None:
        """The screen became visible: (re)load its data if needed."""
        if not self._vigente:
            self._vigente = True
            self.cargar()

    def cargar(self) -> None:
        pass

    def enfocar(self) -> None:
        """Put the keyboard focus where the user starts on this screen."""

    def buscar(self) -> bool:
        """Ctrl+F: focus this screen's search box; False when it has none."""
        return False

    def puede_guardar(self) -> bool:
        return False

    @property
    def ocupada(self) -> bool:
        """Saving right now: the window does not leave it until it ends."""
        return False

    def hay_cambios(self) -> bool:
        return False

    def que_se_edita(self) -> str:
        return "esta pantalla"

    def guardar(self, despues: Callable[[bool], None] | None = None) -> None:
        if despues:
            despues(True)

    def descartar(self) -> None:
        pass

    # Helpers ------------------------------------------------------------------
    def _invalidar(self) -> None:
        self._vigente = False
        if self.isVisible():
            self.al_activar()

    def poner_textos(
        self, titulo: str, instruccion: str, nota: str = "", detalle: str = ""
    ) -> None:
        self.titulo.setText(titulo)
        self.instruccion.setText(instruccion)
        self.nota.setText(nota)
        self.nota.setVisible(bool(nota))
        self.detalle.setText(detalle)
        self.detalle.setVisible(bool(detalle))

    def poner_aviso(self, texto: str | None) -> None:
        self.aviso.setText(texto or "")
        self.aviso.setVisible(bool(texto))

    def lanzar(self, funcion, al_terminar, *, mensaje: str, al_fallar=None) -> None:
        self.ctx.trabajos.lanzar(
            funcion, al_terminar, al_fallar=al_fallar, dueno=self, mensaje=mensaje
        )

    def titulo_entidad(self) -> str:
        return f"Entidad Federativa {self.ubicacion.entidad_nombre}"

    def linea_unidad(self) -> str:
        u = self.ubicacion
        return f"Unidad médica: {u.clues} {u.unidad_nombre}"
