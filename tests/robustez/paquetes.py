"""Real signed bundles for the robustness tests: units that capture and
export twice (a first bundle and a newer one), and a state coordination that
imports them."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from app.almacen.almacen import Almacen
from app.captura.registro import registrar
from app.paquetes.exportar import exportar
from tests import fabricas

UNIDADES = ("CLSSA000581", "CLSSA002343", "CLIMS000010")


@dataclass(frozen=True)
class Paquetes:
    primeros: tuple[Path, ...]  # one bundle per unit, sequence 1
    segundos: tuple[Path, ...]  # the same units, sequence 2 (other data)
    huellas: tuple[str, ...]
    coordinacion: Path  # a closed data folder of the state coordination
    unidad: Path  # a closed data folder of the first unit (for exports)
    esperado: dict[str, dict[str, set[tuple]]]  # "1"/"2" → clues → records


def registros(almacen: Almacen, clues: str) -> set[tuple]:
    from app.captura.consultas import listar_capturas

    return {
        (c.clues, c.producto, c.tipo, c.ambulatorio, c.hospitalario, c.pacientes)
        for c in listar_capturas(almacen, clues=clues)
    }


def armar(carpeta: Path, catalogo: Path) -> Paquetes:
    salida = carpeta / "paquetes"
    salida.mkdir(parents=True)
    primeros, segundos, huellas = [], [], []
    esperado: dict[str, dict[str, set[tuple]]] = {"1": {}, "2": {}}
    for n, clues in enumerate(UNIDADES):
        a = fabricas.almacen_con_catalogo(carpeta / f"unidad-{clues}", catalogo)
        fabricas.preparar_captura(
            a, modo="unidad", entidad="05", clues=clues, persona=f"Unidad {n}"
        )
        registrar(
            a, clues, "EST-ODO-0001", faltante_ambulatorio=str(n + 1), causa="FE", pacientes="7"
        )
        registrar(a, clues, "IMA-USG-0001", excedente_ambulatorio="9", pacientes="70")
        esperado["1"][clues] = registros(a, clues)
        r1 = exportar(a, salida / f"{clues}-1.eyf")
        registrar(a, clues, "EST-ODO-0001", faltante_ambulatorio=str(n + 50))
        registrar(a, clues, "CIR-GEN-0001", faltante_hospitalario="2", causa="FP", pacientes="2")
        esperado["2"][clues] = registros(a, clues)
        r2 = exportar(a, salida / f"{clues}-2.eyf")
        a.cerrar()
        primeros.append(r1.ruta)
        segundos.append(r2.ruta)
        huellas.append(r1.huella)
    coordinacion = carpeta / "coordinacion"
    a = fabricas.almacen_con_catalogo(coordinacion, catalogo)
    fabricas.preparar_captura(a, persona="Ana Pérez")
    a.cerrar()
    return Paquetes(
        tuple(primeros),
        tuple(segundos),
        tuple(huellas),
        coordinacion,
        carpeta / f"unidad-{UNIDADES[0]}",
        esperado,
    )


def copia(origen: Path, destino: Path) -> Path:
    if destino.exists():
        shutil.rmtree(destino)
    shutil.copytree(origen, destino)
    return destino
