"""The end of the process from the tablero: the preliminary report, Paso 7
(totals, «¿Desea finalizar el registro?», password), the semáforo and the
read-only capture, the final version for signatures, and the reapertura.
Real PDFs are written through Qt's file dialog and read back with pypdf."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from app.captura import consultas
from app.captura.cierre import estado_cierre, finalizar
from app.captura.registro import guardar_capturas
from app.captura.reglas import FilaCaptura
from app.paquetes.llaves import huella_instalacion
from tests.ui.ayudantes import esperar, responder, tecla
from tests.ui.ayudantes_archivos import elegir, texto_pdf, visor  # noqa: F401 (fixture)
from tests.ui.pasos_helpers import abrir_productos
from ui.modelos.tablero import FINAL, PRELIMINAR, SEMAFORO, SUBIR
from ui.pasos.cierre import DialogoReabrir, PantallaCierre

RESINA = FilaCaptura("EST-ODO-0003", 20, None, "FE", None, None, 20)
USG = FilaCaptura("IMA-USG-0001", None, None, None, 4, None, 9)
MOTIVO = "Corregir los pacientes de la resina, pedido por la Dirección de Planeación"


def _activar(qtbot, v, columna: int) -> None:
    indice = v.tablero.modelo.index(0, columna)
    v.tablero.tabla.setCurrentIndex(indice)
    v.tablero.tabla.activated.emit(indice)
    esperar(qtbot, v)


def _finalizar_en_la_ventana(qtbot, v) -> PantallaCierre:
    _activar(qtbot, v, FINAL)
    p = v.cima
    assert isinstance(p, PantallaCierre)
    p.contrasena.setText("demo-05")
    dialogo = responder(qtbot, "Finalizar el registro")
    p.boton.click()
    esperar(qtbot, v)
    assert dialogo.respondida
    return p


def test_reporte_preliminar_desde_el_tablero(qtbot, ventana, tmp_path, visor):  # noqa: F811
    v = ventana
    guardar_capturas(v.ctx.almacen, [("CLSSA000581", RESINA)])
    v.ctx.senales.datos_cambiados.emit()
    esperar(qtbot, v)
    assert v.tablero.modelo.index(0, PRELIMINAR).data() == "Preliminar"
    assert v.tablero.modelo.index(0, FINAL).data() == "Finalizar reporte"
    destino = tmp_path / "revision.pdf"
    eleccion = elegir(qtbot, destino)
    mensaje = responder(qtbot, "Abrir")
    _activar(qtbot, v, PRELIMINAR)
    assert eleccion.hecha and eleccion.sugerido.startswith("reporte-preliminar-05-")
    assert eleccion.sugerido.endswith(".pdf")
    assert mensaje.respondida and mensaje.titulo == "Reporte guardado"
    assert str(destino) in mensaje.texto and "Sin Validez Oficial" in mensaje.texto
    assert visor.abiertos == [destino]  # «Abrir» hands it to the system's viewer
    texto = texto_pdf(destino)
    assert "Sin Validez Oficial" in texto
    assert "Entidad Federativa Coahuila de Zaragoza" in texto
    assert "CLSSA000581" in texto and "Obturación con resina" in texto
    # The folder is remembered for the next report.
    eleccion = elegir(qtbot, cancelar=True)
    v.tablero.botones["preliminar"].click()
    esperar(qtbot, v)
    assert eleccion.hecha and eleccion.carpeta == str(tmp_path)
    assert list(tmp_path.glob("*.pdf")) == [destino]


def test_finalizar_desde_el_tablero_bloquea_y_cambia_el_semaforo(qtbot, ventana):
    v = ventana
    guardar_capturas(v.ctx.almacen, [("CLSSA000581", RESINA), ("CLSSA000033", USG)])
    v.ctx.senales.datos_cambiados.emit()
    esperar(qtbot, v)
    assert v.tablero.modelo.index(0, SEMAFORO).data() == "Sin finalizar"
    _activar(qtbot, v, FINAL)
    p = v.cima
    assert isinstance(p, PantallaCierre)
    assert v.migas.pasos == ["Inicio", "Paso 7: finalizar"]
    assert p.instruccion.text().startswith("Paso 7.- Finalizar el registro de Excedentes")
    totales = {
        p.formulario_totales.itemAt(i, p.formulario_totales.ItemRole.LabelRole)
        .widget()
        .text(): p.formulario_totales.itemAt(i, p.formulario_totales.ItemRole.FieldRole)
        .widget()
        .text()
        for i in range(p.formulario_totales.rowCount())
    }
    assert totales == {
        "Respuesta del Paso 2:": "SÍ",
        "Unidades médicas:": "4",
        "Con excedentes/faltantes:": "2",
        "Sin excedentes/faltantes:": "2",
        "Faltantes registrados:": "1",
        "Excedentes registrados:": "1",
    }
    assert p.pregunta.text() == "¿Desea finalizar el registro?"

    # Without the password, nothing is asked; a wrong one is said on the page.
    p.finalizar()
    assert p.error.text() == "Escriba la contraseña de la entidad."
    p.contrasena.setText("demo-08")
    dialogo = responder(qtbot, "Finalizar el registro")
    p.boton.click()
    esperar(qtbot, v)
    assert dialogo.respondida and "no es correcta" in p.error.text()
    assert not estado_cierre(v.ctx.almacen, "05").finalizada

    # Cancelling the question changes nothing.
    p.contrasena.setText("demo-05")
    dialogo = responder(qtbot, "Cancelar")
    p.boton.click()
    assert dialogo.respondida and dialogo.texto == "¿Desea finalizar el registro?"
    assert "Faltantes registrados: 1" in dialogo.detalle
    assert not estado_cierre(v.ctx.almacen, "05").finalizada

    dialogo = responder(qtbot, "Finalizar el registro")
    tecla(qtbot, Qt.Key.Key_Return)  # Enter in the password field
    esperar(qtbot, v)
    assert dialogo.respondida
    assert estado_cierre(v.ctx.almacen, "05").finalizada
    assert v.cima is v.tablero  # back to the tablero
    assert "finalizado" in v.statusBar().currentMessage()
    m = v.tablero.modelo
    assert m.index(0, SEMAFORO).data() == "Finalizada"
    assert m.index(0, FINAL).data() == "Versión final"
    assert m.index(0, PRELIMINAR).data() == "—"
    assert m.index(0, SUBIR).data() == "Subir"
    assert "ya finalizó su registro" in v.tablero.siguiente.text()
    assert v.tablero.botones["final"].text() == "Versión &final…"
    assert v.tablero.botones["reabrir"].isEnabled()

    # Paso 6 is read-only now, and says why.
    p6 = abrir_productos(qtbot, v)
    assert "finalizó su registro" in p6.aviso.text() and p6.aviso.isVisible()
    assert not p6.puede_guardar()
    celda = p6.filtro.index(2, p6.modelo.columna_de_campo("pacientes"))
    assert celda.data() == "20"
    assert not (celda.flags() & Qt.ItemFlag.ItemIsEditable)


def test_version_final_y_reapertura(qtbot, ventana, tmp_path):
    v = ventana
    almacen = v.ctx.almacen
    guardar_capturas(almacen, [("CLSSA000581", RESINA)])
    v.ctx.senales.datos_cambiados.emit()
    esperar(qtbot, v)
    _finalizar_en_la_ventana(qtbot, v)
    final = tmp_path / "final.pdf"
    elegir(qtbot, final)
    mensaje = responder(qtbot, "Cerrar")
    _activar(qtbot, v, FINAL)
    assert mensaje.respondida and "versión final para firmas" in mensaje.texto
    codigo = mensaje.detalle.split("Código de verificación: ")[1][:14]
    texto = texto_pdf(final)
    assert "Sin Validez Oficial" not in texto
    assert codigo in texto and "Autoriza Secretario de Salud Estatal" in texto
    assert huella_instalacion(almacen) in texto

    # Reopen: a written reason and the password; both are checked on the dialog.
    v.tablero.botones["reabrir"].click()
    d = v.findChild(DialogoReabrir)
    assert d is not None and d.isVisible() and d.focusWidget() is d.motivo
    d.motivo.setPlainText("corto")
    d.boton.click()
    assert "al menos 10 caracteres" in d.error.text()
    d.motivo.setPlainText(MOTIVO)
    d.contrasena.setText("equivocada")
    d.boton.click()
    esperar(qtbot, v)
    assert "no es correcta" in d.error.text() and d.isVisible()
    d.contrasena.setText("demo-05")
    d.boton.click()
    esperar(qtbot, v)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert v.findChild(DialogoReabrir) is None  # closed (and deleted)
    assert not estado_cierre(almacen, "05").finalizada
    assert v.tablero.modelo.index(0, SEMAFORO).data() == "Sin finalizar"
    assert "Registro reabierto" in v.statusBar().currentMessage()

    # The reason is printed on the next report, and shown in Paso 7.
    preliminar = tmp_path / "despues.pdf"
    elegir(qtbot, preliminar)
    responder(qtbot, "Cerrar")
    v.tablero.botones["preliminar"].click()
    esperar(qtbot, v)
    assert "Corregir los pacientes de la resina" in " ".join(texto_pdf(preliminar).split())
    _activar(qtbot, v, FINAL)
    assert "se reabrió una vez" in v.cima.reaperturas.text()
    assert MOTIVO in v.cima.reaperturas.text()


def test_paso_7_explica_por_que_no_se_puede_finalizar(qtbot, ventana):
    """SÍ without any record: the core's reason is shown and nothing can be typed."""
    v = ventana
    _activar(qtbot, v, FINAL)
    p = v.cima
    assert isinstance(p, PantallaCierre)
    assert "ninguna unidad tiene registros" in p.aviso.text() and p.aviso.isVisible()
    assert not p.boton.isEnabled() and not p.contrasena.isEnabled()


