"""Who covers whom: excedentes allocated to faltantes as a transportation
problem, solved exactly as a minimum-cost flow with LEMON's network simplex
(through ``pylmcf``), in whole numbers.

The problem splits into independent components, one per (producto,
modalidad): an excedente only covers faltantes of the same product and the
same modality. In every component the objective is lexicographic:

1. cover as many faltante events as possible, never promising more events of
   an excedente than it offers nor giving a faltante more than it needs;
2. among those allocations, the smallest total cost (events × metres; see
   ``pares`` for pairs without coordinates).

The flow network of a component: each excedente i supplies its events S_i,
each faltante j needs D_j. Arc i→j (cost: the pair's cost) for each allowed
pair; arc i→V (cost 0) takes what is left over; arc U→j (cost P) stands for
what stays uncovered; U→V closes the balance. ``P`` exceeds the cost of any
augmenting path, ``(min(E, F) + 1) × (largest allowed cost + 1)``, so no saving
in distance ever pays for an uncovered event: both levels are one minimum-cost
flow.

Large components (a popular product may have a million pairs) start from the
nearest partners of each unit and grow by **column generation**: the node
potentials of each solution price every allowed pair at once (reduced cost
``c_ij + π_i − π_j``); the most negative pairs of each unit are added and the
component is solved again, until no pair has a negative reduced cost.

Every solution is **certified** before it is used: the flows balance every
node within its capacities and the potentials satisfy complementary slackness
on every allowed pair (in the model or not). By linear-programming duality
that proves the allocation optimal over all allowed pairs, whatever the solver
did; a failed certificate is an internal error, never a wrong answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import nanobind_backend._nb_backend_v1  # noqa: F401  (pylmcf loads it from C; PyInstaller must see it)
import numpy as np
from pylmcf import Graph

from app.intercambio.pares import (
    COSTO_CERCANIA,
    Criterios,
    Sitio,
    TablaSitios,
)

MODALIDADES = ("ambulatorio", "hospitalario")

PARES_DIRECTOS = 20_000  # components with at most this many pairs get them all at once
CANDIDATOS = 4  # nearest partners of each unit to start a large component
AGREGAR = 4  # most negative pairs of each unit added per pricing round
BLOQUE = 250_000  # pairs per block when computing a cost matrix
LIMITE_COSTO_TOTAL = 2**62 // 64  # keeps the solver's sums far from int64 overflow


@dataclass(frozen=True, slots=True)
class Partida:
    """A unit's monthly events of one product in one modality (offered or needed)."""

    clues: str
    producto: str
    modalidad: str
    eventos: int


@dataclass(frozen=True, slots=True)
class Asignacion:
    """``eventos`` of demand ``demanda`` covered by offer ``oferta`` (list indices)."""

    demanda: int
    oferta: int
    eventos: int
    distancia_km: float | None  # None when a unit has no coordinates
    cercania: str  # pares.CERCANIA_KM or the municipio/entidad relation


class ErrorCertificado(RuntimeError):
    """The solver returned an allocation that is not provably optimal."""


def asignar(
    ofertas: Sequence[Partida],
    demandas: Sequence[Partida],
    sitios: Mapping[str, Sitio],
    criterios: Criterios | None = None,
) -> list[Asignacion]:
    """The optimal allocation of every component.

    Every ``clues`` of the partidas must be in ``sitios``. The result is sorted
    by demand index, then nearest first."""
    criterios = criterios or Criterios()
    tabla = TablaSitios([sitios[c] for c in sorted({p.clues for p in (*ofertas, *demandas)})])
    componentes = _componentes(ofertas, demandas, tabla)
    chicos = [c for c in componentes if c.E * c.F <= PARES_DIRECTOS]
    partes = [_resolver_juntos(chicos, tabla, criterios)] if chicos else []
    partes += [
        _resolver_grande(c, tabla, criterios) for c in componentes if c.E * c.F > PARES_DIRECTOS
    ]
    if not partes:
        return []
    o, d, eventos = (np.concatenate(x) for x in zip(*partes, strict=True))
    pos_o = np.array([tabla.posicion[ofertas[n].clues] for n in o.tolist()], dtype=np.int64)
    pos_d = np.array([tabla.posicion[demandas[n].clues] for n in d.tolist()], dtype=np.int64)
    km, relaciones = tabla.cercanias(pos_o, pos_d)
    orden_distancia = np.where(np.isnan(km), [COSTO_CERCANIA.get(r, 0.0) for r in relaciones], km)
    resultado = []
    for n in np.lexsort((o, orden_distancia, d)).tolist():
        distancia = None if np.isnan(km[n]) else float(km[n])
        resultado.append(
            Asignacion(int(d[n]), int(o[n]), int(eventos[n]), distancia, relaciones[n])
        )
    return resultado


