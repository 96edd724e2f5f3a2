"""eyf captura registrar | listar | borrar"""

from __future__ import annotations

import argparse

from app.captura.consultas import listar_capturas
from app.captura.registro import borrar
from app.captura.registro import registrar as registrar_captura
from app.catalogo.consultas import entidad_existente, unidad_existente
from app.cli.comun import (
    abrir,
    agregar_confirmacion,
    confirmar,
    en_json,
    imprimir_json,
    imprimir_tabla,
)


def registrar(sub, comun: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "captura", help="Paso 6: registrar, listar y borrar excedentes y faltantes", parents=[comun]
    )
    ordenes = p.add_subparsers(title="órdenes", metavar="ORDEN", required=True)

    o = ordenes.add_parser(
        "registrar",
        help="registra o cambia el faltante y/o excedente de un producto en una unidad",
        description="Cada opción dada cambia ese valor; las no dadas conservan lo guardado. "
        'Un valor vacío ("") borra ese dato. Las cantidades son eventos o pacientes mensuales, '
        "números enteros de 1 en adelante.",
        parents=[comun],
    )
    o.add_argument("--clues", required=True)
    o.add_argument(
        "--producto",
        required=True,
        metavar="CLAVE",
        help="clave del producto («eyf catalogo buscar» la muestra)",
    )
    o.add_argument("--faltante-ambulatorio", metavar="N")
    o.add_argument("--faltante-hospitalario", metavar="N")
    o.add_argument(
        "--causa",
        metavar="TEXTO",
        help="causa principal del faltante: Carencia de Servicio, Falta de Equipo, Falta de Insumos o Falta de Personal (o su clave)",
    )
    o.add_argument("--excedente-ambulatorio", metavar="N")
    o.add_argument("--excedente-hospitalario", metavar="N")
    o.add_argument(
        "--pacientes",
        metavar="N",
        help="pacientes mensuales (obligatorio con faltante o excedente)",
    )
    o.set_defaults(funcion=orden_registrar)

    o = ordenes.add_parser(
        "listar", help="lista los registros (un renglón por producto y tipo)", parents=[comun]
    )
    o.add_argument("--clues")
    o.add_argument("--entidad", metavar="CC")
    o.add_argument("--buscar", default="", metavar="TEXTO")
    o.set_defaults(funcion=orden_listar)

    o = ordenes.add_parser(
        "borrar", help="borra el registro de un producto en una unidad", parents=[comun]
    )
    o.add_argument("--clues", required=True)
    o.add_argument("--producto", required=True, metavar="CLAVE")
    o.add_argument("--tipo", choices=["faltante", "excedente"], help="solo ese tipo (si no, ambos)")
    agregar_confirmacion(o)
    o.set_defaults(funcion=orden_borrar)


def orden_registrar(args) -> int:
    r = registrar_captura(
        abrir(args),
        args.clues,
        args.producto,
        faltante_ambulatorio=args.faltante_ambulatorio,
        faltante_hospitalario=args.faltante_hospitalario,
        causa=args.causa,
        excedente_ambulatorio=args.excedente_ambulatorio,
        excedente_hospitalario=args.excedente_hospitalario,
        pacientes=args.pacientes,
    )
    if en_json(args):
        imprimir_json(r)
        return 0
    if not r.cambios:
        print("Sin cambios: ya estaba guardado así.")
    else:
        print(
            f"Guardado: {r.creados} nuevo(s), {r.modificados} modificado(s), {r.borrados} borrado(s)."
        )
    return 0


def _json(c) -> dict:
    return {
        "clues": c.clues,
        "unidad": c.unidad,
        "entidad": c.entidad,
        "producto": c.producto,
        "producto_nombre": c.producto_nombre,
        "grupo": c.grupo,
        "especialidad": c.especialidad,
        "unidad_medida": c.unidad_medida,
        "tipo": c.tipo,
        "ambulatorio": c.ambulatorio,
        "hospitalario": c.hospitalario,
        "causa": c.causa,
        "causa_clave": c.causa_clave,
        "pacientes": c.pacientes,
        "origen": c.origen,
        "observacion": c.observacion,
        "id": c.id,
    }


def orden_listar(args) -> int:
    almacen = abrir(args)
    entidad = entidad_existente(almacen, args.entidad) if args.entidad else None
    capturas = listar_capturas(almacen, clues=args.clues, entidad=entidad, texto=args.buscar)
    if args.clues and not capturas:  # a unit that left the catalog keeps its records
        unidad_existente(almacen, args.clues)
    if en_json(args):
        imprimir_json([_json(c) for c in capturas])
        return 0
    if not capturas:
        print("No hay registros.")
        return 0
    imprimir_tabla(
        [
            "CLUES",
            "Producto",
            "Nombre",
            "Tipo",
            "Amb.",
            "Hosp.",
            "Causa",
            "Pacientes",
            "Origen",
            "Observación",
        ],
        [
            [
                c.clues,
                c.producto,
                c.producto_nombre,
                c.tipo,
                c.ambulatorio,
                c.hospitalario,
                c.causa,
                c.pacientes,
                "capturado aquí" if c.origen == "local" else f"paquete {c.origen[:8]}",
                c.observacion,
            ]
            for c in capturas
        ],
        anchos_max=45,
    )
    print(f"{len(capturas):,} registro(s).")
    return 0


def orden_borrar(args) -> int:
    que = f"el {args.tipo}" if args.tipo else "el faltante y el excedente"
    if not confirmar(
        args, f"¿Borrar {que} del producto {args.producto} en la unidad {args.clues.upper()}?"
    ):
        print("No se borró nada.")
        return 0
    n = borrar(abrir(args), args.clues, args.producto, args.tipo)
    print(f"Borrado(s): {n} registro(s).")
    return 0
