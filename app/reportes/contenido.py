"""What the report says, in the order of the guide's example (Paso 8): title,
entidad, how many units report, then each unit's Faltantes and Excedentes;
the NO case; the reopenings; and, in the final version, the signature area."""

from __future__ import annotations

from datetime import datetime

from app.reportes.datos import DatosReporte
from app.reportes.maquetado import ANCHO, DER, IZQ, Y_FIN, Maqueta, _Maquetador, hora_local

PRELIMINAR, FINAL = "preliminar", "final"


def titulo(datos: DatosReporte) -> str:
    return (
        "Recolección de Excedentes y Faltantes de Servicios Médicos Institucionales "
        f"para el año {datos.periodo_anio}"
    )


def linea_conteo(datos: DatosReporte) -> str:
    if datos.ambito == "unidad":
        if datos.unidades:
            return "La Unidad Médica reporta Excedentes y/o Faltantes"
        return "La Unidad Médica no reporta Excedentes ni Faltantes"
    return (
        f"{datos.unidades_con_registros:,} de {datos.unidades_total:,} Unidades Médicas "
        "reportan Excedentes y/o Faltantes"
    )


def maquetar(
    datos: DatosReporte, version: str, *, impreso_en: datetime, huella: str | None = None
) -> Maqueta:
    """Lay out the whole report (``version`` is "preliminar" or "final")."""
    assert version in (PRELIMINAR, FINAL)
    m = Maqueta(version, datos, impreso_en, huella)
    p = _Maquetador(m)
    p.nueva_pagina()
    _portada(p, datos, version)
    _cuerpo(p, datos)
    if version == FINAL:
        _firmas(p, datos, huella)
    else:
        p.espacio(14)
        cuando = (
            "cierre la captura de la unidad" if datos.ambito == "unidad" else "finalice el registro"
        )
        p.parrafo(
            "Fin del reporte preliminar, Sin Validez Oficial. La sección de firmas aparece en la "
            f"versión final, que se obtiene cuando se {cuando} (Paso 7).",
            "texto",
        )
    return m


def _portada(p: _Maquetador, datos: DatosReporte, version: str) -> None:
    p.parrafo(titulo(datos), "titulo", alineacion="c")
    p.espacio(4)
    p.parrafo(f"Entidad Federativa {datos.entidad_nombre}", "subtitulo", alineacion="c")
    if datos.ambito == "unidad" and datos.unidad_encabezado:
        p.parrafo(f"Unidad Médica {datos.unidad_encabezado}", "negrita", alineacion="c")
    p.espacio(2)
    p.parrafo(linea_conteo(datos), "subtitulo", alineacion="c")
    p.espacio(6)
    if version == PRELIMINAR:
        cuando = (
            "cierre la captura de la unidad" if datos.ambito == "unidad" else "finalice el registro"
        )
        p.parrafo(
            "REPORTE PRELIMINAR · Sin Validez Oficial. Sirve para revisar la información; la "
            f"versión final para firmas se obtiene cuando se {cuando} (Paso 7).",
            "aviso",
            alineacion="c",
        )
        p.espacio(6)
    if datos.reaperturas:
        veces = len(datos.reaperturas)
        p.parrafo(
            f"Este registro fue reabierto {veces} {'vez' if veces == 1 else 'veces'} después de "
            "finalizarse:",
            "negrita",
        )
        for r in datos.reaperturas:
            quien = f", unidad {r.clues}" if r.clues else ""
            persona = f", {r.persona}" if r.persona else ""
            p.parrafo(
                f"• {hora_local(r.momento):%d/%m/%Y %H:%M}{persona}{quien}: {r.motivo}",
                "texto",
                sangria=10,
            )
        p.espacio(6)


def _cuerpo(p: _Maquetador, datos: DatosReporte) -> None:
    nombre = datos.entidad_nombre
    if datos.unidades:
        for unidad in datos.unidades:
            primera = True
            for tipo, renglones in (
                ("faltante", unidad.faltantes),
                ("excedente", unidad.excedentes),
            ):
                if renglones:
                    p.tabla(unidad, tipo, renglones, primera)
                    primera = False
            p.espacio(8)
        return
    p.espacio(8)
    if datos.respuesta is None:
        p.parrafo(
            f"La Entidad Federativa {nombre} aún no responde el Paso 2: ¿alguna de sus Unidades "
            "Médicas tiene Excedentes y/o Faltantes de algún Servicio Médico Institucional?",
            "negrita",
        )
    elif datos.respuesta == "no":
        quien = (
            f"La Unidad Médica {datos.clues} no reporta"
            if datos.ambito == "unidad"
            else f"Ninguna de las Unidades Médicas de la Entidad Federativa {nombre} reporta"
        )
        p.parrafo(
            f"{quien} Excedentes y/o Faltantes de Servicios Médicos Institucionales "
            "(respuesta NO en el Paso 2).",
            "negrita",
        )
        p.espacio(4)
        p.parrafo(
            f"La Entidad Federativa {nombre} acepta de conformidad la inexistencia de oferta "
            "y/o demanda de servicios médicos.",
            "negrita",
        )
    elif datos.ambito == "unidad":
        p.parrafo(
            f"La Unidad Médica {datos.clues} no ha registrado Excedentes ni Faltantes.", "negrita"
        )
    else:
        p.parrafo(
            f"La Entidad Federativa {nombre} respondió SÍ en el Paso 2, pero ninguna de sus "
            "Unidades Médicas ha registrado Excedentes y/o Faltantes todavía.",
            "negrita",
        )


def firmantes(datos: DatosReporte) -> tuple[str, str]:
    if datos.ambito == "unidad":
        return (
            "Autoriza Director(a) de la Unidad Médica:",
            "Responsable del registro en la Unidad Médica.",
        )
    return (
        "Autoriza Secretario de Salud Estatal:",
        "Autoriza Enlace Estatal para el intercambio de Servicios.",
    )


ALTO_FIRMA = 62.0


def _firmas(p: _Maquetador, datos: DatosReporte, huella: str | None) -> None:
    cuando = ""
    if datos.finalizada_en:
        cuando = f" el {hora_local(datos.finalizada_en):%d/%m/%Y a las %H:%M}"
    por = f" por {datos.finalizada_por}" if datos.finalizada_por else ""
    que = (
        "La captura de la unidad se cerró"
        if datos.ambito == "unidad"
        else "El registro se finalizó"
    )
    lineas = [
        (f"{que}{cuando}{por} (Paso 7).", "texto"),
        (f"Código de verificación de los datos finalizados: {datos.codigo}", "negrita"),
        (
            "Huella de la llave de esta instalación: "
            + (huella or "no disponible (esta instalación aún no tiene llave de firma)"),
            "texto",
        ),
    ]
    alto = 20 + sum(p.alto_parrafo(t, e) for t, e in lineas) + 16 + 2 * ALTO_FIRMA
    if p.y - alto < Y_FIN:
        p.nueva_pagina()
    else:
        p.espacio(20)
    for texto, estilo in lineas:
        p.parrafo(texto, estilo)
    p.espacio(16)
    for rotulo in firmantes(datos):
        p.parrafo(rotulo, "negrita")
        base = p.y - 30
        mitad = IZQ + ANCHO * 0.58
        p.ops.append(("t", "texto", IZQ, base, "Nombre:", "i"))
        p.ops.append(("l", IZQ + 40, base - 2, mitad - 20, base - 2))
        p.ops.append(("t", "texto", mitad, base, "Firma:", "i"))
        p.ops.append(("l", mitad + 32, base - 2, DER, base - 2))
        p.espacio(ALTO_FIRMA - 11)
