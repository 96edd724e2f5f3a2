"""Herramientas › Respaldos: the backups of the database (date, reason,
size), make one now or a copy elsewhere (a USB stick), restore a chosen one
(the current database is backed up first, so the restore can be undone),
undo the last restore, and how many days automatic backups are kept.

Restoring swaps the database under the open window: the window goes back to
the tablero (asking before unsaved changes are lost), closes its database,
restores (``app.almacen.restauracion.restaurar`` with the window's own
single-instance lock), opens it again as at start-up, and every screen
reloads."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from app.almacen.almacen import ARCHIVO_BD, Almacen
from app.almacen.arranque import Arranque, abrir_al_iniciar
from app.almacen.reabre import ReaperturaNecesaria, lo_que_reabre
from app.almacen.respaldos import (
    DIAS_MAXIMO,
    MINIMO_CONSERVADOS,
    MOTIVO_MANUAL,
    MOTIVO_RESTAURAR,
    Respaldo,
    carpeta_respaldos,
    dias_conservados,
    fijar_dias_conservados,
    integridad,
    leer_nombre,
    listar_respaldos,
    respaldar,
)
from app.almacen.restauracion import (
    Restauracion,
    restaurar,
    ultimo_antes_de_restaurar,
    verificar_respaldo,
)
from app.errores import ErrorAlmacen
from ui import archivos, dialogos
from ui.modelos.respaldos import COLUMNAS, describir, tamano
from ui.modelos.tabla import ROL_FILA, ModeloFilas
from ui.pasos.base import etiqueta, tabla_lista


@dataclass(frozen=True)
class Cambio:
    """What a restore did, and the database opened again afterwards."""

    restauracion: Restauracion
    arranque: Arranque


def cambiar_de_base(
    almacen: Almacen, carpeta: Path, origen: Path, contrasena: str | None = None
) -> Cambio:
    """(In the worker.) Close the window's database, restore ``origen`` and
    open the data folder again as at start-up. A refused restore changes
    nothing (the closed database opens again on its next use)."""
    verificar_respaldo(origen)
    almacen.cerrar()
    r = restaurar(carpeta, origen, candado_tomado=True, contrasena=contrasena)
    return Cambio(r, abrir_al_iniciar(carpeta))


class DialogoRespaldos(QDialog):
    @classmethod
    def abrir(cls, ventana) -> DialogoRespaldos:
        d = cls(ventana)
        d.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        d.open()
        return d

    def __init__(self, ventana):
        super().__init__(ventana)
        self.ventana = ventana
        self.ctx = ventana.ctx
        self.setObjectName("dialogo_respaldos")
        self.setWindowTitle("Respaldos de la base de datos")
        self.resize(720, 480)
        raiz = QVBoxLayout(self)
        almacen = self.ctx.almacen
        self.carpeta = Path(self.ctx.carpeta)
        self.de_la_carpeta = almacen.ruta_bd is not None and Path(almacen.ruta_bd) == (
            self.carpeta / ARCHIVO_BD
        )
        raiz.addWidget(
            etiqueta(
                "EyF guarda copias completas de la base: una al día y antes de actualizarla, de "
                "importar paquetes, de actualizar el catálogo o de restaurar. Restaurar pone un "
                "respaldo en lugar de la base actual; antes, la base actual se respalda, así que "
                "siempre se puede deshacer.",
                nombre="explicacion_respaldos",
            )
        )
        self.donde = etiqueta(
            f"Carpeta: {carpeta_respaldos(self.carpeta)}", nombre="carpeta_respaldos"
        )
        self.donde.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        raiz.addWidget(self.donde)
        self.modelo = ModeloFilas(COLUMNAS, self)
        self.tabla = tabla_lista("tabla_respaldos", "Respaldos, del más reciente al más antiguo")
        self.tabla.setModel(self.modelo)
        cabecera = self.tabla.horizontalHeader()
        cabecera.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        cabecera.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.tabla.activated.connect(lambda _i: self.restaurar_seleccionado())
        raiz.addWidget(self.tabla, 1)
        self.vacia = etiqueta(nombre="sin_respaldos")
        raiz.addWidget(self.vacia)

        fila = QHBoxLayout()
        self.crear = QPushButton("&Crear un respaldo ahora")
        self.crear.setObjectName("boton_crear_respaldo")
        self.crear.clicked.connect(lambda _c=False: self.crear_respaldo())
        self.copiar = QPushButton("&Guardar una copia en…")
        self.copiar.setObjectName("boton_copiar_respaldo")
        self.copiar.setToolTip("Un respaldo en otra carpeta: una memoria USB, una unidad de red")
        self.copiar.clicked.connect(self.elegir_destino)
        self.restaurar = QPushButton("&Restaurar el seleccionado…")
        self.restaurar.setObjectName("boton_restaurar")
        self.restaurar.clicked.connect(self.restaurar_seleccionado)
        self.deshacer = QPushButton("&Deshacer la última restauración…")
        self.deshacer.setObjectName("boton_deshacer_restauracion")
        self.deshacer.clicked.connect(self.deshacer_restauracion)
        for b in (self.crear, self.copiar, self.restaurar, self.deshacer):
            fila.addWidget(b)
        fila.addStretch(1)
        raiz.addLayout(fila)

        fila = QHBoxLayout()
        texto = QLabel("Conservar los respaldos &automáticos:")
        self.dias = QSpinBox()
        self.dias.setObjectName("dias_conservados")
        self.dias.setAccessibleName("Días que se conservan los respaldos automáticos")
        self.dias.setRange(1, DIAS_MAXIMO)
        self.dias.setSuffix(" días")
        texto.setBuddy(self.dias)
        fila.addWidget(texto)
        fila.addWidget(self.dias)
        fila.addWidget(
            etiqueta(
                f"Los {MINIMO_CONSERVADOS} más recientes se conservan siempre; los hechos a mano "
                "nunca se borran solos.",
                nombre="nota_dias",
            ),
            1,
        )
        raiz.addLayout(fila)
        self.estado = etiqueta(nombre="estado_respaldos")
        raiz.addWidget(self.estado)
        botones = QDialogButtonBox()
        cerrar = botones.addButton("C&errar", QDialogButtonBox.ButtonRole.RejectRole)
        cerrar.setObjectName("boton_cerrar_respaldos")
        botones.rejected.connect(self.reject)
        raiz.addWidget(botones)

        self._guardar_dias = QTimer(self, singleShot=True, interval=500)
        self._guardar_dias.timeout.connect(self._fijar_dias)
        self.listos = False  # the list was read at least once (tests wait on it)
        if not self.de_la_carpeta:
            for b in (self.crear, self.copiar, self.restaurar, self.deshacer):
                b.setEnabled(False)
            self.estado.setText(
                "Los respaldos de EyF son de la base SQLite de la carpeta de datos; para otra base "
                "(un servidor PostgreSQL), use sus propias herramientas (pg_dump y pg_restore)."
            )
        self.leer()

    # Reading -----------------------------------------------------------------------
    def _lanzar(self, funcion, al_terminar, mensaje: str, al_fallar=None) -> None:
        self.ctx.trabajos.lanzar(
            funcion, al_terminar, al_fallar=al_fallar or self._fallo, dueno=self, mensaje=mensaje
        )

    def _fallo(self, exc: BaseException) -> None:
        self._ocupado(False)
        dialogos.mostrar_error(self, exc, self.ctx.carpeta)

    def leer(self, seleccionar: Path | None = None) -> None:
        carpeta = self.carpeta

        def trabajo():
            return listar_respaldos(carpeta), dias_conservados(carpeta)

        self._lanzar(trabajo, lambda d: self._mostrar(*d, seleccionar), "Leyendo los respaldos…")

    def _mostrar(self, respaldos: list[Respaldo], dias: int, seleccionar: Path | None) -> None:
        self.modelo.poner(respaldos)
        self.dias.blockSignals(True)
        self.dias.setValue(dias)
        self.dias.blockSignals(False)
        self.dias.valueChanged.connect(self._guardar_dias.start, Qt.ConnectionType.UniqueConnection)
        fila = next((i for i, r in enumerate(respaldos) if r.ruta == seleccionar), 0)
        if respaldos:
            self.tabla.selectRow(fila)
        self.vacia.setText(
            "Todavía no hay respaldos: cree uno con «Crear un respaldo ahora»."
            if not respaldos
            else f"{len(respaldos):,} respaldo{'s' if len(respaldos) != 1 else ''}."
        )
        hay_deshacer = any(r.motivo == MOTIVO_RESTAURAR for r in respaldos)
        self.deshacer.setEnabled(self.de_la_carpeta and hay_deshacer)
        self.restaurar.setEnabled(self.de_la_carpeta and bool(respaldos))
        self.tabla.setFocus()
        self.listos = True

    def seleccionado(self) -> Respaldo | None:
        i = self.tabla.currentIndex()
        return i.data(ROL_FILA) if i.isValid() else None

    def _ocupado(self, ocupado: bool) -> None:
        for b in (self.crear, self.copiar, self.restaurar, self.deshacer):
            b.setEnabled(not ocupado and self.de_la_carpeta)
        if ocupado:
            self.estado.setText("Trabajando…")

    # Creating ------------------------------------------------------------------------
    def crear_respaldo(self, destino: Path | None = None) -> None:
        almacen, carpeta = self.ctx.almacen, self.carpeta

        def trabajo() -> tuple[Path, str]:
            ruta = respaldar(almacen.ruta_bd, carpeta, MOTIVO_MANUAL, destino=destino)
            return ruta, integridad(ruta, rapida=True)

        def listo(resultado: tuple[Path, str]) -> None:
            ruta, estado = resultado
            self._ocupado(False)
            self.estado.setText(f"Respaldo creado: {ruta} ({tamano(ruta.stat().st_size)}).")
            if estado != "ok":
                dialogos.aviso(
                    self,
                    "La base de datos tiene daños",
                    f"Se copió la base en {ruta}, pero la revisión encontró daños en la base.",
                    "Restaure el respaldo sano más reciente y avise a soporte técnico.",
                )
            self.leer(seleccionar=ruta if destino is None else None)

        self._ocupado(True)
        self._lanzar(trabajo, listo, "Creando el respaldo…")

    def elegir_destino(self) -> None:
        carpeta = archivos.elegir_carpeta(
            self, "Carpeta donde guardar la copia de la base de datos", Path.home()
        )
        if carpeta is not None:
            self.crear_respaldo(carpeta)

    def _fijar_dias(self) -> None:
        dias = self.dias.value()
        try:
            fijar_dias_conservados(self.carpeta, dias)
        except ErrorAlmacen as exc:
            dialogos.mostrar_error(self, exc, self.ctx.carpeta)
            return
        self.estado.setText(f"Los respaldos automáticos se conservan {dias:,} días.")

    # Restoring ----------------------------------------------------------------------------
    def restaurar_seleccionado(self) -> None:
        r = self.seleccionado()
        if r is None or not self.restaurar.isEnabled():
            return
        reabre = lo_que_reabre(self.carpeta, r.ruta)
        detalle = (
            "Antes de restaurar, EyF respalda la base actual tal como está ahora: si se "
            "arrepiente, «Deshacer la última restauración» la regresa. Lo que se guardó "
            "después de ese respaldo no se verá mientras tanto (queda en ese respaldo de la "
            "base actual)."
        )
        if reabre:
            detalle = ReaperturaNecesaria(reabre).mensaje + "\n\n" + detalle
        if not dialogos.confirmar(
            self,
            "Restaurar un respaldo",
            f"¿Poner el respaldo {describir(r, r.ruta)} en lugar de la base de datos actual?",
            si="&Restaurar",
            detalle=detalle,
            peligro=True,
        ):
            return
        contrasena = None
        if reabre:
            entidades = ", ".join(sorted({x.entidad for x in reabre}))
            contrasena = dialogos.pedir_secreto(
                self,
                "Restaurar: contraseña de la entidad",
                "Restaurar este respaldo reabre lo que se cerró después. Como en una "
                f"reapertura, escriba la contraseña de la entidad {entidades}:",
                boton="Restaurar",
                nombre="Contraseña de la entidad",
                objeto="dialogo_contrasena_restaurar",
            )
            if contrasena is None:
                return
        self.cambiar(r.ruta, "Respaldo restaurado", contrasena)

    def deshacer_restauracion(self) -> None:
        try:
            ruta = ultimo_antes_de_restaurar(self.carpeta)
        except ErrorAlmacen as exc:
            dialogos.mostrar_error(self, exc, self.ctx.carpeta)
            return
        if not dialogos.confirmar(
            self,
            "Deshacer la última restauración",
            f"¿Volver a la base de datos que había antes de la última restauración "
            f"(respaldada {describir(leer_nombre(ruta), ruta).removeprefix('del ')})?",
            si="Deshacer la restauración",
            detalle="La base actual también se respalda antes, como en toda restauración.",
            peligro=True,
        ):
            return
        self.cambiar(ruta, "Restauración deshecha")

    def cambiar(self, origen: Path, titulo: str, contrasena: str | None = None) -> None:
        """Restore ``origen`` under the open window (back to the tablero first)."""
        self.ventana.al_inicio(lambda: self._cambiar(origen, titulo, contrasena))

    def _cambiar(self, origen: Path, titulo: str, contrasena: str | None) -> None:
        ventana, carpeta = self.ventana, self.carpeta
        ventana.ctx.trabajos.esperar()  # nothing may still be reading the old database
        almacen = ventana.ctx.almacen

        def listo(c: Cambio) -> None:
            ventana.ctx.almacen = c.arranque.almacen
            ventana.ctx.senales.configuracion_cambiada.emit()
            ventana.ctx.senales.datos_cambiados.emit()
            r = c.restauracion
            detalle = []
            if r.previo:
                detalle.append(
                    f"La base que había quedó respaldada ({r.previo.name}); para volver a ella, "
                    "use «Deshacer la última restauración» en Herramientas › Respaldos."
                )
            if r.apartada:
                detalle.append(f"La base dañada que había quedó apartada en {r.apartada}.")
            detalle.extend(c.arranque.avisos)
            vivo = shiboken6.isValid(self)  # the dialog may have been closed meanwhile
            if vivo:
                self._ocupado(False)
                self.estado.setText(f"{titulo}: {origen.name}.")
            dialogos.informacion(
                self if vivo else ventana,
                titulo,
                f"Se restauró el respaldo {describir(leer_nombre(origen), origen)}.",
                "\n\n".join(detalle),
            )
            if shiboken6.isValid(self):
                self.leer()

        def fallo(exc: BaseException) -> None:
            if shiboken6.isValid(self):
                self._ocupado(False)
                self.leer()
            dialogos.mostrar_error(self if shiboken6.isValid(self) else ventana, exc, carpeta)

        self._ocupado(True)
        # Owned by the window: the new database must reach it even if this dialog is closed.
        ventana.ctx.trabajos.lanzar(
            lambda: cambiar_de_base(almacen, carpeta, origen, contrasena),
            listo,
            al_fallar=fallo,
            dueno=ventana,
            mensaje="Restaurando el respaldo…",
        )
