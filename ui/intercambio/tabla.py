"""The «Tabla» tab: every opportunity, filtered as the user types (both
units, institutions, places, product) and sorted by any column (numbers as
numbers); the selected one is described in full below the table."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLabel, QVBoxLayout, QWidget

from app.intercambio.analisis import Oportunidad
from app.texto import cuantos
from ui.modelos.oportunidades import (
    COLUMNAS_OPORTUNIDADES,
    ENTIDAD,
    distancia,
    modalidad,
    pesos,
)
from ui.modelos.ordenable import (
    ASCENDENTE,
    DESCENDENTE,
    ModeloOrdenable,
    ordenar_con_encabezado,
)
from ui.modelos.tabla import ROL_FILA, FiltroPlegado
from ui.pasos.base import caja_busqueda, etiqueta, pasar_a_tabla, tabla_lista

_COLUMNA = {c.titulo: i for i, c in enumerate(COLUMNAS_OPORTUNIDADES)}
# (text, column, direction): the useful orders, reachable from the keyboard.
ORDENES = [
    ("Como se calcularon (entidad, unidad, producto)", _COLUMNA["No."], ASCENDENTE),
    ("Valor mensual, de mayor a menor", _COLUMNA["Valor mensual estimado (MXN)"], DESCENDENTE),
    (
        "Eventos cubiertos, de más a menos",
        _COLUMNA["Eventos cubiertos de los requeridos"],
        DESCENDENTE,
    ),
    ("Pacientes, de más a menos", _COLUMNA["Pacientes (estimados)"], DESCENDENTE),
    ("Distancia, de la más cercana", _COLUMNA["Distancia"], ASCENDENTE),
    ("Unidad que necesita (A–Z)", _COLUMNA["Unidad que necesita"], ASCENDENTE),
    ("Unidad que ofrece (A–Z)", _COLUMNA["Unidad que ofrece"], ASCENDENTE),
    ("Producto (A–Z)", _COLUMNA["Producto"], ASCENDENTE),
]
SEGUN_ENCABEZADO = "Según el encabezado elegido"


def describir(o: Oportunidad) -> str:
    """One opportunity in words, for the line under the table."""
    costo = (
        f" · ${o.costo_unitario:,} por evento: {pesos(o.valor_mensual)} al mes"
        if o.costo_unitario is not None
        else " · sin costo de referencia"
    )
    return (
        f"Oportunidad {o.numero:,}: {o.clues_demanda} {o.unidad_demanda} ({o.institucion_demanda}, "
        f"{o.municipio_demanda or o.entidad_demanda_nombre}) necesita {o.eventos_requeridos:,} "
        f"eventos al mes de «{o.producto_nombre}» ({modalidad(o.modalidad).lower()}); "
        f"{o.clues_oferta} {o.unidad_oferta} ({o.institucion_oferta}, "
        f"{o.municipio_oferta or o.entidad_oferta_nombre}) puede cubrir {o.eventos_cubiertos:,}"
        f" · {o.pacientes:,} pacientes · {distancia(o)}{costo}."
    )


class PestanaTabla(QWidget):
    seleccionada = Signal(object)  # Oportunidad or None
    abierta = Signal(object)  # Enter / double click: show it on the map

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        raiz = QVBoxLayout(self)
        raiz.setContentsMargins(6, 6, 6, 6)
        fila = QHBoxLayout()
        self.busqueda = caja_busqueda(
            "buscar_oportunidad",
            "Buscar por CLUES, unidad, institución, municipio o producto (Ctrl+F)",
            "Buscar oportunidad",
        )
        self.busqueda.textChanged.connect(self._filtrar)
        fila.addWidget(self.busqueda, 1)
        self.cuenta = etiqueta(nombre="cuenta_oportunidades", ajuste=False)
        fila.addWidget(self.cuenta)
        etiqueta_orden = QLabel("&Ordenar por:")
        self.orden = QComboBox()
        self.orden.setObjectName("orden_oportunidades")
        self.orden.setAccessibleName("Ordenar las oportunidades por")
        for texto, _c, _s in ORDENES:
            self.orden.addItem(texto)
        etiqueta_orden.setBuddy(self.orden)
        self.orden.activated.connect(self._orden_elegido)
        fila.addWidget(etiqueta_orden)
        fila.addWidget(self.orden)
        raiz.addLayout(fila)

        self.modelo = ModeloOrdenable(COLUMNAS_OPORTUNIDADES, self)
        self.filtro = FiltroPlegado(self)
        self.filtro.setSourceModel(self.modelo)
        self.tabla = tabla_lista("tabla_oportunidades", "Oportunidades de intercambio")
        self.tabla.setModel(self.filtro)
        # Middle: two products or units that start alike still read apart.
        self.tabla.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        cabecera = self.tabla.horizontalHeader()
        cabecera.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        cabecera.setStretchLastSection(True)
        ordenar_con_encabezado(self.tabla, self.modelo, self._ordenar)
        self.tabla.selectionModel().selectionChanged.connect(self._seleccion)
        self.tabla.activated.connect(lambda i: self.abierta.emit(i.data(ROL_FILA)))
        raiz.addWidget(self.tabla, 1)
        pasar_a_tabla(self.busqueda, self.tabla)
        self.detalle = etiqueta(nombre="detalle_oportunidad")
        self.detalle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        raiz.addWidget(self.detalle)
        self.vacia = etiqueta(nombre="sin_oportunidades")
        self.vacia.setVisible(False)
        raiz.addWidget(self.vacia)
        self._anchos_puestos = False

    # Data ------------------------------------------------------------------------
    def poner(self, oportunidades: Sequence[Oportunidad], plegados: Sequence[str]) -> None:
        actual = self.actual()
        self.modelo.poner(oportunidades, plegados)
        self.filtro.recalcular()
        varias = len({o.entidad_demanda for o in oportunidades}) > 1
        self.tabla.setColumnHidden(ENTIDAD, not varias)
        if not self._anchos_puestos:
            self._anchos()
        self._contar()
        if actual is None or not self.seleccionar(
            actual.clues_demanda, actual.clues_oferta, actual.producto, actual.modalidad
        ):
            self.tabla.clearSelection()
        # Always from the new result: the same row may now cover other events
        # or be gone (the selection signal does not fire for an unchanged row).
        o = self.actual()
        self.detalle.setText(
            describir(o) if o else "Seleccione una oportunidad para verla completa y en el mapa."
        )
        self.seleccionada.emit(o)

    def actual(self) -> Oportunidad | None:
        i = self.tabla.currentIndex()
        if not i.isValid() or not self.tabla.selectionModel().isSelected(i):
            return None
        return i.data(ROL_FILA)

    def seleccionar(
        self, clues_demanda: str, clues_oferta: str, producto: str, modalidad: str
    ) -> bool:
        """Select that opportunity if the filter shows it."""
        clave = (clues_demanda, clues_oferta, producto, modalidad)
        for fila, o in enumerate(self.modelo.filas):
            if (o.clues_demanda, o.clues_oferta, o.producto, o.modalidad) == clave:
                indice = self.filtro.mapFromSource(self.modelo.index(fila, 0))
                if not indice.isValid():
                    return False
                self.tabla.setCurrentIndex(indice)
                self.tabla.selectRow(indice.row())
                self.tabla.scrollTo(indice)
                return True
        return False

    def _anchos(self) -> None:
        m = self.tabla.fontMetrics()
        anchos = {
            "No.": "00,000",
            "Entidad": "Coahuila de Zaragoza",
            "Unidad que necesita": "CLSSA000000 CENTRO DE SALUD",
            "Institución que necesita": "Institución",
            "Unidad que ofrece": "CLSSA000000 CENTRO DE SALUD",
            "Institución que ofrece": "Institución",
            "Producto": "Ultrasonido de cualquier región",
            "Modalidad": "Hospitalaria",
            "Eventos cubiertos de los requeridos": "0,000 de 0,000",
            "Pacientes (estimados)": "Pacientes",
            "Distancia": "mismo municipio",
            "Costo unitario de referencia (MXN)": "Costo unitario",
            "Valor mensual estimado (MXN)": "$0,000,000",
        }
        for i, c in enumerate(COLUMNAS_OPORTUNIDADES):
            self.tabla.setColumnWidth(i, m.horizontalAdvance(anchos.get(c.titulo, c.titulo)) + 18)
        self._anchos_puestos = True

    # Filter and order ---------------------------------------------------------------
    def _filtrar(self, texto: str) -> None:
        self.filtro.poner_texto(texto)
        self._contar()

    def _contar(self) -> None:
        total = self.modelo.rowCount()
        visibles = self.filtro.cuantas()
        texto = self.filtro.texto
        self.cuenta.setText(
            f"{visibles:,} de {cuantos(total, 'oportunidad', 'oportunidades')}"
            if texto
            else cuantos(total, "oportunidad", "oportunidades")
        )
        if total and not visibles:
            self.vacia.setText(
                f"Ninguna oportunidad coincide con «{texto}». Escriba solo una parte del nombre, "
                "la CLUES o el producto."
            )
        self.vacia.setVisible(bool(total and not visibles))

    def _orden_elegido(self, indice: int) -> None:
        if 0 <= indice < len(ORDENES):
            _t, columna, sentido = ORDENES[indice]
            self.tabla.horizontalHeader().setSortIndicator(columna, sentido)

    def _ordenar(self, columna: int, sentido: Qt.SortOrder) -> None:
        o = self.actual()
        self.modelo.ordenar(columna, sentido)
        elegido = next(
            (i for i, (_t, c, s) in enumerate(ORDENES) if (c, s) == (columna, sentido)), None
        )
        self.orden.blockSignals(True)
        if elegido is None:
            if self.orden.findText(SEGUN_ENCABEZADO) < 0:
                self.orden.addItem(SEGUN_ENCABEZADO)
            self.orden.setCurrentText(SEGUN_ENCABEZADO)
        else:
            self.orden.setCurrentIndex(elegido)
        self.orden.blockSignals(False)
        if o is not None:
            self.seleccionar(o.clues_demanda, o.clues_oferta, o.producto, o.modalidad)

    def _seleccion(self, _nueva: QItemSelection, _vieja: QItemSelection) -> None:
        o = self.actual()
        self.detalle.setText(
            describir(o) if o else "Seleccione una oportunidad para verla completa y en el mapa."
        )
        self.seleccionada.emit(o)
