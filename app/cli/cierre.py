"""eyf finalizar | reabrir  (Paso 7 and the explicit reopening)"""

from __future__ import annotations

import argparse

from app.almacen.sesion import lectura
from app.captura.cierre import EstadoCierre, estado_cierre, finalizar, reabrir, validar_motivo
from app.captura.permisos import configuracion
from app.catalogo.consultas import entidad_existente
from app.cli.comun import (
    abrir,
    agregar_confirmacion,
    agregar_contrasena,
    confirmar,
    contrasena,
    en_json,
    imprimir_json,
)
from app.errores import ErrorEyF, ErrorUso


def registrar(sub, comun: argparse.ArgumentParser) -> None:
    o = sub.add_parser(
        "finalizar",
        help="Paso 7: finaliza el registro de la entidad (o cierra la captura de esta unidad)",
        description="Muestra los totales y pregunta «¿Desea finalizar el registro?». Después, "
        "nada se puede cambiar sin una reapertura (eyf reabrir) y se habilita la versión final "
        "del reporte para firmas (eyf reporte final). En una instalación de unidad, cierra la "
        "captura de esa unidad.",
        parents=[comun],
    )
    agregar_entidad(o)
    agregar_contrasena(o)
    agregar_confirmacion(o)
    o.set_defaults(funcion=orden_finalizar)

    o = sub.add_parser(
        "reabrir",
        help="reabre un registro finalizado (contraseña y motivo escrito; queda en los reportes)",
        description="La reapertura queda registrada con su motivo, la fecha y quién la hizo, "
        "y se imprime en los siguientes reportes. El reporte firmado vigente deja de estarlo: "
        "al finalizar de nuevo hay que imprimir, firmar y subir la nueva versión final.",
        parents=[comun],
    )
    agregar_entidad(o)
    o.add_argument(
        "--motivo",
        required=True,
        metavar="TEXTO",
        help="por qué se reabre: qué se va a corregir y quién lo pidió",
    )
    agregar_contrasena(o)
    o.set_defaults(funcion=orden_reabrir)


def agregar_entidad(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--entidad",
        metavar="CC",
        help="clave INEGI de la entidad (si no, la de esta instalación)",
    )


def entidad_de(args, almacen) -> str:
    """--entidad as typed (05, CL, coahuila…), else this installation's entidad."""
    if getattr(args, "entidad", None):
        return entidad_existente(almacen, args.entidad)
    with lectura(almacen) as s:
        conf = configuracion(s)
    if conf.entidad:
        return conf.entidad
    raise ErrorUso("Indique la entidad con --entidad CC (clave INEGI, p. ej. 05).")


def imprimir_totales(e: EstadoCierre) -> None:
    t = e.totales
    respuesta = {"si": "SÍ", "no": "NO"}.get(e.respuesta or "", "sin responder")
    if e.ambito == "unidad":
        print(f"Unidad médica {e.clues} · Entidad Federativa {e.nombre} ({e.entidad})")
    else:
        print(f"Entidad Federativa {e.nombre} ({e.entidad}) · Paso 2: {respuesta}")
        print(
            f"Unidades médicas: {t.unidades_total:,} · con excedentes y/o faltantes: "
            f"{t.unidades_con_registros:,} · sin: {t.unidades_total - t.unidades_con_registros:,}"
        )
    print(f"Registros: {t.faltantes:,} faltante(s), {t.excedentes:,} excedente(s)")


def orden_finalizar(args) -> int:
    almacen = abrir(args)
    entidad = entidad_de(args, almacen)
    estado = estado_cierre(almacen, entidad)
    if estado.motivo_no_finalizar:
        raise ErrorEyF(estado.motivo_no_finalizar)
    if not en_json(args):
        imprimir_totales(estado)
        if estado.ambito == "unidad":
            print(
                "Al cerrar la captura, los registros de esta unidad ya no se pueden cambiar sin una "
                "reapertura, y su paquete indicará que la unidad terminó."
            )
        else:
            print(
                "Al finalizar, la entidad queda bloqueada: nada se podrá cambiar sin una "
                "reapertura con la contraseña y un motivo escrito, y se habilita la versión final "
                "del reporte para firmas (Paso 8)."
            )
    if not confirmar(args, "¿Desea finalizar el registro?"):
        print("No se finalizó el registro.")
        return 0
    finalizar(almacen, entidad, contrasena(args, entidad))
    despues = estado_cierre(almacen, entidad)
    if en_json(args):
        imprimir_json(despues)
        return 0
    if despues.ambito == "unidad":
        print(f"Captura de la unidad {despues.clues} cerrada.")
    else:
        print(f"Registro de la entidad {despues.nombre} finalizado.")
    print(
        f"Imprima la versión final para firmas: eyf reporte final --entidad {entidad} --salida "
        "REPORTE.pdf"
    )
    return 0


def orden_reabrir(args) -> int:
    almacen = abrir(args)
    entidad = entidad_de(args, almacen)
    validar_motivo(args.motivo)  # before asking for the password
    estado = estado_cierre(almacen, entidad)
    if estado.motivo_no_reabrir:
        raise ErrorEyF(estado.motivo_no_reabrir)
    r = reabrir(almacen, entidad, args.motivo, contrasena(args, entidad))
    if en_json(args):
        imprimir_json(r)
        return 0
    print(
        "Registro reabierto. El motivo quedó registrado y aparecerá en los siguientes reportes; "
        "finalice de nuevo cuando termine de corregir (eyf finalizar)."
    )
    if r.reportes_firmados_retirados:
        print(
            "El reporte firmado que estaba vigente dejó de estarlo (se conserva): al finalizar de "
            "nuevo, imprima, firme y suba la nueva versión final."
        )
    return 0
