"""eyf paquete exportar | verificar | importar | estado | historial | llaves | llave"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from app.almacen.sesion import lectura
from app.captura.permisos import configuracion
from app.catalogo.consultas import entidad_existente
from app.cli.comun import abrir, en_json, imprimir_json, imprimir_tabla
from app.errores import ErrorEyF, ErrorUso
from app.paquetes import consultas
from app.paquetes.exportar import exportar, limpiar_interrumpidas
from app.paquetes.importar import importar
from app.paquetes.llaves import (
    VARIABLE_FRASE,
    FraseNecesaria,
    cambiar_frase,
    huella_instalacion,
    llave_protegida,
)
from app.paquetes.verificar import describir, verificar


def registrar(sub, comun: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "paquete",
        help="paquetes firmados (.eyf): exportar, verificar, importar y consolidar",
        parents=[comun],
    )
    ordenes = p.add_subparsers(title="órdenes", metavar="ORDEN", required=True)

    o = ordenes.add_parser(
        "exportar",
        help="escribe el paquete firmado de esta instalación (unidad o entidad)",
        description="Una instalación de unidad exporta su unidad; una coordinación estatal, su "
        "entidad (lo capturado ahí y lo importado de sus unidades). El archivo se escribe con "
        "un nombre temporal y se renombra al final: nunca queda un paquete a medias.",
        parents=[comun],
    )
    o.add_argument(
        "--salida",
        required=True,
        type=Path,
        metavar="RUTA",
        help="archivo .eyf a escribir, o carpeta (el nombre se elige solo)",
    )
    _agregar_frase(o)
    o.set_defaults(funcion=orden_exportar)

    o = ordenes.add_parser(
        "verificar",
        help="dice quién firmó un paquete, qué contiene y si está íntegro",
        parents=[comun],
    )
    o.add_argument("ruta", type=Path, metavar="RUTA")
    o.set_defaults(funcion=orden_verificar)

    o = ordenes.add_parser(
        "importar",
        help="importa paquetes de unidades (coordinación) o de entidades (nacional)",
        description="Todo se comprueba antes de escribir: firma, huellas, formato, catálogo, "
        "entidad, CLUES, productos y reglas de captura. El primer paquete de una unidad se "
        "acepta solo confirmando su huella (--confiar); una llave distinta de la registrada "
        "se rechaza hasta registrarla a propósito (--reemplazar-llave). Un paquete más nuevo "
        "reemplaza completos los datos de su unidad; uno más antiguo se rechaza.",
        parents=[comun],
    )
    o.add_argument("rutas", nargs="+", type=Path, metavar="RUTA")
    o.add_argument(
        "--prueba",
        action="store_true",
        help="solo muestra qué se agregaría, reemplazaría o rechazaría; no escribe nada",
    )
    o.add_argument(
        "--confiar",
        action="append",
        default=[],
        metavar="HUELLA",
        help="huella confirmada de una unidad (o entidad) que envía su primer paquete",
    )
    o.add_argument(
        "--reemplazar-llave",
        action="append",
        default=[],
        metavar="HUELLA",
        help="registra a propósito la llave nueva de una unidad (otra computadora o reinstalación)",
    )
    o.set_defaults(funcion=orden_importar)

    o = ordenes.add_parser(
        "estado",
        help="qué unidades (o entidades) ya enviaron su paquete y cuáles faltan",
        parents=[comun],
    )
    o.add_argument("--entidad", metavar="CC", help="entidad (si no, la de esta instalación)")
    o.set_defaults(funcion=orden_estado)

    o = ordenes.add_parser(
        "historial", help="paquetes importados, con su procedencia", parents=[comun]
    )
    o.add_argument("--origen", metavar="CLUES|CC", help="solo los de esta unidad o entidad")
    o.set_defaults(funcion=orden_historial)

    o = ordenes.add_parser(
        "llaves", help="llaves registradas (confiables) de unidades y entidades", parents=[comun]
    )
    o.set_defaults(funcion=orden_llaves)

    o = ordenes.add_parser(
        "llave",
        help="huella de la llave de esta instalación; poner o cambiar su frase",
        description="Muestra la huella que la coordinación debe confirmar. Con --frase-nueva "
        "protege la llave privada con una frase (o la cambia; vacía la quita). La huella no "
        "cambia.",
        parents=[comun],
    )
    o.add_argument(
        "--frase-nueva",
        metavar="TEXTO",
        help='frase nueva (al menos 8 caracteres; "" quita la protección)',
    )
    o.add_argument(
        "--cambiar-frase",
        action="store_true",
        help="pide la frase nueva sin mostrarla en pantalla",
    )
    _agregar_frase(o)
    o.set_defaults(funcion=orden_llave)


def _agregar_frase(o: argparse.ArgumentParser) -> None:
    o.add_argument(
        "--frase",
        metavar="TEXTO",
        help=f"frase de la llave de firma, si tiene (si no, {VARIABLE_FRASE} o se pregunta)",
    )


def _frase(args: argparse.Namespace) -> str | None:
    if args.frase is not None:
        return args.frase
    return os.environ.get(VARIABLE_FRASE)


def _con_frase(args: argparse.Namespace, accion):
    """Run ``accion(frase)``; on a terminal, ask for the passphrase when the key needs it."""
    try:
        return accion(_frase(args))
    except FraseNecesaria:
        if not sys.stdin.isatty():
            raise
        return accion(getpass.getpass("Frase de la llave de firma: "))


def orden_exportar(args) -> int:
    almacen = abrir(args)
    r = _con_frase(args, lambda frase: exportar(almacen, args.salida, frase=frase))
    if en_json(args):
        imprimir_json(r)
        return 0
    que = f"la unidad {r.clues[0]}" if r.alcance == "unidad" else f"la entidad {r.entidad}"
    print(f"Paquete de {que} escrito en {r.ruta}")
    print(
        f"  secuencia {r.secuencia}, {r.registros:,} registro(s) ({r.faltantes:,} faltante(s), "
        f"{r.excedentes:,} excedente(s)), {r.bytes:,} bytes"
        + (", con el reporte firmado" if r.con_reporte else "")
    )
    print(f"  huella de la llave: {r.huella}")
    print(f"  SHA-256 del archivo: {r.archivo_sha256}")
    return 0


def orden_verificar(args) -> int:
    v = verificar(args.ruta)
    if en_json(args):
        imprimir_json(v)
    else:
        print(f"{v.ruta}")
        for linea in describir(v):
            print(f"  {linea}")
    return 0 if v.integro else 1


def orden_importar(args) -> int:
    almacen = abrir(args)
    json = en_json(args)

    def progreso(hecho: int, total: int, mensaje: str) -> None:
        if not json:
            print(f"[{hecho}/{total}] {mensaje}", flush=True)

    r = importar(
        almacen,
        args.rutas,
        prueba=args.prueba,
        confiar=args.confiar,
        reemplazar=args.reemplazar_llave,
        progreso=progreso,
    )
    resultados = list(r.resultados)
    nuevas = [x for x in resultados if x.confianza == "nueva"]
    if nuevas and not json and not args.prueba and sys.stdin.isatty():
        confirmadas = set()
        for x in nuevas:
            respuesta = input(
                f"¿Confirmó con {x.origen} que la huella de su EyF es {x.huella}? [s/N] "
            )
            if respuesta.strip().lower() in ("s", "si", "sí"):
                confirmadas.add(x.huella)
        if confirmadas:
            otra = importar(
                almacen,
                [x.ruta for x in nuevas if x.huella in confirmadas],
                confiar=confirmadas | set(args.confiar),
                reemplazar=args.reemplazar_llave,
                progreso=progreso,
            )
            nuevos = {x.ruta: x for x in otra.resultados}
            resultados = [nuevos.get(x.ruta, x) for x in resultados]
    if json:
        imprimir_json({"prueba": r.prueba, "respaldo": r.respaldo, "resultados": resultados})
    else:
        aceptados = sum(x.aceptado for x in resultados)
        verbo = "se aceptarían" if args.prueba else "aceptado(s)"
        print(
            f"{aceptados} de {len(resultados)} archivo(s) {verbo}"
            + (" (prueba: no se escribió nada)." if args.prueba else ".")
        )
        if r.respaldo:
            print(f"Respaldo previo: {r.respaldo}")
    return 0 if all(x.aceptado for x in resultados) else 1


def orden_estado(args) -> int:
    almacen = abrir(args)
    limpiar_interrumpidas(almacen)
    with lectura(almacen) as s:
        conf = configuracion(s)
    if conf.modo == "nacional" and not args.entidad:
        filas = consultas.estado_entidades(almacen)
        titulo = "Entidad"
    else:
        entidad = entidad_existente(almacen, args.entidad) if args.entidad else conf.entidad
        if not entidad:
            raise ErrorUso("Indique la entidad con --entidad CC.")
        filas = consultas.estado_unidades(almacen, entidad)
        titulo = "CLUES"
    if en_json(args):
        imprimir_json([{**_dict(f), "etiqueta": f.etiqueta} for f in filas])
        return 0
    imprimir_tabla(
        [titulo, "Nombre", "Estado", "Secuencia", "Creado (UTC)", "Importado (UTC)", "Registros"],
        [
            [
                f.clave,
                f.nombre,
                f.etiqueta,
                f.secuencia or "",
                f"{f.creado_en:%d/%m/%Y %H:%M}" if f.creado_en else "",
                f"{f.importado_en:%d/%m/%Y %H:%M}" if f.importado_en else "",
                f.registros if f.paquete else (f.locales or ""),
            ]
            for f in filas
        ],
        anchos_max=45,
    )
    faltan = sum(f.estado == consultas.SIN_PAQUETE and not f.locales for f in filas)
    print(f"{len(filas) - faltan:,} de {len(filas):,} con datos; {faltan:,} sin paquete.")
    return 0


def _dict(fila) -> dict:
    from dataclasses import asdict

    return asdict(fila)


def orden_historial(args) -> int:
    filas = consultas.paquetes_importados(abrir(args), args.origen)
    if en_json(args):
        imprimir_json(filas)
        return 0
    if not filas:
        print("No se ha importado ningún paquete.")
        return 0
    imprimir_tabla(
        [
            "Origen",
            "Secuencia",
            "Creado (UTC)",
            "Importado (UTC)",
            "Registros",
            "Vigente",
            "Huella",
        ],
        [
            [
                p.origen,
                p.secuencia,
                f"{p.creado_en:%d/%m/%Y %H:%M}",
                f"{p.importado_en:%d/%m/%Y %H:%M}",
                p.registros,
                "sí" if p.vigente else "reemplazado",
                p.huella,
            ]
            for p in filas
        ],
    )
    return 0


def orden_llaves(args) -> int:
    filas = consultas.llaves_registradas(abrir(args))
    if en_json(args):
        imprimir_json(filas)
        return 0
    if not filas:
        print("No hay llaves registradas; se registran al importar el primer paquete (--confiar).")
        return 0
    imprimir_tabla(
        ["Origen", "Huella", "Registrada (UTC)", "Por", "Estado"],
        [
            [
                k.origen,
                k.huella,
                f"{k.registrada_en:%d/%m/%Y %H:%M}",
                k.registrada_por,
                "retirada" if k.retirada_en else "vigente",
            ]
            for k in filas
        ],
    )
    return 0


def orden_llave(args) -> int:
    almacen = abrir(args)
    nueva = args.frase_nueva
    if args.cambiar_frase and nueva is None:
        if not sys.stdin.isatty():
            raise ErrorUso("--cambiar-frase pregunta en una terminal; sin ella use --frase-nueva.")
        nueva = getpass.getpass("Frase nueva (vacía: sin frase): ")
        if getpass.getpass("Repita la frase nueva: ") != nueva:
            raise ErrorEyF("Las frases no coinciden; no se cambió nada.")
    if nueva is not None:
        _con_frase(args, lambda frase: cambiar_frase(almacen, frase, nueva))
    huella = huella_instalacion(almacen)
    protegida = llave_protegida(almacen)
    if en_json(args):
        imprimir_json({"huella": huella, "protegida": protegida})
        return 0
    print(f"Huella de la llave de esta instalación: {huella}")
    print(
        "La llave privada está protegida con una frase."
        if protegida
        else "La llave privada no tiene frase (--frase-nueva para ponerle una)."
    )
    return 0
