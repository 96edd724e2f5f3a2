"""The window's tools for the whole installation: Herramientas ›
Oportunidades de intercambio, Bitácora de cambios and Respaldos, and
Ayuda › Diagnóstico. Screens open over the tablero (Inicio › …) after the
current screen is left (asking before unsaved changes are lost).

Light at import: each tool's module (numpy, openpyxl…) is imported when
the tool is opened, not when the window starts."""

from __future__ import annotations

from collections.abc import Callable

from ui.pasos.base import Pantalla

ATAJO_OPORTUNIDADES = "Ctrl+I"  # «intercambio»
ATAJO_BITACORA = "Ctrl+H"  # «historial»


def instalar(ventana) -> None:
    m = ventana.menu_herramientas
    m.addSeparator()
    ventana._accion(
        m,
        "&Oportunidades de intercambio",
        "accion_oportunidades",
        [ATAJO_OPORTUNIDADES],
        lambda: abrir_oportunidades(ventana),
    )
    ventana._accion(
        m,
        "&Bitácora de cambios",
        "accion_bitacora",
        [ATAJO_BITACORA],
        lambda: abrir_bitacora(ventana),
    )
    ventana._accion(m, "&Respaldos…", "accion_respaldos", [], lambda: abrir_respaldos(ventana))
    ayuda = ventana.menu_ayuda
    diagnostico = ventana._accion(
        ayuda, "&Diagnóstico…", "accion_diagnostico", [], lambda: abrir_diagnostico(ventana)
    )
    acerca = next((a for a in ayuda.actions() if a.objectName() == "accion_acerca"), None)
    if acerca is not None:  # «Acerca de» stays last
        ayuda.removeAction(diagnostico)
        ayuda.insertAction(acerca, diagnostico)


def _abrir_pantalla(ventana, tipo: type[Pantalla], crear: Callable[[], Pantalla]) -> None:
    if isinstance(ventana.cima, tipo):
        ventana.cima.enfocar()
        return
    ventana.al_inicio(lambda: ventana.abrir(crear()))


def abrir_oportunidades(ventana) -> None:
    from ui.pasos.oportunidades import PantallaOportunidades

    _abrir_pantalla(ventana, PantallaOportunidades, lambda: PantallaOportunidades(ventana.ctx))


def abrir_bitacora(ventana) -> None:
    from ui.pasos.bitacora import PantallaBitacora

    _abrir_pantalla(ventana, PantallaBitacora, lambda: PantallaBitacora(ventana.ctx))


def abrir_respaldos(ventana) -> None:
    from ui.respaldos import DialogoRespaldos

    DialogoRespaldos.abrir(ventana)


def abrir_diagnostico(ventana) -> None:
    from ui.diagnostico import DialogoDiagnostico

    DialogoDiagnostico.abrir(ventana)
