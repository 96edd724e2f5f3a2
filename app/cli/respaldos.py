"""eyf respaldo crear | listar | restaurar | deshacer | conservar

These orders work on the database file directly and never need to open it as
the program does, so they are also the way out of a damaged database or a
read-only data folder.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.almacen.almacen import ARCHIVO_BD
from app.almacen.reabre import ReaperturaNecesaria, lo_que_reabre
from app.almacen.respaldos import (
    MOTIVO_MANUAL,
    dias_conservados,
    fijar_dias_conservados,
    integridad,
    leer_nombre,
    listar_respaldos,
    respaldar,
)
from app.almacen.restauracion import (
    restaurar,
    ultimo_antes_de_restaurar,
    ultimo_sano,
    verificar_respaldo,
)
from app.cli.argumentos import entero_positivo
from app.cli.comun import (
    agregar_confirmacion,
    agregar_contrasena,
    confirmar,
    contrasena,
    en_json,
    imprimir_json,
    imprimir_tabla,
)
from app.errores import ErrorAlmacen, ErrorUso
from app.rutas import carpeta_datos


def registrar(sub, comun: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "respaldo",
        help="respaldos de la base de datos: crear, listar, restaurar, deshacer",
        parents=[comun],
    )
    ordenes = p.add_subparsers(title="órdenes", metavar="ORDEN", required=True)

    o = ordenes.add_parser(
        "crear",
        help="hace un respaldo ahora (con la API de respaldo en línea de SQLite)",
        description="Los respaldos hechos a mano nunca se borran solos.",
        parents=[comun],
    )
    o.add_argument(
        "--destino",
        type=Path,
        metavar="DIR",
        help="carpeta donde dejarlo (una memoria USB, otra computadora); si no, la carpeta de respaldos",
    )
    o.set_defaults(funcion=orden_crear)

    o = ordenes.add_parser(
        "listar", help="los respaldos, del más nuevo al más viejo", parents=[comun]
    )
    o.add_argument(
        "--carpeta", type=Path, metavar="DIR", help="listar los respaldos de otra carpeta"
    )
    o.add_argument(
        "--verificar",
        action="store_true",
        help="revisa la integridad de cada respaldo (tarda más)",
    )
    o.set_defaults(funcion=orden_listar)

    o = ordenes.add_parser(
        "restaurar",
        help="pone un respaldo en lugar de la base de datos (se puede deshacer)",
        description="Antes de restaurar se revisa la integridad del respaldo y se respalda la "
        "base actual (o, si está dañada, se aparta para soporte técnico). Funciona aunque la "
        "base actual no se pueda abrir.",
        parents=[comun],
    )
    o.add_argument(
        "respaldo",
        nargs="?",
        help="nombre (de «eyf respaldo listar») o ruta de un respaldo, en cualquier carpeta",
    )
    o.add_argument(
        "--ultimo", action="store_true", help="el respaldo sano más reciente de la carpeta de datos"
    )
    agregar_confirmacion(o)
    agregar_contrasena(o)
    o.set_defaults(funcion=orden_restaurar)

    o = ordenes.add_parser(
        "deshacer",
        help="deshace la última restauración (vuelve a la base que había antes)",
        parents=[comun],
    )
    agregar_confirmacion(o)
    agregar_contrasena(o)
    o.set_defaults(funcion=orden_deshacer)

    o = ordenes.add_parser(
        "conservar",
        help="muestra o cambia cuántos días se guardan los respaldos automáticos",
        parents=[comun],
    )
    o.add_argument("--dias", type=entero_positivo, metavar="N")
    o.set_defaults(funcion=orden_conservar)


def _carpeta(args) -> Path:
    bd = getattr(args, "bd", None)
    if bd:
        raise ErrorUso(
            "Los respaldos de EyF son de la base SQLite de la carpeta de datos (--datos); para "
            "otra base (--bd), como un servidor PostgreSQL, use sus propias herramientas "
            "(pg_dump y pg_restore)."
        )
    return carpeta_datos(getattr(args, "datos", None))


def motivo_legible(motivo: str) -> str:
    if motivo == MOTIVO_MANUAL:
        return "a mano"
    if motivo.startswith("antes-de-migrar-"):
        return f"antes de actualizar la base (versión {motivo.removeprefix('antes-de-migrar-')})"
    return motivo.replace("-", " ")


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def orden_crear(args) -> int:
    carpeta = _carpeta(args)
    ruta = respaldar(carpeta / ARCHIVO_BD, carpeta, MOTIVO_MANUAL, destino=args.destino)
    estado = integridad(ruta, rapida=True)
    if en_json(args):
        imprimir_json({"respaldo": ruta, "tamano": ruta.stat().st_size, "integridad": estado})
    else:
        print(f"Respaldo creado: {ruta} ({_mb(ruta.stat().st_size)}).")
    if estado != "ok":
        raise ErrorAlmacen(
            f"Se copió la base en {ruta}, pero la base de datos tiene daños. Restaure el "
            "respaldo sano más reciente con «eyf respaldo restaurar --ultimo»."
        )
    return 0


def orden_listar(args) -> int:
    carpeta = _carpeta(args)
    respaldos = listar_respaldos(carpeta, args.carpeta)
    estados = {r.ruta: integridad(r.ruta) for r in respaldos} if args.verificar else {}
    dias = dias_conservados(carpeta)
    if en_json(args):
        imprimir_json(
            {
                "dias_conservados": dias,
                "respaldos": [
                    {
                        "nombre": r.nombre,
                        "ruta": r.ruta,
                        "momento": r.momento,
                        "motivo": r.motivo,
                        "automatico": r.automatico,
                        "tamano": r.tamano,
                        **({"integridad": estados[r.ruta]} if estados else {}),
                    }
                    for r in respaldos
                ],
            }
        )
        return 0
    if not respaldos:
        print("No hay respaldos. Cree uno con «eyf respaldo crear».")
        return 0
    encabezados = ["Fecha", "Motivo", "Tamaño", "Nombre"] + (["Integridad"] if estados else [])
    imprimir_tabla(
        encabezados,
        [
            [
                f"{r.momento:%d/%m/%Y %H:%M:%S}",
                motivo_legible(r.motivo),
                _mb(r.tamano),
                r.nombre,
                *([("sano" if estados[r.ruta] == "ok" else "DAÑADO")] if estados else []),
            ]
            for r in respaldos
        ],
        anchos_max=70,
    )
    print(
        f"{len(respaldos)} respaldo(s). Los automáticos se conservan {dias} días "
        "(«eyf respaldo conservar --dias N»); los hechos a mano, siempre."
    )
    return 0


def _elegir(carpeta: Path, texto: str | None, ultimo: bool) -> Path:
    if ultimo and texto:
        raise ErrorUso("Indique un respaldo o --ultimo, no ambos.")
    if ultimo:
        return ultimo_sano(carpeta)
    if not texto:
        raise ErrorUso(
            "Indique qué respaldo restaurar (su nombre de «eyf respaldo listar» o su ruta), "
            "o use --ultimo para el más reciente que esté sano."
        )
    ruta = Path(texto).expanduser()
    en_carpeta = carpeta / "respaldos" / texto
    if not ruta.exists() and en_carpeta.exists():
        ruta = en_carpeta
    return ruta


def _restaurar(args, carpeta: Path, ruta: Path, pregunta: str) -> int:
    verificar_respaldo(ruta)
    reabre = lo_que_reabre(carpeta, ruta)
    if reabre:  # past a finalization: a reapertura, with its password
        print(ReaperturaNecesaria(reabre).mensaje, file=sys.stderr if en_json(args) else sys.stdout)
    if not confirmar(args, pregunta):
        print("No se cambió nada.")
        return 0
    clave = contrasena(args, ", ".join(sorted({x.entidad for x in reabre}))) if reabre else None
    r = restaurar(carpeta, ruta, contrasena=clave)
    if en_json(args):
        imprimir_json(r)
        return 0
    print(f"Restaurado el respaldo {r.restaurado.name}.")
    if r.previo:
        print(
            f"La base que había quedó respaldada como {r.previo.name}; "
            "para volver a ella: eyf respaldo deshacer"
        )
    if r.apartada:
        print(f"La base dañada que había quedó apartada en {r.apartada} para soporte técnico.")
    return 0


def orden_restaurar(args) -> int:
    carpeta = _carpeta(args)
    ruta = _elegir(carpeta, args.respaldo, args.ultimo)
    info = leer_nombre(ruta)
    cuando = f" del {info.momento:%d/%m/%Y %H:%M}" if info else ""
    return _restaurar(
        args,
        carpeta,
        ruta,
        f"¿Poner el respaldo {ruta.name}{cuando} en lugar de la base de datos actual? "
        "La actual se respalda antes (se puede deshacer).",
    )


def orden_deshacer(args) -> int:
    carpeta = _carpeta(args)
    ruta = ultimo_antes_de_restaurar(carpeta)
    return _restaurar(
        args,
        carpeta,
        ruta,
        f"¿Deshacer la última restauración y volver a la base guardada en {ruta.name}?",
    )


def orden_conservar(args) -> int:
    carpeta = _carpeta(args)
    if args.dias is not None:
        fijar_dias_conservados(carpeta, args.dias)
    dias = dias_conservados(carpeta)
    if en_json(args):
        imprimir_json({"dias_conservados": dias})
    else:
        print(
            f"Los respaldos automáticos se conservan {dias} días (siempre quedan los más "
            "recientes); los hechos a mano no se borran solos."
        )
    return 0