@dataclass
class _Componente:
    """One (producto, modalidad): offers i = 0..E-1, demands j = 0..F-1."""

    idx_o: np.ndarray  # positions in the caller's lists
    idx_d: np.ndarray
    pos_o: np.ndarray  # positions in the TablaSitios
    pos_d: np.ndarray
    S: np.ndarray  # events offered / needed (int64)
    D: np.ndarray

    @property
    def E(self) -> int:
        return len(self.idx_o)

    @property
    def F(self) -> int:
        return len(self.idx_d)


def _componentes(ofertas, demandas, tabla: TablaSitios) -> list[_Componente]:
    """The (producto, modalidad) groups that have both an offer and a demand."""
    claves: dict[tuple[str, str], int] = {}
    lados = []
    for partidas in (ofertas, demandas):
        grupo = np.array(
            [claves.setdefault((p.producto, p.modalidad), len(claves)) for p in partidas],
            dtype=np.int64,
        )
        eventos = np.array([p.eventos for p in partidas], dtype=np.int64)
        pos = np.array([tabla.posicion[p.clues] for p in partidas], dtype=np.int64)
        utiles = np.nonzero(eventos > 0)[0]
        orden = utiles[np.argsort(grupo[utiles], kind="stable")]
        cuenta = np.bincount(grupo[orden], minlength=len(claves) + 1)
        lados.append((orden, np.cumsum(cuenta) - cuenta, cuenta, pos, eventos))
    (orden_o, ini_o, n_o, pos_o, ev_o), (orden_d, ini_d, n_d, pos_d, ev_d) = lados
    resultado = []
    for g in sorted(claves.values()):
        if g < len(n_o) and g < len(n_d) and n_o[g] and n_d[g]:
            io = orden_o[ini_o[g] : ini_o[g] + n_o[g]]
            jd = orden_d[ini_d[g] : ini_d[g] + n_d[g]]
            resultado.append(_Componente(io, jd, pos_o[io], pos_d[jd], ev_o[io], ev_d[jd]))
    return resultado


def _resolver_juntos(componentes, tabla, criterios) -> list:
    """Small components, every allowed pair, all in one network and one solve."""
    E = np.array([c.E for c in componentes])
    F = np.array([c.F for c in componentes])
    # Every (i, j) of every component, without a Python loop over pairs.
    k = np.repeat(np.arange(len(componentes)), E * F)
    t = np.arange(len(k)) - np.repeat(np.cumsum(E * F) - E * F, E * F)
    i, j = t // F[k], t % F[k]
    pos_o = np.concatenate([c.pos_o for c in componentes])
    pos_d = np.concatenate([c.pos_d for c in componentes])
    inicio_o, inicio_d = np.cumsum(E) - E, np.cumsum(F) - F
    km = tabla.costos(pos_o[inicio_o[k] + i], pos_d[inicio_d[k] + j], criterios)
    permitido = np.isfinite(km)
    k, i, j, km = k[permitido], i[permitido], j[permitido], km[permitido]
    red = _Red(componentes, _maximos(k, km, len(componentes)))
    costo = red.entero(km)
    flujo, pi = red.resolver(k, i, j, costo)
    red.certificar(k, i, j, costo, flujo, pi)
    con = np.nonzero(flujo[: len(k)] > 0)[0]
    todos_o = np.concatenate([c.idx_o for c in componentes])
    todos_d = np.concatenate([c.idx_d for c in componentes])
    k, i, j = k[con], i[con], j[con]
    return todos_o[inicio_o[k] + i], todos_d[inicio_d[k] + j], flujo[con]


