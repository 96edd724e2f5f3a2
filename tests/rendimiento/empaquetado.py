"""Packaging figures (issue 8). Run:

    python -m tests.rendimiento.empaquetado [--dist DIR] [--construir] [--veces N]

With --construir it first builds the Linux packages into DIR (``sh
empaquetado/construir_linux.sh --salida DIR``, the release compression);
otherwise it measures an existing build (``DIR/eyf`` and ``DIR/cifras.json``).

Prints the sizes (folder, .tar.gz, .deb; targets < 130 MiB and < 60 MiB),
what takes the room, and the frozen program's start times, wall clock from
the process start as a person sees it:

- ``eyf --version`` (the interpreter and the ``eyf`` order set);
- to the tablero painted (``EYF_MEDIR_ARRANQUE``, offscreen), with the data
  folder already made (target < 1 s). The first run right after the build
  is the «cold» one (files not yet in the page cache, as after a reboot); the
  next ones are warm.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[2]


def _mib(n: int) -> float:
    return n / 2**20


def _tamano(ruta: Path) -> int:
    return sum(p.lstat().st_size for p in ruta.rglob("*") if p.is_file() and not p.is_symlink())


def _entorno(casa: Path, **extra: str) -> dict[str, str]:
    entorno = {k: v for k, v in os.environ.items() if k != "EYF_DATOS"}
    entorno.update(HOME=str(casa), QT_QPA_PLATFORM="offscreen", **extra)
    return entorno


def _cpu_hijos() -> float:
    uso = resource.getrusage(resource.RUSAGE_CHILDREN)
    return uso.ru_utime + uso.ru_stime


def _cronometrar(orden: list[str], entorno: dict[str, str], marca: str | None = None) -> float:
    """Seconds from launching the process to ``marca`` on its output (or to its end)."""
    inicio = time.perf_counter()
    p = subprocess.Popen(
        orden, env=entorno, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    if marca is None:
        p.communicate(timeout=120)
        return time.perf_counter() - inicio
    assert p.stdout is not None
    for linea in p.stdout:
        if marca in linea:
            transcurrido = time.perf_counter() - inicio
            p.communicate(timeout=120)
            return transcurrido
    p.wait(timeout=120)
    raise RuntimeError(f"«{marca}» no apareció: {p.stderr.read() if p.stderr else ''}")


def tamanos(dist: Path) -> None:
    carpeta = dist / "eyf"
    cifras = json.loads((dist / "cifras.json").read_text(encoding="utf-8"))
    print(f"Carpeta del programa: {_mib(_tamano(carpeta)):.1f} MiB  (objetivo < 130 MiB)")
    print(f".tar.gz: {cifras['tar_gz_mib']:.1f} MiB  (objetivo < 60 MiB)")
    print(f".deb:    {cifras['deb_mib']:.1f} MiB  (objetivo < 60 MiB)")
    interno = carpeta / "_internal"
    partes = {
        "Qt y PySide6": [interno / "PySide6", interno / "shiboken6"],
        "numpy": [interno / "numpy", interno / "numpy.libs"],
        "cryptography": [interno / "cryptography"],
        "Pillow (para reportlab)": [interno / "PIL", interno / "pillow.libs"],
        "Python": [interno / "python3.11", interno / "base_library.zip"],
        "recursos": [interno / "recursos"],
    }
    contados = 0
    for nombre, rutas in partes.items():
        n = sum(_tamano(r) if r.is_dir() else r.stat().st_size for r in rutas if r.exists())
        contados += n
        print(f"  {nombre:<26} {_mib(n):6.1f} MiB")
    print(f"  {'el resto':<26} {_mib(_tamano(carpeta) - contados):6.1f} MiB")


def arranques(dist: Path, veces: int) -> None:
    carpeta = dist / "eyf"
    with tempfile.TemporaryDirectory(prefix="eyf-arranque-") as t:
        casa, datos = Path(t) / "casa", Path(t) / "datos"
        entorno = _entorno(casa)
        # a double click: no arguments (the data folder comes from EYF_DATOS)
        ventana = _entorno(casa, EYF_MEDIR_ARRANQUE="1", EYF_DATOS=str(datos))
        orden_ventana = [str(carpeta / "eyf")]
        # first run of all: cold files, and the data folder made (catalog loaded)
        primero = _cronometrar(orden_ventana, ventana, "tablero pintado")
        print(f"Primer arranque (crea la base y carga el catálogo): {primero:.2f} s")
        version = [_cronometrar([str(carpeta / "eyf"), "--version"], entorno) for _ in range(veces)]
        print(
            f"eyf --version: mediana {statistics.median(version):.2f} s, "
            f"mínimo {min(version):.2f} s, n={veces}"
        )
        tablero, cpu = [], []
        for _ in range(veces):
            antes = _cpu_hijos()
            tablero.append(_cronometrar(orden_ventana, ventana, "tablero pintado"))
            cpu.append(_cpu_hijos() - antes)
        print(
            f"Arranque hasta el tablero pintado: mediana {statistics.median(tablero):.2f} s, "
            f"mínimo {min(tablero):.2f} s, n={veces}  (objetivo < 1 s)"
        )
        print(
            f"  tiempo de procesador de todo el proceso (arranque, tablero y cierre): "
            f"mediana {statistics.median(cpu):.2f} s"
        )
    carga = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"(carga del equipo al medir: {carga:.1f} en {os.cpu_count()} núcleos)")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--dist", type=Path, default=RAIZ / "dist")
    p.add_argument("--construir", action="store_true")
    p.add_argument("--veces", type=int, default=5)
    args = p.parse_args(argv)
    if args.construir:
        entorno = dict(os.environ, EYF_PYTHON=sys.executable)
        subprocess.run(
            ["sh", str(RAIZ / "empaquetado" / "construir_linux.sh"), "--salida", str(args.dist)],
            check=True,
            env=entorno,
        )
    tamanos(args.dist)
    arranques(args.dist, args.veces)
    return 0


if __name__ == "__main__":
    sys.exit(main())
