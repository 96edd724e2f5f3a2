"""Report benchmarks (issue «Reportes»). Run: python -m tests.rendimiento.reportes

With the bundled demonstration catalog (real product names):

- a state report of 1,500 rows (the guide's example is 36 pages): target < 1 s;
- the national size, 60,000 rows in one report: target < 25 s and < 300 MB
  resident memory.

Each report is generated in a fresh process, so its peak resident memory is
its own (catalog and capture loading are not counted in it). Times are
split into the data query, the layout and the drawing.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from app.almacen.almacen import Almacen
from app.almacen.modelos import Producto, Unidad
from app.almacen.sesion import lectura
from app.captura.proceso import configurar, responder
from app.captura.registro import guardar_capturas
from app.captura.reglas import FilaCaptura
from tests.rendimiento.comun import memoria_maxima_mb


def memoria_propia_mb() -> float:
    """Peak resident memory of this process since it started (VmHWM on Linux).

    getrusage's figure is inherited from the parent across fork and exec, so a
    child started by a parent that loaded 60,000 captures would report the
    parent's peak as its own."""
    try:
        with open("/proc/self/status", encoding="ascii") as estado:
            for linea in estado:
                if linea.startswith("VmHWM:"):
                    return int(linea.split()[1]) / 1024
    except OSError:
        pass
    return memoria_maxima_mb()


ENTIDAD, CONTRASENA = "15", "demo-15"  # Estado de México: the most units
CAUSAS = ["CS", "FE", "FI", "FP"]


def preparar(carpeta: Path, renglones: int, unidades_n: int) -> None:
    """A state coordination with ``renglones`` report rows: each product row of
    a unit gives three (faltante ambulatorio and hospitalario, excedente ambulatorio)."""
    almacen = Almacen.abrir(carpeta)
    configurar(almacen, "estatal", entidad=ENTIDAD, contrasena=CONTRASENA, persona="Rendimiento")
    responder(almacen, ENTIDAD, "si", CONTRASENA)
    with lectura(almacen) as s:
        unidades = list(
            s.scalars(select(Unidad.clues).where(Unidad.entidad_clave == ENTIDAD, Unidad.vigente))
        )[:unidades_n]
        productos = list(s.scalars(select(Producto.clave).where(Producto.vigente)))
    azar = random.Random(5)
    filas, vistos = [], set()
    while len(filas) * 3 < renglones:
        clues, producto = azar.choice(unidades), azar.choice(productos)
        if (clues, producto) in vistos:
            continue
        vistos.add((clues, producto))
        filas.append(
            (
                clues,
                FilaCaptura(
                    producto,
                    azar.randint(1, 400),
                    azar.randint(1, 90),
                    azar.choice(CAUSAS),
                    azar.randint(1, 300),
                    None,
                    azar.randint(1, 500),
                ),
            )
        )
    guardar_capturas(almacen, filas)
    almacen.cerrar()


def medir_en_este_proceso(carpeta: Path, version: str, repeticiones: int) -> None:
    """Child process: generate the report, print one line of figures."""
    from app.captura.cierre import finalizar
    from app.reportes.contenido import maquetar
    from app.reportes.datos import datos_reporte
    from app.reportes.dibujo import dibujar

    almacen = Almacen.abrir(carpeta)
    if version == "final":
        finalizar(almacen, ENTIDAD, CONTRASENA)
    base = memoria_propia_mb()
    totales, partes = [], []
    for _ in range(repeticiones):
        salida = carpeta / f"reporte-{version}.pdf"
        t0 = time.perf_counter()
        datos = datos_reporte(almacen, ENTIDAD)
        t1 = time.perf_counter()
        maqueta = maquetar(datos, version, impreso_en=datetime.now(), huella="AAAA BBBB CCCC")
        t2 = time.perf_counter()
        with salida.open("wb") as archivo:
            paginas = dibujar(maqueta, archivo)
        t3 = time.perf_counter()
        totales.append(t3 - t0)
        partes.append((t1 - t0, t2 - t1, t3 - t2))
    mejor = partes[totales.index(min(totales))]
    print(
        f"{datos.renglones} {paginas} {statistics.median(totales):.3f} {min(totales):.3f} "
        f"{mejor[0]:.3f} {mejor[1]:.3f} {mejor[2]:.3f} {memoria_propia_mb():.0f} {base:.0f} "
        f"{salida.stat().st_size}"
    )


def medir(carpeta: Path, version: str, repeticiones: int) -> list[str]:
    orden = [sys.executable, "-m", "tests.rendimiento.reportes", "--medir", str(carpeta), version]
    orden += ["--repeticiones", str(repeticiones)]
    salida = subprocess.run(orden, capture_output=True, text=True, check=True).stdout
    return salida.split()


def informe(nombre: str, cifras: list[str], objetivo_s: float, objetivo_mb: float | None) -> str:
    renglones, paginas, mediana, mejor, consulta, maqueta, dibujo, rss, base, tamano = cifras
    linea = (
        f"{nombre}: {int(renglones):,} renglones, {int(paginas):,} páginas, "
        f"{int(tamano) / 1e6:.1f} MB de PDF\n"
        f"  tiempo: mediana {float(mediana):.2f} s, mejor {float(mejor):.2f} s "
        f"(consulta {float(consulta):.2f} s, maquetado {float(maqueta):.2f} s, "
        f"dibujo {float(dibujo):.2f} s)  (objetivo < {objetivo_s:g} s)\n"
        f"  memoria residente máxima: {rss} MB (antes del reporte: {base} MB)"
    )
    if objetivo_mb:
        linea += f"  (objetivo < {objetivo_mb:g} MB)"
    return linea


def main() -> None:
    analizador = argparse.ArgumentParser()
    analizador.add_argument("--medir", nargs=2, metavar=("CARPETA", "VERSION"))
    analizador.add_argument("--repeticiones", type=int, default=1)
    args = analizador.parse_args()
    if args.medir:
        medir_en_este_proceso(Path(args.medir[0]), args.medir[1], args.repeticiones)
        return
    with tempfile.TemporaryDirectory() as tmp:
        estatal, nacional = Path(tmp) / "estatal", Path(tmp) / "nacional"
        preparar(estatal, 1_500, 63)  # the guide's example: 63 units report
        preparar(nacional, 60_000, 10_000)
        print(informe("Reporte estatal preliminar", medir(estatal, "preliminar", 5), 1, None))
        print(informe("Reporte estatal final", medir(estatal, "final", 5), 1, None))
        print(informe("Tamaño nacional, preliminar", medir(nacional, "preliminar", 1), 25, 300))
        print(informe("Tamaño nacional, final", medir(nacional, "final", 1), 25, 300))


if __name__ == "__main__":
    main()
