"""The way out of a damaged database at start-up.

When the data folder cannot be opened because its database is damaged or is
not SQLite at all, the window does not just say so and quit: it offers to
put a backup in its place, showing the latest healthy one and its date
(preselected), the others to choose from, a backup from another folder (a
USB stick), or to quit. The damaged file is never deleted: the restore moves
it aside for technical support (``respaldos/apartadas``). Every check and the
restore run off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressDialog,
    QPushButton,
    QStyle,
    QVBoxLayout,
)

from app import acerca
from app.almacen.almacen import ARCHIVO_BD, CABECERA_SQLITE
from app.almacen.arranque import Arranque, abrir_al_iniciar
from app.almacen.respaldos import (
    Respaldo,
    carpeta_respaldos,
    integridad,
    leer_nombre,
    listar_respaldos,
)
from app.almacen.restauracion import restaurar, verificar_respaldo
from app.errores import ErrorAlmacen, ErrorEyF
from ui import archivos, dialogos
from ui.modelos.respaldos import COLUMNAS, describir, tamano
from ui.modelos.tabla import ROL_FILA, ModeloFilas
from ui.pasos.base import etiqueta, tabla_lista
from ui.trabajos import Trabajos

TITULO = f"{acerca.NOMBRE}: no se pudo abrir la base de datos"


def base_danada(carpeta: Path) -> bool:
    """The data folder's database exists and is damaged or is not SQLite
    (what a restore can fix; a read-only folder or a newer version cannot)."""
    ruta = Path(carpeta) / ARCHIVO_BD
    try:
        if not ruta.is_file() or ruta.stat().st_size == 0:
            return False
        with ruta.open("rb") as f:
            if f.read(len(CABECERA_SQLITE)) != CABECERA_SQLITE:
                return True
    except OSError:
        return False
    return integridad(ruta, rapida=True) != "ok"


@dataclass(frozen=True)
class Opciones:
    """The backups of the data folder and what is known of them."""

    respaldos: list[Respaldo]
    sano: Path | None  # the newest one that passes the checks
    danados: set[Path] = field(default_factory=set)  # newer than ``sano`` and refused


def buscar_respaldos(carpeta: Path) -> Opciones:
    respaldos = listar_respaldos(carpeta)
    danados: set[Path] = set()
    for r in respaldos:  # newest first: the first that passes is the one offered
        try:
            verificar_respaldo(r.ruta)
        except ErrorAlmacen:
            danados.add(r.ruta)
            continue
        return Opciones(respaldos, r.ruta, danados)
    return Opciones(respaldos, None, danados)


def en_fondo(trabajos: Trabajos, funcion: Callable[[], Any], texto: str = "") -> Any:
    """Run ``funcion`` off the GUI thread and wait for it in a local event loop,
    with a progress dialog if it takes more than a moment; re-raise its error."""
    resultado: dict[str, Any] = {}
    ciclo = QEventLoop()
    progreso = QProgressDialog()
    progreso.setObjectName("progreso_rescate")
    progreso.setWindowTitle(acerca.NOMBRE)
    progreso.setLabelText(texto or "Revisando…")
    progreso.setCancelButton(None)
    progreso.setRange(0, 0)
    progreso.setWindowModality(Qt.WindowModality.ApplicationModal)
    progreso.reset()
    mostrar = QTimer()
    mostrar.setSingleShot(True)
    mostrar.timeout.connect(progreso.show)
    mostrar.start(400)

    def listo(valor: Any) -> None:
        resultado["valor"] = valor
        ciclo.quit()

    def fallo(exc: BaseException) -> None:
        resultado["error"] = exc
        ciclo.quit()

    trabajos.lanzar(funcion, listo, al_fallar=fallo, mensaje="")
    ciclo.exec()
    mostrar.stop()
    progreso.reset()
    progreso.deleteLater()
    if "error" in resultado:
        raise resultado["error"]
    return resultado["valor"]


class DialogoRescate(QDialog):
    """What to do with a damaged database: which backup to restore, or quit."""

    def __init__(self, mensaje: str, carpeta: Path, opciones: Opciones, parent=None):
        super().__init__(parent)
        self.setObjectName("dialogo_rescate")
        self.setWindowTitle(TITULO)
        self.setWindowIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
        self.resize(700, 440)
        self.carpeta = Path(carpeta)
        self.opciones = opciones
        self.elegido: Path | None = None
        raiz = QVBoxLayout(self)
        arriba = QHBoxLayout()
        icono = QLabel()
        icono.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(40, 40)
        )
        arriba.addWidget(icono, 0, Qt.AlignmentFlag.AlignTop)
        self.mensaje = etiqueta(mensaje, nombre="mensaje_rescate", negrita=True)
        arriba.addWidget(self.mensaje, 1)
        raiz.addLayout(arriba)
        raiz.addWidget(
            etiqueta(
                f"{acerca.NOMBRE} puede poner un respaldo en su lugar. La base dañada no se borra: "
                "se aparta para el soporte técnico. Lo que se guardó después del respaldo "
                "elegido no estará en la base restaurada.",
                nombre="explicacion_rescate",
            )
        )
        self.propuesta = etiqueta(nombre="propuesta_rescate")
        raiz.addWidget(self.propuesta)
        self.modelo = ModeloFilas(COLUMNAS, self)
        self.modelo.poner(opciones.respaldos)
        self.tabla = tabla_lista("tabla_rescate", "Respaldos de la carpeta de datos")
        self.tabla.setModel(self.modelo)
        cabecera = self.tabla.horizontalHeader()
        cabecera.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        cabecera.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.tabla.activated.connect(lambda _i: self._restaurar_elegido())
        raiz.addWidget(self.tabla, 1)
        self.tabla.setVisible(bool(opciones.respaldos))
        fila = QHBoxLayout()
        self.restaurar = QPushButton("&Restaurar el respaldo elegido")
        self.restaurar.setObjectName("boton_restaurar_rescate")
        self.restaurar.clicked.connect(self._restaurar_elegido)
        self.otro = QPushButton("&Buscar un respaldo en otra carpeta…")
        self.otro.setObjectName("boton_otro_respaldo")
        self.otro.clicked.connect(self._buscar_otro)
        self.salir = QPushButton("&Salir")
        self.salir.setObjectName("boton_salir_rescate")
        self.salir.clicked.connect(self.reject)
        fila.addWidget(self.restaurar)
        fila.addWidget(self.otro)
        fila.addStretch(1)
        fila.addWidget(self.salir)
        raiz.addLayout(fila)
        self._proponer()

    def _proponer(self) -> None:
        o = self.opciones
        if o.sano is not None:
            fila = next(i for i, r in enumerate(o.respaldos) if r.ruta == o.sano)
            r = o.respaldos[fila]
            self.tabla.selectRow(fila)
            self.propuesta.setText(
                f"El respaldo sano más reciente es {describir(r, r.ruta)}, de {tamano(r.tamano)}; "
                "está elegido abajo. Puede elegir otro de la lista."
            )
            self.restaurar.setDefault(True)
            self.tabla.setFocus()
        elif o.respaldos:
            self.propuesta.setText(
                "Ninguno de los respaldos de la carpeta de datos pasó la revisión de integridad. "
                "Si tiene uno en otro lugar (una memoria USB), búsquelo ahí."
            )
            self.restaurar.setEnabled(False)
            self.otro.setDefault(True)
        else:
            self.propuesta.setText(
                f"No hay respaldos en {carpeta_respaldos(self.carpeta)}. Si tiene uno en otro "
                "lugar (una memoria USB), búsquelo ahí; si no, salga y llame al soporte técnico."
            )
            self.restaurar.setEnabled(False)
            self.otro.setDefault(True)

    def _restaurar_elegido(self) -> None:
        i = self.tabla.currentIndex()
        r: Respaldo | None = i.data(ROL_FILA) if i.isValid() else None
        if r is None:
            return
        if r.ruta in self.opciones.danados:
            dialogos.aviso(
                self,
                "Respaldo dañado",
                f"El respaldo {describir(r, r.ruta)} no pasó la revisión de integridad.",
                "Elija uno más antiguo o busque uno en otra carpeta.",
            )
            return
        self.elegido = r.ruta
        self.accept()

    def _buscar_otro(self) -> None:
        ruta = archivos.elegir_archivo(
            self, "Elegir un respaldo de EyF", Path.home(), "Respaldos de EyF (*.sqlite3)"
        )
        if ruta is not None:
            self.elegido = ruta
            self.accept()


def rescatar(
    carpeta: Path, url: str | None, error: ErrorAlmacen, trabajos: Trabajos
) -> Arranque | None:
    """After ``abrir_al_iniciar`` failed with ``error``: offer a restore if the
    database is damaged; the data folder opened again, or None to quit."""
    if url is not None or not en_fondo(trabajos, lambda: base_danada(carpeta)):
        dialogos.aviso(None, TITULO, error.mensaje)
        return None
    while True:
        opciones = en_fondo(
            trabajos, lambda: buscar_respaldos(carpeta), "Buscando un respaldo sano…"
        )
        d = DialogoRescate(error.mensaje, carpeta, opciones)
        if d.exec() != QDialog.DialogCode.Accepted or d.elegido is None:
            return None
        origen = d.elegido
        try:
            r, arranque = en_fondo(
                trabajos,
                lambda origen=origen: (
                    restaurar(carpeta, origen, candado_tomado=True),
                    abrir_al_iniciar(carpeta, None),
                ),
                "Restaurando el respaldo…",
            )
        except ErrorEyF as exc:
            dialogos.aviso(None, "No se pudo restaurar", exc.mensaje)
            continue
        hecho = f"Se restauró el respaldo {describir(_info(opciones, origen), origen)}."
        if r.apartada:
            hecho += (
                f" La base dañada no se borró: quedó apartada en {r.apartada} para el "
                "soporte técnico."
            )
        elif r.previo:
            hecho += f" La base anterior quedó respaldada ({r.previo.name})."
        arranque.avisos.insert(0, hecho)
        return arranque


def _info(opciones: Opciones, ruta: Path) -> Respaldo | None:
    return next((r for r in opciones.respaldos if r.ruta == ruta), None) or leer_nombre(ruta)
