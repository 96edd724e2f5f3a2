"""The summary shown before Guardar: what each product had and what it will
have, and how many records are created, changed and deleted."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from app.captura.reglas import FilaCaptura, validar_fila
from ui.modelos.productos import Cambio


def describir(fila: FilaCaptura, causas: Mapping[str, str]) -> str:
    """«Faltante: amb. 20, Falta de Equipo · 20 pacientes/mes» (or «sin registro»)."""

    def cantidades(amb, hosp) -> str:
        partes = []
        if amb not in (None, ""):
            partes.append(f"amb. {amb}")
        if hosp not in (None, ""):
            partes.append(f"hosp. {hosp}")
        return ", ".join(partes)

    partes = []
    faltante = cantidades(fila.faltante_ambulatorio, fila.faltante_hospitalario)
    if faltante:
        causa = causas.get(str(fila.causa or ""), fila.causa or "sin causa")
        partes.append(f"Faltante: {faltante}, {causa}")
    excedente = cantidades(fila.excedente_ambulatorio, fila.excedente_hospitalario)
    if excedente:
        partes.append(f"Excedente: {excedente}")
    if fila.pacientes not in (None, ""):
        partes.append(f"{fila.pacientes} pacientes/mes")
    return " · ".join(partes) if partes else "sin registro"


def contar(cambios: Sequence[Cambio], causas: Mapping[str, str]) -> tuple[int, int, int]:
    """Records (faltante or excedente) created, changed and deleted."""
    creados = modificados = borrados = 0
    for c in cambios:
        antes = {r.tipo: r for r in validar_fila(c.antes, causas)[0]}
        despues = {r.tipo: r for r in validar_fila(c.despues, causas)[0]}
        creados += len(despues.keys() - antes.keys())
        borrados += len(antes.keys() - despues.keys())
        modificados += sum(antes[t] != despues[t] for t in antes.keys() & despues.keys())
    return creados, modificados, borrados


def _plural(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


class DialogoResumen(QDialog):
    def __init__(
        self, cambios: Sequence[Cambio], causas: Mapping[str, str], donde: str, parent=None
    ):
        super().__init__(parent)
        self.setObjectName("dialogo_resumen")
        self.setWindowTitle("Confirmar: guardar cambios")
        creados, modificados, borrados = contar(cambios, causas)
        raiz = QVBoxLayout(self)
        encabezado = QLabel(
            f"{donde}\nSe guardarán los cambios de {_plural(len(cambios), 'producto', 'productos')}: "
            f"{_plural(creados, 'registro nuevo', 'registros nuevos')}, "
            f"{_plural(modificados, 'modificado', 'modificados')} y "
            f"{_plural(borrados, 'borrado', 'borrados')}. Revise que los datos sean correctos."
        )
        encabezado.setObjectName("resumen_texto")
        encabezado.setWordWrap(True)
        raiz.addWidget(encabezado)
        self.tabla = QTableWidget(len(cambios), 3, self)
        self.tabla.setObjectName("tabla_resumen")
        self.tabla.setAccessibleName("Cambios por guardar")
        self.tabla.setHorizontalHeaderLabels(["Producto", "Antes", "Después"])
        self.tabla.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tabla.setTabKeyNavigation(False)
        self.tabla.verticalHeader().setVisible(False)
        self.tabla.setWordWrap(True)
        for i, c in enumerate(cambios):
            for j, texto in enumerate(
                (c.nombre, describir(c.antes, causas), describir(c.despues, causas))
            ):
                item = QTableWidgetItem(texto)
                item.setToolTip(texto)
                self.tabla.setItem(i, j, item)
        cabecera = self.tabla.horizontalHeader()
        cabecera.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # Row heights follow the width the columns really have once the dialog
        # is laid out (computed before, with the default width, they came out
        # far too tall).
        cabecera.sectionResized.connect(
            lambda *_: QTimer.singleShot(0, self.tabla.resizeRowsToContents)
        )
        raiz.addWidget(self.tabla, 1)
        botones = QDialogButtonBox(self)
        self.boton_guardar = botones.addButton("&Guardar", QDialogButtonBox.ButtonRole.AcceptRole)
        self.boton_guardar.setObjectName("boton_confirmar_guardar")
        seguir = botones.addButton("&Seguir editando", QDialogButtonBox.ButtonRole.RejectRole)
        seguir.setObjectName("boton_seguir_editando")
        botones.accepted.connect(self.accept)
        botones.rejected.connect(self.reject)
        raiz.addWidget(botones)
        self.boton_guardar.setDefault(True)
        self.boton_guardar.setFocus()
        ventana = parent.window() if parent is not None else None
        ancho = min(900, ventana.width() - 40) if ventana is not None else 820
        alto = min(ventana.height() - 40, 600) if ventana is not None else 560
        self.resize(max(ancho, 560), min(alto, 200 + 60 * len(cambios)))
