"""What the tablero says: who this installation is for, the semáforo's
legend, what comes next for the entidad, the bundles at a glance, and the
buttons' labels (each with its letter for Alt)."""

from __future__ import annotations

from collections.abc import Sequence

from app.captura.consultas import Tablero
from app.captura.permisos import Configuracion
from app.paquetes.consultas import (
    FINALIZADA,
    IMPORTADO,
    SIN_PAQUETE,
    EstadoOrigen,
    ExportacionVista,
)
from ui.modelos.tablero import fecha_local

BOTONES = {
    # key: (label, label once done: finalized / signed report uploaded)
    "preliminar": ("Reporte &preliminar…", "Reporte &preliminar…"),
    "final": ("&Finalizar reporte…", "Versión &final…"),
    "subir": ("&Subir firmado…", "Con&sultar/Modificar firmado…"),
    "reabrir": ("&Reabrir…", "&Reabrir…"),
    "exportar": ("Exportar pa&quete…", "Exportar pa&quete…"),
    "importar": ("Importar paque&tes…", "Importar paque&tes…"),
}


def boton(clave: str, hecho: bool) -> str:
    return BOTONES[clave][1 if hecho else 0]


def leyendas(modo: str | None) -> tuple[str, str]:
    if modo == "unidad":
        return (
            "La unidad médica cerró su captura (Paso 7)",
            "La unidad médica aún no cierra su captura",
        )
    return (
        "La Entidad Federativa ha finalizado el registro de información",
        "La Entidad Federativa aún no finaliza el registro de información",
    )


def describir_instalacion(conf: Configuracion, t: Tablero, unidad: str) -> str:
    if not conf.configurada:
        return "Esta instalación aún no está configurada."
    entidad = next((f.nombre for f in t.filas if f.clave == conf.entidad), conf.entidad or "")
    quien = {
        "unidad": f"la unidad médica {conf.clues} {unidad} ({entidad})",
        "estatal": f"la coordinación estatal de {entidad}",
        "nacional": "el nivel nacional (consolida los paquetes de las entidades)",
    }[conf.modo]
    persona = f" Captura: {conf.persona}." if conf.persona else ""
    return f"Esta instalación es para {quien}.{persona}"


def que_sigue(conf: Configuracion, t: Tablero) -> str:
    if not conf.configurada:
        return (
            "Para empezar, configure la instalación: para qué unidad o entidad es y quién captura."
        )
    if conf.modo == "nacional":
        return (
            "Seleccione una entidad para consultar sus unidades y registros. Los paquetes de las "
            "entidades se importan con «Importar paquetes» (Alt+T)."
        )
    fila = next((f for f in t.filas if f.clave == conf.entidad), None)
    if fila is None:
        return ""
    if conf.modo == "unidad":
        if fila.finalizada:
            return (
                f"La captura de la unidad {conf.clues} está cerrada: sus registros se consultan, "
                "no se modifican. Siguiente: «Exportar paquete» (Alt+Q) y entréguelo a la "
                "coordinación estatal; la versión final de la unidad está en la columna «Final»."
            )
        return (
            f"Abra {fila.nombre} (Enter) para registrar. Al terminar, finalice la captura de la "
            "unidad (columna «Final», Alt+F) y exporte su paquete (Alt+Q)."
        )
    if fila.finalizada and fila.reporte_firmado:
        return (
            f"{fila.nombre} finalizó su registro y subió el reporte firmado: el proceso está "
            "concluido. Para consultarlo o reemplazarlo: columna «Subir (firmado)» (Alt+S)."
        )
    if fila.finalizada:
        return (
            f"{fila.nombre} ya finalizó su registro: los registros se consultan, no se "
            "modifican. Siguiente: imprima la versión final para firmas (Paso 8: columna "
            "«Final», Alt+F) y, ya firmada, súbala (Paso 9: columna «Subir», Alt+S)."
        )
    if fila.respuesta is None:
        return f"Siguiente: abra {fila.nombre} (Enter) y responda el Paso 2."
    if fila.respuesta == "no":
        return (
            f"{fila.nombre} respondió NO en el Paso 2: ninguna unidad registra excedentes ni "
            "faltantes. El siguiente paso es finalizar el registro (Paso 7): columna «Final» "
            "(Alt+F)."
        )
    return (
        f"Siguiente: abra {fila.nombre} (Enter) para elegir la unidad médica y registrar. "
        "Revise el reporte preliminar (Alt+P) y finalice el registro (Alt+F) al terminar."
    )


def _n(n: int, singular: str, plural: str) -> str:
    return f"{n:,} {singular if n == 1 else plural}"


def resumen_paquetes(
    conf: Configuracion, estados: Sequence[EstadoOrigen], ultimo: ExportacionVista | None
) -> str:
    """The bundles at a glance: who has sent one and who is missing."""
    if conf.modo == "unidad":
        if ultimo is None:
            return "Esta unidad aún no ha exportado ningún paquete para la coordinación estatal."
        return (
            f"Último paquete exportado: secuencia {ultimo.secuencia}, "
            f"{fecha_local(ultimo.creado_en)}, {_n(ultimo.registros, 'registro', 'registros')}."
        )
    if conf.modo not in ("estatal", "nacional") or not estados:
        return ""
    importados = sum(e.estado == IMPORTADO for e in estados)
    finalizados = sum(e.estado == FINALIZADA for e in estados)
    aqui = sum(e.estado == SIN_PAQUETE and e.locales > 0 for e in estados)
    sin = sum(e.estado == SIN_PAQUETE and not e.locales for e in estados)
    if conf.modo == "nacional":
        return (
            f"Paquetes de las entidades: {importados + finalizados:,} de {len(estados):,} "
            f"importados ({finalizados:,} con el registro finalizado) · {sin:,} sin paquete. "
            "Columna «Paquete»: el de cada entidad."
        )
    partes = [
        f"{_n(importados + finalizados, 'unidad envió', 'unidades enviaron')} su paquete "
        f"({finalizados:,} con la captura cerrada)"
    ]
    if aqui:
        partes.append(_n(aqui, "capturada aquí", "capturadas aquí"))
    partes.append(f"{sin:,} sin paquete")
    return (
        "Paquetes de las unidades: "
        + " · ".join(partes)
        + ". El estado de cada unidad está en el Paso 3 (columna «Paquete»)."
    )
