"""Pasos 4 and 5: the service groups of the selected unit, then the
especialidades troncales of a group, each marked SÍ where the unit already
holds records. Both can open Paso 6 for more than one especialidad: the
whole group, or the whole catalog, to find a product by name."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QPushButton

from app.captura import consultas
from app.captura.consultas import FilaEspecialidad, FilaGrupo
from app.captura.vista import motivo_unidad
from ui.modelos.tabla import CENTRO, ROL_FILA, Columna, ModeloFilas, si_no
from ui.pasos.base import Pantalla, Ubicacion, tabla_lista


@dataclass(frozen=True)
class Datos:
    filas: list
    motivo: str | None


class _PantallaLista(Pantalla):
    """A short list of the unit's groups or especialidades."""

    def _construir(
        self, columnas: list[Columna], nombre: str, accesible: str, estirar: int
    ) -> None:
        self.botones = QHBoxLayout()
        self.botones.addStretch(1)
        self.raiz.addLayout(self.botones)
        self.modelo = ModeloFilas(columnas, self)
        self.tabla = tabla_lista(nombre, accesible)
        self.tabla.setModel(self.modelo)
        cabecera = self.tabla.horizontalHeader()
        cabecera.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        cabecera.setSectionResizeMode(estirar, QHeaderView.ResizeMode.Stretch)
        self.tabla.activated.connect(self._abrir_indice)
        self.raiz.addWidget(self.tabla, 1)

    def _boton(self, texto: str, nombre: str, accion) -> QPushButton:
        boton = QPushButton(texto)
        boton.setObjectName(nombre)
        boton.clicked.connect(accion)
        self.botones.insertWidget(self.botones.count() - 1, boton)
        return boton

    def _mostrar(self, datos: Datos) -> None:
        actual = self.tabla.currentIndex().row()
        self.poner_aviso(datos.motivo)
        self.modelo.poner(datos.filas)
        if datos.filas:
            self.tabla.selectRow(max(0, min(actual, len(datos.filas) - 1)))
        self.cargada = True

    def enfocar(self) -> None:
        self.tabla.setFocus()

    def _abrir_indice(self, indice: QModelIndex) -> None:
        fila = indice.data(ROL_FILA)
        if fila is not None:
            self._abrir(fila)

    def _abrir(self, fila) -> None:
        raise NotImplementedError

    def _abrir_productos(self, ubicacion: Ubicacion, alcance: str) -> None:
        from ui.pasos.productos import PantallaProductos

        self.navegar.emit(PantallaProductos(self.ctx, ubicacion, alcance))


class PantallaGrupos(_PantallaLista):
    paso = "Paso 4"
    ayuda = "paso4"

    def __init__(self, ctx, ubicacion: Ubicacion, parent=None):
        super().__init__(ctx, ubicacion, parent)
        self.poner_textos(
            self.titulo_entidad(),
            "Paso 4.- Seleccionar el grupo de servicio en el que se tiene excedentes y/o "
            "faltantes (Enter o doble clic sobre él).",
            "Nota: en el caso de los grupos de servicio que no tienen Excedentes y/o Faltantes, "
            "no es necesario realizar ninguna acción.",
            self.linea_unidad(),
        )
        self._primero: dict[str, int] = {}
        columnas = [
            Columna("No.", lambda g: str(g.numero), CENTRO),
            # The guide writes each servicio once, at its first group.
            Columna(
                "Servicio",
                lambda g: g.servicio if self._primero.get(g.servicio) == g.numero else "",
            ),
            Columna("Grupo de servicio", lambda g: g.nombre),
            Columna(
                "¿Con excedente y/o faltante?",
                lambda g: si_no(g.con_registros),
                CENTRO,
                corto="¿Con excedente\ny/o faltante?",
            ),
        ]
        self._construir(columnas, "tabla_grupos", "Grupos de servicio", 2)
        self._boton(
            "Buscar un producto en &todo el catálogo…",
            "boton_todo_catalogo",
            lambda: self._abrir_productos(self.ubicacion, "catalogo"),
        ).setToolTip(
            "Abre el Paso 6 con los productos de todos los grupos, para encontrar uno por su nombre."
        )

    def miga(self) -> str:
        return f"{self.ubicacion.clues} {self.ubicacion.unidad_nombre}"

    def cargar(self) -> None:
        clues = self.ubicacion.clues

        def leer() -> Datos:
            return Datos(
                consultas.grupos(self.ctx.almacen, clues), motivo_unidad(self.ctx.almacen, clues)
            )

        self.lanzar(leer, self._mostrar, mensaje="Leyendo los grupos de servicio…")

    def _mostrar(self, datos: Datos) -> None:
        self._primero = {}
        for g in datos.filas:
            self._primero.setdefault(g.servicio, g.numero)
        super()._mostrar(datos)

    def _abrir(self, g: FilaGrupo) -> None:
        ubicacion = replace(
            self.ubicacion, grupo=g.clave, grupo_nombre=g.nombre, servicio_nombre=g.servicio
        )
        self.navegar.emit(PantallaEspecialidades(self.ctx, ubicacion))


class PantallaEspecialidades(_PantallaLista):
    paso = "Paso 5"
    ayuda = "paso5"

    def __init__(self, ctx, ubicacion: Ubicacion, parent=None):
        super().__init__(ctx, ubicacion, parent)
        self.poner_textos(
            self.titulo_entidad(),
            "Paso 5.- Seleccionar la especialidad troncal en la que se tiene excedentes y/o "
            "faltantes (Enter o doble clic sobre ella).",
            "Nota: en el caso de las especialidades que no tienen Excedentes y/o Faltantes, "
            "no es necesario realizar ninguna acción.",
            f"{self.linea_unidad()}\n{ubicacion.servicio_nombre} · Grupo de servicio: "
            f"{ubicacion.grupo_nombre}",
        )
        columnas = [
            Columna("No.", lambda e: str(e.numero), CENTRO),
            Columna("Grupo de servicio", lambda e: e.grupo),
            Columna("Especialidad troncal", lambda e: e.nombre),
            Columna(
                "¿Con excedente y/o faltante?",
                lambda e: si_no(e.con_registros),
                CENTRO,
                corto="¿Con excedente\ny/o faltante?",
            ),
        ]
        self._construir(columnas, "tabla_especialidades", "Especialidades troncales", 2)
        self._boton(
            f"&Todos los productos de {ubicacion.grupo_nombre}…",
            "boton_todo_grupo",
            lambda: self._abrir_productos(self.ubicacion, "grupo"),
        ).setToolTip("Abre el Paso 6 con los productos de todas las especialidades de este grupo.")

    def miga(self) -> str:
        return self.ubicacion.grupo_nombre

    def cargar(self) -> None:
        clues, grupo = self.ubicacion.clues, self.ubicacion.grupo

        def leer() -> Datos:
            return Datos(
                consultas.especialidades(self.ctx.almacen, clues, grupo),
                motivo_unidad(self.ctx.almacen, clues),
            )

        self.lanzar(leer, self._mostrar, mensaje="Leyendo las especialidades…")

    def _abrir(self, e: FilaEspecialidad) -> None:
        ubicacion = replace(self.ubicacion, especialidad=e.clave, especialidad_nombre=e.nombre)
        self._abrir_productos(ubicacion, "especialidad")
