"""eyf configurar | entidades | unidades | entidad responder | grupos | especialidades | productos"""

from __future__ import annotations

import argparse

from app.almacen.sesion import lectura
from app.captura import consultas
from app.captura.permisos import configuracion
from app.captura.proceso import configurar, responder
from app.captura.vista import productos_de_unidad
from app.catalogo.consultas import (
    entidad_existente,
    especialidad_existente,
    grupo_existente,
    unidad_existente,
)
from app.cli.comun import (
    abrir,
    agregar_confirmacion,
    agregar_contrasena,
    confirmar,
    contrasena,
    en_json,
    imprimir_json,
    imprimir_tabla,
)

SI_NO = {True: "SÍ", False: ""}


def registrar(sub, comun: argparse.ArgumentParser) -> None:
    o = sub.add_parser(
        "configurar",
        help="indica para quién es esta instalación (unidad, estatal o nacional)",
        parents=[comun],
    )
    o.add_argument(
        "--modo",
        required=True,
        choices=["unidad", "estatal", "nacional"],
        help="unidad: captura una sola unidad; estatal: la coordinación de la entidad; nacional: consolida entidades",
    )
    o.add_argument("--entidad", metavar="CC", help="clave INEGI de la entidad (p. ej. 05)")
    o.add_argument("--clues", help="CLUES de la unidad (modo unidad)")
    o.add_argument("--persona", help="nombre de quien captura (queda en la bitácora)")
    agregar_contrasena(o)
    o.set_defaults(funcion=orden_configurar)

    o = sub.add_parser(
        "entidades",
        help="Paso 1: tablero de entidades (unidades con y sin excedentes/faltantes)",
        parents=[comun],
    )
    o.set_defaults(funcion=orden_entidades)

    o = sub.add_parser("unidades", help="Paso 3: unidades médicas de una entidad", parents=[comun])
    o.add_argument("--entidad", required=True, metavar="CC")
    o.add_argument(
        "--buscar",
        default="",
        metavar="TEXTO",
        help="CLUES o parte del nombre (sin importar acentos)",
    )
    o.set_defaults(funcion=orden_unidades)

    p = sub.add_parser(
        "entidad",
        help="Paso 2: responder si la entidad tiene excedentes/faltantes",
        parents=[comun],
    )
    ordenes = p.add_subparsers(title="órdenes", metavar="ORDEN", required=True)
    o = ordenes.add_parser(
        "responder", help="¿alguna unidad tiene excedentes/faltantes? si|no", parents=[comun]
    )
    o.add_argument("--entidad", required=True, metavar="CC")
    o.add_argument("--respuesta", required=True, choices=["si", "no", "sí"])
    agregar_contrasena(o)
    agregar_confirmacion(o)
    o.set_defaults(funcion=orden_responder)

    o = sub.add_parser("grupos", help="Paso 4: grupos de servicio de una unidad", parents=[comun])
    o.add_argument("--clues", required=True)
    o.set_defaults(funcion=orden_grupos)

    o = sub.add_parser(
        "especialidades", help="Paso 5: especialidades troncales de un grupo", parents=[comun]
    )
    o.add_argument("--clues", required=True)
    o.add_argument("--grupo", required=True, metavar="CLAVE")
    o.set_defaults(funcion=orden_especialidades)

    o = sub.add_parser(
        "productos", help="Paso 6: productos de una especialidad con lo registrado", parents=[comun]
    )
    o.add_argument("--clues", required=True)
    o.add_argument("--especialidad", required=True, metavar="CLAVE")
    o.set_defaults(funcion=orden_productos)


def orden_configurar(args) -> int:
    almacen = abrir(args)
    entidad = entidad_existente(almacen, args.entidad) if args.entidad else None
    clave = contrasena(args, entidad) if args.modo != "nacional" and entidad else ""
    configurar(
        almacen,
        args.modo,
        entidad=entidad,
        clues=args.clues,
        contrasena=clave,
        persona=args.persona,
    )
    with lectura(almacen) as s:
        conf = configuracion(s)
    if en_json(args):
        imprimir_json(conf)
        return 0
    detalle = {
        "unidad": f"la unidad {conf.clues} (entidad {conf.entidad})",
        "estatal": f"la coordinación estatal de la entidad {conf.entidad}",
        "nacional": "el nivel nacional",
    }[args.modo]
    print(f"Instalación configurada para {detalle}.")
    return 0


