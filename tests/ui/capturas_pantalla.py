"""Screenshots of every screen, to look at them as a user would.

    xvfb-run -a -s "-screen 0 1366x768x24" python -m tests.ui.capturas_pantalla 1366x768 DIR
    xvfb-run -a -s "-screen 0 1024x600x24" python -m tests.ui.capturas_pantalla 1024x600 DIR

Uses the bundled demonstration catalog (a state coordination of Estado de
México, 1,248 units) in a temporary data folder. The window gets the screen
minus 64 px, what a taskbar and a title bar leave on a real desktop.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QPushButton,
    QWidget,
)

from app.almacen.almacen import Almacen
from app.captura.proceso import configurar, responder
from app.captura.registro import guardar_capturas
from app.captura.reglas import FilaCaptura
from app.captura.vista import productos_de_unidad
from ui.contexto import Contexto
from ui.principal import crear_aplicacion
from ui.ventana import VentanaPrincipal

ENTIDAD = "15"


def esperar(v: VentanaPrincipal) -> None:
    limite = time.monotonic() + 30
    while time.monotonic() < limite:
        QApplication.processEvents()
        if not v.ctx.trabajos.ocupado:
            break
        time.sleep(0.01)
    for _ in range(5):
        QApplication.processEvents()
        time.sleep(0.01)


def foto(w: QWidget, destino: Path, nombre: str) -> None:
    for _ in range(10):  # let every pending repaint reach the X server
        QApplication.processEvents()
        time.sleep(0.02)
    pantalla = QApplication.primaryScreen()
    imagen = pantalla.grabWindow(0) if w.isWindow() and w.windowHandle() else w.grab()
    imagen.save(str(destino / f"{nombre}.png"))
    print(destino / f"{nombre}.png")


def foto_del_dialogo(destino: Path, nombre: str, cerrar: str = "") -> QTimer:
    """Photograph the next modal dialog (screen grab), then close it. File
    dialogs and prompts are not it: they come before, answered by the caller."""
    t = QTimer()
    t.setInterval(100)

    def intentar() -> None:
        d = QApplication.activeModalWidget()
        if d is None or not d.isVisible() or isinstance(d, (QFileDialog, QInputDialog)):
            return
        t.stop()
        QApplication.processEvents()
        QApplication.primaryScreen().grabWindow(0).save(str(destino / f"{nombre}.png"))
        print(destino / f"{nombre}.png")
        for b in d.findChildren(QPushButton):
            if cerrar and b.text().replace("&", "") == cerrar:
                b.click()
                return
        d.reject()

    t.timeout.connect(intentar)
    t.start()
    return t


def preparar(carpeta: Path) -> Almacen:
    almacen = Almacen.abrir(carpeta)
    configurar(
        almacen, "estatal", entidad=ENTIDAD, contrasena=f"demo-{ENTIDAD}", persona="Ana Pérez"
    )
    responder(almacen, ENTIDAD, "si", f"demo-{ENTIDAD}")
    from app.captura import consultas

    unidad = consultas.unidades(almacen, ENTIDAD)[0].clues
    grupos = consultas.grupos(almacen, unidad)
    especialidad = consultas.especialidades(almacen, unidad, grupos[0].clave)[0].clave
    productos = productos_de_unidad(almacen, unidad, especialidad=especialidad)
    guardar_capturas(
        almacen,
        [
            (unidad, FilaCaptura(productos[0].clave, 12, 3, "FE", None, None, 15)),
            (unidad, FilaCaptura(productos[1].clave, None, None, None, 8, None, 8)),
        ],
    )
    return almacen


def main(tamano: str, destino: Path) -> None:
    ancho, alto = (int(x) for x in tamano.split("x"))
    destino.mkdir(parents=True, exist_ok=True)
    crear_aplicacion()
    with tempfile.TemporaryDirectory() as tmp:
        carpeta = Path(tmp)
        almacen = preparar(carpeta)
        v = VentanaPrincipal(Contexto(almacen, carpeta))
        v.setGeometry(0, 0, ancho, alto - 64)
        v.show()
        v.iniciar()
        esperar(v)
        foto(v, destino, "01-tablero")
        v.tablero.tabla.activated.emit(v.tablero.modelo.index(0, 1))
        esperar(v)
        p3 = v.cima
        foto(v, destino, "03-unidades")
        p3.busqueda.setText("san jose")
        esperar(v)
        foto(v, destino, "03-unidades-busqueda")
        p3.busqueda.setText("zzzz")
        foto(v, destino, "03-unidades-sin-resultados")
        p3.busqueda.clear()
        p3.cambiar.click()
        esperar(v)
        foto(v, destino, "02-respuesta")
        v.cima.no.setChecked(True)
        v.cima.contrasena.setText("x")
        t = foto_del_dialogo(destino, "02-respuesta-no-confirmar", "Cancelar")
        v.cima.acceder()
        t.stop()
        v.regresar()
        esperar(v)
        v.tablero.tabla.activated.emit(v.tablero.modelo.index(0, 1))
        esperar(v)
        p3 = v.cima
        p3.tabla.activated.emit(p3.filtro.index(1, 1))
        esperar(v)
        foto(v, destino, "04-grupos")
        p4 = v.cima
        p4.tabla.activated.emit(p4.modelo.index(0, 1))
        esperar(v)
        foto(v, destino, "05-especialidades")
        p5 = v.cima
        p5.tabla.activated.emit(p5.modelo.index(0, 1))
        esperar(v)
        p6 = v.cima
        m = p6.modelo
        m.setData(m.index(0, m.columna_de_campo("excedente_ambulatorio")), "0")
        m.setData(m.index(2, m.columna_de_campo("faltante_hospitalario")), "4")
        p6.tabla.setCurrentIndex(p6.filtro.index(2, m.columna_de_campo("causa")))
        foto(v, destino, "06-productos-rechazos")
        m.setData(m.index(0, m.columna_de_campo("excedente_ambulatorio")), "")
        m.setData(m.index(2, m.columna_de_campo("causa")), "FP")
        m.setData(m.index(2, m.columna_de_campo("pacientes")), "6")
        t = foto_del_dialogo(destino, "06-resumen-guardar")
        p6.guardar()
        t.stop()
        t = foto_del_dialogo(destino, "06-cambios-sin-guardar", "Seguir editando")
        v.regresar()
        t.stop()
        m.descartar()
        v.ir_a(2)  # Paso 4
        esperar(v)
        v.cima.tabla.activated.emit(v.cima.modelo.index(1, 1))  # Cirugía
        esperar(v)
        v.cima.findChild(QPushButton, "boton_todo_grupo").click()
        esperar(v)
        v.cima.busqueda.setText("artroscopia rodilla")
        foto(v, destino, "06-productos-todo-el-grupo")
        v.regresar()
        esperar(v)
        v.regresar()
        esperar(v)
        v.cima.findChild(QPushButton, "boton_todo_catalogo").click()
        esperar(v)
        v.cima.busqueda.setText("ultrasonido")
        foto(v, destino, "06-productos-todo-el-catalogo")
        v.mostrar_ayuda()
        esperar(v)
        foto(v._ayuda, destino, "07-ayuda")
        v._ayuda.close()
        from ui.asistente import Asistente

        t = foto_del_dialogo(destino, "08-configuracion")
        v.configurar()
        esperar(v)
        for _ in range(30):
            QApplication.processEvents()
            time.sleep(0.02)
        t.stop()
        a = Asistente(v.ctx, *_leer_asistente(v), parent=v)
        a.pagina_modo.unidad.setChecked(True)
        a.show()
        a.next()
        esperar(v)
        a.pagina_ubicacion.busqueda.setText("hospital general")
        foto(a, destino, "08-configuracion-unidad")
        a.reject()
        v._cerrar_confirmado = True
        v.close()
        almacen.cerrar()


def _leer_asistente(v):
    from app.captura.vista import instalacion
    from app.catalogo.consultas import entidades

    return instalacion(v.ctx.almacen), entidades(v.ctx.almacen)


if __name__ == "__main__":
    main(
        sys.argv[1] if len(sys.argv) > 1 else "1366x768",
        Path(sys.argv[2] if len(sys.argv) > 2 else "capturas"),
    )
