"""Importing bundles (state coordination: its units'; national level: the
entidades'), several files at once, in two steps:

1. **Revisión** (a dry run, nothing is written): per file, what would be
   added, replaced or refused and why. A unit's first bundle shows its
   key's fingerprint, highlighted, and is accepted only once the
   coordinator ticks «¿Confirmada?» (after confirming it by phone or in
   person). A bundle signed with a key different from the one registered is
   refused unless the coordinator registers the new key on purpose with its
   own button and a warning.
2. **Importar**: for real, off the GUI thread, with a progress bar and one
   result line per file as each is decided; «Detener» stops between files
   (what was committed stays)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.paquetes.importar import ResumenImportacion, importar
from ui import ajustes, archivos, dialogos
from ui.contexto import Contexto
from ui.encabezado import EncabezadoAgrupado
from ui.paquetes.modelo import (
    ARCHIVO,
    DISTINTA,
    ORIGEN,
    RESULTADO,
    FilaImportacion,
    ModeloImportacion,
    Revision,
    resumir,
    revisar_paquetes,
    sin_archivo,
    texto_revision,
)
from ui.pasos.base import etiqueta, tabla_lista
from ui.progreso import Progreso

EXPLICACION = (
    "Primero se revisa cada archivo sin escribir nada: qué se agregaría, reemplazaría o "
    "rechazaría y por qué. El primer paquete de cada {quien} trae la huella de su llave "
    "(resaltada en amarillo): confírmela por teléfono o en persona con quien lo envió y marque "
    "«¿Confirmada?» (Espacio). Después, «Importar»."
)


class DialogoImportacion(QDialog):
    def __init__(self, ctx: Contexto, rutas: list[Path], nacional: bool, parent: QWidget):
        super().__init__(parent)
        self.ctx = ctx
        self.nacional = nacional
        self.setObjectName("dialogo_importacion")
        self.setWindowTitle("Importar paquetes")
        self.setAcceptDrops(True)
        raiz = QVBoxLayout(self)
        self.explicacion = etiqueta(
            EXPLICACION.format(quien="entidad" if nacional else "unidad"), nombre="explicacion"
        )
        raiz.addWidget(self.explicacion)
        self.modelo = ModeloImportacion(self)
        self.tabla = tabla_lista("tabla_importacion", "Paquetes por importar")
        self.tabla.setHorizontalHeader(EncabezadoAgrupado(self.tabla))
        self.tabla.setModel(self.modelo)
        self.tabla.setWordWrap(True)
        cabecera = self.tabla.horizontalHeader()
        cabecera.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # File name and origin can be long: they share what the short columns
        # leave (see _repartir), elided in the middle (the tooltip has all),
        # so that the result, the column that matters, stays readable.
        self.tabla.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        for columna in (ARCHIVO, ORIGEN):
            cabecera.setSectionResizeMode(columna, QHeaderView.ResizeMode.Interactive)
        cabecera.setSectionResizeMode(RESULTADO, QHeaderView.ResizeMode.Stretch)
        self.tabla.selectionModel().currentRowChanged.connect(lambda *_: self._botones())
        raiz.addWidget(self.tabla, 1)

        acciones = QHBoxLayout()
        self.boton_agregar = self._boton("&Agregar archivos…", "boton_agregar", self.agregar)
        self.boton_quitar = self._boton("&Quitar de la lista", "boton_quitar", self.quitar)
        self.boton_llave = self._boton(
            "Registrar &llave nueva…", "boton_llave_nueva", self.registrar_llave
        )
        self.boton_revisar = self._boton("Re&visar de nuevo", "boton_revisar", self.revisar)
        for b in (self.boton_agregar, self.boton_quitar, self.boton_llave, self.boton_revisar):
            acciones.addWidget(b)
        acciones.addStretch(1)
        raiz.addLayout(acciones)

        self.barra = QProgressBar()
        self.barra.setObjectName("progreso_importacion")
        self.barra.setAccessibleName("Avance de la importación")
        self.barra.setTextVisible(True)
        raiz.addWidget(self.barra)
        self.resumen = etiqueta(nombre="resumen_importacion")
        raiz.addWidget(self.resumen)

        pie = QHBoxLayout()
        self.boton_copiar = self._boton(
            "&Copiar los resultados", "boton_copiar", self.copiar_resultados
        )
        pie.addWidget(self.boton_copiar)
        pie.addStretch(1)
        self.boton_importar = self._boton("&Importar", "boton_importar", self.importar)
        self.boton_importar.setDefault(True)
        self.boton_detener = self._boton("&Detener", "boton_detener", self.detener)
        self.boton_cerrar = self._boton("C&errar", "boton_cerrar", self.reject)
        for b in (self.boton_importar, self.boton_detener, self.boton_cerrar):
            pie.addWidget(b)
        raiz.addLayout(pie)

        self.avance: Progreso | None = None
        self.importando = False
        self.fase = "revision"  # "revision" → "importado"
        self.cerrar_al_terminar = False
        self._ajustar_tamano(parent)
        self.agregar_rutas(rutas, revisar=False)

    def _boton(self, texto: str, nombre: str, accion) -> QPushButton:
        b = QPushButton(texto)
        b.setObjectName(nombre)
        b.setAutoDefault(False)
        b.clicked.connect(lambda _c=False: accion())
        return b

    def resizeEvent(self, evento) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(evento)
        self._repartir()

    def _repartir(self) -> None:
        """Give the file name and the origin a fifth each of the room the
        short columns leave (110–220 px); the result takes the rest."""
        cabecera = self.tabla.horizontalHeader()
        fijas = sum(
            cabecera.sectionSize(c)
            for c in range(self.modelo.columnCount())
            if c not in (ARCHIVO, ORIGEN, RESULTADO)
        )
        libre = self.tabla.viewport().width() - fijas
        ancho = max(110, min(220, libre // 5))
        for columna in (ARCHIVO, ORIGEN):
            cabecera.resizeSection(columna, ancho)
        self.tabla.resizeRowsToContents()

    def _ajustar_tamano(self, padre: QWidget) -> None:
        ventana = padre.window() if padre is not None else None
        if ventana is not None:
            self.resize(min(1100, ventana.width() - 24), min(560, ventana.height() - 24))

    @classmethod
    def abrir(cls, padre: QWidget, ctx: Contexto, rutas: list[Path], nacional: bool):
        d = cls(ctx, rutas, nacional, padre)
        d.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        d.open()
        d.revisar()
        return d

    # State ----------------------------------------------------------------------------
    @property
    def trabajando(self) -> bool:
        return self.avance is not None

    def _botones(self) -> None:
        trabajando = self.trabajando
        fila = self._fila_actual()
        hay = bool(self.modelo.filas)
        revisado = hay and all(f.resultado is not None for f in self.modelo.filas)
        for b in (self.boton_agregar, self.boton_revisar, self.boton_quitar):
            b.setEnabled(not trabajando and hay)
        self.boton_agregar.setEnabled(not trabajando)
        self.boton_llave.setEnabled(
            not trabajando
            and fila is not None
            and fila.confianza == DISTINTA
            and not fila.importado
            and fila.huella not in self.modelo.reemplazar
        )
        self.boton_importar.setEnabled(not trabajando and revisado and self.fase == "revision")
        self.boton_detener.setVisible(trabajando)
        self.boton_copiar.setEnabled(not trabajando and revisado)

    def _fila_actual(self) -> FilaImportacion | None:
        i = self.tabla.currentIndex().row()
        return self.modelo.fila(i) if 0 <= i < len(self.modelo.filas) else None

    # Files ----------------------------------------------------------------------------
    def agregar(self) -> None:
        rutas = archivos.para_abrir(
            self,
            self.ctx,
            ajustes.CARPETA_PAQUETES_IMPORTAR,
            "Agregar paquetes (.eyf)",
            archivos.FILTRO_PAQUETES,
            varios=True,
        )
        if rutas:
            self.agregar_rutas(rutas)

    def agregar_rutas(self, rutas: list[Path], *, revisar: bool = True) -> None:
        if self.trabajando:
            return
        if self.fase == "importado":  # a new batch after an import
            self.modelo.poner([])
            self.fase = "revision"
        vistas = {f.ruta.resolve() for f in self.modelo.filas}
        nuevas = []
        for r in rutas:
            if r.resolve() not in vistas:
                vistas.add(r.resolve())
                nuevas.append(FilaImportacion(Path(r)))
        self.modelo.poner([*self.modelo.filas, *nuevas])
        self._botones()
        if revisar and nuevas:
            self.revisar()

    def quitar(self) -> None:
        i = self.tabla.currentIndex().row()
        if self.trabajando or not 0 <= i < len(self.modelo.filas):
            return
        filas = list(self.modelo.filas)
        del filas[i]
        self.modelo.poner(filas)
        self._botones()

    def dragEnterEvent(self, evento: QDragEnterEvent) -> None:
        if evento.mimeData().hasUrls() and not self.trabajando:
            evento.acceptProposedAction()

    def dropEvent(self, evento: QDropEvent) -> None:
        rutas = [Path(u.toLocalFile()) for u in evento.mimeData().urls() if u.isLocalFile()]
        self.agregar_rutas([r for r in rutas if r.is_file()])

    # Trust ------------------------------------------------------------------------------
    def registrar_llave(self) -> None:
        f = self._fila_actual()
        if f is None or f.confianza != DISTINTA or self.trabajando:
            return
        quien = "la entidad" if self.nacional else "la unidad"
        anterior = f.huella_registrada or "la registrada"
        if not dialogos.confirmar(
            self,
            "Registrar una llave nueva",
            f"¿Confirmó con {quien} {f.origen} que su EyF muestra ahora la huella\n{f.huella}?",
            detalle=f"El paquete {f.ruta.name} está firmado con una llave distinta de la "
            f"registrada ({anterior}). Puede ser otra computadora o una reinstalación… o un "
            "paquete falso. Si la registra, la llave anterior queda retirada y sus paquetes se "
            "rechazarán desde entonces.",
            si="Registrar la llave nueva",
            no="Cancelar",
            peligro=True,
        ):
            return
        self.modelo.reemplazar.add(f.huella)
        self.modelo.releer_textos(f.huella)
        self._botones()

    # Running ----------------------------------------------------------------------------
    def _iniciar(self, total: int, texto: str) -> Progreso:
        self.avance = Progreso()
        self.avance.cambio.connect(self._avanzo, Qt.ConnectionType.QueuedConnection)
        self.barra.setRange(0, max(total, 1))
        self.barra.setValue(0)
        self.barra.setFormat(f"{texto} %v de %m")
        self._botones()
        return self.avance

    def _terminar(self) -> None:
        self.avance = None
        hecho = "Importación terminada" if self.importando else "Revisión terminada"
        self.barra.setFormat(f"{hecho}: %v de %m")
        self.importando = False
        self._botones()
        if self.cerrar_al_terminar:
            self.reject()

    def revisar(self) -> None:
        if self.trabajando or not self.modelo.filas:
            return
        self.fase = "revision"
        rutas = [f.ruta for f in self.modelo.filas]
        confiar, reemplazar = set(self.modelo.confiar), set(self.modelo.reemplazar)
        avance = self._iniciar(len(rutas), "Revisando")
        self.resumen.setText("Revisando los archivos (no se escribe nada)…")
        self.ctx.trabajos.lanzar(
            lambda: revisar_paquetes(self.ctx.almacen, rutas, confiar, reemplazar, avance),
            lambda rev: self._revisado(rutas, rev),
            al_fallar=self._fallo,
            dueno=self,
            mensaje="Revisando los paquetes…",
        )

    def _revisado(self, rutas: list[Path], rev: Revision) -> None:
        resultados = {r.ruta: r for r in rev.resumen.resultados}
        for f in self.modelo.filas:
            if f.ruta not in rutas:
                continue
            r = resultados.get(f.ruta)
            f.resultado, f.importado = r, False
            if r is None:
                f.texto = "Sin revisar (se detuvo la revisión)."
                continue
            f.nombre_origen = rev.nombres.get(r.origen or "", "")
            f.huella_registrada = rev.llaves.get(r.origen or "")
            f.texto = texto_revision(f, self.modelo.confiar, self.modelo.reemplazar)
        self.modelo.cambiaron(list(range(len(self.modelo.filas))))
        self._repartir()
        self.resumen.setText(
            resumir(list(resultados.values()), len(self.modelo.filas), prueba=True)
        )
        self._terminar()

    def importar(self) -> None:
        if self.trabajando or not self.modelo.filas or self.fase != "revision":
            return
        rutas = [f.ruta for f in self.modelo.filas]
        confiar, reemplazar = set(self.modelo.confiar), set(self.modelo.reemplazar)
        avance = self._iniciar(len(rutas), "Importando")
        self.importando = True
        for f in self.modelo.filas:
            f.texto, f.importado = "En espera…", True
        self.modelo.cambiaron(list(range(len(self.modelo.filas))))
        self.resumen.setText("Importando…")
        self.ctx.trabajos.lanzar(
            lambda: importar(
                self.ctx.almacen,
                rutas,
                confiar=confiar,
                reemplazar=reemplazar,
                progreso=avance,
                cancelado=avance.cancelado,
            ),
            self._importado,
            al_fallar=self._fallo,
            dueno=self,
            mensaje="Importando los paquetes…",
        )

    def _avanzo(self, hecho: int, total: int, mensaje: str) -> None:
        self.barra.setMaximum(max(total, 1))
        self.barra.setValue(hecho)
        if self.importando:
            i = hecho - 1  # the core reports the files in their order
            if 0 <= i < len(self.modelo.filas):
                self.modelo.fila(i).texto = mensaje.split(": ", 1)[-1]
                self.modelo.cambiaron([i])
                self.tabla.scrollTo(self.modelo.index(i, 0))

    def _importado(self, resumen: ResumenImportacion) -> None:
        resultados = {r.ruta: r for r in resumen.resultados}
        for f in self.modelo.filas:
            r = resultados.get(f.ruta)
            f.resultado = r or f.resultado
            f.texto = sin_archivo(r) if r else "No se importó: se detuvo antes de este archivo."
        self.modelo.cambiaron(list(range(len(self.modelo.filas))))
        self._repartir()
        self.fase = "importado"
        texto = resumir(list(resumen.resultados), len(self.modelo.filas), prueba=False)
        if resumen.respaldo is not None:
            texto += f" Respaldo previo de la base: {resumen.respaldo.name}."
        self.resumen.setText(texto)
        if any(r.aceptado and r.accion != "sin_cambios" for r in resumen.resultados):
            self.ctx.senales.datos_cambiados.emit()
        self._terminar()

    def _fallo(self, exc: BaseException) -> None:
        self.resumen.setText("No se completó: nada de lo que quedaba se escribió.")
        self._terminar()
        dialogos.mostrar_error(self, exc, self.ctx.carpeta)

    def detener(self) -> None:
        if self.avance is not None:
            self.avance.cancelar()
            self.resumen.setText("Deteniendo al terminar el archivo en curso…")

    def copiar_resultados(self) -> None:
        lineas = [f"{f.ruta.name}: {f.texto}" for f in self.modelo.filas]
        QGuiApplication.clipboard().setText("\n".join([*lineas, self.resumen.text()]))
        self.resumen.setText(self.resumen.text().split(" (Copiado")[0] + " (Copiado.)")

    def reject(self) -> None:
        if self.trabajando:  # stop first; the dialog closes when the worker returns
            self.cerrar_al_terminar = True
            self.detener()
            return
        super().reject()
