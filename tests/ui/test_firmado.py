"""Paso 9 in the window: upload the signed final report (a real PDF of at
most 150 MB), refusals with the core's message, «Consultar» with the
system's viewer, and replacing it while keeping the earlier one."""

from __future__ import annotations

import hashlib

from reportlab.pdfgen.canvas import Canvas

from app.captura.cierre import finalizar
from app.captura.registro import guardar_capturas
from app.captura.reglas import FilaCaptura
from app.reportes.adjuntos import adjuntos
from tests.ui.ayudantes import esperar, responder
from tests.ui.ayudantes_archivos import elegir, visor  # noqa: F401 (fixture)
from ui.modelos.tablero import SUBIR
from ui.pasos.firmado import PantallaFirmado

RESINA = FilaCaptura("EST-ODO-0003", 20, None, "FE", None, None, 20)


def _pdf(ruta, texto: str):
    c = Canvas(str(ruta))
    c.drawString(72, 720, texto)
    c.showPage()
    c.save()
    return ruta


def _paso_9(qtbot, v) -> PantallaFirmado:
    indice = v.tablero.modelo.index(0, SUBIR)
    v.tablero.tabla.setCurrentIndex(indice)
    v.tablero.tabla.activated.emit(indice)
    esperar(qtbot, v)
    assert isinstance(v.cima, PantallaFirmado)
    return v.cima


def test_subir_consultar_y_reemplazar_el_reporte_firmado(
    qtbot,
    ventana,
    tmp_path,
    visor,  # noqa: F811
):
    v = ventana
    almacen = v.ctx.almacen
    guardar_capturas(almacen, [("CLSSA000581", RESINA)])
    assert v.tablero.modelo.index(0, SUBIR).data() == "—"  # not before finalizing
    finalizar(almacen, "05", "demo-05")
    v.ctx.senales.datos_cambiados.emit()
    esperar(qtbot, v)
    assert v.tablero.modelo.index(0, SUBIR).data() == "Subir"
    p = _paso_9(qtbot, v)
    assert p.instruccion.text() == "Paso 9.- Subir Reporte «Versión Final» firmado."
    assert "peso máximo de 150 Megabytes" in p.nota.text()
    assert "Aún no se ha subido" in p.vigente.text()
    assert not p.boton_consultar.isEnabled() and not p.boton_guardar.isEnabled()

    # A file that is not a PDF, whatever its name: the core's reason, nothing saved.
    falso = tmp_path / "firmado.pdf"
    falso.write_text("esto es texto, no un PDF escaneado", encoding="utf-8")
    elegir(qtbot, falso)
    p.boton_elegir.click()
    assert str(falso) in p.elegido.text() and p.hay_cambios()
    p.boton_guardar.click()
    esperar(qtbot, v)
    assert "no es un PDF" in p.error.text() and p.error.isVisible()
    assert adjuntos(almacen, "05") == []

    # A real PDF is kept with its SHA-256 and becomes the one in force.
    firmado = _pdf(tmp_path / "escaneo-firmado.pdf", "Reporte firmado")
    elegir(qtbot, firmado)
    p.boton_elegir.click()
    p.boton_guardar.click()
    esperar(qtbot, v)
    assert not p.error.isVisible() and not p.hay_cambios()
    assert "Reporte firmado guardado (1 página" in v.statusBar().currentMessage()
    lista = adjuntos(almacen, "05")
    assert len(lista) == 1 and lista[0].vigente
    assert lista[0].sha256 == hashlib.sha256(firmado.read_bytes()).hexdigest()
    assert "escaneo-firmado.pdf" in p.vigente.text() and lista[0].sha256 in p.vigente.text()

    # «Consultar PDF subido» opens the checked copy in the data folder.
    p.boton_consultar.click()
    esperar(qtbot, v)
    assert visor.abiertos == [lista[0].ruta] and lista[0].ruta.is_relative_to(v.ctx.carpeta)

    # Replacing it keeps the earlier one, listed as «Anterior».
    otro = _pdf(tmp_path / "escaneo-2.pdf", "Reporte firmado, segunda versión")
    elegir(qtbot, otro)
    p.boton_elegir.click()
    p.guardar()
    esperar(qtbot, v)
    assert [p.modelo.index(i, 4).data() for i in range(p.modelo.rowCount())] == [
        "Vigente",
        "Anterior",
    ]
    assert p.modelo.index(1, 1).data() == "escaneo-firmado.pdf"
    p.tabla.activated.emit(p.modelo.index(1, 0))  # Enter on the earlier one
    esperar(qtbot, v)
    assert visor.abiertos[-1] == lista[0].ruta

    v.regresar()
    esperar(qtbot, v)
    assert v.tablero.modelo.index(0, SUBIR).data() == "Consultar/Modificar"
    assert "subió el reporte firmado" in v.tablero.siguiente.text()


def test_archivo_elegido_sin_guardar_se_pregunta_al_salir(qtbot, ventana, tmp_path):
    v = ventana
    guardar_capturas(v.ctx.almacen, [("CLSSA000581", RESINA)])
    finalizar(v.ctx.almacen, "05", "demo-05")
    v.ctx.senales.datos_cambiados.emit()
    esperar(qtbot, v)
    p = _paso_9(qtbot, v)
    elegir(qtbot, _pdf(tmp_path / "f.pdf", "firmado"))
    p.boton_elegir.click()
    pregunta = responder(qtbot, "Salir sin guardar")
    v.regresar()
    esperar(qtbot, v)
    assert pregunta.respondida and "reporte firmado" in pregunta.texto
    assert v.cima is v.tablero and adjuntos(v.ctx.almacen, "05") == []


def test_unidad_no_sube_el_reporte_firmado(qtbot, ventana):
    """Not finalized: the Subir cell says «—» and activating it explains why."""
    v = ventana
    indice = v.tablero.modelo.index(0, SUBIR)
    v.tablero.tabla.setCurrentIndex(indice)
    v.tablero.tabla.activated.emit(indice)
    assert v.cima is v.tablero
    assert "aún no finaliza su registro" in v.statusBar().currentMessage()
    assert not v.tablero.botones["subir"].isEnabled()
