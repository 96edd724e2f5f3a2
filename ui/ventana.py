"""The main window: a navigation stack of step screens under a breadcrumb,
the menus (Archivo, Ir, Herramientas, Ayuda), the status bar with a busy
indicator, and the guard that asks before unsaved changes are lost.

Later features plug in here: a menu action that opens their dialog, a
column action on the tablero, or a screen pushed with ``abrir``; and they
announce changes through ``ctx.senales`` so every screen reloads."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import acerca
from app.captura.vista import instalacion
from app.catalogo.consultas import info
from ui import ajustes, dialogos, herramientas
from ui.contexto import Contexto
from ui.iconos import programa
from ui.migas import Migas
from ui.paquetes import menu as menu_paquetes
from ui.pasos.base import Pantalla
from ui.pasos.tablero import PantallaTablero

TITULO = f"{acerca.NOMBRE} · Recolección de Excedentes y Faltantes de Servicios Médicos"


class VentanaPrincipal(QMainWindow):
    cerrada = Signal()  # the user closed the window: the program ends

    def __init__(self, ctx: Contexto, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("ventana_principal")
        self.setWindowTitle(TITULO)
        self.setWindowIcon(programa())
        self.pila: list[Pantalla] = []
        self._cerrar_confirmado = False
        self._ayuda = None

        central = QWidget()
        raiz = QVBoxLayout(central)
        raiz.setContentsMargins(0, 0, 0, 0)
        raiz.setSpacing(0)
        barra = QWidget()
        barra.setObjectName("barra_navegacion")
        barra.setStyleSheet(
            "#barra_navegacion { background: #e9eef3; border-bottom: 1px solid #c5ced8; }"
        )
        fila = QHBoxLayout(barra)
        fila.setContentsMargins(12, 4, 8, 4)
        self.migas = Migas()
        self.migas.ir_a.connect(self.ir_a)
        fila.addWidget(self.migas, 1)
        self.boton_regresar = QPushButton("← Regresar")
        self.boton_regresar.setObjectName("boton_regresar")
        self.boton_regresar.setToolTip("Regresar al paso anterior (Alt+←)")
        self.boton_regresar.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.boton_regresar.clicked.connect(self.regresar)
        self.boton_ayuda = QPushButton("Guía de ayuda")
        self.boton_ayuda.setObjectName("boton_ayuda")
        self.boton_ayuda.setToolTip("Ayuda de este paso (F1)")
        self.boton_ayuda.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.boton_ayuda.clicked.connect(lambda: self.mostrar_ayuda())
        fila.addWidget(self.boton_regresar)
        fila.addWidget(self.boton_ayuda)
        raiz.addWidget(barra)
        self.pilas = QStackedWidget()
        raiz.addWidget(self.pilas, 1)
        self.setCentralWidget(central)

        self._crear_menus()
        self._crear_barra_estado()
        ctx.trabajos.ocupado_cambio.connect(self._ocupado)
        ctx.trabajos.fallo_sin_manejar.connect(self._fallo)
        ctx.senales.configuracion_cambiada.connect(self._leer_estado)
        ctx.senales.ayuda_pedida.connect(self.mostrar_ayuda)

        self.tablero = PantallaTablero(ctx)
        self.tablero.configurar_pedido.connect(self.configurar)
        self._apilar(self.tablero)
        self._restaurar_geometria()

    # Menus ------------------------------------------------------------------------
    def _accion(self, menu, texto: str, nombre: str, atajos, funcion: Callable) -> QAction:
        accion = QAction(texto, self)
        accion.setObjectName(nombre)
        if atajos:
            accion.setShortcuts([QKeySequence(a) for a in atajos])
            accion.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        accion.triggered.connect(lambda _c=False: funcion())
        menu.addAction(accion)
        return accion

    def _crear_menus(self) -> None:
        barra = self.menuBar()
        self.menu_archivo = archivo = barra.addMenu("&Archivo")
        self.accion_guardar = self._accion(
            archivo, "&Guardar", "accion_guardar", ["Ctrl+G", "Ctrl+S"], self.guardar
        )
        archivo.addSeparator()
        self._accion(archivo, "&Salir", "accion_salir", ["Ctrl+Q"], self.close)
        ir = barra.addMenu("&Ir")
        self.accion_regresar = self._accion(
            ir, "&Regresar", "accion_regresar", ["Alt+Left", "Backspace"], self.regresar
        )
        self._accion(ir, "&Inicio (tablero)", "accion_inicio", ["Alt+Home"], lambda: self.ir_a(0))
        self._accion(ir, "&Buscar", "accion_buscar", ["Ctrl+F", "Ctrl+B"], self.buscar)
        self.menu_herramientas = barra.addMenu("&Herramientas")
        self._accion(
            self.menu_herramientas,
            "&Configuración de la instalación…",
            "accion_configurar",
            [],
            self.configurar,
        )
        self.menu_ayuda = ayuda = barra.addMenu("Ay&uda")
        self._accion(ayuda, "&Guía de ayuda", "accion_ayuda", ["F1"], lambda: self.mostrar_ayuda())
        self._accion(ayuda, f"&Acerca de {acerca.NOMBRE}", "accion_acerca", [], self.acerca_de)
        herramientas.instalar(self)  # oportunidades, bitácora, respaldos, diagnóstico
        menu_paquetes.instalar(self)  # exportar, importar, llave de firma

    def _crear_barra_estado(self) -> None:
        barra = self.statusBar()
        self.ocupado = QProgressBar()
        self.ocupado.setObjectName("indicador_ocupado")
        self.ocupado.setAccessibleName("Trabajando")
        self.ocupado.setRange(0, 0)
        self.ocupado.setMaximumWidth(140)
        self.ocupado.setMaximumHeight(14)
        self.ocupado.setVisible(False)
        self.etiqueta_ocupado = QLabel()
        self.etiqueta_ocupado.setVisible(False)
        self.estado_persona = QLabel()
        self.estado_persona.setObjectName("estado_persona")
        self.estado_catalogo = QLabel()
        self.estado_catalogo.setObjectName("estado_catalogo")
        barra.addPermanentWidget(self.etiqueta_ocupado)
        barra.addPermanentWidget(self.ocupado)
        barra.addPermanentWidget(self.estado_persona)
        barra.addPermanentWidget(self.estado_catalogo)

    # Start -------------------------------------------------------------------------
    def iniciar(self) -> None:
        """Show the tablero; on a first run, the configuration assistant over it.
        The status bar is filled once the tablero is painted (it is not urgent
        and would compete with the tablero's query for the interpreter)."""
        self.tablero.pintada.connect(self._leer_estado, Qt.ConnectionType.SingleShotConnection)
        if not instalacion(self.ctx.almacen).configurada:
            QTimer.singleShot(0, self.configurar)

    def _leer_estado(self) -> None:
        def leer():
            return instalacion(self.ctx.almacen), info(self.ctx.almacen)

        self.ctx.trabajos.lanzar(leer, self._poner_estado, dueno=self, mensaje="Leyendo…")

    def _poner_estado(self, datos) -> None:
        conf, cat = datos
        self.estado_persona.setText(f"Captura: {conf.persona}" if conf.persona else "")
        demo = " · Catálogo de demostración" if cat.demostracion else ""
        self.estado_catalogo.setText(f"Catálogo {cat.version}{demo}")

    # Navigation ----------------------------------------------------------------------
    @property
    def cima(self) -> Pantalla:
        return self.pila[-1]

    def _apilar(self, pantalla: Pantalla) -> None:
        pantalla.navegar.connect(self.abrir)
        pantalla.reemplazar.connect(self._reemplazar)
        pantalla.volver.connect(lambda: self._quitar_hasta(len(self.pila) - 2))
        pantalla.estado.connect(lambda texto: self.statusBar().showMessage(texto, 10_000))
        self.pila.append(pantalla)
        self.pilas.addWidget(pantalla)
        self._mostrar_cima()

    def abrir(self, pantalla: Pantalla) -> None:
        self._apilar(pantalla)

    def _reemplazar(self, pantalla: Pantalla) -> None:
        viejo = self.pila.pop()
        self.pilas.removeWidget(viejo)
        viejo.deleteLater()
        self._apilar(pantalla)

    def regresar(self) -> None:
        if len(self.pila) > 1:
            self.ir_a(len(self.pila) - 2)

    def ir_a(self, nivel: int) -> None:
        if nivel < len(self.pila) - 1:
            self._salir_de_la_cima(lambda: self._quitar_hasta(nivel))

    def _quitar_hasta(self, nivel: int) -> None:
        nivel = max(0, nivel)
        while len(self.pila) > nivel + 1:
            viejo = self.pila.pop()
            self.pilas.removeWidget(viejo)
            viejo.deleteLater()
        self._mostrar_cima()

    def _mostrar_cima(self) -> None:
        p = self.cima
        self.pilas.setCurrentWidget(p)
        self.migas.poner([x.miga() for x in self.pila])
        self.boton_regresar.setEnabled(len(self.pila) > 1)
        self.accion_regresar.setEnabled(len(self.pila) > 1)
        self._actualizar_guardar()
        p.al_activar()
        p.enfocar()

    def al_inicio(self, continuar: Callable[[], None]) -> None:
        """Back to the tablero, asking first if the screen holds unsaved changes;
        then ``continuar()`` (a tool opens its screen over the tablero, a
        restore swaps the database)."""

        def seguir() -> None:
            self._quitar_hasta(0)
            continuar()

        self._salir_de_la_cima(seguir)

    def _salir_de_la_cima(self, continuar: Callable[[], None]) -> None:
        """Leave the current screen, asking first if it holds unsaved changes."""
        p = self.cima
        if p.ocupada:
            self.statusBar().showMessage("Espere: se están guardando los cambios.", 5_000)
            return
        if not p.hay_cambios():
            continuar()
            return
        respuesta = dialogos.cambios_sin_guardar(self, p.que_se_edita())
        if respuesta == dialogos.GUARDAR:
            p.guardar(lambda ok: ok and continuar())
        elif respuesta == dialogos.DESCARTAR:
            p.descartar()
            continuar()

    # Actions --------------------------------------------------------------------------
    def guardar(self) -> None:
        if self.cima.puede_guardar():
            self.cima.guardar()
        else:
            self.statusBar().showMessage("En esta pantalla no hay nada que guardar.", 5_000)

    def buscar(self) -> None:
        if not self.cima.buscar():
            self.statusBar().showMessage("Esta pantalla no tiene buscador.", 5_000)

    def _actualizar_guardar(self) -> None:
        self.accion_guardar.setEnabled(self.cima.puede_guardar())

    def configurar(self) -> None:
        from ui.asistente import Asistente

        def despues() -> None:
            self.ctx.senales.configuracion_cambiada.emit()
            self.ctx.senales.datos_cambiados.emit()
            self.activateWindow()
            self._quitar_hasta(0)

        self._salir_de_la_cima(lambda: Asistente.abrir(self.ctx, self, despues))

    def mostrar_ayuda(self, tema: str | None = None) -> None:
        from ui.ayuda import VentanaAyuda

        if self._ayuda is None:
            self._ayuda = VentanaAyuda(self.ctx, self)
        self._ayuda.mostrar(tema or self.cima.ayuda)

    def acerca_de(self) -> None:
        QMessageBox.about(
            self,
            f"Acerca de {acerca.NOMBRE}",
            f"<b>{acerca.NOMBRE_COMPLETO}</b><br>Versión {acerca.VERSION}<br><br>"
            f"{acerca.DESCRIPCION}.<br><br>Carpeta de datos: {self.ctx.carpeta}",
        )

    def _ocupado(self, ocupado: bool, mensaje: str) -> None:
        self.ocupado.setVisible(ocupado)
        self.etiqueta_ocupado.setVisible(ocupado)
        self.etiqueta_ocupado.setText(mensaje if ocupado else "")
        if not ocupado:
            self._actualizar_guardar()

    def _fallo(self, exc: BaseException, dueno) -> None:
        dialogos.mostrar_error(self, exc, self.ctx.carpeta)

    # Geometry and closing ------------------------------------------------------------
    def _restaurar_geometria(self) -> None:
        self.setMinimumSize(720, 480)
        geometria = self.ctx.ajustes.leer(ajustes.GEOMETRIA_VENTANA)
        if geometria.isEmpty() or not self.restoreGeometry(geometria):
            pantalla = QGuiApplication.primaryScreen()
            disponible = pantalla.availableGeometry() if pantalla else None
            if disponible is not None:
                ancho = min(1280, int(disponible.width() * 0.92))
                alto = min(800, int(disponible.height() * 0.92))
                self.resize(ancho, alto)
                self.move(
                    disponible.x() + (disponible.width() - ancho) // 2,
                    disponible.y() + (disponible.height() - alto) // 2,
                )
        estado = self.ctx.ajustes.leer(ajustes.ESTADO_VENTANA)
        if not estado.isEmpty():
            self.restoreState(estado)

    def _cerrar_ya(self) -> None:
        self._cerrar_confirmado = True
        self.close()

    def closeEvent(self, evento: QCloseEvent) -> None:
        if not self._cerrar_confirmado and (self.cima.ocupada or self.cima.hay_cambios()):
            evento.ignore()
            self._salir_de_la_cima(self._cerrar_ya)
            return
        self.ctx.ajustes.escribir(ajustes.GEOMETRIA_VENTANA, self.saveGeometry())
        self.ctx.ajustes.escribir(ajustes.ESTADO_VENTANA, self.saveState())
        self.ctx.ajustes.sincronizar()
        self.ctx.trabajos.esperar()
        if self._ayuda is not None:
            self._ayuda.close()
        evento.accept()
        self.cerrada.emit()
