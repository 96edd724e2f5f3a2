"""The columns of the exchange-opportunities view: the opportunities
themselves, the summary rows (by entidad, service group, product) and the
records left without partner. Numbers sort as numbers."""

from __future__ import annotations

from app.intercambio.analisis import NOMBRE_MODALIDAD, Oportunidad, Pendiente
from app.intercambio.resumen import FilaResumen
from app.texto import plegar
from ui.modelos.ordenable import ColumnaOrden
from ui.modelos.tabla import CENTRO, DERECHA

# Without coordinates the distance is unknown: after every known distance, nearest first.
_CERCANIA = {"mismo municipio": 1e7, "misma entidad": 2e7, "otra entidad": 3e7}


def modalidad(valor: str) -> str:
    return NOMBRE_MODALIDAD.get(valor, valor.capitalize())


def pesos(valor: int | None) -> str:
    return "—" if valor is None else f"${valor:,}"


def porcentaje(fraccion: float) -> str:
    return f"{fraccion * 100:.1f} %"


def distancia(o: Oportunidad) -> str:
    if o.distancia_km is None:
        return o.cercania
    return f"{o.distancia_km:,.1f} km"


def orden_distancia(o: Oportunidad) -> float:
    if o.distancia_km is not None:
        return o.distancia_km
    return _CERCANIA.get(o.cercania, 4e7)


def _sin_valor_al_final(valor: int | None) -> int:
    return -1 if valor is None else valor


def plegado(o: Oportunidad) -> str:
    """What the search box matches: both units, institutions, places, product."""
    return plegar(
        " ".join(
            (
                o.clues_demanda,
                o.unidad_demanda,
                o.institucion_demanda,
                o.entidad_demanda_nombre,
                o.municipio_demanda,
                o.clues_oferta,
                o.unidad_oferta,
                o.institucion_oferta,
                o.entidad_oferta_nombre,
                o.municipio_oferta,
                o.producto,
                o.producto_nombre,
                o.grupo,
                modalidad(o.modalidad),
            )
        )
    )


def _unidad_demanda(o: Oportunidad) -> str:
    return (
        f"{o.clues_demanda} {o.unidad_demanda}\n{o.institucion_demanda} · "
        f"{o.municipio_demanda or '(sin municipio)'}, {o.entidad_demanda_nombre}"
    )


def _unidad_oferta(o: Oportunidad) -> str:
    return (
        f"{o.clues_oferta} {o.unidad_oferta}\n{o.institucion_oferta} · "
        f"{o.municipio_oferta or '(sin municipio)'}, {o.entidad_oferta_nombre}"
    )


def _costo(o: Oportunidad) -> str:
    if o.costo_unitario is None:
        return "Sin costo de referencia para este producto (tabla IMSS 2025)."
    return f"{o.tipo_costo}, {o.nivel_costo.lower()}: ${o.costo_unitario:,} por evento."


ENTIDAD = 1  # the column hidden when every opportunity is in one entidad

COLUMNAS_OPORTUNIDADES = [
    ColumnaOrden("No.", lambda o: f"{o.numero:,}", DERECHA, orden=lambda o: o.numero),
    ColumnaOrden("Entidad", lambda o: o.entidad_demanda_nombre),
    ColumnaOrden(
        "Unidad que necesita",
        lambda o: f"{o.clues_demanda} {o.unidad_demanda}",
        ayuda=_unidad_demanda,
    ),
    ColumnaOrden(
        "Institución que necesita", lambda o: o.institucion_demanda, CENTRO, "Institución"
    ),
    ColumnaOrden(
        "Unidad que ofrece", lambda o: f"{o.clues_oferta} {o.unidad_oferta}", ayuda=_unidad_oferta
    ),
    ColumnaOrden("Institución que ofrece", lambda o: o.institucion_oferta, CENTRO, "Institución"),
    ColumnaOrden(
        "Producto",
        lambda o: o.producto_nombre,
        ayuda=lambda o: f"{o.producto} {o.producto_nombre}\nGrupo de servicio: {o.grupo}",
    ),
    ColumnaOrden("Modalidad", lambda o: modalidad(o.modalidad)),
    ColumnaOrden(
        "Eventos cubiertos de los requeridos",
        lambda o: f"{o.eventos_cubiertos:,} de {o.eventos_requeridos:,}",
        DERECHA,
        "Eventos",
        orden=lambda o: (o.eventos_cubiertos, o.eventos_requeridos),
        ayuda=lambda o: (
            f"Cubre {o.eventos_cubiertos:,} de los {o.eventos_requeridos:,} eventos mensuales que "
            f"necesita; la unidad que ofrece tiene {o.eventos_ofrecidos:,} de excedente."
        ),
    ),
    ColumnaOrden(
        "Pacientes (estimados)",
        lambda o: f"{o.pacientes:,}",
        DERECHA,
        "Pacientes",
        orden=lambda o: o.pacientes,
        ayuda=lambda o: (
            f"{o.pacientes:,} de {o.pacientes_requeridos:,} pacientes al mes, en proporción a "
            "los eventos cubiertos."
        ),
    ),
    ColumnaOrden(
        "Distancia",
        distancia,
        DERECHA,
        orden=orden_distancia,
        ayuda=lambda o: (
            "En línea recta entre las coordenadas de las dos unidades."
            if o.distancia_km is not None
            else "Una de las unidades no tiene coordenadas en el catálogo."
        ),
    ),
    ColumnaOrden(
        "Costo unitario de referencia (MXN)",
        lambda o: pesos(o.costo_unitario),
        DERECHA,
        "Costo unitario",
        orden=lambda o: _sin_valor_al_final(o.costo_unitario),
        ayuda=_costo,
    ),
    ColumnaOrden(
        "Valor mensual estimado (MXN)",
        lambda o: pesos(o.valor_mensual),
        DERECHA,
        "Valor mensual",
        orden=lambda o: _sin_valor_al_final(o.valor_mensual),
        ayuda=lambda o: (
            f"{o.eventos_cubiertos:,} eventos × ${o.costo_unitario:,}"
            if o.costo_unitario is not None
            else "Sin costo de referencia."
        ),
    ),
]