def test_instalacion_de_unidad_cierra_su_captura(qtbot, almacen, carpeta):
    from tests import fabricas
    from tests.ui.ayudantes import abrir_ventana, cerrar_ventana

    fabricas.preparar_captura(almacen, modo="unidad", clues="CLSSA000581", persona="Luis Gómez")
    guardar_capturas(almacen, [("CLSSA000581", RESINA)])
    v = abrir_ventana(qtbot, almacen, carpeta)
    try:
        t = v.tablero
        assert t.leyendas[0].text() == "La unidad médica cerró su captura (Paso 7)"
        assert not t.botones["subir"].isVisible() and t.botones["exportar"].isVisible()
        assert t.modelo.index(0, SUBIR).data() == "—"
        assert "aún no ha exportado ningún paquete" in t.paquetes.text()
        _activar(qtbot, v, FINAL)
        p = v.cima
        assert p.instruccion.text().startswith("Paso 7.- Cerrar la captura")
        assert "CLSSA000581" in p.detalle.text()
        assert v.migas.pasos == ["Inicio", "Paso 7: cerrar la captura"]
        v.regresar()
        _finalizar_en_la_ventana(qtbot, v)
        assert estado_cierre(almacen, "05").finalizada  # the unit's own capture
        assert t.modelo.index(0, SEMAFORO).data() == "Captura cerrada"
        assert "Exportar paquete" in t.siguiente.text()
        assert not consultas.tablero(almacen).filas[0].finalizada  # the entidad is not
    finally:
        cerrar_ventana(v)


def test_nacional_no_finaliza(qtbot, almacen, carpeta):
    from app.captura.proceso import configurar
    from tests.ui.ayudantes import abrir_ventana, cerrar_ventana

    configurar(almacen, "nacional", persona="Dirección General")
    v = abrir_ventana(qtbot, almacen, carpeta)
    try:
        t = v.tablero
        assert not t.botones["reabrir"].isVisible() and t.botones["importar"].isVisible()
        assert t.modelo.index(0, FINAL).data() == "—"
        assert not t.tabla.isColumnHidden(10)  # each entidad's bundle
        assert t.modelo.index(0, 10).data() == "sin paquete"
        _activar(qtbot, v, FINAL)
        assert v.cima is t and "aún no finaliza" in v.statusBar().currentMessage()
    finally:
        cerrar_ventana(v)


def test_finalizada_fuera_de_la_ventana_se_ve_al_recargar(qtbot, ventana):
    v = ventana
    guardar_capturas(v.ctx.almacen, [("CLSSA000581", RESINA)])
    finalizar(v.ctx.almacen, "05", "demo-05")
    v.ctx.senales.datos_cambiados.emit()
    esperar(qtbot, v)
    assert v.tablero.modelo.index(0, SEMAFORO).data() == "Finalizada"
