"""Paso 7: finalize the registro (a unit installation closes its own
capture), after seeing the totals, answering «¿Desea finalizar el
registro?» and giving the entidad's password. And its undoing: the
reapertura, with the password and a written reason that is recorded and
printed on the next reports."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.captura.cierre import (
    MOTIVO_MINIMO,
    EstadoCierre,
    ResultadoReapertura,
    estado_cierre,
    finalizar,
    reabrir,
    validar_motivo,
)
from app.errores import ErrorEyF
from ui import dialogos
from ui.modelos.tablero import RESPUESTAS, fecha_local
from ui.pasos.base import Pantalla, Ubicacion, etiqueta

ERROR = "color: #b00020;"


def _totales(e: EstadoCierre) -> list[tuple[str, str]]:
    t = e.totales
    filas = []
    if e.ambito != "unidad":
        filas += [
            ("Respuesta del Paso 2:", RESPUESTAS[e.respuesta]),
            ("Unidades médicas:", f"{t.unidades_total:,}"),
            ("Con excedentes/faltantes:", f"{t.unidades_con_registros:,}"),
            ("Sin excedentes/faltantes:", f"{t.unidades_total - t.unidades_con_registros:,}"),
        ]
    filas += [
        ("Faltantes registrados:", f"{t.faltantes:,}"),
        ("Excedentes registrados:", f"{t.excedentes:,}"),
    ]
    return filas


def describir_reaperturas(e: EstadoCierre) -> str:
    if not e.reaperturas:
        return ""
    lineas = [
        f"• {fecha_local(r.momento)}, {r.persona or 'sin nombre'}: {r.motivo}"
        for r in e.reaperturas
    ]
    veces = "una vez" if len(lineas) == 1 else f"{len(lineas)} veces"
    return f"Este registro se reabrió {veces} (se imprime en los reportes):\n" + "\n".join(lineas)


class PantallaCierre(Pantalla):
    paso = "Paso 7"
    ayuda = "finalizar"

    def __init__(self, ctx, ubicacion: Ubicacion, parent=None):
        super().__init__(ctx, ubicacion, parent)
        self.es_unidad = bool(ubicacion.clues)
        self.poner_textos(
            self.titulo_entidad(),
            "Paso 7.- Cerrar la captura de Excedentes y Faltantes de la unidad médica"
            if self.es_unidad
            else "Paso 7.- Finalizar el registro de Excedentes y Faltantes de la Entidad "
            "Federativa",
            "Una vez que la unidad médica registró sus Excedentes y/o Faltantes, se cierra su "
            "captura para imprimir el reporte (versión final) y enviar su paquete a la "
            "coordinación estatal."
            if self.es_unidad
            else "Una vez que las Unidades Médicas de la Entidad Federativa hayan registrado sus "
            "Excedentes y/o Faltantes, se debe imprimir el reporte pdf (versión final) para su "
            "firma por los representantes de la Entidad Federativa. Para obtenerlo es necesario "
            "finalizar el registro.",
            self.linea_unidad() if self.es_unidad else "",
        )
        self.caja_totales = QGroupBox("Lo que se finaliza")
        self.caja_totales.setObjectName("totales_cierre")
        self.formulario_totales = QFormLayout(self.caja_totales)
        self.raiz.addWidget(self.caja_totales)
        self.reaperturas = etiqueta(nombre="reaperturas")
        self.reaperturas.setVisible(False)
        self.raiz.addWidget(self.reaperturas)
        self.consecuencia = etiqueta(
            "Al finalizar, ya no se podrá registrar, cambiar ni borrar nada"
            + (" de la unidad" if self.es_unidad else " de la entidad")
            + " sin una reapertura (con la contraseña y un motivo escrito que queda en los "
            "reportes), y se habilita la versión final para firmas (Paso 8).",
            nombre="consecuencia",
        )
        self.raiz.addWidget(self.consecuencia)
        revisar = QHBoxLayout()
        revisar.addWidget(
            etiqueta(
                "Antes de finalizar, revise lo registrado con el reporte preliminar "
                "«Sin Validez Oficial»:",
                ajuste=True,
            ),
            1,
        )
        self.boton_preliminar = QPushButton("Reporte &preliminar…")
        self.boton_preliminar.setObjectName("boton_preliminar_cierre")
        self.boton_preliminar.clicked.connect(self._preliminar)
        revisar.addWidget(self.boton_preliminar)
        self.raiz.addLayout(revisar)

        self.pregunta = etiqueta("¿Desea finalizar el registro?", nombre="pregunta", negrita=True)
        self.raiz.addWidget(self.pregunta)
        formulario = QFormLayout()
        self.contrasena = QLineEdit()
        self.contrasena.setObjectName("contrasena_cierre")
        self.contrasena.setEchoMode(QLineEdit.EchoMode.Password)
        self.contrasena.setAccessibleName(f"Contraseña de la entidad {ubicacion.entidad_nombre}")
        self.contrasena.setMaximumWidth(320)
        self.contrasena.returnPressed.connect(self.finalizar)
        formulario.addRow("&Contraseña de la entidad:", self.contrasena)
        formulario.labelForField(self.contrasena).setBuddy(self.contrasena)
        self.raiz.addLayout(formulario)
        self.error = etiqueta(nombre="error_cierre")
        self.error.setStyleSheet(ERROR)
        self.error.setVisible(False)
        self.raiz.addWidget(self.error)
        self.boton = QPushButton("&Finalizar el registro…")
        self.boton.setObjectName("boton_finalizar")
        self.boton.setDefault(True)
        self.boton.clicked.connect(self.finalizar)
        self.raiz.addWidget(self.boton, 0, Qt.AlignmentFlag.AlignLeft)
        self.raiz.addStretch(1)
        self.estado_cierre: EstadoCierre | None = None
        self._trabajando = False

    def miga(self) -> str:
        return "Paso 7: cerrar la captura" if self.es_unidad else "Paso 7: finalizar"

    def cargar(self) -> None:
        entidad = self.ubicacion.entidad
        self.lanzar(
            lambda: estado_cierre(self.ctx.almacen, entidad),
            self._mostrar,
            mensaje="Leyendo los totales…",
        )

    def _mostrar(self, e: EstadoCierre) -> None:
        self.estado_cierre = e
        while self.formulario_totales.rowCount():
            self.formulario_totales.removeRow(0)
        for nombre, valor in _totales(e):
            dato = QLabel(valor)
            dato.setObjectName(f"total_{nombre.split()[0].lower().rstrip(':')}")
            dato.setAccessibleName(f"{nombre} {valor}")
            self.formulario_totales.addRow(nombre, dato)
        texto = describir_reaperturas(e)
        self.reaperturas.setText(texto)
        self.reaperturas.setVisible(bool(texto))
        self.poner_aviso(e.motivo_no_finalizar)
        for w in (self.contrasena, self.boton, self.pregunta):
            w.setEnabled(e.motivo_no_finalizar is None)
        self.cargada = True

    def enfocar(self) -> None:
        self.contrasena.setFocus()

    @property
    def ocupada(self) -> bool:
        return self._trabajando

    def _preliminar(self) -> None:
        from ui.reportes import PRELIMINAR, guardar_reporte

        u = self.ubicacion
        guardar_reporte(self, PRELIMINAR, u.entidad, u.entidad_nombre, u.clues or None)

    def _mostrar_error(self, texto: str) -> None:
        self.error.setText(texto)
        self.error.setAccessibleName(texto)
        self.error.setVisible(True)
        self.contrasena.setFocus()
        self.contrasena.selectAll()

    def finalizar(self) -> None:
        e = self.estado_cierre
        if e is None or self._trabajando or not self.boton.isEnabled():
            return
        clave = self.contrasena.text()
        if not clave:
            self._mostrar_error("Escriba la contraseña de la entidad.")
            return
        resumen = " · ".join(f"{n} {v}" for n, v in _totales(e))
        if not dialogos.confirmar(
            self,
            "Finalizar el registro",
            "¿Desea finalizar el registro?",
            detalle=f"{resumen}\n\n{self.consecuencia.text()}",
            si="Finalizar el registro",
            no="Cancelar",
            peligro=True,
        ):
            return
        self._trabajando = True
        self.boton.setEnabled(False)
        self.error.setVisible(False)
        entidad = self.ubicacion.entidad
        self.lanzar(
            lambda: finalizar(self.ctx.almacen, entidad, clave),
            lambda _t: self._finalizado(),
            al_fallar=self._fallo,
            mensaje="Finalizando el registro…",
        )

    def _fallo(self, exc: BaseException) -> None:
        self._trabajando = False
        self.boton.setEnabled(True)
        if isinstance(exc, ErrorEyF):
            self._mostrar_error(exc.mensaje)
        else:
            dialogos.mostrar_error(self, exc, self.ctx.carpeta)

    def _finalizado(self) -> None:
        self._trabajando = False
        self.contrasena.clear()
        self.ctx.senales.datos_cambiados.emit()
        if self.es_unidad:
            self.estado.emit(
                f"Captura de la unidad {self.ubicacion.clues} cerrada. Exporte su paquete "
                "(Alt+Q) y entréguelo a la coordinación estatal."
            )
        else:
            self.estado.emit(
                f"Registro de {self.ubicacion.entidad_nombre} finalizado. Siguiente: la versión "
                "final para firmas (columna «Final», Alt+F)."
            )
        self.volver.emit()


class DialogoReabrir(QDialog):
    """Reopen a finalized registro: a written reason and the entidad's password."""

    def __init__(
        self,
        pantalla: Pantalla,
        entidad: str,
        nombre: str,
        clues: str | None,
        parent: QWidget,
        con_firmado: bool = True,
    ):
        super().__init__(parent)
        self.pantalla, self.ctx = pantalla, pantalla.ctx
        self.entidad, self.nombre, self.clues = entidad, nombre, clues
        self.resultado: ResultadoReapertura | None = None
        self.setObjectName("dialogo_reabrir")
        self.setWindowTitle("Reabrir el registro")
        self.setMinimumWidth(520)
        raiz = QVBoxLayout(self)
        de = f"la captura de la unidad {clues}" if clues else f"el registro de {nombre}"
        explicacion = (
            f"Reabrir {de} permite volver a registrar y corregir. La reapertura queda "
            "registrada con la fecha, quién la hizo y el motivo, y se imprime en los siguientes "
            "reportes."
        )
        if not clues and con_firmado:
            explicacion += (
                " El reporte firmado vigente deja de estarlo (se conserva): al terminar, "
                "finalice de nuevo, imprima la versión final, fírmela y súbala."
            )
        elif not clues:
            explicacion += " Al terminar, finalice de nuevo e imprima la versión final para firmas."
        raiz.addWidget(etiqueta(explicacion, nombre="explicacion_reabrir"))
        self.etiqueta_motivo = etiqueta(
            f"&Motivo de la reapertura (qué se va a corregir y quién lo pidió; al menos "
            f"{MOTIVO_MINIMO} caracteres):"
        )
        raiz.addWidget(self.etiqueta_motivo)
        self.motivo = QPlainTextEdit()
        self.motivo.setObjectName("motivo_reapertura")
        self.motivo.setAccessibleName("Motivo de la reapertura")
        self.motivo.setTabChangesFocus(True)
        self.motivo.setMinimumHeight(80)
        self.etiqueta_motivo.setBuddy(self.motivo)
        raiz.addWidget(self.motivo)
        formulario = QFormLayout()
        self.contrasena = QLineEdit()
        self.contrasena.setObjectName("contrasena_reabrir")
        self.contrasena.setEchoMode(QLineEdit.EchoMode.Password)
        self.contrasena.setAccessibleName(f"Contraseña de la entidad {nombre}")
        formulario.addRow("&Contraseña de la entidad:", self.contrasena)
        formulario.labelForField(self.contrasena).setBuddy(self.contrasena)
        raiz.addLayout(formulario)
        self.error = etiqueta(nombre="error_reabrir")
        self.error.setStyleSheet(ERROR)
        self.error.setVisible(False)
        raiz.addWidget(self.error)
        botones = QDialogButtonBox()
        self.boton = botones.addButton(
            "&Reabrir el registro", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.boton.setObjectName("boton_reabrir_registro")
        botones.addButton("Cancelar", QDialogButtonBox.ButtonRole.RejectRole)
        botones.accepted.connect(self._reabrir)
        botones.rejected.connect(self.reject)
        raiz.addWidget(botones)
        self._trabajando = False

    @classmethod
    def abrir(
        cls,
        pantalla: Pantalla,
        entidad: str,
        nombre: str,
        clues: str | None = None,
        con_firmado: bool = True,
    ) -> DialogoReabrir:
        d = cls(pantalla, entidad, nombre, clues, pantalla.window(), con_firmado)
        d.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        d.accepted.connect(d._reabierto)
        d.open()
        d.motivo.setFocus()
        return d

    def _mostrar_error(self, texto: str, campo: QWidget) -> None:
        self.error.setText(texto)
        self.error.setAccessibleName(texto)
        self.error.setVisible(True)
        campo.setFocus()

    def _reabrir(self) -> None:
        if self._trabajando:
            return
        try:
            motivo = validar_motivo(self.motivo.toPlainText())
        except ErrorEyF as exc:
            self._mostrar_error(exc.mensaje, self.motivo)
            return
        clave = self.contrasena.text()
        if not clave:
            self._mostrar_error("Escriba la contraseña de la entidad.", self.contrasena)
            return
        self._trabajando = True
        self.boton.setEnabled(False)
        self.error.setVisible(False)
        self.ctx.trabajos.lanzar(
            lambda: reabrir(self.ctx.almacen, self.entidad, motivo, clave),
            self._listo,
            al_fallar=self._fallo,
            dueno=self,
            mensaje="Reabriendo el registro…",
        )

    def _listo(self, r: ResultadoReapertura) -> None:
        self._trabajando = False
        self.resultado = r
        self.accept()

    def _fallo(self, exc: BaseException) -> None:
        self._trabajando = False
        self.boton.setEnabled(True)
        if isinstance(exc, ErrorEyF):
            self._mostrar_error(exc.mensaje, self.contrasena)
            self.contrasena.selectAll()
        else:
            dialogos.mostrar_error(self, exc, self.ctx.carpeta)

    def _reabierto(self) -> None:
        self.ctx.senales.datos_cambiados.emit()
        texto = (
            "Registro reabierto. El motivo quedó registrado y aparecerá en los siguientes "
            "reportes; finalice de nuevo cuando termine de corregir."
        )
        if self.resultado is not None and self.resultado.reportes_firmados_retirados:
            texto += (
                " El reporte firmado que estaba vigente dejó de estarlo (se conserva): imprima, "
                "firme y suba la nueva versión final."
            )
        self.pantalla.estado.emit(texto)

    def reject(self) -> None:
        if not self._trabajando:
            super().reject()
