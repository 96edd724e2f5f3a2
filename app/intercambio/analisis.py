"""The use case: find the exchange opportunities in what this installation
sees, value them and summarise them. Read-only: nothing is written.

``analizar`` is what ``eyf oportunidades`` and the window call. Its result is
plain, frozen data: the opportunities (one per excedente → faltante
allocation), the summary, the faltantes nobody offers (what the sector
lacks), the faltantes offered but not covered, the excedentes nobody needs,
and the coordinates of every unit in scope for the map.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from app.almacen.almacen import Almacen
from app.errores import ErrorEyF
from app.intercambio.costos import TablaCostos
from app.intercambio.datos import Datos, Renglon, leer
from app.intercambio.pares import Criterios
from app.intercambio.resumen import Cruce, Resumen, resumir
from app.intercambio.transporte import Partida, asignar, con_pareja_permitida

Progreso = Callable[[int, int, str], None]

# The modality as people read it (the data and the JSON keep the key).
NOMBRE_MODALIDAD = {"ambulatorio": "Ambulatoria", "hospitalario": "Hospitalaria"}
MOTIVO_SIN_OFERTA = "Ninguna unidad ofrece este servicio en esta modalidad"
MOTIVO_COMPROMETIDA = "La oferta que hay ya cubre a otras unidades"
MOTIVO_MISMA_INSTITUCION = "Solo lo ofrecen unidades de su misma institución"
MOTIVO_LEJOS = "Solo lo ofrecen unidades de su institución o a más de {km} km"
MOTIVO_SIN_DEMANDA = "Ninguna unidad lo necesita en esta modalidad"


@dataclass(frozen=True)
class Oportunidad:
    numero: int
    clues_demanda: str
    unidad_demanda: str
    institucion_demanda: str
    entidad_demanda: str
    entidad_demanda_nombre: str
    municipio_demanda: str
    clues_oferta: str
    unidad_oferta: str
    institucion_oferta: str
    entidad_oferta: str
    entidad_oferta_nombre: str
    municipio_oferta: str
    producto: str
    producto_nombre: str
    grupo: str
    modalidad: str
    eventos_cubiertos: int
    eventos_requeridos: int
    eventos_ofrecidos: int
    pacientes: int  # estimated patients covered (in proportion to the events)
    pacientes_requeridos: int
    distancia_km: float | None  # None: a unit has no coordinates (see cercania)
    cercania: str  # "distancia", "mismo municipio", "misma entidad" or "otra entidad"
    tipo_costo: str
    nivel_costo: str  # level of the cost row used ("" without cost)
    costo_unitario: int | None  # MXN per event, IMSS 2025 reference
    valor_mensual: int | None  # eventos_cubiertos × costo_unitario
    latitud_demanda: float | None
    longitud_demanda: float | None
    latitud_oferta: float | None
    longitud_oferta: float | None


@dataclass(frozen=True)
class Pendiente:
    """A faltante or excedente left (partly) without partner, and why."""

    clues: str
    unidad: str
    institucion: str
    entidad: str
    entidad_nombre: str
    producto: str
    producto_nombre: str
    grupo: str
    modalidad: str
    eventos: int
    eventos_cruzados: int  # covered (faltante) or committed (excedente)
    pacientes: int
    causa: str  # faltantes only
    motivo: str


@dataclass(frozen=True)
class Analisis:
    alcance: str
    entidad: str | None
    max_km: float | None
    misma_institucion: bool
    ofertas_externas: bool
    catalogo: str
    demostracion: bool
    generado: datetime
    oportunidades: tuple[Oportunidad, ...]
    resumen: Resumen
    faltantes_sin_oferta: tuple[Pendiente, ...]
    faltantes_sin_cubrir: tuple[Pendiente, ...]
    excedentes_sin_demanda: tuple[Pendiente, ...]
    fondo: tuple[tuple[float, float], ...]  # every unit in scope with coordinates (the map)


def analizar(
    almacen: Almacen,
    *,
    entidad: str | None = None,
    max_km: float | None = None,
    misma_institucion: bool = False,
    ofertas_externas: bool = False,
    progreso: Progreso | None = None,
    cancelado: Callable[[], bool] | None = None,
) -> Analisis:
    if max_km is not None and not max_km > 0:
        raise ErrorEyF(
            f"La distancia máxima debe ser mayor que cero (se dio {max_km:g}); "
            "escriba los kilómetros, por ejemplo --max-km 100."
        )

    def avisar(hecho: int, total: int, mensaje: str) -> None:
        if cancelado is not None and cancelado():
            raise ErrorEyF("Se canceló el análisis de oportunidades.")
        if progreso is not None:
            progreso(hecho, total, mensaje)

    avisar(0, 4, "Leyendo los faltantes y excedentes…")
    datos = leer(almacen, entidad, ofertas_externas=ofertas_externas)
    criterios = Criterios(max_km=max_km, misma_institucion=misma_institucion)
    avisar(1, 4, "Buscando quién puede cubrir a quién…")
    ofertas = [Partida(r.clues, r.producto, r.modalidad, r.eventos) for r in datos.ofertas]
    demandas = [Partida(r.clues, r.producto, r.modalidad, r.eventos) for r in datos.demandas]
    sitios = {c: u.sitio() for c, u in datos.unidades.items()}
    asignaciones = asignar(ofertas, demandas, sitios, criterios)
    avisar(2, 4, "Calculando costos de referencia…")
    tabla = TablaCostos.cargar()
    orden = sorted(range(len(asignaciones)), key=lambda k: _orden(datos, asignaciones[k]))
    oportunidades = [
        _oportunidad(datos, tabla, asignaciones[k], n) for n, k in enumerate(orden, start=1)
    ]
    avisar(3, 4, "Resumiendo…")
    cubiertos = [0] * len(demandas)
    comprometidos = [0] * len(ofertas)
    for a in asignaciones:
        cubiertos[a.demanda] += a.eventos
        comprometidos[a.oferta] += a.eventos
    ofrecidos = {(p.producto, p.modalidad) for p in ofertas}
    pedidos = {(p.producto, p.modalidad) for p in demandas}
    sin_oferta = [j for j, p in enumerate(demandas) if (p.producto, p.modalidad) not in ofrecidos]
    faltan = [
        j
        for j, p in enumerate(demandas)
        if cubiertos[j] < p.eventos and (p.producto, p.modalidad) in ofrecidos
    ]
    permitidas = con_pareja_permitida(ofertas, demandas, sitios, criterios, faltan)
    sin_permitida = (
        MOTIVO_LEJOS.format(km=f"{max_km:g}") if max_km is not None else MOTIVO_MISMA_INSTITUCION
    )
    resumen = resumir(
        datos.demandas,
        datos.ofertas,
        [
            Cruce(
                asignaciones[k].demanda,
                asignaciones[k].oferta,
                o.eventos_cubiertos,
                o.valor_mensual,
            )
            for k, o in zip(orden, oportunidades, strict=True)
        ],
        entidad_de=lambda c: (datos.unidades[c].entidad, datos.unidades[c].entidad_nombre),
        grupo_de=lambda p: (datos.productos[p].grupo_clave, datos.productos[p].grupo),
        producto_de=lambda p: datos.productos[p].nombre,
        retirados=datos.excluidos_retirados,
    )
    avisar(4, 4, "Listo.")
    return Analisis(
        datos.alcance.descripcion,
        entidad,
        max_km,
        misma_institucion,
        ofertas_externas,
        datos.catalogo,
        datos.demostracion,
        datetime.now().replace(microsecond=0),
        tuple(oportunidades),
        resumen,
        tuple(_pendiente(datos, datos.demandas[j], 0, MOTIVO_SIN_OFERTA) for j in sin_oferta),
        tuple(
            _pendiente(
                datos,
                datos.demandas[j],
                cubiertos[j],
                MOTIVO_COMPROMETIDA if j in permitidas else sin_permitida,
            )
            for j in faltan
        ),
        tuple(
            _pendiente(datos, r, 0, MOTIVO_SIN_DEMANDA)
            for r in datos.ofertas
            if (r.producto, r.modalidad) not in pedidos
        ),
        tuple(datos.fondo),
    )


def pacientes_cubiertos(pacientes: int, cubiertos: int, requeridos: int) -> int:
    """Patients in proportion to the events covered, rounded half up, at
    least 1 when something is covered and never more than the patients."""
    if cubiertos <= 0:
        return 0
    return max(1, min(pacientes, (2 * pacientes * cubiertos + requeridos) // (2 * requeridos)))


def _oportunidad(datos: Datos, tabla: TablaCostos, a, numero: int) -> Oportunidad:
    d, o = datos.demandas[a.demanda], datos.ofertas[a.oferta]
    ud, uo, p = datos.unidades[d.clues], datos.unidades[o.clues], datos.productos[d.producto]
    costo = tabla.buscar(p.tipo_costo, uo.nivel)
    return Oportunidad(
        numero,
        ud.clues,
        ud.nombre,
        ud.institucion,
        ud.entidad,
        ud.entidad_nombre,
        ud.municipio_nombre,
        uo.clues,
        uo.nombre,
        uo.institucion,
        uo.entidad,
        uo.entidad_nombre,
        uo.municipio_nombre,
        p.clave,
        p.nombre,
        p.grupo,
        d.modalidad,
        a.eventos,
        d.eventos,
        o.eventos,
        pacientes_cubiertos(d.pacientes, a.eventos, d.eventos),
        d.pacientes,
        None if a.distancia_km is None else round(a.distancia_km, 1),
        a.cercania,
        p.tipo_costo,
        costo.nivel if costo else "",
        costo.costo_mxn if costo else None,
        costo.costo_mxn * a.eventos if costo else None,
        ud.latitud,
        ud.longitud,
        uo.latitud,
        uo.longitud,
    )


def _orden(datos: Datos, a) -> tuple:
    """Opportunities by entidad and unit in need, service group, product,
    modality, then nearest first."""
    d = datos.demandas[a.demanda]
    p = datos.productos[d.producto]
    distancia = a.distancia_km if a.distancia_km is not None else float("inf")
    return (
        datos.unidades[d.clues].entidad,
        d.clues,
        p.grupo,
        p.nombre,
        d.modalidad,
        distancia,
        datos.ofertas[a.oferta].clues,
    )


def _pendiente(datos: Datos, r: Renglon, cruzados: int, motivo: str) -> Pendiente:
    u, p = datos.unidades[r.clues], datos.productos[r.producto]
    return Pendiente(
        u.clues,
        u.nombre,
        u.institucion,
        u.entidad,
        u.entidad_nombre,
        p.clave,
        p.nombre,
        p.grupo,
        r.modalidad,
        r.eventos,
        cruzados,
        r.pacientes,
        r.causa or "",
        motivo,
    )
