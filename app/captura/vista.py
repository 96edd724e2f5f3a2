"""What the window asks that the command line does not: why a screen is
read-only, and the products of Paso 6 across a whole group or the whole
catalog (the guide's product search works at group level: «Cirugía
contempla 2,857 intervenciones»). Plain values in, plain rows out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from app.almacen.almacen import Almacen
from app.almacen.modelos import (
    Captura,
    Especialidad,
    EstadoUnidad,
    Grupo,
    Producto,
    Servicio,
    Unidad,
)
from app.almacen.sesion import lectura
from app.captura.permisos import (
    Configuracion,
    configuracion,
    exigir_entidad,
    exigir_unidad,
    motivo_entidad_cerrada,
    motivo_no_editable,
)
from app.captura.reglas import FilaCaptura, Registro, fila_de_registros


def instalacion(almacen: Almacen) -> Configuracion:
    """Who this installation is for (mode, entidad, unit, person capturing)."""
    with lectura(almacen) as s:
        return configuracion(s)


def motivo_unidad(almacen: Almacen, clues: str, *, hoy: date | None = None) -> str | None:
    """Why the unit's records cannot be changed now (Paso 6 read-only), or None."""
    with lectura(almacen) as s:
        unidad = exigir_unidad(s, clues)
        return motivo_no_editable(s, configuracion(s), unidad, hoy or date.today())


def motivo_entidad(almacen: Almacen, entidad: str, *, hoy: date | None = None) -> str | None:
    """Why Paso 2 cannot be answered for the entidad now (nor its units captured), or None."""
    with lectura(almacen) as s:
        conf = configuracion(s)
        ent = exigir_entidad(s, entidad)
        if not conf.configurada:
            return (
                "Esta instalación aún no está configurada: indique para quién es en "
                "Herramientas › Configuración de la instalación."
            )
        if conf.modo == "nacional":
            return (
                "Una instalación nacional consolida los paquetes de las entidades: aquí se "
                "consultan los registros; el Paso 2 y la captura los hace cada entidad."
            )
        if conf.entidad != entidad:
            return (
                f"Esta instalación es de la entidad {conf.entidad} y no puede responder por "
                f"{ent.nombre} ({entidad})."
            )
        motivo = motivo_entidad_cerrada(s, ent, hoy or date.today())
        if motivo is None and conf.modo == "unidad":
            cierre = s.get(EstadoUnidad, conf.clues)
            if cierre is not None and cierre.finalizada:
                motivo = (
                    f"La captura de la unidad {conf.clues} está cerrada (Paso 7): sus registros y "
                    "la respuesta del Paso 2 se consultan, no se cambian, salvo con una "
                    "reapertura («Reabrir…» en el tablero)."
                )
        return motivo


def registros_de_entidad(almacen: Almacen, entidad: str) -> int:
    """How many records (faltantes and excedentes) the entidad's units hold here."""
    with lectura(almacen) as s:
        return (
            s.scalar(
                select(func.count())
                .select_from(Captura)
                .join(Unidad, Unidad.clues == Captura.clues)
                .where(Unidad.entidad_clave == entidad)
            )
            or 0
        )


@dataclass(frozen=True, slots=True)
class FilaProductoUbicada:
    """A Paso 6 row (number, product, unit of measure, what the unit saved)
    with where the product sits in the catalog, and whether its saved records came in a
    bundle (then they are corrected at the unit that sent them, not here).
    Slotted, with repeated names shared and no empty saved row stored: the
    whole catalog is ~10,000 rows."""

    numero: int
    clave: str
    nombre: str
    unidad_medida: str
    registrado: FilaCaptura | None  # what the unit saved; None when nothing
    plegado: str
    especialidad_clave: str = ""
    especialidad: str = ""
    grupo_clave: str = ""
    grupo: str = ""
    importado: bool = False

    @property
    def guardado(self) -> FilaCaptura:
        """The saved row; an empty one when the unit saved nothing."""
        return self.registrado if self.registrado is not None else FilaCaptura(self.clave)


def productos_de_unidad(
    almacen: Almacen,
    clues: str,
    *,
    especialidad: str | None = None,
    grupo: str | None = None,
) -> list[FilaProductoUbicada]:
    """Paso 6 rows of one especialidad, of a whole group (``grupo``), or of the
    whole catalog (neither), in the catalog's order, with what the unit saved."""
    consulta = (
        select(
            Producto.clave,
            Producto.nombre,
            Producto.unidad_medida,
            Producto.nombre_plegado,
            Especialidad.clave,
            Especialidad.nombre,
            Grupo.clave,
            Grupo.nombre,
        )
        .join(Especialidad, Especialidad.clave == Producto.especialidad_clave)
        .join(Grupo, Grupo.clave == Especialidad.grupo_clave)
        .join(Servicio, Servicio.clave == Grupo.servicio_clave)
        .where(Producto.vigente)
        .order_by(Servicio.orden, Grupo.orden, Especialidad.orden, Producto.orden)
    )
    guardados_consulta = select(Captura).join(Producto).join(Especialidad)
    if especialidad:
        consulta = consulta.where(Especialidad.clave == especialidad)
        guardados_consulta = guardados_consulta.where(Especialidad.clave == especialidad)
    elif grupo:
        consulta = consulta.where(Grupo.clave == grupo)
        guardados_consulta = guardados_consulta.where(Especialidad.grupo_clave == grupo)
    clues = clues.strip().upper()
    comun: dict[str, str] = {}  # one string object per repeated name

    def una(texto: str) -> str:
        return comun.setdefault(texto, texto)

    with lectura(almacen) as s:
        guardados: dict[str, list[Registro]] = {}
        importados: set[str] = set()
        for c in s.scalars(guardados_consulta.where(Captura.clues == clues)):
            guardados.setdefault(c.producto_clave, []).append(
                Registro(
                    c.producto_clave,
                    c.tipo,
                    c.ambulatorio,
                    c.hospitalario,
                    c.causa_clave,
                    c.pacientes,
                )
            )
            if c.paquete_id:
                importados.add(c.producto_clave)
        # Rows are streamed, not fetched all at once: the whole catalog is
        # ~10,000 of them and the window keeps its memory low.
        return [
            FilaProductoUbicada(
                i,
                clave,
                nombre,
                una(medida),
                fila_de_registros(clave, guardados[clave]) if clave in guardados else None,
                f"{clave.lower()} {plegado}",
                una(esp_clave),
                una(esp),
                una(grp_clave),
                una(grp),
                clave in importados,
            )
            for i, (clave, nombre, medida, plegado, esp_clave, esp, grp_clave, grp) in enumerate(
                s.execute(consulta), start=1
            )
        ]
