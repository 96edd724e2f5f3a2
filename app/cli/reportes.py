"""eyf reporte preliminar | final | verificar | adjuntar | consultar | firmados  (Pasos 7–9)"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.cierre import agregar_entidad, entidad_de
from app.cli.comun import abrir, en_json, imprimir_json, imprimir_tabla
from app.errores import ErrorEyF
from app.reportes import adjuntos as adj
from app.reportes.generar import ResultadoReporte, reporte_final, reporte_preliminar, verificar
from app.reportes.maquetado import hora_local
from app.reportes.visor import abrir_con_visor
from app.texto import cuantos


def registrar(sub, comun: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "reporte",
        help="Pasos 7 a 9: reporte preliminar, versión final para firmas y reporte firmado",
        parents=[comun],
    )
    ordenes = p.add_subparsers(title="órdenes", metavar="ORDEN", required=True)

    o = ordenes.add_parser(
        "preliminar",
        help="reporte PDF para revisar, con la leyenda «Sin Validez Oficial»",
        description="En una instalación de unidad, el reporte es el de esa unidad.",
        parents=[comun],
    )
    agregar_entidad(o)
    agregar_salida(o)
    o.set_defaults(funcion=orden_preliminar)

    o = ordenes.add_parser(
        "final",
        help="Paso 8: versión final para firmas (después de finalizar el registro)",
        description="Lleva el área de firmas en la última página y en cada página el código de "
        "verificación de los datos finalizados (eyf reporte verificar lo recalcula).",
        parents=[comun],
    )
    agregar_entidad(o)
    agregar_salida(o)
    o.set_defaults(funcion=orden_final)

    o = ordenes.add_parser(
        "verificar",
        help="calcula el código de verificación de los datos y lo compara con el de un reporte",
        parents=[comun],
    )
    agregar_entidad(o)
    o.add_argument(
        "--codigo",
        metavar="XXXX-XXXX-XXXX",
        help="el código impreso en el reporte final firmado",
    )
    o.set_defaults(funcion=orden_verificar)

    o = ordenes.add_parser(
        "adjuntar",
        help="Paso 9: guarda el reporte final firmado y escaneado (PDF, máximo 150 MB)",
        description="Solo se acepta un PDF real (se lee, no basta el nombre) de hasta 150 MB. "
        "Se guarda una copia en la carpeta de datos; subir otro conserva los anteriores.",
        parents=[comun],
    )
    agregar_entidad(o)
    o.add_argument("ruta", metavar="RUTA.pdf", help="el PDF escaneado con las firmas")
    o.set_defaults(funcion=orden_adjuntar)

    o = ordenes.add_parser(
        "consultar",
        help="abre el reporte firmado con el visor de PDF de la computadora",
        parents=[comun],
    )
    agregar_entidad(o)
    o.add_argument(
        "--numero", type=int, metavar="N", help="uno anterior (su número en «eyf reporte firmados»)"
    )
    o.add_argument("--ruta", action="store_true", help="solo muestra dónde está el archivo")
    o.set_defaults(funcion=orden_consultar)

    o = ordenes.add_parser(
        "firmados", help="lista los reportes firmados subidos (el vigente primero)", parents=[comun]
    )
    agregar_entidad(o)
    o.set_defaults(funcion=orden_firmados)


def agregar_salida(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--salida",
        metavar="R.pdf",
        default=".",
        help="archivo PDF a escribir, o carpeta donde guardarlo con un nombre sugerido "
        "(si no, la carpeta actual)",
    )


def _informar(args, r: ResultadoReporte) -> int:
    if en_json(args):
        imprimir_json(r)
        return 0
    nombre = (
        "el reporte preliminar" if r.version == "preliminar" else "la versión final para firmas"
    )
    print(
        f"Se guardó {nombre} en {r.ruta}: {cuantos(r.paginas, 'página')}, "
        f"{cuantos(r.renglones, 'renglón', 'renglones')} de "
        f"{cuantos(r.unidades, 'unidad', 'unidades')}."
    )
    if r.version == "final":
        print(f"Código de verificación: {r.codigo}")
    return 0


def orden_preliminar(args) -> int:
    almacen = abrir(args)
    return _informar(args, reporte_preliminar(almacen, entidad_de(args, almacen), args.salida))


def orden_final(args) -> int:
    from app.paquetes.llaves import huella_instalacion

    almacen = abrir(args)
    entidad = entidad_de(args, almacen)
    r = reporte_final(almacen, entidad, args.salida, huella=huella_instalacion(almacen))
    return _informar(args, r)


def orden_verificar(args) -> int:
    almacen = abrir(args)
    v = verificar(almacen, entidad_de(args, almacen), args.codigo)
    if en_json(args):
        imprimir_json(v)
    else:
        estado = "finalizados" if v.finalizada else "sin finalizar: aún pueden cambiar"
        print(f"Código de verificación de los datos actuales ({estado}): {v.codigo}")
        print(f"SHA-256: {v.resumen}")
    if v.coincide is False:
        raise ErrorEyF(
            f"El código {v.dado} NO coincide con los datos actuales ({v.codigo}): el reporte "
            "se imprimió con otros datos (antes de una reapertura o en otra instalación)."
        )
    if v.coincide and not en_json(args):
        print(f"El código {v.dado} coincide: el reporte corresponde a estos datos.")
    return 0


def orden_adjuntar(args) -> int:
    almacen = abrir(args)
    entidad = entidad_de(args, almacen)
    r = adj.adjuntar(almacen, entidad, Path(args.ruta))
    if en_json(args):
        imprimir_json(r)
        return 0
    a = r.adjunto
    if not r.nuevo:
        print(
            f"Ese archivo ya es el reporte firmado vigente de la entidad {entidad}; no se cambió nada."
        )
        return 0
    print(
        f"Reporte firmado guardado: {a.nombre_original}, {r.paginas} página(s), "
        f"{adj.tamano_legible(a.tamano)}."
    )
    print(f"Copia: {a.ruta}")
    print(f"SHA-256: {a.sha256}")
    print(f"Consúltelo con: eyf reporte consultar --entidad {entidad}")
    return 0


def orden_consultar(args) -> int:
    almacen = abrir(args)
    ruta = adj.para_consultar(almacen, entidad_de(args, almacen), args.numero)
    if en_json(args):
        imprimir_json({"ruta": ruta})
        return 0
    if args.ruta:
        print(ruta)
        return 0
    abrir_con_visor(ruta)
    print(f"Abriendo {ruta}")
    return 0


def orden_firmados(args) -> int:
    almacen = abrir(args)
    entidad = entidad_de(args, almacen)
    lista = adj.adjuntos(almacen, entidad)
    if en_json(args):
        imprimir_json(lista)
        return 0
    if not lista:
        print(f"La entidad {entidad} aún no sube su reporte firmado (Paso 9).")
        return 0
    imprimir_tabla(
        ["No.", "Subido", "Archivo original", "Tamaño", "Vigente", "SHA-256", "Persona"],
        [
            [
                a.id,
                f"{hora_local(a.subido_en):%d/%m/%Y %H:%M}",
                a.nombre_original,
                adj.tamano_legible(a.tamano),
                "SÍ" if a.vigente else "",
                a.sha256[:12],
                a.persona,
            ]
            for a in lista
        ],
    )
    return 0
