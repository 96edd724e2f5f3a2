"""Paso 2: does any unit of the entidad have excedentes or faltantes? SÍ/NO
and the entidad's password. NO is explained and confirmed first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
)

from app.captura.proceso import responder
from app.captura.vista import motivo_entidad, registros_de_entidad
from app.errores import ErrorEyF
from ui import dialogos
from ui.pasos.base import Pantalla, Ubicacion, etiqueta

EXPLICA_SI = (
    "SÍ: solo las unidades médicas que tienen excedentes y/o faltantes registrarán "
    "información. Después elegirá la unidad médica (Paso 3)."
)
EXPLICA_NO = (
    "NO: ninguna unidad médica de la entidad registrará excedentes ni faltantes. La entidad "
    "acepta de conformidad la inexistencia de oferta y/o demanda de servicios médicos, y el "
    "siguiente paso es finalizar el registro (Paso 7)."
)


class PantallaRespuesta(Pantalla):
    paso = "Paso 2"
    ayuda = "paso2"

    def __init__(self, ctx, ubicacion: Ubicacion, respuesta: str | None = None, parent=None):
        super().__init__(ctx, ubicacion, parent)
        self.registros = 0  # the entidad's records here (NO is refused while there are any)
        nombre = ubicacion.entidad_nombre
        self.poner_textos(
            self.titulo_entidad(),
            f"Paso 2.- ¿Alguna de las Unidades Médicas de la Entidad Federativa {nombre} tiene "
            "Excedentes/Faltantes de algún Servicio Médico Institucional?",
            "Nota: para iniciar o continuar con el registro es necesario escribir la contraseña "
            "de la Entidad Federativa y pulsar «Acceder».",
        )
        self.si = QRadioButton("&SÍ")
        self.si.setObjectName("respuesta_si")
        self.si.setAccessibleName(f"SÍ, alguna unidad de {nombre} tiene excedentes o faltantes")
        self.no = QRadioButton("&NO")
        self.no.setObjectName("respuesta_no")
        self.no.setAccessibleName(f"NO, ninguna unidad de {nombre} tiene excedentes ni faltantes")
        self.grupo = QButtonGroup(self)
        self.grupo.addButton(self.si)
        self.grupo.addButton(self.no)
        (self.no if respuesta == "no" else self.si).setChecked(True)
        opciones = QHBoxLayout()
        opciones.addWidget(self.si)
        opciones.addSpacing(24)
        opciones.addWidget(self.no)
        opciones.addStretch(1)
        self.raiz.addLayout(opciones)
        self.explicacion = etiqueta(nombre="explicacion_respuesta")
        self.raiz.addWidget(self.explicacion)

        formulario = QFormLayout()
        self.contrasena = QLineEdit()
        self.contrasena.setObjectName("contrasena")
        self.contrasena.setEchoMode(QLineEdit.EchoMode.Password)
        self.contrasena.setAccessibleName(f"Contraseña de la entidad {nombre}")
        self.contrasena.setMaximumWidth(320)
        self.contrasena.returnPressed.connect(self.acceder)
        formulario.addRow("&Contraseña de la entidad:", self.contrasena)
        formulario.labelForField(self.contrasena).setBuddy(self.contrasena)
        self.raiz.addLayout(formulario)
        self.error = etiqueta(nombre="error_respuesta")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setVisible(False)
        self.raiz.addWidget(self.error)
        self.boton = QPushButton("&Acceder")
        self.boton.setObjectName("boton_acceder")
        self.boton.setDefault(True)
        self.boton.clicked.connect(self.acceder)
        self.raiz.addWidget(self.boton, 0, Qt.AlignmentFlag.AlignLeft)
        self.raiz.addStretch(1)
        self.si.toggled.connect(self._explicar)
        self._explicar()
        self.setTabOrder(self.si, self.no)
        self.setTabOrder(self.no, self.contrasena)
        self.setTabOrder(self.contrasena, self.boton)

    def miga(self) -> str:
        return self.ubicacion.entidad_nombre

    def cargar(self) -> None:
        almacen, entidad = self.ctx.almacen, self.ubicacion.entidad
        self.lanzar(
            lambda: (motivo_entidad(almacen, entidad), registros_de_entidad(almacen, entidad)),
            lambda r: self._mostrar(*r),
            mensaje="Revisando la entidad…",
        )

    def _mostrar(self, motivo: str | None, registros: int = 0) -> None:
        self.registros = registros
        self.poner_aviso(motivo)
        for w in (self.si, self.no, self.contrasena, self.boton):
            w.setEnabled(motivo is None)
        self.cargada = True

    def enfocar(self) -> None:
        (self.si if self.si.isChecked() else self.no).setFocus()

    def _explicar(self) -> None:
        self.explicacion.setText(EXPLICA_SI if self.si.isChecked() else EXPLICA_NO)
        self.boton.setText("&Acceder" if self.si.isChecked() else "&Guardar la respuesta NO")

    def acceder(self) -> None:
        if not self.boton.isEnabled():
            return
        clave = self.contrasena.text()
        if not clave:
            self._mostrar_error("Escriba la contraseña de la entidad.")
            return
        respuesta = "si" if self.si.isChecked() else "no"
        if respuesta == "no" and self.registros:  # said before the grave question, not after
            self._mostrar_error(
                f"{self.ubicacion.entidad_nombre} tiene {self.registros:,} "
                f"registro{'s' if self.registros != 1 else ''} de excedentes o faltantes, y "
                "responder NO significa que ninguna unidad los tiene. Si de verdad no los "
                "tiene, bórrelos primero en el Paso 6 de cada unidad; si no, deje la "
                "respuesta en SÍ."
            )
            return
        if respuesta == "no" and not dialogos.confirmar(
            self,
            "Responder NO",
            f"¿Confirma que ninguna unidad médica de {self.ubicacion.entidad_nombre} tiene "
            "excedentes ni faltantes de servicios médicos?",
            detalle=EXPLICA_NO,
            si="Responder NO",
            no="Cancelar",
            peligro=True,
        ):
            return
        self.boton.setEnabled(False)
        self.error.setVisible(False)
        self.lanzar(
            lambda: responder(self.ctx.almacen, self.ubicacion.entidad, respuesta, clave),
            lambda _r: self._respondida(respuesta),
            al_fallar=self._fallo,
            mensaje="Guardando la respuesta del Paso 2…",
        )

    def _mostrar_error(self, texto: str) -> None:
        self.error.setText(texto)
        self.error.setVisible(True)
        self.error.setAccessibleName(texto)
        self.contrasena.setFocus()
        self.contrasena.selectAll()

    def _fallo(self, exc: BaseException) -> None:
        self.boton.setEnabled(True)
        if isinstance(exc, ErrorEyF):
            self._mostrar_error(exc.mensaje)
        else:
            dialogos.mostrar_error(self, exc, self.ctx.carpeta)

    def _respondida(self, respuesta: str) -> None:
        self.contrasena.clear()
        self.boton.setEnabled(True)
        self.ctx.senales.datos_cambiados.emit()
        if respuesta == "si":
            from ui.pasos.unidades import PantallaUnidades

            self.estado.emit("Respuesta guardada: SÍ. Elija la unidad médica (Paso 3).")
            self.reemplazar.emit(PantallaUnidades(self.ctx, self.ubicacion))
        else:
            self.estado.emit(
                f"Respuesta guardada: NO. {self.ubicacion.entidad_nombre} no registra excedentes "
                "ni faltantes; el siguiente paso es finalizar el registro (Paso 7)."
            )
            self.volver.emit()
