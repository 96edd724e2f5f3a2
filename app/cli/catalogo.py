"""eyf catalogo info | buscar | importar | exportar | cifrar-contrasena"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from app.captura.contrasenas import cifrar
from app.catalogo.consultas import buscar_productos, info
from app.catalogo.importar import exportar_catalogo, importar_catalogo
from app.cli.comun import (
    abrir,
    agregar_confirmacion,
    confirmar,
    en_json,
    imprimir_json,
    imprimir_tabla,
)
from app.errores import ErrorUso


def registrar(sub, comun: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "catalogo",
        help="el catálogo local: información, búsqueda, importar, exportar",
        parents=[comun],
    )
    ordenes = p.add_subparsers(title="órdenes", metavar="ORDEN", required=True)

    o = ordenes.add_parser(
        "info", help="nombre, versión, periodo y tamaño del catálogo", parents=[comun]
    )
    o.set_defaults(funcion=orden_info)

    o = ordenes.add_parser(
        "buscar", help="busca productos (sin importar acentos ni mayúsculas)", parents=[comun]
    )
    o.add_argument("texto", nargs="+", help="palabras a buscar, p. ej. cirugia menor")
    o.add_argument("--grupo", help="solo en este grupo de servicio (clave)")
    o.add_argument(
        "--limite", type=int, default=50, help="máximo de resultados (0: todos; por omisión 50)"
    )
    o.set_defaults(funcion=orden_buscar)

    o = ordenes.add_parser(
        "importar",
        help="carga un catálogo (carpeta o .zip, formato eyf-catalogo/1)",
        parents=[comun],
    )
    o.add_argument("ruta", type=Path)
    agregar_confirmacion(o)
    o.set_defaults(funcion=orden_importar)

    o = ordenes.add_parser(
        "exportar", help="escribe el catálogo cargado (.zip o carpeta)", parents=[comun]
    )
    o.add_argument("ruta", type=Path)
    o.set_defaults(funcion=orden_exportar)

    o = ordenes.add_parser(
        "cifrar-contrasena",
        help="cifra una contraseña para la columna «contrasena» de entidades.csv",
        parents=[comun],
    )
    o.set_defaults(funcion=orden_cifrar)


def orden_info(args) -> int:
    almacen = abrir(args)
    i = info(almacen)
    if en_json(args):
        imprimir_json(i)
        return 0
    print(
        f"{i.nombre}, versión {i.version}"
        + ("  (Catálogo de demostración)" if i.demostracion else "")
    )
    print(
        f"Captura del periodo {i.periodo_anio}: del {i.periodo_inicio:%d/%m/%Y} al {i.periodo_fin:%d/%m/%Y}"
    )
    print(
        f"Entidades: {i.entidades:,}   Unidades médicas: {i.unidades:,}   Productos: {i.productos:,}"
    )
    print(
        f"Servicios: {i.servicios}   Grupos de servicio: {i.grupos}   Especialidades troncales: {i.especialidades}   Causas: {i.causas}"
    )
    print(f"Huella: {i.huella[:16]}   Cargado: {i.cargado_en:%d/%m/%Y %H:%M} UTC")
    return 0


def orden_buscar(args) -> int:
    almacen = abrir(args)
    encontrados = buscar_productos(
        almacen, " ".join(args.texto), grupo=args.grupo, limite=args.limite or None
    )
    if en_json(args):
        imprimir_json(encontrados)
        return 0
    if not encontrados:
        print("Ningún producto coincide. Pruebe con menos palabras o sin abreviaturas.")
        return 0
    imprimir_tabla(
        ["Clave", "Producto", "Unidad de medida", "Grupo", "Especialidad"],
        [[p.clave, p.nombre, p.unidad_medida, p.grupo, p.especialidad] for p in encontrados],
    )
    return 0


def orden_importar(args) -> int:
    almacen = abrir(args)
    if almacen.tiene_catalogo() and not confirmar(
        args, f"¿Reemplazar el catálogo cargado por {args.ruta}? (las capturas se conservan)"
    ):
        print("No se cambió nada.")
        return 0
    r = importar_catalogo(almacen, args.ruta)
    if en_json(args):
        imprimir_json(r)
        return 0
    print(
        f"Catálogo cargado: {r.nombre}, versión {r.version}"
        + ("  (Catálogo de demostración)" if r.demostracion else "")
    )
    for nombre in r.agregados:
        a, u, t = r.agregados[nombre], r.actualizados[nombre], r.retirados[nombre]
        if a or u or t:
            print(f"  {nombre}: {a:,} nuevos, {u:,} actualizados, {t:,} retirados")
    if r.capturas_marcadas:
        print(
            f"Atención: {r.capturas_marcadas:,} registro(s) quedan marcados porque su producto o su unidad ya no está en el catálogo; se conservan."
        )
    if r.respaldo:
        print(f"Respaldo previo: {r.respaldo}")
    return 0


def orden_exportar(args) -> int:
    ruta = exportar_catalogo(abrir(args), args.ruta)
    print(f"Catálogo exportado en {ruta}")
    return 0


def orden_cifrar(args) -> int:
    if sys.stdin.isatty():
        primera = getpass.getpass("Contraseña nueva: ")
        if getpass.getpass("Repítala: ") != primera:
            raise ErrorUso("Las dos contraseñas no coinciden.")
    else:
        primera = sys.stdin.readline().rstrip("\n")
    if len(primera) < 6:
        raise ErrorUso("La contraseña debe tener al menos 6 caracteres.")
    print(cifrar(primera))
    return 0
