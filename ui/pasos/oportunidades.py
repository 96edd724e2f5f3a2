"""Herramientas › Oportunidades de intercambio: who can cover whom.

The analysis (``app.intercambio.analisis.analizar``) runs off the GUI thread
with progress and «Cancelar»; the view shows its key figures and four tabs:
the opportunities (filter, sort), the summary lists, the chart of the
potential and the map. Selecting an opportunity highlights its link on the
map. The workbook, the CSV and the PDF annex are saved from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.captura.vista import instalacion
from app.catalogo.consultas import entidades
from app.errores import ErrorEyF
from app.intercambio.analisis import Analisis, Oportunidad, analizar
from app.intercambio.mapa import Mapa, mapa
from ui import dialogos
from ui.graficas.barras import GraficaPotencial
from ui.graficas.mapa import MapaOportunidades
from ui.intercambio.exportar import exportar
from ui.intercambio.resumen import PestanaResumen
from ui.intercambio.tabla import PestanaTabla
from ui.modelos.oportunidades import pesos, plegado, porcentaje
from ui.pasos.base import Pantalla, etiqueta
from ui.progreso import BarraProgreso, Progreso

TABLA, RESUMEN, GRAFICA, MAPA = range(4)


@dataclass(frozen=True)
class Opciones:
    entidad: str | None = None
    max_km: float | None = None
    misma_institucion: bool = False
    ofertas_externas: bool = False


@dataclass(frozen=True)
class Resultado:
    analisis: Analisis
    mapa: Mapa
    plegados: list[str]
    unidades_sin_coordenadas: int
    nacional: bool
    entidades: list[tuple[str, str]]


def calcular(almacen, opciones: Opciones, progreso: Progreso) -> Resultado:
    """The analysis and everything the view needs from it (in the worker)."""
    conf = instalacion(almacen)
    nacional = conf.modo == "nacional"
    a = analizar(
        almacen,
        entidad=opciones.entidad,
        max_km=opciones.max_km,
        misma_institucion=opciones.misma_institucion,
        ofertas_externas=opciones.ofertas_externas,
        progreso=progreso,
        cancelado=progreso.cancelado,
    )
    sin = {o.clues_demanda for o in a.oportunidades if o.latitud_demanda is None}
    sin |= {o.clues_oferta for o in a.oportunidades if o.latitud_oferta is None}
    return Resultado(
        a,
        mapa(a),
        [plegado(o) for o in a.oportunidades],
        len(sin),
        nacional,
        entidades(almacen) if nacional else [],
    )


class PantallaOportunidades(Pantalla):
    ayuda = "oportunidades"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent=parent)
        self.poner_textos(
            "Oportunidades de intercambio",
            "Quién puede cubrir a quién: el excedente de una unidad cubre el faltante de otra "
            "(mismo producto y modalidad), para atender a los pacientes cerca, en otra institución.",
        )
        self.resultado: Resultado | None = None
        self._progreso: Progreso | None = None
        self._generacion = 0
        self._crear_opciones()
        fila = QHBoxLayout()
        self.cifras = etiqueta(nombre="cifras_oportunidades", negrita=True)
        fila.addWidget(self.cifras, 1)
        self.barra = BarraProgreso("avance_oportunidades")
        fila.addWidget(self.barra, 1)
        self.raiz.addLayout(fila)
        self._crear_pestanas()
        self._crear_exportar()

    # Building ------------------------------------------------------------------------
    def _crear_opciones(self) -> None:
        fila = QHBoxLayout()
        etiqueta_km = QLabel("&Distancia máxima:")
        self.max_km = QSpinBox()
        self.max_km.setObjectName("max_km")
        self.max_km.setAccessibleName("Distancia máxima en kilómetros (0: sin límite)")
        self.max_km.setRange(0, 5000)
        self.max_km.setSingleStep(25)
        self.max_km.setSpecialValueText("Sin límite")
        self.max_km.setSuffix(" km")
        self.max_km.setToolTip(
            "No cruzar unidades a más de esa distancia en línea recta; un par sin coordenadas "
            "solo cuenta si las dos unidades están en el mismo municipio."
        )
        etiqueta_km.setBuddy(self.max_km)
        self.misma = QCheckBox("Incluir referencias dentro de la misma in&stitución")
        self.misma.setObjectName("misma_institucion")
        self.misma.setToolTip(
            "Por omisión solo se cruzan unidades de instituciones distintas (el propósito del "
            "Acuerdo General de intercambio de servicios)."
        )
        self.entidad = QComboBox()
        self.entidad.setObjectName("entidad_oportunidades")
        self.entidad.setAccessibleName("Entidad que se analiza")
        self.etiqueta_entidad = QLabel("&Entidad:")
        self.etiqueta_entidad.setBuddy(self.entidad)
        self.externas = QCheckBox("Con excedentes de todas las e&ntidades")
        self.externas.setObjectName("ofertas_externas")
        self.externas.setToolTip(
            "Los faltantes de la entidad elegida ante los excedentes de todas las entidades."
        )
        self.entidad.currentIndexChanged.connect(
            lambda _i: self.externas.setEnabled(self.entidad.currentData() is not None)
        )
        self.analizar = QPushButton("Anali&zar")
        self.analizar.setObjectName("boton_analizar")
        self.analizar.setToolTip("Vuelve a calcular con estas opciones")
        self.analizar.clicked.connect(self.calcular)
        self.max_km.editingFinished.connect(self._enter_en_km)
        for w in (
            etiqueta_km,
            self.max_km,
            self.misma,
            self.etiqueta_entidad,
            self.entidad,
            self.externas,
        ):
            fila.addWidget(w)
        fila.addStretch(1)
        fila.addWidget(self.analizar)
        for w in (self.etiqueta_entidad, self.entidad, self.externas):
            w.setVisible(False)
        self.raiz.addLayout(fila)

    def _crear_pestanas(self) -> None:
        self.pestanas = QTabWidget()
        self.pestanas.setObjectName("pestanas_oportunidades")
        self.pestanas.setAccessibleName("Vistas de las oportunidades")
        self.tabla = PestanaTabla()
        self.tabla.seleccionada.connect(self._seleccionada)
        self.tabla.abierta.connect(self._ver_en_mapa)
        self.resumen = PestanaResumen()
        grafica = QWidget()
        caja = QVBoxLayout(grafica)
        caja.setContentsMargins(6, 6, 6, 6)
        fila = QHBoxLayout()
        etiqueta_ver = QLabel("&Ver:")
        self.ver_grafica = QComboBox()
        self.ver_grafica.setObjectName("ver_grafica")
        self.ver_grafica.setAccessibleName("Gráfica del potencial por")
        self.ver_grafica.addItems(["Por entidad", "Por grupo de servicio"])
        self.ver_grafica.currentIndexChanged.connect(lambda _i: self._poner_grafica())
        etiqueta_ver.setBuddy(self.ver_grafica)
        fila.addWidget(etiqueta_ver)
        fila.addWidget(self.ver_grafica)
        fila.addStretch(1)
        caja.addLayout(fila)
        self.grafica = GraficaPotencial()
        desplazable = QScrollArea()
        desplazable.setObjectName("desplazar_grafica")
        desplazable.setWidgetResizable(True)
        desplazable.setWidget(self.grafica)
        desplazable.setFrameShape(QScrollArea.Shape.NoFrame)
        caja.addWidget(desplazable, 1)
        self.mapa = MapaOportunidades()
        self.pestanas.addTab(self.tabla, "&Tabla")
        self.pestanas.addTab(self.resumen, "&Resumen")
        self.pestanas.addTab(grafica, "&Gráfica")
        self.pestanas.addTab(self.mapa, "&Mapa")
        self.raiz.addWidget(self.pestanas, 1)

    def _crear_exportar(self) -> None:
        fila = QHBoxLayout()
        self.criterios = etiqueta(nombre="criterios_oportunidades")
        fila.addWidget(self.criterios, 1)
        self.botones_exportar: dict[str, QPushButton] = {}
        for formato, texto in (
            ("xlsx", "Guardar libro &XLSX…"),
            ("csv", "Guardar &CSV…"),
            ("pdf", "Guardar anexo &PDF…"),
        ):
            b = QPushButton(texto)
            b.setObjectName(f"exportar_{formato}")
            b.setEnabled(False)
            b.clicked.connect(lambda _c=False, f=formato: self.exportar(f))
            fila.addWidget(b)
            self.botones_exportar[formato] = b
        self.raiz.addLayout(fila)

    # Window hooks -----------------------------------------------------------------------
    def miga(self) -> str:
        return "Oportunidades de intercambio"

    def cargar(self) -> None:
        self.calcular()

    def enfocar(self) -> None:
        self.tabla.tabla.setFocus()

    def buscar(self) -> bool:
        self.pestanas.setCurrentIndex(TABLA)
        self.tabla.busqueda.setFocus()
        self.tabla.busqueda.selectAll()
        return True

    # The analysis -------------------------------------------------------------------------
    def opciones(self) -> Opciones:
        entidad = self.entidad.currentData() if self.entidad.count() else None
        return Opciones(
            entidad=entidad,
            max_km=float(self.max_km.value()) or None,
            misma_institucion=self.misma.isChecked(),
            ofertas_externas=bool(entidad) and self.externas.isChecked(),
        )

    def calcular(self) -> None:
        """(Re)run the analysis with the options on screen; a run still going is cancelled."""
        if self._progreso is not None:
            self._progreso.cancelar()
        self._generacion += 1
        generacion = self._generacion
        progreso = Progreso()
        self._progreso = progreso
        opciones = self.opciones()
        almacen = self.ctx.almacen
        self.barra.seguir(progreso, "Calculando las oportunidades…")
        self.analizar.setText("Volver a anali&zar")

        def listo(r: Resultado) -> None:
            if generacion == self._generacion:
                self._terminar()
                self._mostrar(r)

        def fallo(exc: BaseException) -> None:
            if generacion != self._generacion:
                return
            self._terminar()
            if progreso.cancelado() and isinstance(exc, ErrorEyF):
                self.cifras.setText("Se canceló el análisis. Pulse «Analizar» para calcularlo.")
                self.estado.emit(exc.mensaje)
                return
            self.cifras.setText("No se pudo calcular el análisis.")
            dialogos.mostrar_error(self, exc, self.ctx.carpeta)

        self.lanzar(
            lambda: calcular(almacen, opciones, progreso),
            listo,
            al_fallar=fallo,
            mensaje="Calculando las oportunidades de intercambio…",
        )

    @property
    def calculando(self) -> bool:
        return self._progreso is not None

    def _terminar(self) -> None:
        self._progreso = None
        self.barra.terminar()

    def _enter_en_km(self) -> None:
        if self.max_km.hasFocus():
            self.calcular()

    def _mostrar(self, r: Resultado) -> None:
        self.resultado = r
        a, t = r.analisis, r.analisis.resumen.total
        if r.nacional and self.entidad.count() == 0:
            self.entidad.addItem("Todas las entidades", None)
            for clave, nombre in r.entidades:
                self.entidad.addItem(nombre, clave)
            for w in (self.etiqueta_entidad, self.entidad, self.externas):
                w.setVisible(True)
            self.externas.setEnabled(False)
        self.titulo.setText(f"Oportunidades de intercambio · {a.alcance}")
        demo = a.demostracion and "demostración" not in a.catalogo.lower()
        self.detalle.setText(
            f"Catálogo: {a.catalogo}{' (de demostración)' if demo else ''} · "
            f"calculado el {a.generado:%d/%m/%Y a las %H:%M}"
        )
        self.detalle.setVisible(True)
        self.cifras.setText(
            f"Potencial de intercambio {porcentaje(t.potencial)}: {t.eventos_cubiertos:,} de "
            f"{t.eventos_faltantes:,} eventos faltantes al mes · {t.oportunidades:,} "
            f"oportunidades · valor mensual estimado {pesos(t.valor_mensual)}"
        )
        limite = f"hasta {a.max_km:g} km" if a.max_km is not None else "sin límite de distancia"
        quienes = (
            "también dentro de una misma institución"
            if a.misma_institucion
            else "solo entre instituciones distintas"
        )
        self.criterios.setText(f"Criterios: {limite}; {quienes}.")
        self.tabla.poner(a.oportunidades, r.plegados)
        self.resumen.poner(a)
        self.ver_grafica.setCurrentIndex(0 if len(a.resumen.por_entidad) > 1 else 1)
        self._poner_grafica()
        self.mapa.poner(r.mapa, r.unidades_sin_coordenadas)
        self.mapa.resaltar(self.tabla.actual())
        for b in self.botones_exportar.values():
            b.setEnabled(True)
        if not a.oportunidades:
            self.poner_aviso(_sin_oportunidades(a))
        else:
            self.poner_aviso(None)
        self.cargada = True

    def _poner_grafica(self) -> None:
        if self.resultado is None:
            return
        r = self.resultado.analisis.resumen
        if self.ver_grafica.currentIndex() == 0:
            self.grafica.poner(r.por_entidad, r.total, "Potencial de intercambio por entidad")
        else:
            self.grafica.poner(
                r.por_grupo, r.total, "Potencial de intercambio por grupo de servicio"
            )

    # Selection and exports ------------------------------------------------------------------
    def _seleccionada(self, o: Oportunidad | None) -> None:
        self.mapa.resaltar(o)

    def _ver_en_mapa(self, o: Oportunidad | None) -> None:
        if o is not None:
            self.mapa.resaltar(o)
            self.pestanas.setCurrentIndex(MAPA)

    def exportar(self, formato: str) -> None:
        if self.resultado is not None:
            exportar(self, self.resultado.analisis, formato)


def _sin_oportunidades(a: Analisis) -> str:
    t = a.resumen.total
    if not t.eventos_faltantes:
        return "No hay faltantes registrados en este alcance: no hay nada que cubrir."
    if not t.eventos_excedentes:
        return "No hay excedentes registrados en este alcance: nadie puede ofrecer."
    return (
        "Ningún excedente cubre un faltante con estos criterios (mismo producto y modalidad, "
        "entre instituciones distintas y a la distancia elegida). Pruebe incluir la misma "
        "institución o quitar el límite de distancia."
    )
