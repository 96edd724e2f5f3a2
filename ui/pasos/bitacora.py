"""Herramientas › Bitácora de cambios: every change recorded in this
database (when, who, from which installation, what, before → after), the
newest first, filtered by kind of change, entidad, CLUES, person and dates,
and read in pages («Cargar más»): it can hold hundreds of thousands of
entries. Read-only; queries run off the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, QItemSelection, Qt, QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
)

from app.almacen.consulta_bitacora import (
    EntradaBitacora,
    acciones_registradas,
    consultar_bitacora,
    contar_bitacora,
    nombre_accion,
)
from app.catalogo.consultas import entidades
from app.errores import ErrorUso
from app.texto import cuantos
from ui import dialogos
from ui.modelos.bitacora import ModeloBitacora, detalle
from ui.modelos.tabla import ROL_FILA
from ui.pasos.base import Pantalla, etiqueta, tabla_lista

PAGINA = 200


@dataclass(frozen=True)
class Filtros:
    acciones: tuple[str, ...] = ()
    entidad: str | None = None
    clues: str | None = None
    persona: str | None = None
    desde: date | None = None
    hasta: date | None = None

    def como_argumentos(self) -> dict:
        return {
            "acciones": list(self.acciones) or None,
            "entidad": self.entidad,
            "clues": self.clues,
            "persona": self.persona,
            "desde": self.desde,
            "hasta": self.hasta,
        }


@dataclass(frozen=True)
class Pagina:
    entradas: list[EntradaBitacora]
    total: int | None  # None: a further page of the same query
    acciones: list[str] | None = None  # kinds present (first read only)
    entidades: list[tuple[str, str]] | None = None


def leer(almacen, filtros: Filtros, antes_de: int | None, primera: bool) -> Pagina:
    argumentos = filtros.como_argumentos()
    entradas = consultar_bitacora(almacen, limite=PAGINA, antes_de=antes_de, **argumentos)
    total = contar_bitacora(almacen, **argumentos) if antes_de is None else None
    if primera:
        return Pagina(entradas, total, acciones_registradas(almacen), entidades(almacen))
    return Pagina(entradas, total)


def _fecha(caja: QDateEdit) -> date:
    d = caja.date()
    return date(d.year(), d.month(), d.day())


class PantallaBitacora(Pantalla):
    ayuda = "bitacora"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent=parent)
        self.poner_textos(
            "Bitácora de cambios",
            "Cada cambio guardado en esta base: cuándo, quién, desde qué instalación, qué "
            "cambió (antes → después). Los más recientes primero.",
        )
        self.nombres: dict[str, str] = {}
        self._primera = True
        self._generacion = 0
        self.total = 0
        self._crear_filtros()
        self.modelo = ModeloBitacora(self.nombres, self)
        self.tabla = tabla_lista("tabla_bitacora", "Entradas de la bitácora")
        self.tabla.setModel(self.modelo)
        cabecera = self.tabla.horizontalHeader()
        cabecera.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        cabecera.setStretchLastSection(True)
        self.tabla.selectionModel().selectionChanged.connect(self._seleccion)
        self.detalle_entrada = QPlainTextEdit()
        self.detalle_entrada.setObjectName("detalle_bitacora")
        self.detalle_entrada.setAccessibleName("Detalle de la entrada seleccionada")
        self.detalle_entrada.setReadOnly(True)
        self.detalle_entrada.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.detalle_entrada.setPlaceholderText(
            "Seleccione una entrada para ver el antes y el después completos."
        )
        division = QSplitter(Qt.Orientation.Vertical)
        division.setObjectName("division_bitacora")
        division.addWidget(self.tabla)
        division.addWidget(self.detalle_entrada)
        division.setStretchFactor(0, 3)
        division.setStretchFactor(1, 1)
        division.setChildrenCollapsible(False)
        self.raiz.addWidget(division, 1)
        fila = QHBoxLayout()
        self.cuenta = etiqueta(nombre="cuenta_bitacora", ajuste=False)
        fila.addWidget(self.cuenta, 1)
        self.mas = QPushButton("Cargar &más")
        self.mas.setObjectName("boton_cargar_mas")
        self.mas.setEnabled(False)
        self.mas.clicked.connect(self.cargar_mas)
        fila.addWidget(self.mas)
        self.raiz.addLayout(fila)
        self._esperar = QTimer(self, singleShot=True, interval=300)
        self._esperar.timeout.connect(self.cargar)

    def _crear_filtros(self) -> None:
        fila = QHBoxLayout()
        self.accion = QComboBox()
        self.accion.setObjectName("filtro_accion")
        self.accion.setAccessibleName("Filtrar por tipo de cambio")
        self.accion.addItem("Todos los cambios", ())
        self.entidad = QComboBox()
        self.entidad.setObjectName("filtro_entidad")
        self.entidad.setAccessibleName("Filtrar por entidad")
        self.entidad.addItem("Todas las entidades", None)
        self.clues = QLineEdit()
        self.clues.setObjectName("filtro_clues")
        self.clues.setAccessibleName("Filtrar por CLUES")
        self.clues.setPlaceholderText("CLUES")
        self.clues.setClearButtonEnabled(True)
        self.clues.setMaximumWidth(150)
        self.persona = QLineEdit()
        self.persona.setObjectName("filtro_persona")
        self.persona.setAccessibleName("Filtrar por persona")
        self.persona.setPlaceholderText("Persona (parte del nombre)")
        self.persona.setClearButtonEnabled(True)
        for texto, w in (("&Cambio:", self.accion), ("&Entidad:", self.entidad)):
            e = QLabel(texto)
            e.setBuddy(w)
            fila.addWidget(e)
            fila.addWidget(w)
        fila.addWidget(self.clues)
        fila.addWidget(self.persona, 1)
        self.raiz.addLayout(fila)
        fila = QHBoxLayout()
        hoy = QDate.currentDate()
        self.usar_desde = QCheckBox("&Desde")
        self.usar_desde.setObjectName("usar_desde")
        self.desde = QDateEdit(hoy.addMonths(-1))
        self.usar_hasta = QCheckBox("&Hasta")
        self.usar_hasta.setObjectName("usar_hasta")
        self.hasta = QDateEdit(hoy)
        for caja, marca, nombre in (
            (self.desde, self.usar_desde, "desde"),
            (self.hasta, self.usar_hasta, "hasta"),
        ):
            caja.setObjectName(f"filtro_{nombre}")
            caja.setAccessibleName(f"Fecha {nombre} (incluida)")
            caja.setCalendarPopup(True)
            caja.setDisplayFormat("dd/MM/yyyy")
            caja.setEnabled(False)
            marca.toggled.connect(caja.setEnabled)
            marca.toggled.connect(lambda _v: self._cambio())
            caja.dateChanged.connect(lambda _d: self._cambio())
            fila.addWidget(marca)
            fila.addWidget(caja)
        self.limpiar = QPushButton("&Quitar los filtros")
        self.limpiar.setObjectName("boton_quitar_filtros")
        self.limpiar.clicked.connect(self.quitar_filtros)
        fila.addWidget(self.limpiar)
        fila.addStretch(1)
        self.raiz.addLayout(fila)
        self.accion.currentIndexChanged.connect(lambda _i: self._cambio())
        self.entidad.currentIndexChanged.connect(lambda _i: self._cambio())
        self.clues.textChanged.connect(lambda _t: self._cambio())
        self.persona.textChanged.connect(lambda _t: self._cambio())

    # Window hooks --------------------------------------------------------------------
    def miga(self) -> str:
        return "Bitácora de cambios"

    def enfocar(self) -> None:
        self.tabla.setFocus()

    def buscar(self) -> bool:
        self.persona.setFocus()
        self.persona.selectAll()
        return True

    # Reading --------------------------------------------------------------------------
    def filtros(self) -> Filtros:
        return Filtros(
            acciones=tuple(self.accion.currentData() or ()),
            entidad=self.entidad.currentData(),
            clues=self.clues.text().strip() or None,
            persona=self.persona.text().strip() or None,
            desde=_fecha(self.desde) if self.usar_desde.isChecked() else None,
            hasta=_fecha(self.hasta) if self.usar_hasta.isChecked() else None,
        )

    def _cambio(self) -> None:
        self._esperar.start()

    def quitar_filtros(self) -> None:
        for w in (
            self.accion,
            self.entidad,
            self.clues,
            self.persona,
            self.usar_desde,
            self.usar_hasta,
        ):
            w.blockSignals(True)
        self.accion.setCurrentIndex(0)
        self.entidad.setCurrentIndex(0)
        self.clues.clear()
        self.persona.clear()
        self.usar_desde.setChecked(False)
        self.usar_hasta.setChecked(False)
        self.desde.setEnabled(False)
        self.hasta.setEnabled(False)
        for w in (
            self.accion,
            self.entidad,
            self.clues,
            self.persona,
            self.usar_desde,
            self.usar_hasta,
        ):
            w.blockSignals(False)
        self.cargar()

    def cargar(self) -> None:
        """The first page for the filters on screen."""
        self._esperar.stop()
        self._leer(None)

    def cargar_mas(self) -> None:
        ultima = self.modelo.filas[-1].id if self.modelo.filas else None
        if ultima is not None:
            self._leer(ultima)

    def _leer(self, antes_de: int | None) -> None:
        self._generacion += 1
        generacion = self._generacion
        filtros, primera, almacen = self.filtros(), self._primera, self.ctx.almacen
        self.mas.setEnabled(False)

        def listo(p: Pagina) -> None:
            if generacion == self._generacion:
                self._mostrar(p, antes_de is not None)

        def fallo(exc: BaseException) -> None:
            if generacion != self._generacion:
                return
            if isinstance(exc, ErrorUso):  # «hasta» before «desde»
                self.poner_aviso(exc.mensaje)
                self.modelo.poner([])
                self._contar()
                return
            dialogos.mostrar_error(self, exc, self.ctx.carpeta)

        self.lanzar(
            lambda: leer(almacen, filtros, antes_de, primera),
            listo,
            al_fallar=fallo,
            mensaje="Leyendo la bitácora…",
        )

    def _mostrar(self, p: Pagina, mas: bool) -> None:
        if p.acciones is not None:
            self._primera = False
            self._poner_listas(p.acciones, p.entidades or [])
        self.poner_aviso(None)
        if mas:
            self.modelo.agregar(p.entradas)
        else:
            self.total = p.total or 0
            self.modelo.poner(p.entradas)
            self.detalle_entrada.clear()
            if p.entradas:
                self.tabla.selectRow(0)
            self._ajustar_columnas()
        self._contar()
        self.cargada = True

    def _poner_listas(self, acciones: list[str], lista_entidades: list[tuple[str, str]]) -> None:
        self.nombres.update(dict(lista_entidades))
        por_nombre: dict[str, list[str]] = {}
        for a in acciones:  # two codes may share a name («Paquete importado»)
            por_nombre.setdefault(nombre_accion(a), []).append(a)
        for w in (self.accion, self.entidad):
            w.blockSignals(True)
        for nombre in sorted(por_nombre):
            self.accion.addItem(nombre, tuple(por_nombre[nombre]))
        for clave, nombre in lista_entidades:
            self.entidad.addItem(nombre, clave)
        for w in (self.accion, self.entidad):
            w.blockSignals(False)

    def _ajustar_columnas(self) -> None:
        m = self.tabla.fontMetrics()
        for i, muestra in enumerate(
            (
                "00/00/0000 00:00:00",
                "Nombre de la persona",
                "Registro modificado (Paso 7)",
                "Coahuila de Zaragoza",
                "CLSSA000000",
                "EST-ODO-0000/faltante",
            )
        ):
            self.tabla.setColumnWidth(i, m.horizontalAdvance(muestra) + 18)

    def _contar(self) -> None:
        vistas = self.modelo.rowCount()
        if not self.total:
            self.cuenta.setText(
                "Ninguna entrada coincide con los filtros."
                if self._hay_filtros()
                else "La bitácora está vacía."
            )
        else:
            self.cuenta.setText(
                ("Se muestra" if vistas == 1 else "Se muestran")
                + f" {vistas:,} de {cuantos(self.total, 'entrada')}"
                + (
                    (" que coincide" if self.total == 1 else " que coinciden") + " con los filtros"
                    if self._hay_filtros()
                    else ""
                )
                + "."
            )
        self.mas.setEnabled(vistas < self.total)

    def _hay_filtros(self) -> bool:
        return self.filtros() != Filtros()

    def _seleccion(self, _n: QItemSelection, _v: QItemSelection) -> None:
        i = self.tabla.currentIndex()
        e = i.data(ROL_FILA) if i.isValid() else None
        self.detalle_entrada.setPlainText(detalle(e, self.nombres) if e else "")
