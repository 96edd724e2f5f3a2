"""Paso 3: the entidad's units by nivel de atención, found by CLUES or by any
part of the name as the user types (accents and capitals do not matter).
A state coordination also sees each unit's bundle: no bundle yet, imported
(sequence, date), closed by the unit, or captured here; and can show only
the units in one of those states."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QTimer
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton

from app.captura import consultas
from app.captura.consultas import FilaTablero, FilaUnidad
from app.captura.vista import instalacion, motivo_entidad
from app.paquetes.consultas import FINALIZADA, IMPORTADO, SIN_PAQUETE, EstadoOrigen, estado_unidades
from ui.encabezado import EncabezadoAgrupado
from ui.modelos.tabla import FiltroPlegado
from ui.modelos.unidades import PAQUETE, ModeloUnidades, extender_encabezados, unidad_de
from ui.pasos.base import Pantalla, Ubicacion, caja_busqueda, etiqueta, pasar_a_tabla, tabla_lista


@dataclass(frozen=True)
class DatosUnidades:
    unidades: list[FilaUnidad]
    motivo: str | None
    entidad: FilaTablero | None
    paquetes: dict[str, EstadoOrigen] | None = None  # a state coordination's units


def _leer(almacen, entidad: str) -> DatosUnidades:
    fila = next((f for f in consultas.tablero(almacen).filas if f.clave == entidad), None)
    paquetes = None
    if instalacion(almacen).modo == "estatal":
        paquetes = {e.clave: e for e in estado_unidades(almacen, entidad)}
    return DatosUnidades(
        consultas.unidades(almacen, entidad), motivo_entidad(almacen, entidad), fila, paquetes
    )


# What the «Mostrar» list keeps: (label, test on a unit's bundle state).
MOSTRAR = (
    ("todas las unidades", None),
    ("con paquete importado", lambda e: e.estado in (IMPORTADO, FINALIZADA)),
    ("con la captura cerrada por la unidad", lambda e: e.estado == FINALIZADA),
    ("sin paquete", lambda e: e.estado == SIN_PAQUETE and not e.locales),
    ("capturadas aquí", lambda e: e.estado == SIN_PAQUETE and e.locales > 0),
)


def resumen_paquetes(paquetes: dict[str, EstadoOrigen]) -> str:
    estados = list(paquetes.values())
    importados = sum(e.estado in (IMPORTADO, FINALIZADA) for e in estados)
    cerradas = sum(e.estado == FINALIZADA for e in estados)
    aqui = sum(e.estado == SIN_PAQUETE and e.locales > 0 for e in estados)
    sin = len(estados) - importados - aqui
    return (
        f"Paquetes: {importados:,} importados ({cerradas:,} con la captura cerrada) · "
        f"{aqui:,} capturadas aquí · {sin:,} sin paquete"
    )


class PantallaUnidades(Pantalla):
    paso = "Paso 3"
    ayuda = "paso3"

    def __init__(self, ctx, ubicacion: Ubicacion, parent=None):
        super().__init__(ctx, ubicacion, parent)
        self.poner_textos(
            self.titulo_entidad(),
            "Paso 3.- Del siguiente listado, ingresar a la unidad médica que tiene excedentes "
            "y/o faltantes (Enter o doble clic sobre ella).",
            "Nota: en el caso de las Unidades Médicas que no tienen Excedentes y/o Faltantes, "
            "no es necesario realizar ninguna acción.",
        )
        fila = QHBoxLayout()
        self.busqueda = caja_busqueda(
            "buscar_unidad",
            "Buscar por CLUES o por parte del nombre (Ctrl+F)",
            "Buscar unidad médica por CLUES o nombre",
        )
        self.busqueda.textChanged.connect(self._filtrar)
        fila.addWidget(self.busqueda, 1)
        self.etiqueta_mostrar = QLabel("&Mostrar:")
        self.mostrar = QComboBox()
        self.mostrar.setObjectName("mostrar_unidades")
        self.mostrar.setAccessibleName("Mostrar las unidades según su paquete")
        for texto, _prueba in MOSTRAR:
            self.mostrar.addItem(texto)
        self.etiqueta_mostrar.setBuddy(self.mostrar)
        self.mostrar.currentIndexChanged.connect(self._mostrar_solo)
        for w in (self.etiqueta_mostrar, self.mostrar):
            w.setVisible(False)
            fila.addWidget(w)
        self.cuenta = etiqueta(nombre="cuenta_unidades", ajuste=False)
        fila.addWidget(self.cuenta)
        self.cambiar = QPushButton("Cambiar la respuesta del &Paso 2…")
        self.cambiar.setObjectName("boton_cambiar_respuesta")
        self.cambiar.setVisible(False)
        self.cambiar.clicked.connect(self._cambiar_respuesta)
        fila.addWidget(self.cambiar)
        self.raiz.addLayout(fila)
        self.paquetes = etiqueta(nombre="resumen_paquetes_unidades")
        self.paquetes.setVisible(False)
        self.raiz.addWidget(self.paquetes)

        self.modelo = ModeloUnidades(self)
        self.filtro = FiltroPlegado(self)
        self.filtro.setSourceModel(self.modelo)
        self.tabla = tabla_lista(
            "tabla_unidades", f"Unidades médicas de {ubicacion.entidad_nombre}"
        )
        self.tabla.setHorizontalHeader(EncabezadoAgrupado(self.tabla))
        self.tabla.setModel(self.filtro)
        cabecera = self.tabla.horizontalHeader()
        cabecera.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        cabecera.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.tabla.activated.connect(self._abrir)
        self.raiz.addWidget(self.tabla, 1)
        self.vacia = etiqueta(nombre="sin_resultados")
        self.vacia.setVisible(False)
        self.raiz.addWidget(self.vacia)
        pasar_a_tabla(self.busqueda, self.tabla)
        self._extender = QTimer(self, singleShot=True, interval=0)
        self._extender.timeout.connect(lambda: extender_encabezados(self.tabla, self.filtro))
        for senal in (
            self.filtro.modelReset,
            self.filtro.layoutChanged,
            self.filtro.rowsInserted,
            self.filtro.rowsRemoved,
        ):
            senal.connect(self._extender.start)
        self.datos: DatosUnidades | None = None

    def miga(self) -> str:
        return self.ubicacion.entidad_nombre

    def cargar(self) -> None:
        entidad = self.ubicacion.entidad
        self.lanzar(
            lambda: _leer(self.ctx.almacen, entidad),
            self._mostrar,
            mensaje="Leyendo las unidades médicas…",
        )

    def _mostrar(self, datos: DatosUnidades) -> None:
        self.datos = datos
        motivo = datos.motivo
        fila = datos.entidad
        if motivo is None and fila is not None and fila.respuesta == "no":
            motivo = (
                f"{fila.nombre} respondió NO en el Paso 2: ninguna de sus unidades registra "
                "excedentes ni faltantes. Si alguna sí los tiene, cambie la respuesta a SÍ."
            )
        self.poner_aviso(motivo)
        self.cambiar.setVisible(datos.motivo is None)
        actual = unidad_de(self.tabla.currentIndex())
        coordinacion = datos.paquetes is not None
        self.modelo.poner_unidades(datos.unidades, datos.paquetes)
        self.tabla.setColumnHidden(PAQUETE, not coordinacion)
        for w in (self.etiqueta_mostrar, self.mostrar, self.paquetes):
            w.setVisible(coordinacion)
        self.paquetes.setText(resumen_paquetes(datos.paquetes) if coordinacion else "")
        self._mostrar_solo()
        extender_encabezados(self.tabla, self.filtro)
        self._ajustar_columnas()
        self._contar()
        if actual is not None:
            self._seleccionar(actual.clues)
        self.cargada = True

    def _ajustar_columnas(self) -> None:
        cabecera = self.tabla.horizontalHeader()
        metrica = self.tabla.fontMetrics()
        cabecera.resizeSection(0, metrica.horizontalAdvance("00000") + 16)
        cabecera.resizeSection(1, metrica.horizontalAdvance("CLSSA000000") + 24)
        municipios = {u.municipio or u.localidad for u in self.modelo.unidades()}
        ancho = max((metrica.horizontalAdvance(m) for m in municipios), default=80) + 16
        cabecera.resizeSection(3, min(ancho, max(120, self.tabla.width() // 4)))
        cabecera.resizeSection(4, cabecera.sectionSizeFromContents(4).width())
        if not self.tabla.isColumnHidden(PAQUETE):
            ancho = metrica.horizontalAdvance("importado (secuencia 00, 00/00/0000 00:00)") + 16
            cabecera.resizeSection(PAQUETE, ancho)

    def _seleccionar(self, clues: str) -> None:
        for fila in range(self.filtro.rowCount()):
            u = unidad_de(self.filtro.index(fila, 0))
            if u is not None and u.clues == clues:
                self.tabla.selectRow(fila)
                self.tabla.scrollTo(self.filtro.index(fila, 0))
                return

    def _mostrar_solo(self) -> None:
        prueba = MOSTRAR[max(self.mostrar.currentIndex(), 0)][1]
        if prueba is None or not self.modelo.paquetes:
            self.filtro.poner_condicion(None)
        else:
            modelo, paquetes = self.modelo, self.modelo.paquetes

            def condicion(fila: int) -> bool:
                u = modelo.fila(fila)
                e = paquetes.get(u.clues) if not isinstance(u, str) else None
                return e is not None and prueba(e)

            self.filtro.poner_condicion(condicion)
        self._contar()

    def _filtrar(self, texto: str) -> None:
        self.filtro.poner_texto(texto)
        self._contar()

    def _contar(self) -> None:
        total = len(self.modelo.unidades())
        visibles = self.filtro.cuantas()
        solo = self.mostrar.currentIndex() if self.mostrar.isVisibleTo(self) else 0
        self.cuenta.setText(
            f"{visibles:,} de {total:,} unidades"
            if self.filtro.texto or solo > 0
            else f"{total:,} unidades"
        )
        if total and not visibles and solo > 0 and not self.filtro.texto:
            self.vacia.setText(f"No hay unidades {MOSTRAR[solo][0]}.")
        elif total and not visibles:
            self.vacia.setText(
                f"Ninguna unidad coincide con «{self.filtro.texto}». Revise la CLUES o escriba "
                "solo una parte del nombre (por ejemplo «guadalupe»)."
            )
        elif not total and self.datos is not None:
            self.vacia.setText("Esta entidad no tiene unidades médicas en el catálogo cargado.")
        self.vacia.setVisible(
            bool((total and not visibles) or (not total and self.datos is not None))
        )

    def enfocar(self) -> None:
        self.busqueda.setFocus()

    def buscar(self) -> bool:
        self.busqueda.setFocus()
        self.busqueda.selectAll()
        return True

    def _abrir(self, indice: QModelIndex) -> None:
        u = unidad_de(indice)
        if u is None:
            return
        from ui.pasos.grupos import PantallaGrupos

        ubicacion = Ubicacion(
            self.ubicacion.entidad, self.ubicacion.entidad_nombre, u.clues, u.nombre
        )
        self.navegar.emit(PantallaGrupos(self.ctx, ubicacion))

    def _cambiar_respuesta(self) -> None:
        from ui.pasos.respuesta import PantallaRespuesta

        respuesta = self.datos.entidad.respuesta if self.datos and self.datos.entidad else None
        self.reemplazar.emit(PantallaRespuesta(self.ctx, self.ubicacion, respuesta))