def orden_entidades(args) -> int:
    t = consultas.tablero(abrir(args))
    if en_json(args):
        imprimir_json(t)
        return 0
    estado = "abierta" if t.periodo_abierto else "cerrada"
    print(
        f"Captura del periodo {t.periodo_anio} ({estado})   {t.catalogo_nombre} {t.catalogo_version}"
        + ("   Catálogo de demostración" if t.demostracion else "")
    )
    if t.motivo_cerrado:
        print(t.motivo_cerrado)
    imprimir_tabla(
        ["No.", "Clave", "Entidad", "Total", "Con E/F", "Sin E/F", "Paso 2", "Firmado", "Semáforo"],
        [
            [
                f.numero,
                f.clave,
                f.nombre,
                f.total,
                f.con_excedentes_faltantes,
                f.sin_excedentes_faltantes,
                {"si": "SÍ", "no": "NO"}.get(f.respuesta or "", "—"),
                "subido" if f.reporte_firmado else "—",
                "finalizada" if f.finalizada else "sin finalizar",
            ]
            for f in t.filas
        ],
    )
    return 0


def orden_unidades(args) -> int:
    almacen = abrir(args)
    filas = consultas.unidades(almacen, entidad_existente(almacen, args.entidad), args.buscar)
    if en_json(args):
        imprimir_json([{k: v for k, v in vars(f).items() if k != "busqueda"} for f in filas])
        return 0
    if not filas:
        print("Ninguna unidad coincide con la búsqueda.")
        return 0
    imprimir_tabla(
        ["No.", "CLUES", "Unidad médica", "Nivel", "¿Con excedentes/faltantes?"],
        [[f.numero, f.clues, f.nombre, f.nivel, SI_NO[f.con_registros]] for f in filas],
    )
    return 0


def orden_responder(args) -> int:
    almacen = abrir(args)
    entidad = entidad_existente(almacen, args.entidad)
    if args.respuesta == "no":
        aviso = (
            "Responder NO significa que ninguna unidad médica de la entidad registrará excedentes "
            "ni faltantes: la entidad acepta de conformidad la inexistencia de oferta y demanda de "
            "servicios médicos, y después debe finalizar el registro (Paso 7)."
        )
        print(aviso)
        if not confirmar(args, "¿Confirma la respuesta NO?"):
            print("No se cambió nada.")
            return 0
    responder(almacen, entidad, args.respuesta, contrasena(args, entidad))
    siguiente = (
        "Ya puede capturar (Paso 3)."
        if args.respuesta != "no"
        else "Continúe con el Paso 7: finalizar el registro."
    )
    print(f"Respuesta guardada: {'SÍ' if args.respuesta != 'no' else 'NO'}. {siguiente}")
    return 0


def orden_grupos(args) -> int:
    almacen = abrir(args)
    filas = consultas.grupos(almacen, unidad_existente(almacen, args.clues))
    if en_json(args):
        imprimir_json(filas)
        return 0
    imprimir_tabla(
        ["No.", "Servicio", "Clave", "Grupo de servicio", "¿Con excedente y/o faltante?"],
        [[f.numero, f.servicio, f.clave, f.nombre, SI_NO[f.con_registros]] for f in filas],
    )
    return 0


def orden_especialidades(args) -> int:
    almacen = abrir(args)
    clues = unidad_existente(almacen, args.clues)
    filas = consultas.especialidades(almacen, clues, grupo_existente(almacen, args.grupo))
    if en_json(args):
        imprimir_json(filas)
        return 0
    imprimir_tabla(
        [
            "No.",
            "Grupo de servicio",
            "Clave",
            "Especialidad troncal",
            "¿Con excedente y/o faltante?",
        ],
        [[f.numero, f.grupo, f.clave, f.nombre, SI_NO[f.con_registros]] for f in filas],
    )
    return 0


def orden_productos(args) -> int:
    almacen = abrir(args)
    clues = unidad_existente(almacen, args.clues)
    especialidad = especialidad_existente(almacen, args.especialidad)
    filas = productos_de_unidad(almacen, clues, especialidad=especialidad)
    if en_json(args):
        imprimir_json(
            [
                {
                    "numero": f.numero,
                    "clave": f.clave,
                    "nombre": f.nombre,
                    "unidad_medida": f.unidad_medida,
                    **{k: v for k, v in vars(f.guardado).items() if k != "producto"},
                }
                for f in filas
            ]
        )
        return 0
    g = [f.guardado for f in filas]
    imprimir_tabla(
        [
            "No.",
            "Clave",
            "Producto",
            "F. amb.",
            "F. hosp.",
            "Causa",
            "E. amb.",
            "E. hosp.",
            "Pacientes",
            "Unidad de medida",
        ],
        [
            [
                f.numero,
                f.clave,
                f.nombre,
                x.faltante_ambulatorio,
                x.faltante_hospitalario,
                x.causa,
                x.excedente_ambulatorio,
                x.excedente_hospitalario,
                x.pacientes,
                f.unidad_medida,
            ]
            for f, x in zip(filas, g, strict=True)
        ],
    )
    return 0
