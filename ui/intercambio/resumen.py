"""The «Resumen» tab: the key figures, the potential by entidad, service
group and product, what the sector lacks (faltantes nobody offers), the
faltantes offered but not fully covered (and why), and the excedentes
nobody needs. One list at a time, chosen in «Ver», filtered and sortable."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLabel, QVBoxLayout, QWidget

from app.intercambio.analisis import Analisis
from ui.modelos.oportunidades import (
    columnas_pendientes,
    columnas_resumen,
    pesos,
    plegado_pendiente,
    plegado_resumen,
    porcentaje,
)
from ui.modelos.ordenable import ModeloOrdenable, ordenar_con_encabezado
from ui.modelos.tabla import FiltroPlegado
from ui.pasos.base import caja_busqueda, etiqueta, tabla_lista

# (key, text in «Ver», columns, rows of an analysis, folded text of a row)
VISTAS = [
    (
        "entidad",
        "Potencial por entidad",
        lambda: columnas_resumen("Entidad"),
        lambda a: a.resumen.por_entidad,
        plegado_resumen,
    ),
    (
        "grupo",
        "Potencial por grupo de servicio",
        lambda: columnas_resumen("Grupo de servicio"),
        lambda a: a.resumen.por_grupo,
        plegado_resumen,
    ),
    (
        "producto",
        "Potencial por producto",
        lambda: columnas_resumen("Producto"),
        lambda a: a.resumen.por_producto,
        plegado_resumen,
    ),
    (
        "sin_oferta",
        "Faltantes sin ninguna oferta (lo que el sector no tiene)",
        lambda: columnas_pendientes(True),
        lambda a: a.faltantes_sin_oferta,
        plegado_pendiente,
    ),
    (
        "sin_cubrir",
        "Faltantes que no se cubren del todo, y por qué",
        lambda: columnas_pendientes(True),
        lambda a: a.faltantes_sin_cubrir,
        plegado_pendiente,
    ),
    (
        "sin_demanda",
        "Excedentes que nadie necesita",
        lambda: columnas_pendientes(False),
        lambda a: a.excedentes_sin_demanda,
        plegado_pendiente,
    ),
]


def _cuantos(n: int, uno: str, varios: str) -> str:
    return f"{n:,} {uno if n == 1 else varios}"


def cifras(a: Analisis) -> str:
    """The key figures as a small HTML table."""
    r, t = a.resumen, a.resumen.total
    sin_costo = (
        f" ({_cuantos(r.oportunidades_sin_costo, 'oportunidad', 'oportunidades')} sin costo de "
        "referencia)"
        if r.oportunidades_sin_costo
        else ""
    )
    filas = [
        (
            "Potencial de intercambio",
            f"<b>{porcentaje(t.potencial)}</b>: {t.eventos_cubiertos:,} de "
            f"{t.eventos_faltantes:,} eventos faltantes al mes se pueden cubrir",
        ),
        (
            "Oportunidades",
            f"{t.oportunidades:,}; valor mensual estimado {pesos(t.valor_mensual)}{escape(sin_costo)}",
        ),
        (
            "Unidades",
            f"{r.unidades_cubiertas:,} de {r.unidades_con_faltante:,} unidades con faltantes "
            f"reciben cobertura; {r.unidades_con_excedente:,} unidades tienen excedentes",
        ),
        (
            "Excedentes",
            f"{t.eventos_comprometidos:,} de {t.eventos_excedentes:,} eventos excedentes al mes "
            "cubren algún faltante",
        ),
        (
            "Lo que queda",
            f"{_cuantos(len(a.faltantes_sin_oferta), 'faltante', 'faltantes')} sin ninguna oferta; "
            f"{_cuantos(len(a.faltantes_sin_cubrir), 'faltante', 'faltantes')} sin cubrir del "
            f"todo; {_cuantos(len(a.excedentes_sin_demanda), 'excedente', 'excedentes')} que "
            "nadie necesita",
        ),
    ]
    if r.registros_retirados:
        filas.append(
            (
                "No entran",
                f"{_cuantos(r.registros_retirados, 'registro', 'registros')} de unidades o "
                "productos retirados del catálogo",
            )
        )
    celdas = "".join(
        f"<tr><td style='padding-right:12px; color:#44505c'>{escape(k)}</td><td>{v}</td></tr>"
        for k, v in filas
    )
    return f"<table cellspacing='0' cellpadding='1'>{celdas}</table>"


class PestanaResumen(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        raiz = QVBoxLayout(self)
        raiz.setContentsMargins(6, 6, 6, 6)
        self.cifras = QLabel()
        self.cifras.setObjectName("cifras_resumen")
        self.cifras.setTextFormat(Qt.TextFormat.RichText)
        self.cifras.setWordWrap(True)
        self.cifras.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        raiz.addWidget(self.cifras)
        fila = QHBoxLayout()
        etiqueta_ver = QLabel("&Ver:")
        self.ver = QComboBox()
        self.ver.setObjectName("ver_resumen")
        self.ver.setAccessibleName("Ver la lista")
        for _c, texto, *_ in VISTAS:
            self.ver.addItem(texto)
        etiqueta_ver.setBuddy(self.ver)
        self.ver.currentIndexChanged.connect(self._mostrar_vista)
        fila.addWidget(etiqueta_ver)
        fila.addWidget(self.ver)
        self.busqueda = caja_busqueda(
            "buscar_resumen", "Filtrar la lista", "Filtrar la lista del resumen"
        )
        self.busqueda.textChanged.connect(self._filtrar)
        fila.addWidget(self.busqueda, 1)
        self.cuenta = etiqueta(nombre="cuenta_resumen", ajuste=False)
        fila.addWidget(self.cuenta)
        raiz.addLayout(fila)
        self.modelos = [ModeloOrdenable(columnas(), self) for _c, _t, columnas, *_ in VISTAS]
        self.filtro = FiltroPlegado(self)
        self.filtro.setSourceModel(self.modelos[0])
        self.tabla = tabla_lista("tabla_resumen", "Resumen de las oportunidades")
        self.tabla.setModel(self.filtro)
        cabecera = self.tabla.horizontalHeader()
        cabecera.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        cabecera.setStretchLastSection(True)
        ordenar_con_encabezado(self.tabla, self.modelos[0], self._ordenar)
        raiz.addWidget(self.tabla, 1)
        self.analisis: Analisis | None = None

    def poner(self, a: Analisis) -> None:
        self.analisis = a
        self.cifras.setText(cifras(a))
        for modelo, (_c, _t, _col, filas, plegado) in zip(self.modelos, VISTAS, strict=True):
            datos = filas(a)
            modelo.poner(datos, [plegado(x) for x in datos])
        self._mostrar_vista(self.ver.currentIndex())

    def vista(self, clave: str) -> None:
        self.ver.setCurrentIndex(next(i for i, v in enumerate(VISTAS) if v[0] == clave))

    @property
    def modelo(self) -> ModeloOrdenable:
        return self.modelos[self.ver.currentIndex()]

    def _mostrar_vista(self, indice: int) -> None:
        self.filtro.setSourceModel(self.modelos[indice])
        self.filtro.poner_texto(self.busqueda.text())
        cabecera = self.tabla.horizontalHeader()
        cabecera.blockSignals(True)
        cabecera.setSortIndicator(self.modelo.columna_orden, self.modelo.sentido)
        cabecera.blockSignals(False)
        m = self.tabla.fontMetrics()
        self.tabla.setColumnWidth(
            0, min(m.horizontalAdvance("M" * 22), max(160, self.width() // 3))
        )
        for i in range(1, self.modelo.columnCount()):
            self.tabla.resizeColumnToContents(i)
        self._contar()

    def _ordenar(self, columna: int, sentido: Qt.SortOrder) -> None:
        self.modelo.ordenar(columna, sentido)

    def _filtrar(self, texto: str) -> None:
        self.filtro.poner_texto(texto)
        self._contar()

    def _contar(self) -> None:
        total, visibles = self.modelo.rowCount(), self.filtro.cuantas()
        self.cuenta.setText(
            f"{visibles:,} de {total:,} renglones" if self.filtro.texto else f"{total:,} renglones"
        )
