"""The bundle actions in the window's menus: Archivo › Exportar paquete… and
Importar paquetes…, Herramientas › Llave de firma. ``ui.paquetes.acciones``
(and with it the signing code) is imported when one is used, not when the
window starts."""

from __future__ import annotations

from PySide6.QtGui import QAction


def _usar(nombre: str, ventana) -> None:
    from ui.paquetes import acciones

    getattr(acciones, nombre)(ventana, ventana.ctx)


def instalar(ventana) -> None:
    """Add the bundle actions to the window's Archivo and Herramientas menus."""
    archivo = ventana.menu_archivo
    antes = next((a for a in archivo.actions() if a.objectName() == "accion_salir"), None)
    acciones = [
        ("&Exportar paquete…", "accion_exportar_paquete", "exportar"),
        ("&Importar paquetes…", "accion_importar_paquetes", "importar"),
    ]
    for texto, nombre, funcion in acciones:
        accion = QAction(texto, ventana)
        accion.setObjectName(nombre)
        accion.triggered.connect(lambda _c=False, f=funcion: _usar(f, ventana))
        archivo.insertAction(antes, accion)
    separador = archivo.insertSeparator(antes)
    separador.setObjectName("separador_paquetes")
    accion = QAction("&Llave de firma de esta instalación…", ventana)
    accion.setObjectName("accion_llave")
    accion.triggered.connect(lambda _c=False: _usar("llave", ventana))
    ventana.menu_herramientas.addAction(accion)
