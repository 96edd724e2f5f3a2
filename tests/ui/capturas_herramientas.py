"""Screenshots of the window's tools (Herramientas › Oportunidades de
intercambio with its four tabs, Bitácora de cambios, Respaldos, and Ayuda ›
Diagnóstico), to look at them as a user would:

    xvfb-run -a -s "-screen 0 1366x768x24" python -m tests.ui.capturas_herramientas 1366x768 DIR
    xvfb-run -a -s "-screen 0 1024x600x24" python -m tests.ui.capturas_herramientas 1024x600 DIR

Uses the bundled demonstration catalog: the state coordination of Estado de
México registers faltantes and excedentes of a few products in twenty of
its units (all IMSS-BIENESTAR, so referrals inside the institution count).
"""

from __future__ import annotations

import random
import sys
import tempfile
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog

from app.almacen.almacen import Almacen
from app.almacen.respaldos import respaldar
from app.captura import consultas
from app.captura.proceso import configurar, responder
from app.captura.registro import guardar_capturas
from app.captura.reglas import FilaCaptura
from app.captura.vista import productos_de_unidad
from tests.ui.capturas_cierre import _cerrar, _pausa, _ventana
from tests.ui.capturas_pantalla import ENTIDAD, esperar, foto
from ui.principal import crear_aplicacion

CLAVE = f"demo-{ENTIDAD}"


def preparar(carpeta: Path) -> Almacen:
    almacen = Almacen.abrir(carpeta)
    configurar(almacen, "estatal", entidad=ENTIDAD, contrasena=CLAVE, persona="Ana Pérez")
    responder(almacen, ENTIDAD, "si", CLAVE)
    unidades = [u.clues for u in consultas.unidades(almacen, ENTIDAD)]
    primera = unidades[0]
    grupo = consultas.grupos(almacen, primera)[0].clave
    especialidad = consultas.especialidades(almacen, primera, grupo)[0].clave
    claves = [p.clave for p in productos_de_unidad(almacen, primera, especialidad=especialidad)[:4]]
    azar = random.Random(2026)
    filas = []
    for clues in azar.sample(unidades[:400], 20):
        disponibles = {
            p.clave for p in productos_de_unidad(almacen, clues, especialidad=especialidad)
        }
        for clave in claves:
            if clave not in disponibles or azar.random() < 0.4:
                continue
            eventos = azar.randint(3, 40)
            if azar.random() < 0.5:
                fila = FilaCaptura(
                    clave, eventos, None, azar.choice(["FE", "FI", "FP", "CS"]), None, None, eventos
                )
            else:
                fila = FilaCaptura(clave, None, None, None, eventos, None, eventos)
            filas.append((clues, fila))
    guardar_capturas(almacen, filas)
    respaldar(almacen.ruta_bd, carpeta, "manual")
    return almacen


def main(tamano: str, destino: Path) -> None:
    ancho, alto = (int(x) for x in tamano.split("x"))
    destino.mkdir(parents=True, exist_ok=True)
    crear_aplicacion()
    with tempfile.TemporaryDirectory() as tmp:
        carpeta = Path(tmp)
        almacen = preparar(carpeta)
        v = _ventana(almacen, carpeta, ancho, alto)
        v.findChild(QAction, "accion_oportunidades").trigger()
        esperar(v)
        p = v.cima
        p.misma.setChecked(True)
        p.calcular()
        esperar(v)
        for i, nombre in enumerate(("tabla", "resumen", "grafica", "mapa")):
            p.pestanas.setCurrentIndex(i)
            if nombre == "mapa" and p.tabla.filtro.rowCount():
                p.pestanas.setCurrentIndex(0)
                p.tabla.tabla.selectRow(0)
                p.pestanas.setCurrentIndex(i)
            _pausa()
            foto(v, destino, f"60-oportunidades-{nombre}")
        v.findChild(QAction, "accion_bitacora").trigger()
        esperar(v)
        _pausa()
        foto(v, destino, "61-bitacora")
        v.findChild(QAction, "accion_respaldos").trigger()
        esperar(v)
        _pausa()
        d = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "dialogo_respaldos")
        foto(d, destino, "62-respaldos")
        d.reject()
        v.findChild(QAction, "accion_diagnostico").trigger()
        _pausa(3)
        esperar(v)
        d = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QDialog) and w.objectName() == "dialogo_diagnostico"
        )
        _pausa(3)
        foto(d, destino, "63-diagnostico")
        d.reject()
        _cerrar(v)
        almacen.cerrar()


if __name__ == "__main__":
    main(
        sys.argv[1] if len(sys.argv) > 1 else "1366x768",
        Path(sys.argv[2] if len(sys.argv) > 2 else "capturas"),
    )
