"""Core benchmarks (issue «Núcleo»). Run: python -m tests.rendimiento.nucleo

- load the bundled demonstration catalog into a new database;
- product search over the whole catalog (target: median < 10 ms per query);
- one capture saved through the core with validation and commit (median < 20 ms);
- 60,000 captures (national size of the 2021 diagnosis) through the core's
  bulk path with every rule checked (target < 3 s).
"""

from __future__ import annotations

import itertools
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from app.almacen.almacen import Almacen
from app.almacen.modelos import Producto, Unidad
from app.almacen.sesion import lectura
from app.captura.proceso import configurar, responder
from app.captura.registro import guardar_capturas
from app.captura.reglas import FilaCaptura
from app.catalogo.consultas import buscar_productos, info
from tests.rendimiento.comun import medir, memoria_maxima_mb, resumen

CONSULTAS = [
    "cirugia",
    "colecistectomia",
    "ultrasonido",
    "biometria hematica",
    "consulta",
    "tomografia craneo",
    "placa simple",
    "terapia",
    "hemodialisis",
    "parto",
    "resina",
    "rodilla",
    "laparoscopica",
    "urgencias",
    "quimica sanguinea",
    "z",
    "artroscopia de hombro",
    "recien nacido",
    "xyzzy",
    "ortopedia",
]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        tiempos_carga = []
        for i in range(3):
            t = time.perf_counter()
            Almacen.abrir(base / f"carga-{i}").cerrar()
            tiempos_carga.append(time.perf_counter() - t)
        print(resumen("Cargar el catálogo de demostración en una base nueva", tiempos_carga))

        almacen = Almacen.abrir(base / "carga-0")
        i = info(almacen)
        print(
            f"  catálogo: {i.entidades} entidades, {i.unidades:,} unidades, {i.productos:,} productos"
        )

        consultas = itertools.cycle(CONSULTAS)
        tiempos = medir(lambda: buscar_productos(almacen, next(consultas)), 400)
        print(resumen("Búsqueda de productos en todo el catálogo", tiempos, objetivo_ms=10))

        configurar(almacen, "estatal", entidad="15", contrasena="demo-15", persona="Benchmark")
        responder(almacen, "15", "si", "demo-15")
        with lectura(almacen) as s:
            unidades = list(
                s.scalars(select(Unidad.clues).where(Unidad.entidad_clave == "15", Unidad.vigente))
            )
            productos = list(s.scalars(select(Producto.clave).where(Producto.vigente)))

        contador = itertools.count(1)

        def una_captura() -> None:
            n = next(contador)
            fila = FilaCaptura(
                productos[n % len(productos)],
                str(n % 50 + 1),
                None,
                "Falta de Equipo",
                None,
                None,
                "7",
            )
            guardar_capturas(almacen, [(unidades[n % 7], fila)])

        tiempos = medir(una_captura, 200)
        print(resumen("Guardar una captura (validación + transacción)", tiempos, objetivo_ms=20))

        # 60,000 records: 40,000 product rows, half of them with faltante and excedente.
        otra = Almacen.abrir(base / "lote")
        configurar(otra, "estatal", entidad="15", contrasena="demo-15")
        responder(otra, "15", "si", "demo-15")
        filas = []
        for n in range(40_000):
            clues = unidades[n % len(unidades)]
            producto = productos[(n * 7919) % len(productos)]
            ambos = n % 2 == 0
            filas.append(
                (
                    clues,
                    FilaCaptura(
                        producto,
                        str(n % 40 + 1),
                        None,
                        "FP",
                        str(n % 9 + 1) if ambos else None,
                        None,
                        str(n % 30 + 1),
                    ),
                )
            )
        t = time.perf_counter()
        r = guardar_capturas(otra, filas)
        duracion = time.perf_counter() - t
        print(
            f"60,000 capturas por la vía masiva (todas las reglas): {duracion:.2f} s, {r.creados:,} registros creados  (objetivo < 3 s)"
        )
        print(f"Memoria residente máxima: {memoria_maxima_mb():.0f} MB")


if __name__ == "__main__":
    main()
