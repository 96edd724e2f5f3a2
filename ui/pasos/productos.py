"""Paso 6: register excedentes and faltantes of the unit's products.

Edits stay in memory (cells marked as they are typed, with the core's own
reasons) until Guardar, which shows a summary and saves every changed
product in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QCheckBox, QDialog, QHBoxLayout, QHeaderView, QPushButton

from app.captura.registro import guardar_capturas
from app.captura.vista import FilaProductoUbicada, motivo_unidad, productos_de_unidad
from app.catalogo.consultas import causas as leer_causas
from app.errores import ErrorEyF, ErrorValidacion
from ui import ajustes, dialogos
from ui.modelos.productos import AVISO_IMPORTADO, CAMPOS, ModeloProductos
from ui.modelos.tabla import FiltroPlegado
from ui.pasos.base import Pantalla, Ubicacion, caja_busqueda, etiqueta, pasar_a_tabla
from ui.pasos.resumen import DialogoResumen
from ui.tabla_captura import DelegadoCantidad, DelegadoCausa, TablaCaptura

# Paso 6 of one especialidad, of a whole group, or of the whole catalog.
ALCANCES = {"especialidad": "", "grupo": "especialidad", "catalogo": "grupo"}
ANCHO_CON_UBICACION = 1200  # narrower than this, Paso 6 hides the especialidad column
LEYENDA = (
    "Escriba sobre una celda para capturar; Tab pasa a la siguiente. Amarillo: cambio sin "
    "guardar. Rojo: valor por corregir (el motivo aparece aquí)."
)


@dataclass(frozen=True)
class DatosProductos:
    filas: list[FilaProductoUbicada]
    motivo: str | None
    causas: dict[str, str]


class PantallaProductos(Pantalla):
    paso = "Paso 6"
    ayuda = "paso6"

    def __init__(self, ctx, ubicacion: Ubicacion, alcance: str = "especialidad", parent=None):
        super().__init__(ctx, ubicacion, parent)
        self.alcance = alcance
        u = ubicacion
        donde = {
            "especialidad": f"{u.servicio_nombre} · Grupo de servicio: {u.grupo_nombre} · "
            f"Especialidad: {u.especialidad_nombre}",
            "grupo": f"{u.servicio_nombre} · Grupo de servicio: {u.grupo_nombre} · "
            "todas sus especialidades",
            "catalogo": "Todos los grupos de servicio del catálogo",
        }[alcance]
        self.poner_textos(
            self.titulo_entidad(),
            "Paso 6.- Llenar la siguiente tabla, la cual contiene los productos de acuerdo al "
            "Grupo de Servicio y Especialidad seleccionados.",
            "Nota: cantidad mínima 1 (eventos y pacientes mensuales). Sin excedente ni faltante, "
            "deje las celdas vacías. Faltante: causa y pacientes obligatorios; excedente: pacientes.",
            f"{self.linea_unidad()} · {donde}",
        )
        fila = QHBoxLayout()
        self.busqueda = caja_busqueda(
            "buscar_producto",
            "Buscar producto por nombre o clave (Ctrl+F)",
            "Buscar producto por nombre o clave",
        )
        self.busqueda.textChanged.connect(self._filtrar)
        fila.addWidget(self.busqueda, 1)
        self.solo_datos = QCheckBox("Solo con &registro o cambios")
        self.solo_datos.setObjectName("solo_con_datos")
        self.solo_datos.setAccessibleName("Mostrar solo productos con registro o cambios")
        self.solo_datos.toggled.connect(self._solo_datos)
        fila.addWidget(self.solo_datos)
        self.cuenta = etiqueta(nombre="cuenta_productos", ajuste=False)
        fila.addWidget(self.cuenta)
        self.raiz.addLayout(fila)

        self.modelo: ModeloProductos | None = None
        self.filtro = FiltroPlegado(self)
        self.tabla = TablaCaptura()
        self.tabla.setObjectName("tabla_productos")
        self.tabla.setAccessibleName("Productos: faltantes y excedentes")
        self.raiz.addWidget(self.tabla, 1)
        pasar_a_tabla(self.busqueda, self.tabla)

        abajo = QHBoxLayout()
        self.linea = etiqueta(LEYENDA, nombre="linea_estado_captura")
        self.linea.setAccessibleName("Estado de la celda")
        abajo.addWidget(self.linea, 1)
        self.pendientes = etiqueta(nombre="cambios_pendientes", ajuste=False)
        abajo.addWidget(self.pendientes)
        self.boton_descartar = QPushButton("&Descartar cambios")
        self.boton_descartar.setObjectName("boton_descartar")
        self.boton_descartar.clicked.connect(self._descartar_preguntando)
        self.boton_guardar = QPushButton("&Guardar (Ctrl+G)")
        self.boton_guardar.setObjectName("boton_guardar")
        self.boton_guardar.clicked.connect(lambda: self.guardar())
        abajo.addWidget(self.boton_descartar)
        abajo.addWidget(self.boton_guardar)
        self.raiz.addLayout(abajo)
        self._actualizar_botones(0)
        self.motivo: str | None = None
        self._propio = False
        self._guardando = False
        self.solo_datos.setChecked(bool(ctx.ajustes.leer(ajustes.SOLO_CON_DATOS)))

    # Window hooks ------------------------------------------------------------
    def miga(self) -> str:
        return {
            "especialidad": self.ubicacion.especialidad_nombre,
            "grupo": "Todas las especialidades",
            "catalogo": "Todo el catálogo",
        }[self.alcance]

    def que_se_edita(self) -> str:
        return f"los productos de {self.miga()} ({self.ubicacion.clues})"

    def puede_guardar(self) -> bool:
        return self.modelo is not None and self.modelo.editable

    @property
    def ocupada(self) -> bool:
        return self._guardando

    def hay_cambios(self) -> bool:
        self.tabla.terminar_edicion()
        return self.modelo is not None and self.modelo.hay_cambios()

    def enfocar(self) -> None:
        self.busqueda.setFocus()

    def buscar(self) -> bool:
        self.busqueda.setFocus()
        self.busqueda.selectAll()
        return True

    def _invalidar(self) -> None:
        if self._propio:  # our own save: the rows already show what was saved
            self._propio = False
            return
        super()._invalidar()

    # Loading -------------------------------------------------------------------
    def cargar(self) -> None:
        u, alcance = self.ubicacion, self.alcance

        def leer() -> DatosProductos:
            almacen = self.ctx.almacen
            filas = productos_de_unidad(
                almacen,
                u.clues,
                especialidad=u.especialidad if alcance == "especialidad" else None,
                grupo=u.grupo if alcance == "grupo" else None,
            )
            return DatosProductos(filas, motivo_unidad(almacen, u.clues), leer_causas(almacen))

        self.lanzar(leer, self._mostrar, mensaje="Leyendo los productos…")

    def _mostrar(self, datos: DatosProductos) -> None:
        if self.modelo is not None and self.modelo.hay_cambios():
            return  # never overwrite what the user is typing
        if self.modelo is None:
            self._crear_modelo(datos.causas)
        assert self.modelo is not None
        self.motivo = datos.motivo
        self.poner_aviso(datos.motivo)
        self.modelo.poner(datos.filas, editable=datos.motivo is None)
        self.filtro.recalcular()
        self._ajustar_columnas()
        self._ubicacion_visible()
        self._contar()
        self.boton_guardar.setVisible(self.modelo.editable)
        self.boton_descartar.setVisible(self.modelo.editable)
        if self.modelo.editable and any(f.importado for f in datos.filas):
            self.linea.setText(
                "Los productos en gris vienen de un paquete de la unidad: se corrigen en la "
                "unidad que los capturó."
            )
        self.cargada = True

    def _crear_modelo(self, causas: dict[str, str]) -> None:
        self.modelo = ModeloProductos(causas, ALCANCES[self.alcance], self)
        self.filtro.setSourceModel(self.modelo)
        if self.solo_datos.isChecked():
            self.filtro.poner_condicion(self.modelo.tiene_datos)
        self.tabla.setModel(self.filtro)
        cantidad = DelegadoCantidad(self.tabla)
        for campo in CAMPOS:
            columna = self.modelo.columna_de_campo(campo)
            if campo == "causa":
                self.tabla.setItemDelegateForColumn(columna, DelegadoCausa(causas, self.tabla))
            else:
                self.tabla.setItemDelegateForColumn(columna, cantidad)
        self.modelo.cambios_pendientes.connect(self._actualizar_botones)
        self.modelo.dataChanged.connect(lambda *_: self._explicar_celda(self.tabla.currentIndex()))
        self.tabla.selectionModel().currentChanged.connect(
            lambda actual, _anterior: self._explicar_celda(actual)
        )
        self._delegado_cantidad = cantidad

    def _ajustar_columnas(self) -> None:
        cabecera = self.tabla.horizontalHeader()
        metrica = self.tabla.fontMetrics()
        modelo = self.modelo
        cabecera.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        cabecera.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        cabecera.resizeSection(0, metrica.horizontalAdvance("00000") + 12)
        for i, c in enumerate(modelo.columnas):
            if i in (0, 1):
                continue
            if c.campo == "causa":
                ancho = metrica.horizontalAdvance("Carencia de Servicio") + 36
            elif c.titulo in ("Especialidad", "Grupo y especialidad"):
                ancho = metrica.horizontalAdvance("M" * 14)
            elif c.titulo == "Unidad de medida":
                medidas = {f.unidad_medida for f in modelo.filas}
                ancho = max(
                    [cabecera.sectionSizeFromContents(i).width()]
                    + [metrica.horizontalAdvance(m) + 16 for m in medidas]
                )
            else:
                ancho = cabecera.sectionSizeFromContents(i).width()
            cabecera.resizeSection(i, ancho)

    # Filtering -------------------------------------------------------------------
    def _filtrar(self, texto: str) -> None:
        self.filtro.poner_texto(texto)
        self._contar()

    def _solo_datos(self, activo: bool) -> None:
        self.ctx.ajustes.escribir(ajustes.SOLO_CON_DATOS, activo)
        if self.modelo is not None:
            self.filtro.poner_condicion(self.modelo.tiene_datos if activo else None)
            self._contar()

    def _contar(self) -> None:
        if self.modelo is None:
            return
        total = self.modelo.rowCount()
        visibles = self.filtro.cuantas()
        filtrado = bool(self.filtro.texto) or self.solo_datos.isChecked()
        self.cuenta.setText(
            f"{visibles:,} de {total:,} productos" if filtrado else f"{total:,} productos"
        )
        if total and not visibles:
            self.linea.setText(
                "Ningún producto coincide con la búsqueda. Escriba solo una parte del nombre "
                "(por ejemplo «resina»), o quite «Solo con registro o cambios»."
            )

    # Cell status ---------------------------------------------------------------------
    def _explicar_celda(self, indice: QModelIndex) -> None:
        if self.modelo is None:
            return
        problemas = self.modelo.problemas()
        texto = ""
        if indice.isValid():
            origen = self.filtro.mapToSource(indice)
            campo = self.modelo.campo_de_columna(origen.column())
            if campo:
                texto = self.modelo.problema(origen.row(), campo)
        if not texto and problemas:
            texto = f"{len(problemas)} valor(es) por corregir: las celdas en rojo dicen por qué."
        self.linea.setStyleSheet("color: #b00020;" if texto else "")
        if not texto and indice.isValid():
            # The whole name and where the product is: the table may cut both.
            f = self.modelo.fila(self.filtro.mapToSource(indice).row())
            texto = f"{f.nombre} — {f.grupo} › {f.especialidad} ({f.unidad_medida})"
            if f.importado:
                texto = f"{texto}. {AVISO_IMPORTADO}"
        self.linea.setText(texto or (LEYENDA if self.modelo.editable else ""))

    def resizeEvent(self, evento) -> None:
        super().resizeEvent(evento)
        self._ubicacion_visible()

    def _ubicacion_visible(self) -> None:
        """In a narrow window the especialidad column gives its room to the
        product's name (the line under the table says where the product is)."""
        if self.modelo is not None and self.modelo.ubicacion:
            self.tabla.setColumnHidden(2, self.width() < ANCHO_CON_UBICACION)

    def _actualizar_botones(self, n: int) -> None:
        self.boton_guardar.setEnabled(n > 0)
        self.boton_descartar.setEnabled(n > 0)
        self.pendientes.setText(f"{n} producto(s) con cambios sin guardar." if n else "")

    def _ir_a(self, fila: int, campo: str) -> None:
        assert self.modelo is not None
        origen = self.modelo.index(fila, self.modelo.columna_de_campo(campo))
        indice = self.filtro.mapFromSource(origen)
        if not indice.isValid():  # hidden by the search: show every product again
            self.busqueda.clear()
            self.solo_datos.setChecked(False)
            indice = self.filtro.mapFromSource(origen)
        self.tabla.setCurrentIndex(indice)
        self.tabla.scrollTo(indice)
        self.tabla.setFocus()

    # Saving -----------------------------------------------------------------------------
    def _descartar_preguntando(self) -> None:
        if self.modelo is not None and dialogos.confirmar(
            self,
            "Descartar cambios",
            f"¿Descartar los cambios de {self.modelo.cuantos_cambios()} producto(s)? "
            "Se vuelve a lo último que se guardó.",
            si="Descartar cambios",
            no="Seguir editando",
            peligro=True,
        ):
            self.descartar()

    def descartar(self) -> None:
        if self.modelo is not None:
            self.modelo.descartar()

    def guardar(self, despues: Callable[[bool], None] | None = None) -> None:
        terminar = despues or (lambda _ok: None)
        if self._guardando:  # Ctrl+G again while saving
            terminar(False)
            return
        self.tabla.terminar_edicion()
        modelo = self.modelo
        if modelo is None or not modelo.editable:
            terminar(False)
            return
        if not modelo.hay_cambios():
            self.estado.emit("No hay cambios por guardar.")
            terminar(True)
            return
        problemas = modelo.problemas()
        if problemas:
            fila, campo, _ = problemas[0]
            self._ir_a(fila, campo)
            dialogos.aviso(
                self,
                "Hay valores por corregir",
                f"No se guardó nada: {len(problemas)} valor(es) por corregir. Las celdas en "
                "rojo dicen por qué; corríjalas y vuelva a guardar.",
                "\n".join(f"• {modelo.fila(f).nombre}: {m}" for f, _c, m in problemas[:12]),
            )
            terminar(False)
            return
        cambios = modelo.cambios()
        donde = self.linea_unidad()
        resumen = DialogoResumen(cambios, modelo.causas, donde, self)
        if resumen.exec() != QDialog.DialogCode.Accepted:
            terminar(False)
            return
        pares = [(self.ubicacion.clues, c.despues) for c in cambios]
        self.setEnabled(False)
        self._guardando = True

        def hecho(resumen) -> None:
            self._guardando = False
            self.setEnabled(True)
            modelo.marcar_guardado()
            self._propio = True
            self.ctx.senales.datos_cambiados.emit()
            self.estado.emit(
                f"Guardado: {resumen.creados} registro(s) nuevo(s), {resumen.modificados} "
                f"modificado(s), {resumen.borrados} borrado(s)."
            )
            self.tabla.setFocus()
            terminar(True)

        def fallo(exc: BaseException) -> None:
            self._guardando = False
            self.setEnabled(True)
            if isinstance(exc, ErrorValidacion):
                marcadas = modelo.poner_problemas(exc.problemas)
                if marcadas:
                    self._ir_a(*marcadas[0])
            if isinstance(exc, ErrorEyF):
                dialogos.mostrar_error(self, exc)
            else:
                dialogos.mostrar_error(self, exc, self.ctx.carpeta)
            terminar(False)

        self.lanzar(
            lambda: guardar_capturas(self.ctx.almacen, pares),
            hecho,
            al_fallar=fallo,
            mensaje="Guardando…",
        )
