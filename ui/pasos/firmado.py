"""Paso 9: upload the final version, signed and scanned, as a PDF; consult
the one uploaded («Consultar PDF subido»), or replace it (the earlier ones
are kept and listed). The core reads the file as a real PDF of at most
150 MB and says why it refuses one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QHeaderView, QPushButton, QVBoxLayout

from app.errores import ErrorEyF
from app.reportes.adjuntos import (
    LIMITE_MB,
    AdjuntoVista,
    ResultadoAdjunto,
    adjuntar,
    adjuntos,
    motivo_no_subir,
    para_consultar,
    tamano_legible,
)
from ui import ajustes, archivos, dialogos
from ui.modelos.tabla import CENTRO, ROL_FILA, Columna, ModeloFilas
from ui.modelos.tablero import fecha_local
from ui.pasos.base import Pantalla, Ubicacion, etiqueta, tabla_lista

ERROR = "color: #b00020;"
COLUMNAS = [
    Columna("Subido", lambda a: fecha_local(a.subido_en)),
    Columna("Archivo original", lambda a: a.nombre_original, ayuda=lambda a: f"SHA-256 {a.sha256}"),
    Columna("Tamaño", lambda a: tamano_legible(a.tamano), CENTRO),
    Columna("Subido por", lambda a: a.persona),
    Columna("Estado", lambda a: "Vigente" if a.vigente else "Anterior", CENTRO),
]


@dataclass(frozen=True)
class DatosFirmado:
    lista: list[AdjuntoVista]
    motivo: str | None  # why nothing can be uploaded now


def _leer(almacen, entidad: str) -> DatosFirmado:
    return DatosFirmado(adjuntos(almacen, entidad), motivo_no_subir(almacen, entidad))


class PantallaFirmado(Pantalla):
    paso = "Paso 9"
    ayuda = "firmado"

    def __init__(self, ctx, ubicacion: Ubicacion, parent=None):
        super().__init__(ctx, ubicacion, parent)
        self.poner_textos(
            self.titulo_entidad(),
            "Paso 9.- Subir Reporte «Versión Final» firmado.",
            "Para que la Entidad Federativa concluya el proceso deberá subir el reporte final "
            f"firmado y escaneado. Solo se aceptan archivos PDF con un peso máximo de "
            f"{LIMITE_MB} Megabytes.",
        )
        caja = QGroupBox("Reporte firmado vigente")
        caja_fila = QHBoxLayout(caja)
        self.vigente = etiqueta(nombre="firmado_vigente")
        caja_fila.addWidget(self.vigente, 1)
        self.boton_consultar = QPushButton("C&onsultar PDF subido")
        self.boton_consultar.setObjectName("boton_consultar_firmado")
        self.boton_consultar.clicked.connect(lambda: self.consultar(None))
        caja_fila.addWidget(self.boton_consultar, 0, Qt.AlignmentFlag.AlignTop)
        self.raiz.addWidget(caja)

        subir = QGroupBox("Subir PDF firmado")
        columna = QVBoxLayout(subir)
        fila = QHBoxLayout()
        self.boton_elegir = QPushButton("&Seleccionar archivo…")
        self.boton_elegir.setObjectName("boton_elegir_firmado")
        self.boton_elegir.clicked.connect(self.elegir)
        fila.addWidget(self.boton_elegir)
        self.elegido = etiqueta("Ningún archivo seleccionado.", nombre="firmado_elegido")
        fila.addWidget(self.elegido, 1)
        columna.addLayout(fila)
        self.error = etiqueta(nombre="error_firmado")
        self.error.setStyleSheet(ERROR)
        self.error.setVisible(False)
        columna.addWidget(self.error)
        self.boton_guardar = QPushButton("&Guardar")
        self.boton_guardar.setObjectName("boton_guardar_firmado")
        self.boton_guardar.setEnabled(False)
        self.boton_guardar.clicked.connect(lambda: self.guardar())
        columna.addWidget(self.boton_guardar, 0, Qt.AlignmentFlag.AlignLeft)
        self.raiz.addWidget(subir)

        self.raiz.addWidget(
            etiqueta(
                "Reportes firmados subidos (al subir otro, los anteriores se conservan; Enter "
                "abre el seleccionado):",
                negrita=True,
            )
        )
        self.modelo = ModeloFilas(COLUMNAS, self)
        self.tabla = tabla_lista(
            "tabla_firmados", f"Reportes firmados subidos de {ubicacion.entidad_nombre}"
        )
        self.tabla.setModel(self.modelo)
        cabecera = self.tabla.horizontalHeader()
        cabecera.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        cabecera.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.tabla.activated.connect(self._consultar_fila)
        self.raiz.addWidget(self.tabla, 1)
        self.archivo: Path | None = None
        self.datos: DatosFirmado | None = None
        self._subiendo = False

    def miga(self) -> str:
        return "Paso 9: reporte firmado"

    def cargar(self) -> None:
        entidad = self.ubicacion.entidad
        self.lanzar(
            lambda: _leer(self.ctx.almacen, entidad),
            self._mostrar,
            mensaje="Leyendo los reportes firmados…",
        )

    def _mostrar(self, datos: DatosFirmado) -> None:
        self.datos = datos
        vigente = next((a for a in datos.lista if a.vigente), None)
        if vigente is None:
            self.vigente.setText(
                f"Aún no se ha subido el reporte firmado de {self.ubicacion.entidad_nombre}."
            )
        else:
            self.vigente.setText(
                f"{vigente.nombre_original} · {tamano_legible(vigente.tamano)} · subido el "
                f"{fecha_local(vigente.subido_en)} por {vigente.persona or 'sin nombre'}\n"
                f"SHA-256: {vigente.sha256}"
            )
        self.boton_consultar.setEnabled(vigente is not None)
        self.modelo.poner(datos.lista)
        self.poner_aviso(datos.motivo)
        self.boton_elegir.setEnabled(datos.motivo is None)
        self._actualizar()
        self.cargada = True

    def enfocar(self) -> None:
        (self.boton_elegir if self.boton_elegir.isEnabled() else self.tabla).setFocus()

    def _actualizar(self) -> None:
        puede = self.datos is not None and self.datos.motivo is None
        self.boton_guardar.setEnabled(puede and self.archivo is not None and not self._subiendo)

    # Choosing and uploading ---------------------------------------------------------
    def elegir(self) -> None:
        rutas = archivos.para_abrir(
            self,
            self.ctx,
            ajustes.CARPETA_FIRMADOS,
            "Seleccionar el reporte final firmado (PDF)",
            archivos.FILTRO_PDF,
        )
        if not rutas:
            return
        self.archivo = rutas[0]
        try:
            tamano = f" ({tamano_legible(self.archivo.stat().st_size)})"
        except OSError:
            tamano = ""
        self.elegido.setText(f"Archivo seleccionado: {self.archivo}{tamano}")
        self.error.setVisible(False)
        self._actualizar()
        self.boton_guardar.setFocus()

    def puede_guardar(self) -> bool:
        return self.boton_guardar.isEnabled()

    @property
    def ocupada(self) -> bool:
        return self._subiendo

    def hay_cambios(self) -> bool:
        return self.archivo is not None

    def que_se_edita(self) -> str:
        return "el reporte firmado (se seleccionó un archivo que aún no se guarda)"

    def descartar(self) -> None:
        self.archivo = None
        self.elegido.setText("Ningún archivo seleccionado.")
        self._actualizar()

    def guardar(self, despues: Callable[[bool], None] | None = None) -> None:
        if self.archivo is None or self._subiendo:
            if despues:
                despues(self.archivo is None)
            return
        ruta, entidad = self.archivo, self.ubicacion.entidad
        self._subiendo = True
        self._actualizar()
        self.error.setVisible(False)

        def listo(r: ResultadoAdjunto) -> None:
            self._subiendo = False
            self.descartar()
            if r.nuevo:
                paginas = f"{r.paginas:,} página" + ("s" if r.paginas != 1 else "")
                self.estado.emit(
                    f"Reporte firmado guardado ({paginas}, {tamano_legible(r.adjunto.tamano)}): "
                    "ahora es el vigente; los anteriores se conservan."
                )
                self.ctx.senales.datos_cambiados.emit()
            else:
                self.estado.emit("Ese archivo ya es el reporte firmado vigente: no cambió nada.")
            if despues:
                despues(True)

        def fallo(exc: BaseException) -> None:
            self._subiendo = False
            self._actualizar()
            if isinstance(exc, ErrorEyF):
                self.error.setText(exc.mensaje)
                self.error.setAccessibleName(exc.mensaje)
                self.error.setVisible(True)
                self.boton_elegir.setFocus()
            else:
                dialogos.mostrar_error(self, exc, self.ctx.carpeta)
            if despues:
                despues(False)

        self.lanzar(
            lambda: adjuntar(self.ctx.almacen, entidad, ruta),
            listo,
            al_fallar=fallo,
            mensaje="Revisando y guardando el reporte firmado…",
        )

    # Consulting -----------------------------------------------------------------------
    def _consultar_fila(self, indice: QModelIndex) -> None:
        a = indice.data(ROL_FILA)
        if a is not None:
            self.consultar(a.id)

    def consultar(self, id_adjunto: int | None) -> None:
        entidad = self.ubicacion.entidad
        self.lanzar(
            lambda: para_consultar(self.ctx.almacen, entidad, id_adjunto),
            lambda ruta: archivos.abrir_con_visor(self, ruta),
            al_fallar=lambda exc: dialogos.mostrar_error(self, exc, self.ctx.carpeta),
            mensaje="Revisando la copia del reporte firmado…",
        )