def _resolver_grande(c: _Componente, tabla, criterios) -> list:
    """A large component by column generation over its full cost matrix."""
    km = np.empty((c.E, c.F))
    paso = max(1, BLOQUE // c.F)
    for a in range(0, c.E, paso):
        km[a : a + paso] = tabla.costos(c.pos_o[a : a + paso, None], c.pos_d[None, :], criterios)
    permitido = np.isfinite(km)
    red = _Red([c], np.array([km[permitido].max(initial=0.0)]))
    costos = np.where(permitido, red.entero(np.where(permitido, km, 0.0)), MAXIMO_ENTERO)
    del km
    en_modelo = np.zeros(costos.shape, dtype=bool)
    i, j = _mas_bajos(costos, CANDIDATOS)
    while True:
        en_modelo[i, j] = True
        i, j = np.nonzero(en_modelo)
        k = np.zeros(len(i), dtype=np.int64)
        flujo, pi = red.resolver(k, i, j, costos[i, j])
        reducidos = _reducidos(costos, pi, c.E, c.F, permitido & ~en_modelo)
        nuevos = _mas_bajos(reducidos, AGREGAR, limite=0)
        if not len(nuevos[0]):
            break
        i, j = nuevos
    red.certificar(k, i, j, costos[i, j], flujo, pi, fuera=reducidos)
    con = np.nonzero(flujo[: len(i)] > 0)[0]
    return c.idx_o[i[con]], c.idx_d[j[con]], flujo[con]


MAXIMO_ENTERO = np.iinfo(np.int64).max


def _reducidos(costos, pi, E, F, considerar) -> np.ndarray:
    """Reduced costs c_ij + π_i − π_j of the pairs to consider (others: max int)."""
    r = costos + pi[:E, None] - pi[None, E : E + F]
    return np.where(considerar, r, MAXIMO_ENTERO)


def _maximos(k: np.ndarray, valores: np.ndarray, n: int) -> np.ndarray:
    maximos = np.zeros(n)
    np.maximum.at(maximos, k, valores)
    return maximos


def _mas_bajos(
    m: np.ndarray, cuantos: int, limite: int = MAXIMO_ENTERO
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs among the ``cuantos`` lowest values of each row and of each
    column, when below ``limite``."""
    elegidos = np.zeros(m.shape, dtype=bool)
    for eje in (1, 0):
        if m.shape[eje] <= cuantos:
            elegidos |= m < limite
            continue
        parte = np.take(np.argpartition(m, cuantos - 1, axis=eje), range(cuantos), axis=eje)
        otro = np.arange(m.shape[1 - eje])
        otro = np.broadcast_to(otro[:, None] if eje == 1 else otro[None, :], parte.shape)
        filas, columnas = (otro, parte) if eje == 1 else (parte, otro)
        bajo = m[filas, columnas] < limite
        elegidos[filas[bajo], columnas[bajo]] = True
    return np.nonzero(elegidos)


class _Red:
    """Components side by side in one flow network (they share no node).

    Nodes of component k, from ``base[k]``: its E offers, its F demands, then
    U (uncovered) and V (left over)."""

    def __init__(self, componentes: list[_Componente], costo_maximo_km: np.ndarray) -> None:
        self.E = np.array([c.E for c in componentes])
        self.F = np.array([c.F for c in componentes])
        self.S = np.concatenate([c.S for c in componentes])
        self.D = np.concatenate([c.D for c in componentes])
        tamanos = self.E + self.F + 2
        self.base = np.cumsum(tamanos) - tamanos
        self.n = int(tamanos.sum())
        self.inicio_o, self.inicio_d = np.cumsum(self.E) - self.E, np.cumsum(self.F) - self.F
        tot_S = np.add.reduceat(self.S, self.inicio_o)
        tot_D = np.add.reduceat(self.D, self.inicio_d)
        # Cost unit: 1 m, or coarser if the sums could come near int64 limits
        # (only with millions of monthly events in one component).
        eventos = int(self.S.sum() + self.D.sum()) + 1
        self.unidad_m = 1
        while True:
            maximo = np.rint(costo_maximo_km * 1000 / self.unidad_m).astype(np.int64) + 1
            self.premio = (np.minimum(self.E, self.F) + 1) * maximo + 1
            if eventos * int(self.premio.max()) < LIMITE_COSTO_TOTAL:
                break
            self.unidad_m *= 10
        ko, kd = (
            np.repeat(np.arange(len(self.E)), self.E),
            np.repeat(np.arange(len(self.F)), self.F),
        )
        nodo_o = self.base[ko] + np.arange(len(ko)) - self.inicio_o[ko]
        nodo_d = self.base[kd] + self.E[kd] + np.arange(len(kd)) - self.inicio_d[kd]
        U = self.base + self.E + self.F
        V = U + 1
        self.oferta = np.zeros(self.n, dtype=np.int64)
        self.oferta[nodo_o], self.oferta[nodo_d] = self.S, -self.D
        self.oferta[U], self.oferta[V] = tot_D, -tot_S
        # Arcs every component has: i→V (left over), U→j (uncovered), U→V.
        self.fijos = (
            np.concatenate([nodo_o, U[kd], U]),
            np.concatenate([V[ko], nodo_d, V]),
            np.concatenate([self.S, self.D, tot_D]),
            np.concatenate(
                [np.zeros(len(ko), np.int64), self.premio[kd], np.zeros(len(U), np.int64)]
            ),
        )

    def entero(self, km: np.ndarray) -> np.ndarray:
        return np.rint(km * (1000 / self.unidad_m)).astype(np.int64)

    def arcos(self, k, i, j, costo):
        fi, ff, fc, fk = self.fijos
        return (
            np.concatenate([self.base[k] + i, fi]),
            np.concatenate([self.base[k] + self.E[k] + j, ff]),
            np.concatenate(
                [np.minimum(self.S[self.inicio_o[k] + i], self.D[self.inicio_d[k] + j]), fc]
            ),
            np.concatenate([costo, fk]),
        )

    def resolver(self, k, i, j, costo) -> tuple[np.ndarray, np.ndarray]:
        """Flows of every arc (the pairs first, in the order given) and node potentials."""
        inicio, fin, capacidad, costos = self.arcos(k, i, j, costo)
        orden = np.lexsort((fin, inicio))
        g = Graph(self.n, inicio[orden], fin[orden])
        g.set_node_supply(self.oferta)
        g.set_edge_costs(np.ascontiguousarray(costos[orden]))
        g.set_edge_capacities(np.ascontiguousarray(capacidad[orden]))
        g.solve()
        flujo = np.empty_like(costos)
        flujo[orden] = g.result()
        return flujo, g.raw_potentials()

    def certificar(self, k, i, j, costo, flujo, pi, fuera: np.ndarray | None = None) -> None:
        """Optimality over all allowed pairs, checked in whole numbers: flows
        balance every node within capacity; reduced costs are ≥ 0 on arcs
        that can still carry flow and ≤ 0 on arcs that carry flow; and the
        allowed pairs left out of the network (``fuera``) are all ≥ 0."""
        inicio, fin, capacidad, costos = self.arcos(k, i, j, costo)
        neto = np.bincount(inicio, flujo, self.n) - np.bincount(fin, flujo, self.n)
        reducido = costos + pi[inicio] - pi[fin]
        if (
            np.any(flujo < 0)
            or np.any(flujo > capacidad)
            or not np.array_equal(np.rint(neto).astype(np.int64), self.oferta)
            or np.any((flujo < capacidad) & (reducido < 0))
            or np.any((flujo > 0) & (reducido > 0))
            or (fuera is not None and np.any(fuera < 0))
        ):
            raise ErrorCertificado(
                "La asignación de intercambios no pasó la comprobación de optimalidad; "
                "no se muestra un resultado que podría ser incorrecto."
            )


def con_pareja_permitida(
    ofertas: Sequence[Partida],
    demandas: Sequence[Partida],
    sitios: Mapping[str, Sitio],
    criterios: Criterios,
    cuales: Sequence[int],
) -> set[int]:
    """Which of the demands ``cuales`` have at least one allowed offer of
    their product and modality (covered or not): tells «no offer allowed»
    from «the offer is already committed»."""
    tabla = TablaSitios([sitios[c] for c in sorted({p.clues for p in (*ofertas, *demandas)})])
    buscados: dict[tuple[str, str], list[int]] = {}
    for j in cuales:
        buscados.setdefault((demandas[j].producto, demandas[j].modalidad), []).append(j)
    posiciones: dict[tuple[str, str], list[int]] = {}
    for p in ofertas:
        clave = (p.producto, p.modalidad)
        if p.eventos > 0 and clave in buscados:
            posiciones.setdefault(clave, []).append(tabla.posicion[p.clues])
    resultado = set()
    for clave, js in buscados.items():
        if clave not in posiciones:
            continue
        pos_o = np.array(posiciones[clave])
        pos_d = np.array([tabla.posicion[demandas[j].clues] for j in js])
        paso = max(1, BLOQUE // len(pos_o))
        for a in range(0, len(js), paso):
            bloque = tabla.costos(pos_o[None, :], pos_d[a : a + paso, None], criterios)
            resultado.update(js[a + k] for k in np.nonzero(np.isfinite(bloque).any(axis=1))[0])
    return resultado
