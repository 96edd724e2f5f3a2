"""Paso 1: the tablero of entidades, the capture period and the catalog."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton

from app.captura import consultas
from app.captura.consultas import FilaTablero, Tablero
from app.captura.permisos import Configuracion, fecha
from app.captura.vista import instalacion
from app.catalogo.consultas import buscar_unidades
from ui.encabezado import EncabezadoAgrupado
from ui.iconos import ROJO, VERDE, circulo
from ui.modelos.tabla import CENTRO, ROL_FILA, Columna, ModeloFilas
from ui.pasos.base import Pantalla, Ubicacion, etiqueta, tabla_lista

RESPUESTAS = {"si": "SÍ", "no": "NO", None: "Sin responder"}


def _final(f: FilaTablero) -> str:
    return "Versión final" if f.finalizada else "Por finalizar"


def _subir(f: FilaTablero) -> str:
    if not f.finalizada:
        return "—"
    return "Subido" if f.reporte_firmado else "Pendiente"


COLUMNAS = [
    Columna("No.", lambda f: str(f.numero), CENTRO),
    Columna(
        "Entidad Federativa",
        lambda f: f.nombre,
        ayuda=lambda f: f"{f.nombre} (clave {f.clave}). Paso 2: {RESPUESTAS[f.respuesta]}.",
    ),
    Columna("Respuesta del Paso 2", lambda f: RESPUESTAS[f.respuesta], CENTRO, corto="Paso 2"),
    Columna(
        "Unidades médicas: total", lambda f: f"{f.total:,}", CENTRO, "Total", "Unidades médicas"
    ),
    Columna(
        "Unidades con excedentes/faltantes",
        lambda f: f"{f.con_excedentes_faltantes:,}",
        CENTRO,
        "Con excedentes/\nfaltantes",
        "Unidades médicas",
    ),
    Columna(
        "Unidades sin excedentes/faltantes",
        lambda f: f"{f.sin_excedentes_faltantes:,}",
        CENTRO,
        "Sin excedentes/\nfaltantes",
        "Unidades médicas",
    ),
    Columna(
        "Reporte preliminar",
        lambda f: "—" if f.finalizada else "Disponible",
        CENTRO,
        "Preliminar",
        "Reporte",
    ),
    Columna("Reporte final (para firmas)", _final, CENTRO, "Final\n(para firmas)", "Reporte"),
    Columna("Reporte firmado (subir)", _subir, CENTRO, "Subir\n(firmado)", "Reporte"),
    Columna("Semáforo", lambda f: "Finalizada" if f.finalizada else "Sin finalizar", CENTRO),
]
SEMAFORO = len(COLUMNAS) - 1


class ModeloTablero(ModeloFilas):
    def __init__(self, parent=None):
        super().__init__(COLUMNAS, parent)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DecorationRole and index.column() == SEMAFORO:
            return circulo(VERDE if self.fila(index.row()).finalizada else ROJO)
        return super().data(index, role)


@dataclass(frozen=True)
class DatosTablero:
    tablero: Tablero
    conf: Configuracion
    unidad: str  # the unit's name in a unit installation


def _leer(almacen) -> DatosTablero:
    conf = instalacion(almacen)
    nombre = ""
    if conf.modo == "unidad" and conf.clues:
        encontradas = buscar_unidades(almacen, conf.clues, limite=1)
        nombre = encontradas[0].nombre if encontradas else ""
    return DatosTablero(consultas.tablero(almacen), conf, nombre)


class PantallaTablero(Pantalla):
    paso = "Paso 1"
    ayuda = "paso1"
    configurar_pedido = Signal()
    pintada = Signal()  # the table was painted with the data (cold-start measurement)

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, Ubicacion(), parent)
        self.datos: DatosTablero | None = None
        self.poner_textos(
            "Captura del periodo",
            "Paso 1.- Seleccionar la Entidad Federativa a la que pertenece: con las flechas "
            "y Enter, o con doble clic sobre su nombre.",
        )
        self.instalacion = etiqueta(nombre="instalacion")
        self.catalogo = etiqueta(nombre="catalogo")
        self.demostracion = QLabel("Catálogo de demostración")
        self.demostracion.setObjectName("marca_demostracion")
        self.demostracion.setStyleSheet(
            "QLabel { background: #fff1b8; border: 1px solid #d4b000; border-radius: 3px;"
            " padding: 2px 8px; font-weight: bold; }"
        )
        self.demostracion.setAccessibleName("Catálogo de demostración")
        self.demostracion.setVisible(False)
        fila_cat = QHBoxLayout()
        fila_cat.addWidget(self.catalogo, 1)
        fila_cat.addWidget(self.demostracion)
        self.raiz.insertLayout(2, fila_cat)
        self.raiz.insertWidget(3, self.instalacion)

        self.boton_configurar = QPushButton("&Configurar la instalación…")
        self.boton_configurar.setObjectName("boton_configurar")
        self.boton_configurar.setVisible(False)
        self.boton_configurar.clicked.connect(self.configurar_pedido)
        self.raiz.addWidget(self.boton_configurar, 0, Qt.AlignmentFlag.AlignLeft)

        leyenda = QHBoxLayout()
        for color, texto in (
            (VERDE, "La Entidad Federativa ha finalizado el registro de información"),
            (ROJO, "La Entidad Federativa aún no finaliza el registro de información"),
        ):
            icono = QLabel()
            icono.setPixmap(circulo(color).pixmap(14, 14))
            leyenda.addWidget(icono)
            leyenda.addWidget(etiqueta(texto, ajuste=False))
            leyenda.addSpacing(16)
        leyenda.addStretch(1)
        self.raiz.addLayout(leyenda)

        self.modelo = ModeloTablero(self)
        self.tabla = tabla_lista("tabla_entidades", "Entidades federativas")
        self.tabla.setHorizontalHeader(EncabezadoAgrupado(self.tabla))
        self.tabla.setModel(self.modelo)
        cabecera = self.tabla.horizontalHeader()
        cabecera.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        cabecera.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.tabla.activated.connect(self._abrir)
        self.tabla.viewport().installEventFilter(self)
        self.raiz.addWidget(self.tabla, 1)
        self.siguiente = etiqueta(nombre="que_sigue")
        self.raiz.addWidget(self.siguiente)
        self._avisar_pintada = False
        ctx.senales.configuracion_cambiada.connect(self._invalidar)

    def miga(self) -> str:
        return "Inicio"

    def cargar(self) -> None:
        self.lanzar(lambda: _leer(self.ctx.almacen), self._mostrar, mensaje="Leyendo el tablero…")

    def _mostrar(self, datos: DatosTablero) -> None:
        self.datos = datos
        t, conf = datos.tablero, datos.conf
        estado = "abierta" if t.periodo_abierto else "cerrada"
        self.titulo.setText(f"Captura del periodo {t.periodo_anio}")
        self.detalle.setText(
            f"Captura {estado}: del {fecha(t.periodo_inicio)} al {fecha(t.periodo_fin)}."
        )
        self.detalle.setVisible(True)
        self.catalogo.setText(f"Catálogo: {t.catalogo_nombre}, versión {t.catalogo_version}.")
        self.demostracion.setVisible(t.demostracion)
        self.instalacion.setText(_describir_instalacion(conf, t, datos.unidad))
        self.boton_configurar.setVisible(not conf.configurada)
        avisos = []
        if not conf.configurada:
            avisos.append(
                "Esta instalación aún no está configurada: indique para quién es antes de "
                "capturar (botón «Configurar la instalación»)."
            )
        if t.motivo_cerrado:
            avisos.append(t.motivo_cerrado)
        self.poner_aviso("\n".join(avisos))
        actual = self.tabla.currentIndex().row()
        self.modelo.poner(t.filas)
        if t.filas:
            self.tabla.selectRow(max(0, min(actual, len(t.filas) - 1)))
        self.siguiente.setText(_que_sigue(conf, t))
        self.cargada = True
        self._avisar_pintada = True
        self.tabla.viewport().update()

    def eventFilter(self, objeto: QObject, evento: QEvent) -> bool:
        if self._avisar_pintada and evento.type() == QEvent.Type.Paint:
            self._avisar_pintada = False
            resultado = super().eventFilter(objeto, evento)
            self.pintada.emit()
            return resultado
        return super().eventFilter(objeto, evento)

    def enfocar(self) -> None:
        self.tabla.setFocus()

    def _abrir(self, indice: QModelIndex) -> None:
        fila: FilaTablero = indice.data(ROL_FILA)
        if fila is None or self.datos is None:
            return
        conf = self.datos.conf
        if not conf.configurada:
            self.configurar_pedido.emit()
            return
        ubicacion = Ubicacion(entidad=fila.clave, entidad_nombre=fila.nombre)
        if conf.modo == "nacional" or fila.respuesta == "si":
            from ui.pasos.unidades import PantallaUnidades

            self.navegar.emit(PantallaUnidades(self.ctx, ubicacion))
        else:
            from ui.pasos.respuesta import PantallaRespuesta

            self.navegar.emit(PantallaRespuesta(self.ctx, ubicacion, fila.respuesta))


def _describir_instalacion(conf: Configuracion, t: Tablero, unidad: str) -> str:
    if not conf.configurada:
        return "Esta instalación aún no está configurada."
    entidad = next((f.nombre for f in t.filas if f.clave == conf.entidad), conf.entidad or "")
    quien = {
        "unidad": f"la unidad médica {conf.clues} {unidad} ({entidad})",
        "estatal": f"la coordinación estatal de {entidad}",
        "nacional": "el nivel nacional (consolida los paquetes de las entidades)",
    }[conf.modo]
    persona = f" Captura: {conf.persona}." if conf.persona else ""
    return f"Esta instalación es para {quien}.{persona}"


def _que_sigue(conf: Configuracion, t: Tablero) -> str:
    if not conf.configurada:
        return (
            "Para empezar, configure la instalación: para qué unidad o entidad es y quién captura."
        )
    if conf.modo == "nacional":
        return "Seleccione una entidad para consultar sus unidades y registros."
    fila = next((f for f in t.filas if f.clave == conf.entidad), None)
    if fila is None:
        return ""
    if fila.finalizada:
        return (
            f"{fila.nombre} ya finalizó su registro: los registros se consultan, no se modifican."
        )
    if fila.respuesta is None:
        return f"Siguiente: abra {fila.nombre} (Enter) y responda el Paso 2."
    if fila.respuesta == "no":
        return (
            f"{fila.nombre} respondió NO en el Paso 2: ninguna unidad registra excedentes ni "
            "faltantes. El siguiente paso es finalizar el registro (Paso 7)."
        )
    return f"Siguiente: abra {fila.nombre} (Enter) para elegir la unidad médica y registrar."
