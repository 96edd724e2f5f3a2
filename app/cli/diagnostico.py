"""eyf diagnostico: the self-check for support, one line per check."""

from __future__ import annotations

import argparse
from datetime import datetime

from app import acerca
from app.cli.comun import en_json, imprimir_json
from app.diagnostico import Diagnostico, comprobar, linea
from app.rutas import carpeta_datos, origen_carpeta_datos


def registrar(sub, comun: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "diagnostico",
        help="revisa que EyF funcione en esta computadora (para el soporte técnico)",
        description=(
            "Revisa versiones, carpeta de datos, integridad de la base, migraciones, catálogo, "
            "escritura de un reporte PDF y firma y verificación de un paquete. Cada renglón dice "
            "«ok» o el problema y qué hacer. No cambia sus datos: lo que escribe para probar lo "
            "escribe en una carpeta temporal que luego borra. Resultado: 0 todo en orden, "
            "1 hay algún problema."
        ),
        parents=[comun],
    )
    p.set_defaults(funcion=orden_diagnostico)


def orden_diagnostico(args: argparse.Namespace) -> int:
    explicita = getattr(args, "datos", None)
    carpeta = carpeta_datos(explicita)
    origen = origen_carpeta_datos(explicita)
    url = getattr(args, "bd", None)
    momento = datetime.now().replace(microsecond=0)
    if en_json(args):
        d = Diagnostico(tuple(comprobar(carpeta, url, origen=origen)))
        imprimir_json(
            {
                "programa": acerca.NOMBRE,
                "version": acerca.VERSION,
                "fecha": momento,
                "ok": d.ok,
                "comprobaciones": list(d.comprobaciones),
            }
        )
        return 0 if d.ok else 1
    print(f"Diagnóstico de {acerca.NOMBRE} {acerca.VERSION}, {momento:%d/%m/%Y %H:%M}")
    problemas = 0
    for c in comprobar(carpeta, url, origen=origen):
        print(linea(c), flush=True)
        problemas += not c.ok
    if problemas:
        print(
            f"Resultado: {problemas} problema(s). Lea o envíe estos renglones al soporte técnico."
        )
        return 1
    print("Resultado: todo en orden.")
    return 0
