"""eyf oportunidades: who can cover whom (exchange opportunities)."""

from __future__ import annotations

import argparse
import sys

from app.catalogo.consultas import entidad_existente
from app.cli.comun import abrir, en_json, imprimir_json, imprimir_tabla
from app.intercambio.analisis import Analisis, analizar
from app.intercambio.anexo import escribir_anexo
from app.intercambio.exportar import a_json, escribir_csv
from app.intercambio.libro import escribir_libro
from app.texto import cuantos


def kilometros(texto: str) -> float:
    try:
        valor = float(texto.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{texto}» no es un número de kilómetros") from None
    if not valor > 0 or valor == float("inf"):
        raise argparse.ArgumentTypeError(
            f"«{texto}» debe ser un número de kilómetros mayor que cero"
        )
    return valor


def registrar(sub, comun: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "oportunidades",
        help="oportunidades de intercambio: qué excedentes pueden cubrir qué faltantes",
        description=(
            "Cruza cada faltante (unidad, producto, modalidad ambulatoria u hospitalaria, eventos "
            "mensuales) con los excedentes del mismo producto y modalidad en otras unidades. "
            "Cubre tantos eventos como sea posible sin prometer dos veces un excedente y, con eso, "
            "prefiere la menor distancia (en línea recta; las unidades sin coordenadas van después: "
            "mismo municipio, luego misma entidad). Por omisión solo cuenta intercambios entre "
            "instituciones distintas. Una coordinación estatal analiza su entidad; una instalación "
            "nacional, todas.\n\n"
            "Con --json imprime un objeto con «oportunidades» (cada una con clues_demanda, "
            "clues_oferta, producto, modalidad, eventos_cubiertos, eventos_requeridos, "
            "distancia_km, costo_unitario, valor_mensual…), «resumen», «faltantes_sin_oferta», "
            "«faltantes_sin_cubrir» y «excedentes_sin_demanda»."
        ),
        epilog="Ejemplo: eyf oportunidades --entidad 05 --max-km 150 --xlsx oportunidades.xlsx",
        parents=[comun],
    )
    p.add_argument(
        "--entidad",
        metavar="CC",
        help="solo esta entidad: las dos unidades de cada oportunidad dentro de ella",
    )
    p.add_argument(
        "--max-km",
        type=kilometros,
        metavar="N",
        help="no cruzar unidades a más de N km (sin coordenadas: solo si están en el mismo municipio)",
    )
    p.add_argument(
        "--misma-institucion",
        action="store_true",
        help="incluir también referencias dentro de una misma institución",
    )
    p.add_argument(
        "--ofertas-externas",
        action="store_true",
        help="con --entidad: los excedentes pueden venir de cualquier entidad (instalación nacional)",
    )
    p.add_argument("--xlsx", metavar="RUTA", help="guarda el libro XLSX (una hoja por vista)")
    p.add_argument("--csv", metavar="RUTA", help="guarda las oportunidades en CSV")
    p.add_argument("--pdf", metavar="RUTA", help="guarda el anexo en PDF")
    p.set_defaults(funcion=orden_oportunidades)


def orden_oportunidades(args) -> int:
    almacen = abrir(args)
    entidad = entidad_existente(almacen, args.entidad) if args.entidad else None
    a = analizar(
        almacen,
        entidad=entidad,
        max_km=args.max_km,
        misma_institucion=args.misma_institucion,
        ofertas_externas=args.ofertas_externas,
    )
    guardados = []
    if args.xlsx:
        guardados.append(("Libro XLSX", escribir_libro(a, args.xlsx)))
    if args.csv:
        guardados.append(("CSV", escribir_csv(a, args.csv)))
    if args.pdf:
        guardados.append(("Anexo PDF", escribir_anexo(a, args.pdf)))
    if en_json(args):
        imprimir_json(a_json(a))
        for que, ruta in guardados:
            print(f"{que} guardado en {ruta}", file=sys.stderr)
        return 0
    _imprimir(a)
    for que, ruta in guardados:
        print(f"{que} guardado en {ruta}")
    return 0


def _imprimir(a: Analisis) -> None:
    r, t = a.resumen, a.resumen.total
    limite = f"{a.max_km:g} km" if a.max_km is not None else "sin límite de distancia"
    instituciones = (
        "también dentro de una institución"
        if a.misma_institucion
        else "entre instituciones distintas"
    )
    print(f"Oportunidades de intercambio · {a.alcance}")
    print(f"Criterios: {limite}; {instituciones}.   Catálogo: {a.catalogo}")
    print()
    print(
        f"Potencial de intercambio: {t.potencial:.1%} "
        f"({t.eventos_cubiertos:,} de {t.eventos_faltantes:,} eventos faltantes al mes)"
    )
    print(
        f"{cuantos(t.oportunidades, 'oportunidad', 'oportunidades')}; {r.unidades_cubiertas:,} de {r.unidades_con_faltante:,} "
        f"unidades con faltantes reciben cobertura; valor mensual estimado ${t.valor_mensual:,} "
        f"(costos IMSS 2025{'; ' + str(r.oportunidades_sin_costo) + ' sin costo de referencia' if r.oportunidades_sin_costo else ''})."
    )
    print(
        f"Faltantes sin ninguna oferta: {len(a.faltantes_sin_oferta):,} · sin cubrir del todo: "
        f"{len(a.faltantes_sin_cubrir):,} · excedentes que nadie necesita: {len(a.excedentes_sin_demanda):,}"
    )
    if r.registros_retirados:
        print(
            f"No se incluyeron {r.registros_retirados:,} registros de unidades o productos retirados del catálogo."
        )
    if len(r.por_entidad) > 1:
        print()
        imprimir_tabla(
            ["Entidad", "Faltantes", "Cubiertos", "Potencial", "Valor mensual"],
            [
                [
                    f.nombre,
                    f"{f.eventos_faltantes:,}",
                    f"{f.eventos_cubiertos:,}",
                    f"{f.potencial:.1%}",
                    f"${f.valor_mensual:,}",
                ]
                for f in r.por_entidad
            ],
        )
    if not a.oportunidades:
        print()
        print("No se encontraron oportunidades con estos criterios.")
        return
    print()
    imprimir_tabla(
        [
            "No.",
            "Necesita",
            "Inst.",
            "Ofrece",
            "Inst.",
            "Producto",
            "Modalidad",
            "Cubre",
            "De",
            "Pac.",
            "Km",
            "Costo u.",
            "Valor",
        ],
        [
            [
                o.numero,
                o.clues_demanda,
                o.institucion_demanda,
                o.clues_oferta,
                o.institucion_oferta,
                o.producto_nombre,
                o.modalidad,
                o.eventos_cubiertos,
                o.eventos_requeridos,
                o.pacientes,
                f"{o.distancia_km:,.1f}" if o.distancia_km is not None else o.cercania,
                f"${o.costo_unitario:,}" if o.costo_unitario is not None else "",
                f"${o.valor_mensual:,}" if o.valor_mensual is not None else "",
            ]
            for o in a.oportunidades
        ],
        anchos_max=40,
    )
