"""Benchmarks of issue 9 (bitácora, backups, crash safety).
Run: python -m tests.rendimiento.robustez

A state coordination with the demonstration catalog and 60,000 records
(the national size of the 2021 diagnosis, in one database: the worst case),
so the bitácora holds 60,000+ entries. Measured:
- what start-up adds: ``abrir_al_iniciar`` (leftovers, exports, daily backup
  already made) against ``Almacen.abrir``;
- the daily backup when it is due (online backup API + quick_check);
- a backup (before an import or a catalog update) and a full restore
  (integrity_check, backup of the current database, copy, bitácora, rename);
- ``eyf bitacora`` queries: the newest page, a filter by unit, a day range;
- where the data folder lives (mountinfo read and parsed).
"""

from __future__ import annotations

import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from app.almacen.almacen import Almacen
from app.almacen.arranque import abrir_al_iniciar
from app.almacen.consulta_bitacora import consultar_bitacora, contar_bitacora
from app.almacen.modelos import Producto, Unidad
from app.almacen.respaldos import integridad, respaldar, respaldo_diario
from app.almacen.restauracion import restaurar
from app.almacen.sesion import lectura
from app.almacen.ubicacion import lugar_de
from app.captura.proceso import configurar, responder
from app.captura.registro import guardar_capturas
from app.captura.reglas import FilaCaptura
from tests.rendimiento.comun import medir, memoria_maxima_mb, resumen


def preparar(carpeta: Path) -> Almacen:
    almacen = Almacen.abrir(carpeta)
    configurar(almacen, "estatal", entidad="15", contrasena="demo-15", persona="Benchmark")
    responder(almacen, "15", "si", "demo-15")
    with lectura(almacen) as s:
        unidades = list(
            s.scalars(select(Unidad.clues).where(Unidad.entidad_clave == "15", Unidad.vigente))
        )
        productos = list(s.scalars(select(Producto.clave).where(Producto.vigente)))
    filas = []
    for n in range(40_000):  # 60,000 records: half of the rows have both kinds
        producto = productos[(n * 7919) % len(productos)]
        ambos = n % 2 == 0
        fila = FilaCaptura(
            producto, str(n % 40 + 1), None, "FP", str(n % 9 + 1) if ambos else None, None, "5"
        )
        filas.append((unidades[n % len(unidades)], fila))
    guardar_capturas(almacen, filas)
    return almacen


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        carpeta = base / "datos"
        t = time.perf_counter()
        almacen = preparar(carpeta)
        print(f"Preparar la base de prueba: {time.perf_counter() - t:.1f} s")
        almacen.cerrar()
        tamano = (carpeta / "eyf.sqlite3").stat().st_size / 2**20
        print(f"  base: {tamano:.1f} MB")

        tiempos = medir(lambda: abrir_al_iniciar(carpeta).almacen.cerrar(), 1)  # makes today's
        print(resumen("Arranque con el respaldo del día pendiente (se hace ahora)", tiempos))
        tiempos = medir(lambda: abrir_al_iniciar(carpeta).almacen.cerrar(), 20)
        print(resumen("Arranque con el respaldo del día ya hecho (abrir_al_iniciar)", tiempos))
        tiempos = medir(lambda: Almacen.abrir(carpeta).cerrar(), 20)
        print(resumen("  comparado con Almacen.abrir solo", tiempos))

        almacen = Almacen.abrir(carpeta)
        manana = datetime.now() + timedelta(days=1)
        contador = iter(range(1, 1000))
        tiempos = medir(
            lambda: respaldo_diario(
                almacen.ruta_bd, carpeta, ahora=manana + timedelta(days=next(contador))
            ),
            5,
        )
        print(resumen("Respaldo del día (API de respaldo en línea + quick_check)", tiempos))
        tiempos = medir(lambda: respaldar(almacen.ruta_bd, carpeta, "antes-de-importar"), 5)
        print(resumen("Respaldo antes de importar o de actualizar el catálogo", tiempos))
        respaldo = respaldar(almacen.ruta_bd, carpeta, "manual")
        tiempos = medir(lambda: integridad(respaldo), 3)
        print(resumen("  integrity_check de un respaldo", tiempos))

        total = contar_bitacora(almacen)
        print(f"Bitácora: {total:,} entradas")
        tiempos = medir(lambda: consultar_bitacora(almacen, limite=200), 20)
        print(resumen("  las 200 más recientes", tiempos, objetivo_ms=100))
        una = consultar_bitacora(almacen, limite=1)[0].clues
        tiempos = medir(lambda: consultar_bitacora(almacen, clues=una, limite=200), 20)
        print(resumen("  las de una unidad", tiempos, objetivo_ms=300))
        hoy = date.today()
        tiempos = medir(
            lambda: consultar_bitacora(
                almacen, desde=hoy, hasta=hoy, acciones=["captura_creada"], limite=200
            ),
            20,
        )
        print(resumen("  las de hoy de un tipo", tiempos, objetivo_ms=300))
        tiempos = medir(lambda: contar_bitacora(almacen, entidad="15"), 10)
        print(resumen("  contar las de la entidad", tiempos))
        almacen.cerrar()

        tiempos = medir(lambda: restaurar(carpeta, respaldo), 3)
        print(
            resumen("Restaurar (revisar, respaldar la actual, copiar, anotar, reemplazar)", tiempos)
        )
        tiempos = medir(lambda: lugar_de(carpeta), 200)
        print(resumen("Dónde vive la carpeta de datos (mountinfo)", tiempos, objetivo_ms=5))
        print(f"Memoria máxima del proceso: {memoria_maxima_mb():.0f} MB")


if __name__ == "__main__":
    main()
