"""Shared helpers for the benchmark scripts (figures printed, never asserted)."""

from __future__ import annotations

import resource
import statistics
import time
from collections.abc import Callable


def medir(funcion: Callable[[], object], repeticiones: int) -> list[float]:
    """Wall-clock seconds of each call."""
    tiempos = []
    for _ in range(repeticiones):
        t = time.perf_counter()
        funcion()
        tiempos.append(time.perf_counter() - t)
    return tiempos


def resumen(nombre: str, tiempos: list[float], *, objetivo_ms: float | None = None) -> str:
    ms = sorted(t * 1000 for t in tiempos)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    linea = f"{nombre}: mediana {statistics.median(ms):.2f} ms, p95 {p95:.2f} ms, n={len(ms)}"
    if objetivo_ms is not None:
        linea += f"  (objetivo < {objetivo_ms:g} ms)"
    return linea


def memoria_maxima_mb() -> float:
    """Peak resident memory of this process, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
