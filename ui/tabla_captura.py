"""The Paso 6 grid, made for the keyboard: type a number on a cell to start
editing, Tab and Shift+Tab jump between the cells that can be captured,
Enter edits, Supr or Retroceso empty a cell; the causa is a drop-down of the
catalog's causes. Every editor has an accessible name (column and product)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QTableView,
    QWidget,
)

from ui.encabezado import EncabezadoAgrupado
from ui.modelos.productos import ROL_PROBLEMA
from ui.modelos.tabla import ROL_FILA

SIN_CAUSA = "(sin causa)"


def _nombre_accesible(indice: QModelIndex) -> str:
    titulo = indice.model().headerData(indice.column(), Qt.Orientation.Horizontal)
    fila = indice.data(ROL_FILA)
    return f"{titulo}, {fila.nombre}" if fila is not None else str(titulo)


class _Delegado(QStyledItemDelegate):
    """Draws a red frame on a refused cell, visible even when it is selected."""

    def paint(self, painter: QPainter, option, index: QModelIndex) -> None:
        super().paint(painter, option, index)
        if index.data(ROL_PROBLEMA):
            painter.save()
            painter.setPen(QPen(QColor("#c62828"), 2))
            painter.drawRect(option.rect.adjusted(1, 1, -1, -1))
            painter.restore()


class DelegadoCantidad(_Delegado):
    """A plain text editor: what is typed reaches the core's rules as typed, so
    a wrong value is shown with the reason instead of being silently blocked."""

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        editor = QLineEdit(parent)
        editor.setObjectName("editor_cantidad")
        editor.setMaxLength(12)
        editor.setAccessibleName(_nombre_accesible(index))
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return editor

    def setEditorData(self, editor: QLineEdit, index: QModelIndex) -> None:
        editor.setText(index.data(Qt.ItemDataRole.EditRole) or "")

    def setModelData(self, editor: QLineEdit, model, index: QModelIndex) -> None:
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class DelegadoCausa(_Delegado):
    def __init__(self, causas: Mapping[str, str], parent=None):
        super().__init__(parent)
        self.causas = dict(causas)

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        combo = QComboBox(parent)
        combo.setObjectName("editor_causa")
        combo.setAccessibleName(_nombre_accesible(index))
        combo.addItem(SIN_CAUSA, "")
        for clave, nombre in self.causas.items():
            combo.addItem(nombre, clave)
        # Picking with the mouse or Enter in the list commits at once.
        combo.activated.connect(lambda _i, c=combo: self._listo(c))
        return combo

    def _listo(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)

    def setEditorData(self, editor: QComboBox, index: QModelIndex) -> None:
        posicion = editor.findData(index.data(Qt.ItemDataRole.EditRole) or "")
        editor.setCurrentIndex(max(posicion, 0))

    def setModelData(self, editor: QComboBox, model, index: QModelIndex) -> None:
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class TablaCaptura(QTableView):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setHorizontalHeader(EncabezadoAgrupado(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setTabKeyNavigation(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        # Middle: «Hernioplastia incisional compleja con…» twice would look like
        # one product; the end of the name is what tells them apart.
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.activated.connect(self._editar)

    def _editables(self) -> list[int]:
        fuente = self.model()
        while hasattr(fuente, "sourceModel"):
            fuente = fuente.sourceModel()
        return fuente.columnas_editables() if fuente is not None else []

    def _editar(self, indice: QModelIndex) -> None:
        if indice.flags() & Qt.ItemFlag.ItemIsEditable:
            self.edit(indice)

    def primera_celda(self) -> QModelIndex:
        editables = self._editables()
        if self.model() is None or not self.model().rowCount() or not editables:
            return QModelIndex()
        return self.model().index(0, editables[0])

    def moveCursor(self, accion, modificadores) -> QModelIndex:
        """Tab and Shift+Tab skip the columns that are not captured (No.,
        Producto, Unidad de medida) and wrap to the next or previous row."""
        Accion = QAbstractItemView.CursorAction
        if accion not in (Accion.MoveNext, Accion.MovePrevious):
            return super().moveCursor(accion, modificadores)
        editables = self._editables()
        actual = self.currentIndex()
        modelo = self.model()
        if not editables or modelo is None or not actual.isValid():
            return super().moveCursor(accion, modificadores)
        fila, columna = actual.row(), actual.column()
        adelante = accion == Accion.MoveNext
        siguientes = [c for c in editables if (c > columna if adelante else c < columna)]
        if siguientes:
            return modelo.index(fila, siguientes[0] if adelante else siguientes[-1])
        fila += 1 if adelante else -1
        if not 0 <= fila < modelo.rowCount():
            return actual
        return modelo.index(fila, editables[0] if adelante else editables[-1])

    def event(self, evento: QEvent) -> bool:
        # Supr and Retroceso empty cells here instead of going back a screen.
        if (
            evento.type() == QEvent.Type.ShortcutOverride
            and isinstance(evento, QKeyEvent)
            and evento.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and evento.modifiers() == Qt.KeyboardModifier.NoModifier
            and self.state() != QAbstractItemView.State.EditingState
        ):
            evento.accept()
            return True
        return super().event(evento)

    def keyPressEvent(self, evento: QKeyEvent) -> None:
        if (
            evento.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and evento.modifiers() == Qt.KeyboardModifier.NoModifier
            and self.state() != QAbstractItemView.State.EditingState
        ):
            self.vaciar_seleccion()
            return
        super().keyPressEvent(evento)

    def vaciar_seleccion(self) -> None:
        modelo = self.model()
        indices = self.selectionModel().selectedIndexes() or [self.currentIndex()]
        for indice in indices:
            if indice.isValid() and indice.flags() & Qt.ItemFlag.ItemIsEditable:
                modelo.setData(indice, "", Qt.ItemDataRole.EditRole)

    def terminar_edicion(self) -> None:
        """Commit the cell being edited (before Guardar or leaving)."""
        if self.state() == QAbstractItemView.State.EditingState:
            editor = self.indexWidget(self.currentIndex())
            if editor is not None:
                self.commitData(editor)
                self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
