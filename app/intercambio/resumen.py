"""The exchange potential and its breakdowns, as plain rows.

The potential is the share of faltante events that the excedentes can cover
(the 2021 national diagnosis found 17 %). Faltante and covered events count
where the demanding unit is; offered and committed events where the offering
unit is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from app.intercambio.datos import Renglon


@dataclass(frozen=True)
class FilaResumen:
    clave: str
    nombre: str
    eventos_faltantes: int
    eventos_cubiertos: int
    potencial: float  # eventos_cubiertos / eventos_faltantes (0 when there is no faltante)
    eventos_excedentes: int
    eventos_comprometidos: int  # offered events that cover some faltante
    oportunidades: int
    valor_mensual: int  # MXN, of the opportunities with a reference cost


@dataclass(frozen=True)
class Resumen:
    total: FilaResumen
    por_entidad: tuple[FilaResumen, ...]
    por_grupo: tuple[FilaResumen, ...]
    por_producto: tuple[FilaResumen, ...]
    unidades_con_faltante: int
    unidades_con_excedente: int
    unidades_cubiertas: int  # demanding units that get at least one event
    oportunidades_sin_costo: int  # opportunities whose product has no reference cost
    registros_retirados: int  # records of retired units or products, left out


@dataclass(frozen=True)
class Cruce:
    """One opportunity as the summary needs it."""

    demanda: int  # index in the demandas
    oferta: int  # index in the ofertas
    eventos: int
    valor: int | None


class _Cuenta:
    __slots__ = ("faltantes", "cubiertos", "excedentes", "comprometidos", "oportunidades", "valor")

    def __init__(self) -> None:
        self.faltantes = self.cubiertos = self.excedentes = self.comprometidos = 0
        self.oportunidades = self.valor = 0

    def fila(self, clave: str, nombre: str) -> FilaResumen:
        potencial = self.cubiertos / self.faltantes if self.faltantes else 0.0
        return FilaResumen(
            clave,
            nombre,
            self.faltantes,
            self.cubiertos,
            round(potencial, 4),
            self.excedentes,
            self.comprometidos,
            self.oportunidades,
            self.valor,
        )


def resumir(
    demandas: list[Renglon],
    ofertas: list[Renglon],
    cruces: Iterable[Cruce],
    *,
    entidad_de: Callable[[str], tuple[str, str]],  # clues -> (clave, nombre)
    grupo_de: Callable[[str], tuple[str, str]],  # producto -> (clave, nombre)
    producto_de: Callable[[str], str],  # producto -> nombre
    retirados: int = 0,
) -> Resumen:
    cruces = list(cruces)
    cuentas: dict[str, dict[str, _Cuenta]] = {
        d: defaultdict(_Cuenta) for d in ("total", "entidad", "grupo", "producto")
    }
    nombres: dict[str, dict[str, str]] = {d: {} for d in cuentas}

    def claves(r: Renglon) -> tuple[_Cuenta, ...]:
        ent, ent_nombre = entidad_de(r.clues)
        grp, grp_nombre = grupo_de(r.producto)
        resultado = []
        for dim, clave, nombre in (
            ("total", "", "Total"),
            ("entidad", ent, ent_nombre),
            ("grupo", grp, grp_nombre),
            ("producto", r.producto, producto_de(r.producto)),
        ):
            nombres[dim][clave] = nombre
            resultado.append(cuentas[dim][clave])
        return tuple(resultado)

    de_demanda = [claves(r) for r in demandas]
    de_oferta = [claves(r) for r in ofertas]
    for r, cs in zip(demandas, de_demanda, strict=True):
        for c in cs:
            c.faltantes += r.eventos
    for r, cs in zip(ofertas, de_oferta, strict=True):
        for c in cs:
            c.excedentes += r.eventos
    for x in cruces:
        for c in de_demanda[x.demanda]:
            c.cubiertos += x.eventos
            c.oportunidades += 1
            c.valor += x.valor or 0
        for c in de_oferta[x.oferta]:
            c.comprometidos += x.eventos

    def filas(dim: str) -> tuple[FilaResumen, ...]:
        orden = (
            sorted(cuentas[dim])
            if dim == "entidad"
            else sorted(cuentas[dim], key=lambda k: (nombres[dim][k], k))
        )
        return tuple(cuentas[dim][k].fila(k, nombres[dim][k]) for k in orden)

    total = (
        cuentas["total"][""].fila("", "Total") if cuentas["total"] else _Cuenta().fila("", "Total")
    )
    return Resumen(
        total,
        filas("entidad"),
        filas("grupo"),
        tuple(sorted(filas("producto"), key=lambda f: (-f.eventos_faltantes, f.nombre))),
        len({r.clues for r in demandas}),
        len({r.clues for r in ofertas}),
        len({demandas[x.demanda].clues for x in cruces}),
        sum(1 for x in cruces if x.valor is None),
        retirados,
    )
