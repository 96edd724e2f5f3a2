"""Screenshots of the end of the process (Pasos 7 to 9, the reports, the
bundles and the key), to look at them as a user would:

    xvfb-run -a -s "-screen 0 1366x768x24" python -m tests.ui.capturas_cierre 1366x768 DIR
    xvfb-run -a -s "-screen 0 1024x600x24" python -m tests.ui.capturas_cierre 1024x600 DIR

Uses the bundled demonstration catalog: a unit of Estado de México closes
its capture and exports its bundle; the state coordination finalizes,
saves the final version (kept in DIR as PDF, to render with pdftoppm),
uploads it as signed, and imports the unit's bundle and a tampered copy.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QPushButton

from app.almacen.almacen import Almacen
from app.captura import consultas
from app.captura.cierre import finalizar
from app.captura.proceso import configurar, responder
from app.captura.registro import guardar_capturas
from app.captura.reglas import FilaCaptura
from app.captura.vista import productos_de_unidad
from app.paquetes.llaves import cambiar_frase
from app.reportes.adjuntos import adjuntar
from tests.ui.capturas_pantalla import ENTIDAD, esperar, foto, foto_del_dialogo, preparar
from ui.contexto import Contexto
from ui.modelos.tablero import FINAL, SUBIR
from ui.principal import crear_aplicacion
from ui.ventana import VentanaPrincipal

CLAVE = f"demo-{ENTIDAD}"


def _pausa(segundos: float = 0.3) -> None:
    limite = time.monotonic() + segundos
    while time.monotonic() < limite:
        QApplication.processEvents()
        time.sleep(0.02)


def foto_y_guardar(destino: Path, nombre: str, ruta: Path) -> QTimer:
    """Photograph the next file dialog, then save to ``ruta``."""
    t = QTimer()
    t.setInterval(100)

    def intentar() -> None:
        d = QApplication.activeModalWidget()
        if not isinstance(d, QFileDialog) or not d.isVisible():
            return
        t.stop()
        _pausa(0.5)
        QApplication.primaryScreen().grabWindow(0).save(str(destino / f"{nombre}.png"))
        print(destino / f"{nombre}.png")
        d.setDirectory(str(ruta.parent))
        d.findChild(QLineEdit, "fileNameEdit").setText(ruta.name)
        d.accept()

    t.timeout.connect(intentar)
    t.start()
    return t


def _escaneo(ruta: Path) -> Path:
    """A stand-in for the signed and scanned final report (a one-page PDF)."""
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(ruta))
    c.drawString(72, 720, "Reporte final firmado (escaneado)")
    c.showPage()
    c.save()
    return ruta


def _ventana(almacen: Almacen, carpeta: Path, ancho: int, alto: int) -> VentanaPrincipal:
    v = VentanaPrincipal(Contexto(almacen, carpeta))
    v.setGeometry(0, 0, ancho, alto - 64)
    v.show()
    v.iniciar()
    esperar(v)
    return v


def _cerrar(v: VentanaPrincipal) -> None:
    v._cerrar_confirmado = True
    v.close()


def _activar(v: VentanaPrincipal, columna: int) -> None:
    indice = v.tablero.modelo.index(0, columna)
    v.tablero.tabla.setCurrentIndex(indice)
    v.tablero.tabla.activated.emit(indice)
    esperar(v)


def unidad(carpeta: Path, destino: Path, ancho: int, alto: int) -> list[Path]:
    """A unit of the entidad: Paso 7 of a unit, export with passphrase. Returns bundles."""
    almacen = Almacen.abrir(carpeta)
    clues = consultas.unidades(almacen, ENTIDAD)[1].clues
    configurar(
        almacen, "unidad", entidad=ENTIDAD, clues=clues, contrasena=CLAVE, persona="Luis Gómez"
    )
    responder(almacen, ENTIDAD, "si", CLAVE)
    especialidad = consultas.especialidades(
        almacen, clues, consultas.grupos(almacen, clues)[0].clave
    )
    productos = productos_de_unidad(almacen, clues, especialidad=especialidad[0].clave)
    guardar_capturas(
        almacen, [(clues, FilaCaptura(productos[2].clave, 5, None, "FP", None, None, 9))]
    )
    cambiar_frase(almacen, None, "frase de la unidad")
    v = _ventana(almacen, carpeta, ancho, alto)
    foto(v, destino, "30-unidad-tablero")
    _activar(v, FINAL)
    foto(v, destino, "31-unidad-paso7")
    v.regresar()
    esperar(v)
    finalizar(almacen, ENTIDAD, CLAVE)
    v.ctx.senales.datos_cambiados.emit()
    esperar(v)
    paquete = carpeta.parent / "usb" / f"EyF-unidad-{clues}-00001.eyf"
    paquete.parent.mkdir(exist_ok=True)
    t1 = foto_y_guardar(destino, "32-unidad-exportar-archivo", paquete)
    t2 = QTimer()
    t2.setInterval(100)

    def frase() -> None:
        from PySide6.QtWidgets import QInputDialog

        d = QApplication.activeModalWidget()
        if isinstance(d, QInputDialog) and d.isVisible():
            t2.stop()
            d.setTextValue("frase de la unidad")
            _pausa(0.3)
            QApplication.primaryScreen().grabWindow(0).save(str(destino / "33-unidad-frase.png"))
            print(destino / "33-unidad-frase.png")
            d.accept()

    t2.timeout.connect(frase)
    t2.start()
    t3 = foto_del_dialogo(destino, "34-unidad-paquete-exportado", "Cerrar")
    v.tablero.botones["exportar"].click()
    esperar(v)
    for t in (t1, t2, t3):
        t.stop()
    foto(v, destino, "35-unidad-tablero-cerrada")
    _cerrar(v)
    almacen.cerrar()
    alterado = paquete.with_name("alterado.eyf")
    datos = bytearray(paquete.read_bytes())
    datos[len(datos) // 2] ^= 0x01
    alterado.write_bytes(bytes(datos))
    return [paquete, alterado]


def coordinacion(carpeta: Path, destino: Path, ancho: int, alto: int, paquetes: list[Path]) -> None:
    almacen = preparar(carpeta)
    v = _ventana(almacen, carpeta, ancho, alto)
    foto(v, destino, "40-tablero-reportes")
    v.tablero.tabla.setCurrentIndex(v.tablero.modelo.index(0, FINAL))
    v.tablero._menu_contextual(v.tablero.tabla.visualRect(v.tablero.tabla.currentIndex()).center())
    _pausa(0.5)
    foto(v, destino, "41-tablero-menu-contextual")
    for m in v.tablero.findChildren(type(v.menu_archivo), "menu_entidad"):
        m.close()
    from ui.paquetes.importar import DialogoImportacion

    ventana_nueva = DialogoImportacion.abrir(v, v.ctx, paquetes, False)
    esperar(v)
    _pausa()
    foto(ventana_nueva, destino, "49-importar-revision")
    m = ventana_nueva.modelo
    from PySide6.QtCore import Qt

    from ui.paquetes.modelo import CONFIO

    m.setData(m.index(0, CONFIO), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    ventana_nueva.boton_importar.click()
    esperar(v)
    _pausa()
    foto(ventana_nueva, destino, "50-importar-resultado")
    ventana_nueva.boton_cerrar.click()
    esperar(v)
    v.tablero.tabla.activated.emit(v.tablero.modelo.index(0, 1))
    esperar(v)
    v.cima.busqueda.setText(consultas.unidades(almacen, ENTIDAD)[1].clues[:6])
    foto(v, destino, "51-unidades-paquetes")
    v.ir_a(0)
    esperar(v)
    foto(v, destino, "52-tablero-paquetes")
    _activar(v, FINAL)
    foto(v, destino, "42-paso7-finalizar")
    v.cima.contrasena.setText(CLAVE)
    t = foto_del_dialogo(destino, "43-paso7-confirmar", "Finalizar el registro")
    v.cima.finalizar()
    esperar(v)
    t.stop()
    foto(v, destino, "44-tablero-finalizado")
    final = destino / f"reporte-final-{ancho}x{alto}.pdf"
    t1 = foto_y_guardar(destino, "45-guardar-version-final", final)
    t2 = foto_del_dialogo(destino, "46-reporte-guardado", "Cerrar")
    _activar(v, FINAL)
    for x in (t1, t2):
        x.stop()
    adjuntar(almacen, ENTIDAD, final)
    adjuntar(almacen, ENTIDAD, _escaneo(Path(carpeta) / "reporte-final-firmado-escaneado.pdf"))
    v.ctx.senales.datos_cambiados.emit()
    esperar(v)
    _activar(v, SUBIR)
    foto(v, destino, "47-paso9-firmado")
    v.regresar()
    esperar(v)
    v.tablero.botones["reabrir"].click()
    _pausa()
    from ui.pasos.cierre import DialogoReabrir

    d = v.findChild(DialogoReabrir)
    d.motivo.setPlainText(
        "Corregir los pacientes de la unidad; lo pidió la Dirección de Planeación."
    )
    foto(d, destino, "48-reabrir")
    d.reject()
    v.findChild(type(v.accion_guardar), "accion_llave").trigger()
    esperar(v)
    _pausa()
    from ui.paquetes.llave import DialogoLlave

    llave = v.findChild(DialogoLlave)
    foto(llave, destino, "53-llave")
    llave.boton_frase.click()
    _pausa()
    foto(llave, destino, "54-frase")
    for b in QApplication.activeModalWidget().findChildren(QPushButton):
        if b.text() == "Cancelar":
            b.click()
    llave.reject()
    _cerrar(v)
    almacen.cerrar()


def main(tamano: str, destino: Path) -> None:
    ancho, alto = (int(x) for x in tamano.split("x"))
    destino.mkdir(parents=True, exist_ok=True)
    crear_aplicacion()
    with tempfile.TemporaryDirectory() as tmp:
        paquetes = unidad(Path(tmp) / "unidad", destino, ancho, alto)
        coordinacion(Path(tmp) / "coordinacion", destino, ancho, alto, paquetes)


if __name__ == "__main__":
    main(
        sys.argv[1] if len(sys.argv) > 1 else "1366x768",
        Path(sys.argv[2] if len(sys.argv) > 2 else "capturas"),
    )
