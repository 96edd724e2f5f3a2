"""Paso 1: the tablero of entidades, the capture period and the catalog,
and from it the end of the process: the preliminary report, finalizing
(Paso 7), the final version for signatures (Paso 8), the signed report
(Paso 9), reopening, and the bundles that carry the captures.

The Reporte cells act like the guide's links (Enter or double click); the
buttons below the table and the context menu do the same for the selected
entidad, with a letter each (Alt+P, Alt+F, Alt+S, Alt+R)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QMenu, QPushButton

from app.captura import consultas
from app.captura.cierre import estado_cierre
from app.captura.consultas import FilaTablero, Tablero
from app.captura.permisos import Configuracion, fecha
from app.captura.vista import instalacion
from app.catalogo.consultas import buscar_unidades
from app.paquetes import consultas as paquetes
from app.paquetes.consultas import EstadoOrigen
from ui.encabezado import EncabezadoAgrupado
from ui.iconos import ROJO, VERDE, circulo
from ui.modelos.tabla import ROL_FILA
from ui.modelos.tablero import FINAL, NADA, PAQUETE, PRELIMINAR, SUBIR, ModeloTablero
from ui.pasos.base import Pantalla, Ubicacion, etiqueta, tabla_lista
from ui.pasos.tablero_textos import (
    boton,
    describir_instalacion,
    leyendas,
    que_sigue,
    resumen_paquetes,
)


@dataclass(frozen=True)
class DatosTablero:
    tablero: Tablero
    conf: Configuracion
    unidad: str  # the unit's name in a unit installation
    paquetes: tuple[EstadoOrigen, ...] = ()  # units (coordination) or entidades (national)
    ultimo_envio: paquetes.ExportacionVista | None = None  # a unit's last bundle


def _leer(almacen) -> DatosTablero:
    conf = instalacion(almacen)
    t = consultas.tablero(almacen)
    nombre, estados, ultimo = "", (), None
    if conf.modo == "unidad" and conf.clues:
        encontradas = buscar_unidades(almacen, conf.clues, limite=1)
        nombre = encontradas[0].nombre if encontradas else ""
        # A unit's semáforo is its own capture, closed in Paso 7 (its bundle says so).
        cerrada = estado_cierre(almacen, conf.entidad).finalizada
        t = replace(t, filas=tuple(replace(f, finalizada=cerrada) for f in t.filas))
        ultimo = next((e for e in paquetes.exportaciones(almacen) if e.estado == "completo"), None)
    elif conf.modo == "estatal" and conf.entidad:
        estados = tuple(paquetes.estado_unidades(almacen, conf.entidad))
    elif conf.modo == "nacional":
        estados = tuple(paquetes.estado_entidades(almacen))
    return DatosTablero(t, conf, nombre, estados, ultimo)


class PantallaTablero(Pantalla):
    paso = "Paso 1"
    ayuda = "paso1"
    configurar_pedido = Signal()
    pintada = Signal()  # the table was painted with the data (cold-start measurement)

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, Ubicacion(), parent)
        self.datos: DatosTablero | None = None
        self.poner_textos(
            "Captura del periodo",
            "Paso 1.- Seleccionar la Entidad Federativa a la que pertenece: con las flechas "
            "y Enter, o con doble clic sobre su nombre.",
        )
        self.instalacion = etiqueta(nombre="instalacion")
        self.catalogo = etiqueta(nombre="catalogo")
        self.demostracion = QLabel("Catálogo de demostración")
        self.demostracion.setObjectName("marca_demostracion")
        self.demostracion.setStyleSheet(
            "QLabel { background: #fff1b8; border: 1px solid #d4b000; border-radius: 3px;"
            " padding: 2px 8px; font-weight: bold; }"
        )
        self.demostracion.setAccessibleName("Catálogo de demostración")
        self.demostracion.setVisible(False)
        fila_cat = QHBoxLayout()
        fila_cat.addWidget(self.catalogo, 1)
        fila_cat.addWidget(self.demostracion)
        self.raiz.insertLayout(2, fila_cat)
        self.raiz.insertWidget(3, self.instalacion)

        self.boton_configurar = QPushButton("&Configurar la instalación…")
        self.boton_configurar.setObjectName("boton_configurar")
        self.boton_configurar.setVisible(False)
        self.boton_configurar.clicked.connect(self.configurar_pedido)
        self.raiz.addWidget(self.boton_configurar, 0, Qt.AlignmentFlag.AlignLeft)

        leyenda = QHBoxLayout()
        self.leyendas: list[QLabel] = []
        for color in (VERDE, ROJO):
            icono = QLabel()
            icono.setPixmap(circulo(color).pixmap(14, 14))
            leyenda.addWidget(icono)
            texto = etiqueta(ajuste=False)
            self.leyendas.append(texto)
            leyenda.addWidget(texto)
            leyenda.addSpacing(16)
        leyenda.addStretch(1)
        self._poner_leyendas(None)
        self.raiz.addLayout(leyenda)

        self.modelo = ModeloTablero(self)
        self.tabla = tabla_lista("tabla_entidades", "Entidades federativas")
        self.tabla.setHorizontalHeader(EncabezadoAgrupado(self.tabla))
        self.tabla.setModel(self.modelo)
        cabecera = self.tabla.horizontalHeader()
        cabecera.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        cabecera.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.tabla.setColumnHidden(PAQUETE, True)
        self.tabla.activated.connect(self._activar)
        self.tabla.viewport().installEventFilter(self)
        self.tabla.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tabla.customContextMenuRequested.connect(self._menu_contextual)
        self.raiz.addWidget(self.tabla, 1)
        self._crear_botones()
        self.paquetes = etiqueta(nombre="resumen_paquetes")
        self.paquetes.setVisible(False)
        self.raiz.addWidget(self.paquetes)
        self.siguiente = etiqueta(nombre="que_sigue")
        self.raiz.addWidget(self.siguiente)
        self._avisar_pintada = False
        ctx.senales.configuracion_cambiada.connect(self._invalidar)

    def _crear_botones(self) -> None:
        fila = QHBoxLayout()
        self.botones: dict[str, QPushButton] = {}
        for clave, accion in (
            ("preliminar", self.preliminar),
            ("final", self.final),
            ("subir", self.subir),
            ("reabrir", self.reabrir),
            ("", None),
            ("exportar", self.exportar_paquete),
            ("importar", self.importar_paquetes),
        ):
            if not clave:
                fila.addStretch(1)
                continue
            b = QPushButton(boton(clave, False))
            b.setObjectName(f"boton_{clave}")
            b.setVisible(False)
            b.clicked.connect(lambda _c=False, a=accion: a())
            self.botones[clave] = b
            fila.addWidget(b)
        self.raiz.addLayout(fila)
        self.tabla.selectionModel().currentRowChanged.connect(lambda *_: self._botones())

    def miga(self) -> str:
        return "Inicio"

    def cargar(self) -> None:
        self.lanzar(lambda: _leer(self.ctx.almacen), self._mostrar, mensaje="Leyendo el tablero…")

    def _mostrar(self, datos: DatosTablero) -> None:
        self.datos = datos
        t, conf = datos.tablero, datos.conf
        estado = "abierta" if t.periodo_abierto else "cerrada"
        self.titulo.setText(f"Captura del periodo {t.periodo_anio}")
        self.detalle.setText(
            f"Captura {estado}: del {fecha(t.periodo_inicio)} al {fecha(t.periodo_fin)}."
        )
        self.detalle.setVisible(True)
        self.catalogo.setText(f"Catálogo: {t.catalogo_nombre}, versión {t.catalogo_version}.")
        self.demostracion.setVisible(t.demostracion)
        self.instalacion.setText(describir_instalacion(conf, t, datos.unidad))
        self.boton_configurar.setVisible(not conf.configurada)
        avisos = []
        if not conf.configurada:
            avisos.append(
                "Esta instalación aún no está configurada: indique para quién es antes de "
                "capturar (botón «Configurar la instalación»)."
            )
        if t.motivo_cerrado:
            avisos.append(t.motivo_cerrado)
        self.poner_aviso("\n".join(avisos))
        self._poner_leyendas(conf.modo)
        actual = self.tabla.currentIndex()
        fila_actual, columna = max(actual.row(), 0), max(actual.column(), 1)
        modo = conf.modo if conf.configurada else None
        nacionales = {e.clave: e for e in datos.paquetes} if modo == "nacional" else {}
        self.modelo.poner_datos(t.filas, modo, nacionales)
        self.tabla.setColumnHidden(PAQUETE, modo != "nacional")
        if t.filas:
            fila_actual = min(fila_actual, len(t.filas) - 1)
            self.tabla.setCurrentIndex(self.modelo.index(fila_actual, columna))
            self.tabla.selectRow(fila_actual)
        resumen = resumen_paquetes(conf, datos.paquetes, datos.ultimo_envio)
        self.paquetes.setText(resumen)
        self.paquetes.setVisible(bool(resumen))
        self.siguiente.setText(que_sigue(conf, t))
        self._botones()
        self.cargada = True
        self._avisar_pintada = True
        self.tabla.viewport().update()

    def _poner_leyendas(self, modo: str | None) -> None:
        for e, texto in zip(self.leyendas, leyendas(modo), strict=True):
            e.setText(texto)

    def eventFilter(self, objeto: QObject, evento: QEvent) -> bool:
        if self._avisar_pintada and evento.type() == QEvent.Type.Paint:
            self._avisar_pintada = False
            resultado = super().eventFilter(objeto, evento)
            self.pintada.emit()
            return resultado
        return super().eventFilter(objeto, evento)

    def enfocar(self) -> None:
        self.tabla.setFocus()

    # The selected entidad and what can be done with it -------------------------------
    def seleccionada(self) -> FilaTablero | None:
        indice = self.tabla.currentIndex()
        return indice.data(ROL_FILA) if indice.isValid() else None

    @property
    def modo(self) -> str | None:
        return self.modelo.modo

    def _botones(self) -> None:
        """Which buttons this installation has, and what they say for the selected row."""
        f, modo = self.seleccionada(), self.modo
        visibles = {
            None: set(),
            "unidad": {"preliminar", "final", "reabrir", "exportar"},
            "estatal": {"preliminar", "final", "subir", "reabrir", "exportar", "importar"},
            "nacional": {"preliminar", "final", "subir", "importar"},
        }[modo]
        for clave, b in self.botones.items():
            b.setVisible(clave in visibles)
            hecho = f is not None and (f.reporte_firmado if clave == "subir" else f.finalizada)
            b.setText(boton(clave, hecho))
            if clave in ("preliminar", "final", "subir", "reabrir"):
                b.setEnabled(f is not None and self._puede(clave, f))

    def _puede(self, clave: str, f: FilaTablero) -> bool:
        m = self.modelo
        return {
            "preliminar": lambda: m.preliminar(f) != NADA,
            "final": lambda: m.final(f) != NADA,
            "subir": lambda: m.subir(f) != NADA,
            "reabrir": lambda: f.finalizada,
        }[clave]()

    def _activar(self, indice: QModelIndex) -> None:
        acciones = {PRELIMINAR: self.preliminar, FINAL: self.final, SUBIR: self.subir}
        accion = acciones.get(indice.column())
        if accion is None:
            self._abrir(indice)
        else:
            accion()

    def _abrir(self, indice: QModelIndex) -> None:
        fila: FilaTablero = indice.data(ROL_FILA)
        if fila is None or self.datos is None:
            return
        conf = self.datos.conf
        if not conf.configurada:
            self.configurar_pedido.emit()
            return
        ubicacion = Ubicacion(entidad=fila.clave, entidad_nombre=fila.nombre)
        if conf.modo == "nacional" or fila.respuesta == "si":
            from ui.pasos.unidades import PantallaUnidades

            self.navegar.emit(PantallaUnidades(self.ctx, ubicacion))
        else:
            from ui.pasos.respuesta import PantallaRespuesta

            self.navegar.emit(PantallaRespuesta(self.ctx, ubicacion, fila.respuesta))

    def _menu_contextual(self, punto: QPoint) -> None:
        f = self.seleccionada()
        if f is None or self.datos is None or not self.datos.conf.configurada:
            return
        menu = QMenu(self)
        menu.setObjectName("menu_entidad")
        menu.addAction(f"&Abrir {f.nombre}", lambda: self._abrir(self.tabla.currentIndex()))
        for clave, accion in (
            ("preliminar", self.preliminar),
            ("final", self.final),
            ("subir", self.subir),
            ("reabrir", self.reabrir),
        ):
            b = self.botones[clave]
            if b.isVisible():
                menu.addAction(b.text(), accion).setEnabled(b.isEnabled())
        menu.popup(self.tabla.viewport().mapToGlobal(punto))

    def _ubicacion(self, f: FilaTablero) -> Ubicacion:
        conf = self.datos.conf if self.datos else None
        if conf is not None and conf.modo == "unidad":
            return Ubicacion(f.clave, f.nombre, conf.clues or "", self.datos.unidad)
        return Ubicacion(f.clave, f.nombre)

    def _clues(self) -> str | None:
        conf = self.datos.conf if self.datos else None
        return conf.clues if conf is not None and conf.modo == "unidad" else None

    # Actions ------------------------------------------------------------------------
    def preliminar(self) -> None:
        f = self.seleccionada()
        if f is None:
            return
        if self.modelo.preliminar(f) == NADA:
            self.estado.emit(
                f"{f.nombre} ya finalizó: el reporte para revisar y firmar es la versión final "
                "(columna «Final», Alt+F)."
            )
            return
        from ui.reportes import PRELIMINAR as VERSION
        from ui.reportes import guardar_reporte

        guardar_reporte(self, VERSION, f.clave, f.nombre, self._clues())

    def final(self) -> None:
        f = self.seleccionada()
        if f is None:
            return
        if f.finalizada:
            from ui.reportes import FINAL as VERSION
            from ui.reportes import guardar_reporte

            guardar_reporte(self, VERSION, f.clave, f.nombre, self._clues())
        elif self.modo == "nacional":
            self.estado.emit(
                f"{f.nombre} aún no finaliza su registro: la versión final se obtiene cuando "
                "llega su paquete finalizado."
            )
        else:
            from ui.pasos.cierre import PantallaCierre

            self.navegar.emit(PantallaCierre(self.ctx, self._ubicacion(f)))

    def subir(self) -> None:
        f = self.seleccionada()
        if f is None:
            return
        if self.modelo.subir(f) == NADA:
            self.estado.emit(
                "El reporte firmado lo sube la coordinación estatal."
                if self.modo == "unidad"
                else f"{f.nombre} aún no finaliza su registro: primero finalice (Paso 7) e "
                "imprima la versión final para firmas (Paso 8)."
            )
            return
        from ui.pasos.firmado import PantallaFirmado

        self.navegar.emit(PantallaFirmado(self.ctx, self._ubicacion(f)))

    def reabrir(self) -> None:
        f = self.seleccionada()
        if f is None or not f.finalizada or self.modo not in ("estatal", "unidad"):
            return
        from ui.pasos.cierre import DialogoReabrir

        DialogoReabrir.abrir(self, f.clave, f.nombre, self._clues(), f.reporte_firmado)

    def exportar_paquete(self) -> None:
        from ui.paquetes.acciones import exportar

        exportar(self.window(), self.ctx)

    def importar_paquetes(self) -> None:
        from ui.paquetes.acciones import importar

        importar(self.window(), self.ctx)
