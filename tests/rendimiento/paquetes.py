"""Bundle benchmarks (issue «Paquetes firmados»). Run:

    python -m tests.rendimiento.paquetes              # SQLite and, if installed, PostgreSQL
    python -m tests.rendimiento.paquetes --solo-sqlite

- Ed25519 signature and verification of 1 MB (reference figure);
- verifying one unit bundle of 100 records, every check (target: median < 50 ms);
- a state coordination of the demonstration catalog's largest entidad (México,
  1,248 units) importing 1,000 unit bundles holding 60,000 records in all,
  every check included: signature, hashes, canonical ZIP, catalog, CLUES,
  products, capture rules, trust, sequence, committed in groups of up to 100
  (target < 20 s on SQLite); the same on a real PostgreSQL server.

The 1,000 bundles are built with the export's own code (one key per unit),
not by 1,000 installations, which would take hours to set up.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select

from app.almacen.almacen import Almacen
from app.almacen.modelos import Captura, Catalogo, Entidad, Producto, Unidad
from app.almacen.sesion import lectura
from app.captura.proceso import configurar, responder
from app.captura.reglas import id_registro
from app.paquetes import bitacora as B
from app.paquetes import contenido as C
from app.paquetes import formato as F
from app.paquetes.datos import DatosExportacion
from app.paquetes.exportar import firmar_paquete
from app.paquetes.importar import importar
from app.paquetes.lector import leer_paquete
from app.paquetes.llaves import huella
from tests.rendimiento.comun import medir, memoria_maxima_mb, resumen

ENTIDAD = "15"
UNIDADES = 1_000
POR_UNIDAD = 60  # 60,000 records in all
CREADO = datetime(2026, 3, 2, 9, 30)


def _coordinacion(carpeta: Path, url: str | None = None) -> Almacen:
    almacen = Almacen.abrir(carpeta, url)
    configurar(
        almacen, "estatal", entidad=ENTIDAD, contrasena=f"demo-{ENTIDAD}", persona="Medición"
    )
    responder(almacen, ENTIDAD, "si", f"demo-{ENTIDAD}")
    return almacen


def _registros(clues: str, productos: list[str], n: int, desde: int) -> list[C.RegistroPaquete]:
    """``n`` records: products with a faltante, half of them with an excedente too."""
    registros: list[C.RegistroPaquete] = []
    for i in itertools.count():
        producto = productos[(desde + i * 7919) % len(productos)]
        pacientes = i % 30 + 1
        registros.append(
            C.RegistroPaquete(
                id_registro(clues, producto, "faltante"),
                clues,
                producto,
                "faltante",
                i % 40 + 1,
                None,
                "FP",
                pacientes,
                CREADO,
                CREADO,
                "Unidad",
                None,
            )
        )
        if len(registros) < n and i % 2 == 0:
            registros.append(
                C.RegistroPaquete(
                    id_registro(clues, producto, "excedente"),
                    clues,
                    producto,
                    "excedente",
                    None,
                    i % 9 + 1,
                    None,
                    pacientes,
                    CREADO,
                    CREADO,
                    "Unidad",
                    None,
                )
            )
        if len(registros) >= n:
            return registros[:n]
    raise AssertionError  # pragma: no cover


def _bundle(
    destino: Path, cat, entidad_nombre: str, clues: str, nombre: str, registros
) -> tuple[Path, str]:
    llave = Ed25519PrivateKey.generate()
    instalacion = str(uuid.uuid4())
    bitacora = [
        B.EntradaBitacora(
            instalacion,
            i,
            CREADO,
            "Unidad",
            "captura_creada",
            ENTIDAD,
            clues,
            f"{r.producto}/{r.tipo}",
            None,
            {
                "ambulatorio": r.ambulatorio,
                "hospitalario": r.hospitalario,
                "causa": r.causa,
                "pacientes": r.pacientes,
            },
        )
        for i, r in enumerate(registros, start=1)
    ]
    datos = DatosExportacion(
        "unidad",
        ENTIDAD,
        entidad_nombre,
        clues,
        nombre,
        (clues,),
        cat.periodo_anio,
        cat.version,
        cat.huella,
        registros,
        C.EstadoPaquete(
            C.EstadoEntidadPaquete("si", CREADO, "Unidad", False, None, ""), (), (), (), None
        ),
        bitacora,
        None,
        False,
    )
    _, miembros = firmar_paquete(
        datos,
        llave,
        instalacion=instalacion,
        persona="Unidad",
        secuencia=1,
        creado=CREADO,
        anterior=None,
        paquete=str(uuid.uuid4()),
    )
    ruta = destino / f"EyF-unidad-{clues}-00001.eyf"
    with open(ruta, "wb") as archivo:
        F.escribir_zip(miembros, archivo)
    return ruta, huella(llave.public_key())


def _generar(almacen: Almacen, destino: Path) -> tuple[list[Path], list[str], Path]:
    with lectura(almacen) as s:
        cat = s.get(Catalogo, 1)
        entidad_nombre = s.get(Entidad, ENTIDAD).nombre
        unidades = s.execute(
            select(Unidad.clues, Unidad.nombre)
            .where(Unidad.entidad_clave == ENTIDAD, Unidad.vigente)
            .order_by(Unidad.clues)
        ).all()[:UNIDADES]
        productos = list(
            s.scalars(select(Producto.clave).where(Producto.vigente).order_by(Producto.clave))
        )
    destino.mkdir()
    rutas, huellas = [], []
    for n, (clues, nombre) in enumerate(unidades):
        ruta, h = _bundle(
            destino, cat, entidad_nombre, clues, nombre, _registros(clues, productos, POR_UNIDAD, n)
        )
        rutas.append(ruta)
        huellas.append(h)
    clues, nombre = unidades[0]
    cien, _ = _bundle(
        destino.parent, cat, entidad_nombre, clues, nombre, _registros(clues, productos, 100, 0)
    )
    return rutas, huellas, cien


def _importar_todo(nombre: str, almacen: Almacen, rutas: list[Path], huellas: list[str]) -> None:
    t = time.perf_counter()
    prueba = importar(almacen, rutas, prueba=True, confiar=huellas)
    t_prueba = time.perf_counter() - t
    t = time.perf_counter()
    r = importar(almacen, rutas, confiar=huellas)
    duracion = time.perf_counter() - t
    with lectura(almacen) as s:
        total = s.scalar(select(func.count()).select_from(Captura))
    assert prueba.rechazados == 0 and r.rechazados == 0, [
        x.mensaje for x in r.resultados if not x.aceptado
    ][:3]
    print(
        f"{nombre}: importar {len(rutas):,} paquetes de unidad con {total:,} registros "
        f"(todas las comprobaciones; transacciones de hasta 100 paquetes): {duracion:.2f} s "
        f"({duracion / len(rutas) * 1000:.1f} ms por paquete)  (objetivo < 20 s)"
    )
    print(f"{nombre}: prueba (--prueba) de los mismos {len(rutas):,} paquetes: {t_prueba:.2f} s")
    t = time.perf_counter()
    r = importar(almacen, rutas)
    print(f"{nombre}: reimportar los {len(rutas):,} (sin cambios): {time.perf_counter() - t:.2f} s")


def main() -> None:
    opciones = argparse.ArgumentParser()
    opciones.add_argument("--solo-sqlite", action="store_true")
    solo_sqlite = opciones.parse_args().solo_sqlite

    llave = Ed25519PrivateKey.generate()
    mega = bytes(range(256)) * 4096
    firma = llave.sign(mega)
    publica = llave.public_key()
    print(resumen("Ed25519: firmar 1 MB", medir(lambda: llave.sign(mega), 50)))
    print(resumen("Ed25519: verificar 1 MB", medir(lambda: publica.verify(firma, mega), 50)))

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        t = time.perf_counter()
        sqlite = _coordinacion(base / "coordinacion")
        print(
            f"Coordinación de la entidad {ENTIDAD} con el catálogo de demostración: {time.perf_counter() - t:.1f} s"
        )
        t = time.perf_counter()
        rutas, huellas, cien = _generar(sqlite, base / "paquetes")
        megas = sum(r.stat().st_size for r in rutas) / F.MB
        print(
            f"Generados {len(rutas):,} paquetes ({megas:.1f} MB) en {time.perf_counter() - t:.1f} s"
        )

        tiempos = medir(lambda: leer_paquete(cien), 200)
        print(
            resumen(
                f"Verificar un paquete de 100 registros ({cien.stat().st_size / 1024:.0f} KB, todas las comprobaciones)",
                tiempos,
                objetivo_ms=50,
            )
        )
        _importar_todo("SQLite", sqlite, rutas, huellas)
        sqlite.cerrar()

        if not solo_sqlite:
            from tests.servidor_pg import ServidorPG, binarios

            if binarios() is None:
                print("PostgreSQL: no está instalado; se omite.")
            else:
                with ServidorPG(durable=True) as pg:  # fsync on: real figures
                    t = time.perf_counter()
                    servidor = _coordinacion(base / "coordinacion-pg", pg.crear_base())
                    print(
                        f"PostgreSQL: coordinación con el catálogo de demostración: {time.perf_counter() - t:.1f} s"
                    )
                    _importar_todo("PostgreSQL", servidor, rutas, huellas)
                    servidor.cerrar()
    print(f"Memoria residente máxima: {memoria_maxima_mb():.0f} MB")
    print(f"(mediana de verificación: {statistics.median(tiempos) * 1000:.2f} ms)", file=sys.stderr)


if __name__ == "__main__":
    main()
