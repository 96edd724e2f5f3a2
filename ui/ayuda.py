"""The in-program help: HTML pages in recursos/ayuda shown in a QTextBrowser
(no web engine, no network). F1 opens it at the current step's topic."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.rutas import recurso
from ui import ajustes
from ui.contexto import Contexto

PAGINA = "ayuda.html"


class VentanaAyuda(QDialog):
    def __init__(self, ctx: Contexto, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("ventana_ayuda")
        self.setWindowTitle("Guía de ayuda de EyF")
        self.setModal(False)
        raiz = QVBoxLayout(self)
        barra = QHBoxLayout()
        self.boton_indice = QPushButton("Í&ndice")
        self.boton_indice.setObjectName("ayuda_indice")
        self.boton_atras = QPushButton("← &Atrás")
        self.boton_atras.setObjectName("ayuda_atras")
        self.buscar = QLineEdit()
        self.buscar.setObjectName("ayuda_buscar")
        self.buscar.setPlaceholderText("Buscar en la ayuda (Enter: siguiente)")
        self.buscar.setAccessibleName("Buscar en la ayuda")
        self.buscar.setClearButtonEnabled(True)
        self.boton_cerrar = QPushButton("&Cerrar")
        self.boton_cerrar.setObjectName("ayuda_cerrar")
        barra.addWidget(self.boton_indice)
        barra.addWidget(self.boton_atras)
        barra.addWidget(self.buscar, 1)
        barra.addWidget(self.boton_cerrar)
        raiz.addLayout(barra)
        self.texto = QTextBrowser()
        self.texto.setObjectName("texto_ayuda")
        self.texto.setAccessibleName("Texto de la ayuda")
        self.texto.setOpenExternalLinks(True)
        self.texto.setSearchPaths([str(recurso("ayuda"))])
        raiz.addWidget(self.texto, 1)
        self.boton_indice.clicked.connect(lambda: self.mostrar("indice"))
        self.boton_atras.clicked.connect(self.texto.backward)
        self.texto.backwardAvailable.connect(self.boton_atras.setEnabled)
        self.boton_atras.setEnabled(False)
        self.boton_cerrar.clicked.connect(self.close)
        self.buscar.returnPressed.connect(self.buscar_siguiente)
        self.buscar.textChanged.connect(lambda _t: self.buscar_siguiente(desde_inicio=True))
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.buscar.setFocus)
        self.setMinimumSize(480, 360)
        geometria = ctx.ajustes.leer(ajustes.GEOMETRIA_AYUDA)
        if geometria.isEmpty() or not self.restoreGeometry(geometria):
            pantalla = QGuiApplication.primaryScreen()
            libre = pantalla.availableGeometry() if pantalla else None
            if libre is None:
                self.resize(760, 560)
            else:  # a 1024×600 netbook leaves little room under its title bar
                self.resize(min(760, int(libre.width() * 0.9)), min(560, int(libre.height() * 0.8)))

    def mostrar(self, tema: str = "indice") -> None:
        ruta = recurso("ayuda", PAGINA)
        if not ruta.exists():
            self.texto.setPlainText(
                f"No se encontró la ayuda ({ruta}). Vuelva a instalar EyF para recuperarla."
            )
        else:
            url = QUrl(PAGINA)
            url.setFragment(tema)
            self.texto.setSource(url)
            self.texto.scrollToAnchor(tema)
        self.show()
        self.raise_()
        self.activateWindow()
        self.texto.setFocus()

    def tema_visible(self) -> str:
        return self.texto.source().fragment()

    def buscar_siguiente(self, desde_inicio: bool = False) -> bool:
        texto = self.buscar.text()
        if not texto:
            return False
        if desde_inicio:
            cursor = self.texto.textCursor()
            cursor.movePosition(cursor.MoveOperation.Start)
            self.texto.setTextCursor(cursor)
        encontrado = self.texto.find(texto)
        if not encontrado and not desde_inicio:
            return self.buscar_siguiente(desde_inicio=True)
        return encontrado

    def closeEvent(self, evento) -> None:
        self.ctx.ajustes.escribir(ajustes.GEOMETRIA_AYUDA, self.saveGeometry())
        super().closeEvent(evento)


def texto_plano(ventana: VentanaAyuda) -> str:
    return ventana.texto.document().toPlainText()
