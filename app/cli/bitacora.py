"""eyf bitacora: every change, with when, who, from which installation, before and after."""

from __future__ import annotations

import argparse
from datetime import date

from app.almacen.consulta_bitacora import (
    ACCIONES,
    acciones_registradas,
    consultar_bitacora,
    contar_bitacora,
)
from app.catalogo.consultas import entidad_existente
from app.cli.comun import abrir, en_json, imprimir_json, imprimir_tabla
from app.errores import ErrorUso


def _fecha(texto: str) -> date:
    try:
        return date.fromisoformat(texto)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"«{texto}» no es una fecha; escríbala como AAAA-MM-DD, p. ej. 2026-11-25"
        ) from None


def _limite(texto: str) -> int:
    try:
        valor = int(texto)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{texto}» no es un número entero") from None
    if valor < 0:
        raise argparse.ArgumentTypeError("el límite debe ser 0 (todos) o mayor")
    return valor


def registrar(sub, comun: argparse.ArgumentParser) -> None:
    o = sub.add_parser(
        "bitacora",
        help="la bitácora: cada cambio con fecha, persona, instalación, antes y después",
        description="Del cambio más reciente al más antiguo. Tipos de cambio: "
        + ", ".join(ACCIONES)
        + ".",
        parents=[comun],
    )
    o.add_argument("--entidad", metavar="CC", help="solo cambios de esta entidad")
    o.add_argument("--clues", help="solo cambios de esta unidad")
    o.add_argument(
        "--accion",
        action="append",
        metavar="TIPO",
        help="solo este tipo de cambio (puede repetirse), p. ej. captura_modificada",
    )
    o.add_argument("--persona", metavar="TEXTO", help="solo cambios de quien se llame así")
    o.add_argument("--desde", type=_fecha, metavar="AAAA-MM-DD", help="desde este día (incluido)")
    o.add_argument("--hasta", type=_fecha, metavar="AAAA-MM-DD", help="hasta este día (incluido)")
    o.add_argument(
        "--limite",
        type=_limite,
        default=200,
        metavar="N",
        help="cuántos cambios mostrar (0: todos; por omisión 200)",
    )
    o.set_defaults(funcion=orden_bitacora)


def orden_bitacora(args) -> int:
    almacen = abrir(args)
    entidad = entidad_existente(almacen, args.entidad) if args.entidad else None
    if args.accion:
        conocidas = set(ACCIONES) | set(acciones_registradas(almacen))
        desconocidas = [a for a in args.accion if a not in conocidas]
        if desconocidas:
            raise ErrorUso(
                f"Tipo de cambio desconocido: {', '.join(desconocidas)}. "
                f"Use uno de: {', '.join(sorted(conocidas))}."
            )
    filtros = {
        "entidad": entidad,
        "clues": args.clues,
        "acciones": args.accion,
        "persona": args.persona,
        "desde": args.desde,
        "hasta": args.hasta,
    }
    entradas = consultar_bitacora(almacen, **filtros, limite=args.limite or None)
    if en_json(args):
        imprimir_json(
            [
                {
                    "id": e.id,
                    "momento": e.momento.isoformat() + "Z",
                    "persona": e.persona,
                    "instalacion": e.instalacion,
                    "accion": e.accion,
                    "descripcion": e.descripcion,
                    "entidad": e.entidad,
                    "clues": e.clues,
                    "objeto": e.objeto,
                    "antes": e.antes,
                    "despues": e.despues,
                }
                for e in entradas
            ]
        )
        return 0
    if not entradas:
        print("La bitácora no tiene cambios con esos filtros.")
        return 0
    imprimir_tabla(
        ["Fecha y hora", "Persona", "Cambio", "Entidad", "CLUES", "Objeto", "Antes → después"],
        [
            [
                f"{e.momento_local:%d/%m/%Y %H:%M:%S}",
                e.persona,
                e.descripcion,
                e.entidad,
                e.clues,
                e.objeto,
                e.resumen,
            ]
            for e in entradas
        ],
        anchos_max=60,
    )
    total = contar_bitacora(almacen, **filtros)
    if total > len(entradas):
        print(f"Se muestran {len(entradas):,} de {total:,} cambios (use --limite 0 para todos).")
    else:
        print(f"{total:,} cambio(s).")
    return 0