def columnas_resumen(titulo: str) -> list[ColumnaOrden]:
    return [
        ColumnaOrden(titulo, lambda f: f.nombre),
        ColumnaOrden(
            "Eventos faltantes al mes",
            lambda f: f"{f.eventos_faltantes:,}",
            DERECHA,
            "Faltantes",
            orden=lambda f: f.eventos_faltantes,
        ),
        ColumnaOrden(
            "Eventos que se pueden cubrir",
            lambda f: f"{f.eventos_cubiertos:,}",
            DERECHA,
            "Cubiertos",
            orden=lambda f: f.eventos_cubiertos,
        ),
        ColumnaOrden(
            "Potencial de intercambio",
            lambda f: porcentaje(f.potencial),
            DERECHA,
            "Potencial",
            orden=lambda f: f.potencial,
        ),
        ColumnaOrden(
            "Eventos excedentes al mes",
            lambda f: f"{f.eventos_excedentes:,}",
            DERECHA,
            "Excedentes",
            orden=lambda f: f.eventos_excedentes,
        ),
        ColumnaOrden(
            "Eventos excedentes que cubren algún faltante",
            lambda f: f"{f.eventos_comprometidos:,}",
            DERECHA,
            "Comprometidos",
            orden=lambda f: f.eventos_comprometidos,
        ),
        ColumnaOrden(
            "Oportunidades",
            lambda f: f"{f.oportunidades:,}",
            DERECHA,
            orden=lambda f: f.oportunidades,
        ),
        ColumnaOrden(
            "Valor mensual estimado (MXN)",
            lambda f: pesos(f.valor_mensual),
            DERECHA,
            "Valor mensual",
            orden=lambda f: f.valor_mensual,
        ),
    ]


def columnas_pendientes(faltantes: bool) -> list[ColumnaOrden]:
    cruzados = "Eventos cubiertos" if faltantes else "Eventos comprometidos"
    columnas = [
        ColumnaOrden(
            "Unidad médica",
            lambda p: f"{p.clues} {p.unidad}",
            ayuda=lambda p: f"{p.clues} {p.unidad}\n{p.institucion} · {p.entidad_nombre}",
        ),
        ColumnaOrden("Institución", lambda p: p.institucion, CENTRO),
        ColumnaOrden("Entidad", lambda p: p.entidad_nombre),
        ColumnaOrden(
            "Producto", lambda p: p.producto_nombre, ayuda=lambda p: f"{p.producto} · {p.grupo}"
        ),
        ColumnaOrden("Modalidad", lambda p: modalidad(p.modalidad)),
        ColumnaOrden(
            "Eventos al mes",
            lambda p: f"{p.eventos:,}",
            DERECHA,
            "Eventos",
            orden=lambda p: p.eventos,
        ),
        ColumnaOrden(
            cruzados,
            lambda p: f"{p.eventos_cruzados:,}",
            DERECHA,
            orden=lambda p: p.eventos_cruzados,
        ),
        ColumnaOrden(
            "Pacientes", lambda p: f"{p.pacientes:,}", DERECHA, orden=lambda p: p.pacientes
        ),
    ]
    if faltantes:
        columnas.append(ColumnaOrden("Causa", lambda p: p.causa))
    columnas.append(ColumnaOrden("Motivo", lambda p: p.motivo, ayuda=lambda p: p.motivo))
    return columnas


def plegado_resumen(f: FilaResumen) -> str:
    return plegar(f"{f.clave} {f.nombre}")


def plegado_pendiente(p: Pendiente) -> str:
    return plegar(
        f"{p.clues} {p.unidad} {p.institucion} {p.entidad_nombre} {p.producto} "
        f"{p.producto_nombre} {p.grupo} {modalidad(p.modalidad)} {p.causa} {p.motivo}"
    )
