"""Herramientas › Llave de firma: this installation's key fingerprint in short
readable groups (to dictate by phone when the coordination confirms the
first bundle), a button to copy it, the passphrase that protects the
private key (set, change, remove), and, in a coordination or national
installation, the keys registered for its units or entidades."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.captura.permisos import Configuracion
from app.captura.vista import instalacion
from app.errores import ErrorEyF
from app.paquetes.consultas import LlaveVista, llaves_registradas
from app.paquetes.llaves import (
    FRASE_MINIMA,
    FraseIncorrecta,
    cambiar_frase,
    huella_instalacion,
    llave_protegida,
)
from ui import dialogos
from ui.contexto import Contexto
from ui.modelos.tabla import Columna, ModeloFilas
from ui.modelos.tablero import fecha_local
from ui.pasos.base import etiqueta, tabla_lista

ERROR = "color: #b00020;"


@dataclass(frozen=True)
class DatosLlave:
    huella: str
    protegida: bool
    conf: Configuracion
    registradas: list[LlaveVista]


def _leer(almacen) -> DatosLlave:
    return DatosLlave(
        huella_instalacion(almacen),
        llave_protegida(almacen),
        instalacion(almacen),
        llaves_registradas(almacen),
    )


class DialogoLlave(QDialog):
    def __init__(self, ctx: Contexto, parent: QWidget):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("dialogo_llave")
        self.setWindowTitle("Llave de firma de esta instalación")
        raiz = QVBoxLayout(self)
        raiz.addWidget(
            etiqueta(
                "Los paquetes que exporta esta instalación van firmados con su llave. La primera "
                "vez que la coordinación importe uno, le pedirá confirmar esta huella por "
                "teléfono o en persona: díctela por grupos de cuatro.",
                nombre="explicacion_llave",
            )
        )
        fila = QHBoxLayout()
        self.huella = QLabel("…")
        self.huella.setObjectName("huella")
        fuente = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        fuente.setPointSizeF(fuente.pointSizeF() * 1.5)
        fuente.setBold(True)
        self.huella.setFont(fuente)
        self.huella.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        fila.addWidget(self.huella, 1)
        self.boton_copiar = QPushButton("&Copiar la huella")
        self.boton_copiar.setObjectName("boton_copiar_huella")
        self.boton_copiar.clicked.connect(self.copiar)
        fila.addWidget(self.boton_copiar)
        raiz.addLayout(fila)

        self.proteccion = etiqueta(nombre="proteccion_llave")
        raiz.addWidget(self.proteccion)
        frases = QHBoxLayout()
        self.boton_frase = QPushButton("&Poner una frase…")
        self.boton_frase.setObjectName("boton_frase")
        self.boton_frase.clicked.connect(lambda: self.cambiar(quitar=False))
        self.boton_quitar = QPushButton("&Quitar la frase…")
        self.boton_quitar.setObjectName("boton_quitar_frase")
        self.boton_quitar.clicked.connect(lambda: self.cambiar(quitar=True))
        frases.addWidget(self.boton_frase)
        frases.addWidget(self.boton_quitar)
        frases.addStretch(1)
        raiz.addLayout(frases)

        self.titulo_registradas = etiqueta(nombre="titulo_registradas", negrita=True)
        raiz.addWidget(self.titulo_registradas)
        self.modelo = ModeloFilas(
            [
                Columna("Origen", lambda k: k.origen),
                Columna("Huella", lambda k: k.huella),
                Columna(
                    "Registrada",
                    lambda k: f"{fecha_local(k.registrada_en)}, {k.registrada_por}",
                ),
                Columna(
                    "Estado",
                    lambda k: (
                        f"retirada el {fecha_local(k.retirada_en)}" if k.retirada_en else "vigente"
                    ),
                ),
            ],
            self,
        )
        self.tabla = tabla_lista("tabla_llaves", "Llaves registradas")
        self.tabla.setModel(self.modelo)
        self.tabla.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tabla.horizontalHeader().setStretchLastSection(True)
        raiz.addWidget(self.tabla, 1)
        botones = QDialogButtonBox()
        botones.addButton("C&errar", QDialogButtonBox.ButtonRole.RejectRole)
        botones.rejected.connect(self.reject)
        raiz.addWidget(botones)
        self.datos: DatosLlave | None = None
        self.resize(760, 460)

    @classmethod
    def abrir(cls, padre: QWidget, ctx: Contexto) -> DialogoLlave:
        d = cls(ctx, padre)
        d.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        d.open()
        d.cargar()
        return d

    def cargar(self) -> None:
        self.ctx.trabajos.lanzar(
            lambda: _leer(self.ctx.almacen),
            self._mostrar,
            al_fallar=lambda exc: dialogos.mostrar_error(self, exc, self.ctx.carpeta),
            dueno=self,
            mensaje="Leyendo la llave de firma…",
        )

    def _mostrar(self, d: DatosLlave) -> None:
        self.datos = d
        self.huella.setText(d.huella)
        self.huella.setAccessibleName(f"Huella de la llave: {d.huella}")
        if d.protegida:
            self.proteccion.setText(
                "La llave privada está protegida con una frase: se pide al exportar un paquete."
            )
        else:
            self.proteccion.setText(
                "La llave privada no tiene frase: quien copie la carpeta de datos podría firmar "
                "paquetes en nombre de esta instalación. Póngale una frase para protegerla (si "
                "la olvida, no se puede recuperar)."
            )
        self.boton_frase.setText("&Cambiar la frase…" if d.protegida else "&Poner una frase…")
        self.boton_quitar.setVisible(d.protegida)
        coordina = d.conf.modo in ("estatal", "nacional")
        self.titulo_registradas.setText(
            "Llaves registradas de "
            + ("las entidades" if d.conf.modo == "nacional" else "las unidades")
            + (
                " (se registran al confirmar su primer paquete):"
                if d.registradas
                else ": ninguna aún."
            )
        )
        for w in (self.titulo_registradas, self.tabla):
            w.setVisible(coordina)
        self.tabla.setVisible(coordina and bool(d.registradas))
        self.modelo.poner(d.registradas)

    def copiar(self) -> None:
        if self.datos is not None:
            QGuiApplication.clipboard().setText(self.datos.huella)
            self.boton_copiar.setText("&Copiada")

    def cambiar(self, *, quitar: bool) -> None:
        if self.datos is None:
            return
        d = DialogoFrase(self.ctx, self.datos.protegida, quitar, self)
        d.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        d.accepted.connect(self.cargar)
        d.open()


class DialogoFrase(QDialog):
    """Set, change or remove the passphrase of the private key (the fingerprint stays)."""

    def __init__(self, ctx: Contexto, protegida: bool, quitar: bool, parent: QWidget):
        super().__init__(parent)
        self.ctx, self.quitar = ctx, quitar
        self.setObjectName("dialogo_frase_nueva")
        self.setWindowTitle(
            "Quitar la frase"
            if quitar
            else ("Cambiar la frase" if protegida else "Poner una frase a la llave")
        )
        raiz = QVBoxLayout(self)
        texto = (
            "Sin frase, quien copie la carpeta de datos podrá firmar paquetes de esta instalación."
            if quitar
            else f"La frase mide al menos {FRASE_MINIMA} caracteres y distingue mayúsculas. Si "
            "la olvida no se puede recuperar: habría que crear una llave nueva y pedir a la "
            "coordinación que la registre. La huella no cambia."
        )
        raiz.addWidget(etiqueta(texto))
        formulario = QFormLayout()
        self.actual = self._campo("frase_actual", "Frase actual")
        self.nueva = self._campo("frase_nueva", "Frase nueva")
        self.repetida = self._campo("frase_repetida", "Repita la frase nueva")
        if protegida:
            formulario.addRow("Frase &actual:", self.actual)
        if not quitar:
            formulario.addRow("Frase &nueva:", self.nueva)
            formulario.addRow("&Repita la frase nueva:", self.repetida)
        for campo in (self.actual, self.nueva, self.repetida):
            etiqueta_campo = formulario.labelForField(campo)
            if etiqueta_campo is not None:
                etiqueta_campo.setBuddy(campo)
        self.actual.setVisible(protegida)
        self.nueva.setVisible(not quitar)
        self.repetida.setVisible(not quitar)
        raiz.addLayout(formulario)
        self.error = etiqueta(nombre="error_frase")
        self.error.setStyleSheet(ERROR)
        self.error.setVisible(False)
        raiz.addWidget(self.error)
        botones = QDialogButtonBox()
        self.boton = botones.addButton(
            "&Quitar la frase" if quitar else "&Guardar la frase",
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.boton.setObjectName("boton_guardar_frase")
        botones.addButton("Cancelar", QDialogButtonBox.ButtonRole.RejectRole)
        botones.accepted.connect(self._guardar)
        botones.rejected.connect(self.reject)
        raiz.addWidget(botones)
        self.protegida = protegida
        self._trabajando = False

    def _campo(self, nombre: str, accesible: str) -> QLineEdit:
        campo = QLineEdit()
        campo.setObjectName(nombre)
        campo.setAccessibleName(accesible)
        campo.setEchoMode(QLineEdit.EchoMode.Password)
        return campo

    def _error(self, texto: str, campo: QLineEdit) -> None:
        self.error.setText(texto)
        self.error.setAccessibleName(texto)
        self.error.setVisible(True)
        campo.setFocus()
        campo.selectAll()

    def _guardar(self) -> None:
        if self._trabajando:
            return
        actual = self.actual.text() if self.protegida else None
        nueva = None if self.quitar else self.nueva.text()
        if self.protegida and not actual:
            self._error("Escriba la frase actual.", self.actual)
            return
        if not self.quitar and nueva != self.repetida.text():
            self._error("Las frases nuevas no coinciden; escríbalas de nuevo.", self.repetida)
            return
        if not self.quitar and not nueva:
            self._error("Escriba la frase nueva.", self.nueva)
            return
        self._trabajando = True
        self.boton.setEnabled(False)
        self.ctx.trabajos.lanzar(
            lambda: cambiar_frase(self.ctx.almacen, actual, nueva),
            lambda _p: self._listo(),
            al_fallar=self._fallo,
            dueno=self,
            mensaje="Guardando la frase…",
        )

    def _listo(self) -> None:
        self._trabajando = False
        self.accept()

    def _fallo(self, exc: BaseException) -> None:
        self._trabajando = False
        self.boton.setEnabled(True)
        if isinstance(exc, ErrorEyF):
            incorrecta = isinstance(exc, FraseIncorrecta) or self.quitar
            self._error(exc.mensaje, self.actual if incorrecta else self.nueva)
        else:
            dialogos.mostrar_error(self, exc, self.ctx.carpeta)
