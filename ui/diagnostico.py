"""Ayuda › Diagnóstico: the self-check of ``eyf diagnostico`` in the window.
The checks run off the GUI thread and each line appears as it is done
(«ok» with what was found, or the problem and what to do); «Copiar el
texto» puts the whole report on the clipboard, for a person on the phone
with support or writing an e-mail. Nothing of the person's data changes."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from app import acerca
from app.almacen.almacen import ARCHIVO_BD, Almacen
from app.diagnostico import Comprobacion, Diagnostico, comprobar, linea
from app.rutas import carpeta_datos, origen_carpeta_datos
from ui.pasos.base import etiqueta
from ui.progreso import COLA, Progreso


def donde(almacen: Almacen, carpeta: Path) -> tuple[str | None, str]:
    """(database URL for the checks, why this data folder) as ``eyf diagnostico`` sees them."""
    if almacen.ruta_bd is None:
        url = almacen.motor.url.render_as_string(hide_password=False)
    elif Path(almacen.ruta_bd) != Path(carpeta) / ARCHIVO_BD:
        url = f"sqlite:///{almacen.ruta_bd}"
    else:
        url = None
    por_omision = carpeta_datos(None)
    explicita = None if Path(carpeta).resolve() == por_omision.resolve() else carpeta
    return url, origen_carpeta_datos(explicita)


def revisar(carpeta: Path, url: str | None, origen: str, progreso: Progreso) -> Diagnostico:
    """(In the worker.) Every check, each line sent as soon as it is done."""
    hechas = []
    for c in comprobar(carpeta, url, origen=origen):
        hechas.append(c)
        progreso.enviar(c)
        if progreso.cancelado():
            break
    return Diagnostico(tuple(hechas))


class DialogoDiagnostico(QDialog):
    @classmethod
    def abrir(cls, ventana) -> DialogoDiagnostico:
        d = cls(ventana.ctx, ventana)
        d.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        d.open()
        d.revisar()
        return d

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("dialogo_diagnostico")
        self.setWindowTitle(f"Diagnóstico de {acerca.NOMBRE}")
        self.resize(760, 460)
        raiz = QVBoxLayout(self)
        raiz.addWidget(
            etiqueta(
                f"Revisa que {acerca.NOMBRE} funcione en esta computadora: versiones, carpeta de "
                "datos, integridad de la base, migraciones, catálogo, un reporte PDF y un paquete "
                "firmado de prueba. No cambia sus datos. Si habla con el soporte técnico, léale "
                "estos renglones o cópielos en un correo.",
                nombre="explicacion_diagnostico",
            )
        )
        self.texto = QPlainTextEdit()
        self.texto.setObjectName("texto_diagnostico")
        self.texto.setAccessibleName("Resultado del diagnóstico")
        self.texto.setReadOnly(True)
        self.texto.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.texto.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        raiz.addWidget(self.texto, 1)
        self.avance = QProgressBar()
        self.avance.setObjectName("avance_diagnostico")
        self.avance.setAccessibleName("Avance del diagnóstico")
        self.avance.setRange(0, 0)
        self.avance.setMaximumHeight(14)
        raiz.addWidget(self.avance)
        self.resultado = etiqueta(nombre="resultado_diagnostico", negrita=True)
        raiz.addWidget(self.resultado)
        botones = QDialogButtonBox()
        self.copiar = QPushButton("&Copiar el texto")
        self.copiar.setObjectName("boton_copiar_diagnostico")
        self.copiar.clicked.connect(self.copiar_texto)
        self.otra_vez = QPushButton("&Volver a revisar")
        self.otra_vez.setObjectName("boton_revisar_otra_vez")
        self.otra_vez.clicked.connect(self.revisar)
        botones.addButton(self.copiar, QDialogButtonBox.ButtonRole.ActionRole)
        botones.addButton(self.otra_vez, QDialogButtonBox.ButtonRole.ActionRole)
        cerrar = botones.addButton("C&errar", QDialogButtonBox.ButtonRole.RejectRole)
        cerrar.setObjectName("boton_cerrar_diagnostico")
        botones.rejected.connect(self.reject)
        raiz.addWidget(botones)
        self.comprobaciones: list[Comprobacion] = []
        self.momento = datetime.now()
        self.terminado = False
        self._progreso: Progreso | None = None

    def revisar(self) -> None:
        if self._progreso is not None:
            return  # already running
        url, origen = donde(self.ctx.almacen, self.ctx.carpeta)
        carpeta = Path(self.ctx.carpeta)
        progreso = Progreso()
        self._progreso = progreso
        progreso.dato.connect(self._linea, COLA)
        self.comprobaciones = []
        self.momento = datetime.now().replace(microsecond=0)
        self.terminado = False
        self.texto.setPlainText(self._cabecera())
        self.avance.setVisible(True)
        self.resultado.setText("Revisando…")
        self.otra_vez.setEnabled(False)
        self.ctx.trabajos.lanzar(
            lambda: revisar(carpeta, url, origen, progreso),
            self._listo,
            al_fallar=self._fallo,
            dueno=self,
            mensaje="Diagnóstico…",
        )

    def _cabecera(self) -> str:
        return f"Diagnóstico de {acerca.NOMBRE} {acerca.VERSION}, {self.momento:%d/%m/%Y %H:%M}"

    def _linea(self, c: Comprobacion) -> None:
        self.comprobaciones.append(c)
        self.texto.appendPlainText(linea(c))
        self.resultado.setText(f"Revisando… ({len(self.comprobaciones)} revisiones hechas)")

    def _listo(self, d: Diagnostico) -> None:
        self._progreso = None
        self.avance.setVisible(False)
        self.otra_vez.setEnabled(True)
        self.terminado = True
        problemas = sum(not c.ok for c in self.comprobaciones)
        final = (
            f"Resultado: {problemas} problema(s). Lea o envíe estos renglones al soporte técnico."
            if problemas
            else "Resultado: todo en orden."
        )
        self.texto.appendPlainText(final)
        corto = final.removeprefix("Resultado: ")
        self.resultado.setText(corto[0].upper() + corto[1:])
        self.resultado.setStyleSheet("color: #a61b1b;" if problemas else "color: #1d6b2f;")

    def _fallo(self, exc: BaseException) -> None:
        self._progreso = None
        self.avance.setVisible(False)
        self.otra_vez.setEnabled(True)
        self.terminado = True
        texto = f"El diagnóstico no pudo terminar: {exc}"
        self.texto.appendPlainText(texto)
        self.resultado.setText(texto)

    def texto_completo(self) -> str:
        return self.texto.toPlainText()

    def copiar_texto(self) -> None:
        QGuiApplication.clipboard().setText(self.texto_completo())
        self.resultado.setText(
            "Texto copiado: péguelo en un correo (Ctrl+V) o léalo al soporte técnico."
        )

    def reject(self) -> None:
        if self._progreso is not None:
            self._progreso.cancelar()  # the check under way ends; no more are started
        super().reject()
