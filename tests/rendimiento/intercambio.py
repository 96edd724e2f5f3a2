"""Exchange-opportunity benchmarks (issue 7). Run: python -m tests.rendimiento.intercambio

National size of the 2021 diagnosis: 20,754 excedentes and 38,787 faltantes
over 10,000 products and 10,000 units (target: matching < 5 s and < 1 GB
resident). The instance is synthetic and built in memory:

- 10,000 units around 42 Mexican cities (weighted by size, Gaussian spread
  of ~50 km), 2 % of them without coordinates, in six institutions;
- product popularity follows a Zipf law of exponent 0.75 (``--zipf``): the
  most popular product holds ~2 % of the records and the top ten ~10 %, as
  the «intervenciones más frecuentes» of the 2021 annual report;
- each record is ambulatorio, hospitalario or both; monthly events are
  log-normal (median 10, up to 500).

Also measured: the same matching end to end from a real SQLite database
(``analizar``: reading the captures, matching, costs, summary) and the
exports (XLSX, CSV, PDF annex).
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import random
import tempfile
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from app.intercambio.pares import Criterios, Sitio
from app.intercambio.transporte import Partida, asignar

EXCEDENTES = 20_754
FALTANTES = 38_787
PRODUCTOS = 10_000
UNIDADES = 10_000

# (latitude, longitude, entidad, weight): state capitals and large cities.
CIUDADES = [
    (19.43, -99.13, "09", 9),
    (20.67, -103.35, "14", 5),
    (25.67, -100.31, "19", 5),
    (19.04, -98.21, "21", 3),
    (19.29, -99.66, "15", 3),
    (32.51, -117.04, "02", 2),
    (21.12, -101.68, "11", 2),
    (31.69, -106.42, "08", 2),
    (25.54, -103.41, "05", 1.5),
    (20.59, -100.39, "22", 1.5),
    (22.15, -100.98, "24", 1.5),
    (20.97, -89.62, "31", 1.5),
    (32.62, -115.45, "02", 1),
    (21.88, -102.29, "01", 1),
    (18.92, -99.22, "17", 1),
    (28.63, -106.07, "08", 1),
    (25.42, -101.00, "05", 1),
    (29.07, -110.96, "26", 1),
    (24.80, -107.39, "25", 1),
    (19.70, -101.19, "16", 1.5),
    (19.17, -96.13, "30", 1.5),
    (19.54, -96.91, "30", 1.5),
    (17.99, -92.93, "27", 1.5),
    (16.75, -93.12, "07", 2),
    (17.07, -96.73, "20", 2.5),
    (16.85, -99.82, "12", 1.5),
    (17.55, -99.50, "12", 1.5),
    (24.03, -104.65, "10", 1),
    (21.50, -104.89, "18", 0.8),
    (22.77, -102.58, "32", 1),
    (19.24, -103.72, "06", 0.5),
    (24.14, -110.31, "03", 0.4),
    (19.85, -90.53, "04", 0.6),
    (18.50, -88.30, "23", 0.5),
    (21.16, -86.85, "23", 0.6),
    (20.10, -98.76, "13", 1.2),
    (19.31, -98.24, "29", 0.8),
    (23.74, -99.15, "28", 1),
    (26.09, -98.28, "28", 1),
    (23.25, -106.41, "25", 0.7),
    (14.91, -92.26, "07", 1),
    (16.74, -92.64, "07", 1.5),
]
INSTITUCIONES = [("IMB", 40), ("SSA", 25), ("IMS", 20), ("IST", 10), ("SDN", 3), ("PMX", 2)]


def sitios_sinteticos(n: int, azar: random.Random) -> list[Sitio]:
    pesos = list(itertools.accumulate(c[3] for c in CIUDADES))
    inst_pesos = list(itertools.accumulate(p for _, p in INSTITUCIONES))
    sitios = []
    for k in range(n):
        c = bisect.bisect(pesos, azar.random() * pesos[-1])
        lat, lon, entidad, _ = CIUDADES[c]
        inst = INSTITUCIONES[bisect.bisect(inst_pesos, azar.random() * inst_pesos[-1])][0]
        coordenadas = azar.random() >= 0.02
        sitios.append(
            Sitio(
                f"{entidad}{inst}{k:06d}",
                inst,
                entidad,
                f"{c:02d}{azar.randrange(8)}",
                lat + azar.gauss(0, 0.45) if coordenadas else None,
                lon + azar.gauss(0, 0.45) if coordenadas else None,
            )
        )
    return sitios


def partidas_sinteticas(
    sitios: Sequence[Sitio], registros: int, productos: int, zipf: float, azar: random.Random
) -> list[Partida]:
    """``registros`` distinct (unit, product) records, each split in its modalities."""
    pesos = list(itertools.accumulate(1 / (k + 1) ** zipf for k in range(productos)))
    vistos: set[tuple[int, int]] = set()
    partidas = []
    while len(vistos) < registros:
        u = azar.randrange(len(sitios))
        p = bisect.bisect(pesos, azar.random() * pesos[-1])
        if (u, p) in vistos:
            continue
        vistos.add((u, p))
        r = azar.random()
        modalidades = (
            ["ambulatorio"]
            if r < 0.55
            else ["hospitalario"]
            if r < 0.8
            else ["ambulatorio", "hospitalario"]
        )
        for m in modalidades:
            eventos = min(500, max(1, int(azar.lognormvariate(2.3, 1.0))))
            partidas.append(Partida(sitios[u].clues, f"P{p:05d}", m, eventos))
    return partidas


def instancia_nacional(zipf: float = 0.75, semilla: int = 2021):
    azar = random.Random(semilla)
    sitios = sitios_sinteticos(UNIDADES, azar)
    ofertas = partidas_sinteticas(sitios, EXCEDENTES, PRODUCTOS, zipf, azar)
    demandas = partidas_sinteticas(sitios, FALTANTES, PRODUCTOS, zipf, azar)
    return {s.clues: s for s in sitios}, ofertas, demandas


def base_nacional(carpeta: Path, zipf: float = 0.75, semilla: int = 2021):
    """A national installation over the demonstration catalog with the 2021
    volume of records (20,754 excedentes and 38,787 faltantes), inserted as if
    imported from bundles. The demonstration catalog is almost all
    IMSS-BIENESTAR, so between institutions only the Coahuila SSA units
    match; ``--misma-institucion`` is the realistic load."""
    from sqlalchemy import insert, select

    from app.almacen.almacen import Almacen
    from app.almacen.modelos import Captura, Producto, Unidad
    from app.almacen.sesion import lectura, transaccion
    from app.captura.proceso import configurar

    almacen = Almacen.abrir(carpeta)
    configurar(almacen, "nacional", persona="Rendimiento")
    with lectura(almacen) as s:
        unidades = list(
            s.scalars(select(Unidad.clues).where(Unidad.vigente).order_by(Unidad.clues))
        )
        productos = list(
            s.scalars(select(Producto.clave).where(Producto.vigente).order_by(Producto.clave))
        )
    azar = random.Random(semilla)
    pesos = list(itertools.accumulate(1 / (k + 1) ** zipf for k in range(len(productos))))
    azar.shuffle(productos)
    ahora = datetime.now()
    filas = []
    for tipo, cuantos in (("excedente", EXCEDENTES), ("faltante", FALTANTES)):
        vistos: set[tuple[str, str]] = set()
        while len(vistos) < cuantos:
            clues = unidades[azar.randrange(len(unidades))]
            producto = productos[bisect.bisect(pesos, azar.random() * pesos[-1])]
            if (clues, producto) in vistos:
                continue
            vistos.add((clues, producto))
            r = azar.random()
            amb = min(500, max(1, int(azar.lognormvariate(2.3, 1.0)))) if r < 0.75 else None
            hosp = min(500, max(1, int(azar.lognormvariate(2.0, 1.0)))) if r >= 0.55 else None
            filas.append(
                dict(
                    clues=clues,
                    producto_clave=producto,
                    tipo=tipo,
                    ambulatorio=amb,
                    hospitalario=hosp,
                    causa_clave="FE" if tipo == "faltante" else None,
                    pacientes=(amb or hosp),
                    creada_en=ahora,
                    modificada_en=ahora,
                    persona="",
                    paquete_id="rendimiento",
                )
            )
    with transaccion(almacen) as s:
        s.execute(insert(Captura), filas)
    return almacen


def main() -> None:
    from tests.rendimiento.comun import memoria_maxima_mb

    ap = argparse.ArgumentParser()
    ap.add_argument("--zipf", type=float, default=0.75)
    ap.add_argument("--repeticiones", type=int, default=3)
    ap.add_argument("--sin-base", action="store_true", help="solo la asignación en memoria")
    args = ap.parse_args()

    t = time.perf_counter()
    sitios, ofertas, demandas = instancia_nacional(args.zipf)
    print(
        f"Instancia sintética (zipf {args.zipf}): {len(ofertas):,} partidas ofrecidas, "
        f"{len(demandas):,} requeridas, generada en {time.perf_counter() - t:.2f} s"
    )
    for nombre, criterios in [
        ("entre instituciones", Criterios()),
        ("con --misma-institucion", Criterios(misma_institucion=True)),
        ("con --max-km 100", Criterios(max_km=100)),
    ]:
        tiempos = []
        for _ in range(args.repeticiones):
            t = time.perf_counter()
            r = asignar(ofertas, demandas, sitios, criterios)
            tiempos.append(time.perf_counter() - t)
        cubiertos = sum(a.eventos for a in r)
        total = sum(d.eventos for d in demandas)
        print(
            f"Asignación nacional {nombre}: mejor {min(tiempos):.2f} s, peor {max(tiempos):.2f} s; "
            f"{len(r):,} oportunidades, {cubiertos:,} de {total:,} eventos ({cubiertos / total:.1%})  (objetivo < 5 s)"
        )
    print(f"Memoria residente máxima: {memoria_maxima_mb():.0f} MB  (objetivo < 1024 MB)")
    if args.sin_base:
        return

    from app.intercambio.analisis import analizar
    from app.intercambio.anexo import escribir_anexo
    from app.intercambio.exportar import escribir_csv
    from app.intercambio.libro import escribir_libro

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        t = time.perf_counter()
        almacen = base_nacional(base / "datos", args.zipf)
        print(
            f"Base nacional de prueba (catálogo de demostración, 59,541 registros): {time.perf_counter() - t:.1f} s"
        )
        for nombre, opciones in (
            ("entre instituciones", {}),
            ("con --misma-institucion", {"misma_institucion": True}),
        ):
            tiempos = []
            for _ in range(args.repeticiones):
                t = time.perf_counter()
                a = analizar(almacen, **opciones)
                tiempos.append(time.perf_counter() - t)
            t_ = a.resumen.total
            print(
                f"analizar() {nombre} desde la base (lectura + asignación + costos + resumen): "
                f"mejor {min(tiempos):.2f} s, peor {max(tiempos):.2f} s; {t_.oportunidades:,} "
                f"oportunidades, potencial {t_.potencial:.1%}"
            )
        for nombre, escribir, archivo in (
            ("CSV", escribir_csv, "o.csv"),
            ("Libro XLSX", escribir_libro, "o.xlsx"),
            ("Anexo PDF", escribir_anexo, "o.pdf"),
        ):
            t = time.perf_counter()
            ruta = escribir(a, base / archivo)
            print(f"{nombre}: {time.perf_counter() - t:.1f} s, {ruta.stat().st_size / 1e6:.1f} MB")
        almacen.cerrar()
    print(f"Memoria residente máxima: {memoria_maxima_mb():.0f} MB  (objetivo < 1024 MB)")


if __name__ == "__main__":
    main()
