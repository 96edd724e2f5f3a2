"""First run (and Herramientas › Configuración): who this installation is
for — a unit (entidad and CLUES, found by name or code) or the state
coordination (entidad) —, the entidad's password and who captures.

Usable with the keyboard alone: mnemonics on every choice, Enter goes on,
arrows choose the unit. The password is checked by the core on Terminar;
a wrong one is said on the page and nothing changes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from app.captura.permisos import Configuracion
from app.captura.proceso import configurar
from app.captura.vista import instalacion
from app.catalogo.consultas import buscar_unidades, entidades
from app.errores import ErrorEyF
from app.texto import cuantos, plegar
from ui import dialogos
from ui.contexto import Contexto
from ui.modelos.tabla import ROL_FILA, Columna, FiltroPlegado, ModeloFilas
from ui.pasos.base import caja_busqueda, etiqueta, tabla_lista


@dataclass(frozen=True)
class UnidadBuscable:
    clues: str
    nombre: str
    nivel: str
    busqueda: str


def _unidades(almacen, entidad: str) -> list[UnidadBuscable]:
    return [
        UnidadBuscable(u.clues, u.nombre, u.nivel, f"{u.clues.lower()} {plegar(u.nombre)}")
        for u in buscar_unidades(almacen, "", entidad=entidad, limite=None)
    ]


class PaginaModo(QWizardPage):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle("¿Para quién es esta instalación?")
        self.setSubTitle(
            "Puede cambiarlo después en Herramientas › Configuración de la instalación."
        )
        raiz = QVBoxLayout(self)
        self.unidad = QRadioButton(
            "Una &unidad médica: registra solo los excedentes y faltantes de esa unidad"
        )
        self.unidad.setObjectName("modo_unidad")
        self.unidad.setAccessibleName("Una unidad médica")
        self.estatal = QRadioButton(
            "La &coordinación estatal: registra cualquier unidad de su entidad y la consolida"
        )
        self.estatal.setObjectName("modo_estatal")
        self.estatal.setAccessibleName("La coordinación estatal")
        grupo = QButtonGroup(self)
        grupo.addButton(self.unidad)
        grupo.addButton(self.estatal)
        self.unidad.setChecked(True)
        raiz.addWidget(self.unidad)
        raiz.addWidget(self.estatal)
        raiz.addSpacing(12)
        raiz.addWidget(
            etiqueta(
                "Elija «Una unidad médica» en la computadora de un centro de salud u hospital: "
                "solo esa unidad captura aquí y después envía sus registros a la coordinación. "
                "Elija «La coordinación estatal» en la oficina que reúne los registros de todas "
                "las unidades de la entidad y entrega el reporte.\n\nEn el siguiente paso se "
                "pide la contraseña de la Entidad Federativa (la misma para todas sus unidades).",
                nombre="explicacion_modo",
            )
        )
        raiz.addStretch(1)

    @property
    def modo(self) -> str:
        return "unidad" if self.unidad.isChecked() else "estatal"


class PaginaUbicacion(QWizardPage):
    def __init__(self, asistente: Asistente):
        super().__init__(asistente)
        self.asistente = asistente
        self.setTitle("Entidad y unidad médica")
        raiz = QVBoxLayout(self)
        formulario = QFormLayout()
        self.entidad = QComboBox()
        self.entidad.setObjectName("entidad")
        self.entidad.setAccessibleName("Entidad federativa")
        for clave, nombre in asistente.entidades:
            self.entidad.addItem(f"{clave} · {nombre}", clave)
        formulario.addRow("&Entidad federativa:", self.entidad)
        formulario.labelForField(self.entidad).setBuddy(self.entidad)
        raiz.addLayout(formulario)
        self.busqueda = caja_busqueda(
            "buscar_unidad_asistente",
            "Escriba parte del nombre o la CLUES de su unidad",
            "Buscar la unidad médica por nombre o CLUES",
        )
        self.etiqueta_busqueda = etiqueta(
            "Unidad &médica (escriba para buscar; flechas para elegir):"
        )
        self.etiqueta_busqueda.setBuddy(self.busqueda)
        raiz.addWidget(self.etiqueta_busqueda)
        raiz.addWidget(self.busqueda)
        self.modelo = ModeloFilas(
            [
                Columna("CLUES", lambda u: u.clues),
                Columna("Unidad médica", lambda u: u.nombre),
                Columna("Nivel", lambda u: u.nivel.title()),
            ],
            self,
        )
        self.filtro = FiltroPlegado(self)
        self.filtro.setSourceModel(self.modelo)
        self.tabla = tabla_lista("tabla_unidades_asistente", "Unidades médicas de la entidad")
        self.tabla.setModel(self.filtro)
        cabecera = self.tabla.horizontalHeader()
        cabecera.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        cabecera.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        raiz.addWidget(self.tabla, 1)
        self.elegida = etiqueta(nombre="unidad_elegida")
        raiz.addWidget(self.elegida)
        self.busqueda.textChanged.connect(self.filtro.poner_texto)
        self.busqueda.textChanged.connect(lambda _t: self._elegir_unica())
        # Enter in the search box goes to the list and stops there: the wizard's
        # «Siguiente» must not take it and move on with the first of many
        # matches (with a single match, chosen already, Enter goes on).
        self.busqueda.installEventFilter(self)
        self.entidad.currentIndexChanged.connect(self._cargar_unidades)
        self.tabla.selectionModel().currentChanged.connect(lambda *_: self._cambio())
        self._cargada = ""

    def initializePage(self) -> None:
        es_unidad = self.asistente.modo == "unidad"
        self.setSubTitle(
            "Elija su entidad y busque su unidad médica por nombre o CLUES."
            if es_unidad
            else "Elija la entidad de la coordinación estatal."
        )
        for w in (self.busqueda, self.etiqueta_busqueda, self.tabla, self.elegida):
            w.setVisible(es_unidad)
        if es_unidad and self._cargada != self.clave_entidad:
            self._cargar_unidades()
        self.entidad.setFocus()

    @property
    def clave_entidad(self) -> str:
        return self.entidad.currentData() or ""

    @property
    def clues(self) -> str | None:
        fila = self.tabla.currentIndex().data(ROL_FILA)
        return fila.clues if fila is not None else None

    def _cargar_unidades(self) -> None:
        if self.asistente.modo != "unidad":
            return
        clave = self.clave_entidad
        self._cargada = clave
        self.modelo.poner([])
        self.elegida.setText("Leyendo las unidades médicas…")
        self.asistente.ctx.trabajos.lanzar(
            lambda: _unidades(self.asistente.ctx.almacen, clave),
            lambda filas: self._mostrar_unidades(clave, filas),
            dueno=self,
            mensaje="Leyendo las unidades médicas…",
        )

    def _mostrar_unidades(self, clave: str, filas: list[UnidadBuscable]) -> None:
        if clave != self.clave_entidad:
            return
        self.modelo.poner(filas)
        self.filtro.recalcular()
        previa = self.asistente.conf.clues
        for i in range(self.filtro.rowCount()):
            if self.filtro.index(i, 0).data(ROL_FILA).clues == previa:
                self.tabla.selectRow(i)
        self._elegir_unica()
        self._cambio()

    def _elegir_unica(self) -> None:
        if self.filtro.rowCount() == 1:
            self.tabla.selectRow(0)
        self._cambio()

    def eventFilter(self, objeto, evento) -> bool:  # noqa: N802 - Qt's name
        if (
            objeto is self.busqueda
            and evento.type() == QEvent.Type.KeyPress
            and evento.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not (self.filtro.rowCount() == 1 and self.clues is not None)  # the only one: go on
        ):
            self._a_la_lista()
            return True
        return super().eventFilter(objeto, evento)

    def _a_la_lista(self) -> None:
        if self.filtro.rowCount():
            if not self.tabla.currentIndex().isValid():
                self.tabla.selectRow(0)
            self.tabla.setFocus()

    def _cambio(self) -> None:
        if self.asistente.modo == "unidad":
            fila = self.tabla.currentIndex().data(ROL_FILA)
            self.elegida.setText(
                f"Unidad elegida: {fila.clues} {fila.nombre}"
                if fila is not None
                else f"{cuantos(self.filtro.cuantas(), 'unidad', 'unidades')}; elija una con las "
                "flechas."
            )
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        if not self.clave_entidad:
            return False
        return self.asistente.modo != "unidad" or self.clues is not None


class PaginaAcceso(QWizardPage):
    def __init__(self, asistente: Asistente):
        super().__init__(asistente)
        self.asistente = asistente
        self.setTitle("Contraseña y persona que captura")
        self.setSubTitle(
            "La contraseña es la de la Entidad Federativa (la misma para todas sus unidades). "
            "El nombre queda en la bitácora de cambios."
        )
        raiz = QVBoxLayout(self)
        formulario = QFormLayout()
        self.contrasena = QLineEdit()
        self.contrasena.setObjectName("contrasena_asistente")
        self.contrasena.setEchoMode(QLineEdit.EchoMode.Password)
        self.contrasena.setAccessibleName("Contraseña de la entidad")
        formulario.addRow("&Contraseña de la entidad:", self.contrasena)
        formulario.labelForField(self.contrasena).setBuddy(self.contrasena)
        self.persona = QLineEdit(asistente.conf.persona)
        self.persona.setObjectName("persona")
        self.persona.setAccessibleName("Nombre de quien captura")
        self.persona.setMaxLength(120)
        formulario.addRow("&Nombre de quien captura:", self.persona)
        formulario.labelForField(self.persona).setBuddy(self.persona)
        raiz.addLayout(formulario)
        self.resumen = etiqueta(nombre="resumen_configuracion")
        raiz.addWidget(self.resumen)
        self.error = etiqueta(nombre="error_asistente")
        self.error.setStyleSheet("color: #b00020;")
        raiz.addWidget(self.error)
        raiz.addStretch(1)
        self.persona.textChanged.connect(lambda _t: self.completeChanged.emit())

    def initializePage(self) -> None:
        a = self.asistente
        ubicacion = a.pagina_ubicacion
        entidad = ubicacion.entidad.currentText()
        if a.modo == "unidad":
            fila = ubicacion.tabla.currentIndex().data(ROL_FILA)
            nombre = f" {fila.nombre}" if fila is not None else ""
            self.resumen.setText(
                f"Se configurará para la unidad {ubicacion.clues}{nombre} ({entidad})."
            )
        else:
            self.resumen.setText(f"Se configurará para la coordinación estatal de {entidad}.")
        self.error.clear()
        self.contrasena.setFocus()

    def isComplete(self) -> bool:
        return bool(self.persona.text().strip())

    def mostrar_error(self, texto: str) -> None:
        self.error.setText(texto)
        self.error.setAccessibleName(texto)
        self.contrasena.selectAll()
        self.contrasena.setFocus()


class Asistente(QWizard):
    def __init__(self, ctx: Contexto, conf: Configuracion, lista_entidades, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.conf = conf
        self.entidades = list(lista_entidades)
        self.setObjectName("asistente")
        self.setWindowTitle(
            "Configuración de la instalación" if conf.configurada else "Bienvenida: configurar EyF"
        )
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.pagina_modo = PaginaModo(self)
        self.pagina_ubicacion = PaginaUbicacion(self)
        self.pagina_acceso = PaginaAcceso(self)
        for pagina in (self.pagina_modo, self.pagina_ubicacion, self.pagina_acceso):
            self.addPage(pagina)
        if conf.modo == "estatal":
            self.pagina_modo.estatal.setChecked(True)
        if conf.entidad:
            posicion = self.pagina_ubicacion.entidad.findData(conf.entidad)
            self.pagina_ubicacion.entidad.setCurrentIndex(max(posicion, 0))
        self._configurando = False
        self._hecho = False
        self.resize(720, 480)

    @classmethod
    def abrir(cls, ctx: Contexto, padre, despues: Callable[[], None]) -> None:
        """Read what is needed off the GUI thread, then show the assistant."""

        def leer():
            return instalacion(ctx.almacen), entidades(ctx.almacen)

        def mostrar(datos) -> None:
            asistente = cls(ctx, *datos, parent=padre)
            asistente.accepted.connect(despues)
            asistente.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            asistente.open()

        ctx.trabajos.lanzar(leer, mostrar, dueno=padre, mensaje="Preparando la configuración…")

    @property
    def modo(self) -> str:
        return self.pagina_modo.modo

    def validateCurrentPage(self) -> bool:
        if self.currentPage() is not self.pagina_acceso or self._hecho:
            return super().validateCurrentPage()
        if self._configurando:
            return False
        acceso = self.pagina_acceso
        if not acceso.contrasena.text():
            acceso.mostrar_error("Escriba la contraseña de la entidad.")
            return False
        self._configurando = True
        acceso.error.setText("Comprobando la contraseña…")
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        modo = self.modo
        entidad = self.pagina_ubicacion.clave_entidad
        clues = self.pagina_ubicacion.clues if modo == "unidad" else None
        clave = acceso.contrasena.text()
        persona = acceso.persona.text().strip()
        self.ctx.trabajos.lanzar(
            lambda: configurar(
                self.ctx.almacen,
                modo,
                entidad=entidad,
                clues=clues,
                contrasena=clave,
                persona=persona,
            ),
            lambda _r: self._configurado(),
            al_fallar=self._fallo,
            dueno=self,
            mensaje="Guardando la configuración…",
        )
        return False

    def _configurado(self) -> None:
        self._configurando = False
        self._hecho = True
        self.accept()

    def _fallo(self, exc: BaseException) -> None:
        self._configurando = False
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        if isinstance(exc, ErrorEyF):
            self.pagina_acceso.mostrar_error(exc.mensaje)
        else:
            self.pagina_acceso.error.clear()
            dialogos.mostrar_error(self, exc, self.ctx.carpeta)
