"""Signed bundles in the window: a unit exports its bundle (asking for the
key's passphrase), the state coordination reviews it (dry run), confirms
the new fingerprint, imports it with one result line per file, and sees the
unit's state in Paso 3 and on the tablero. A tampered file is refused with
its reason; a bundle signed with another key needs its own explicit action."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from app.captura.cierre import finalizar
from app.captura.registro import guardar_capturas
from app.captura.reglas import FilaCaptura
from app.paquetes.consultas import estado_unidades, llaves_registradas
from app.paquetes.exportar import exportar
from app.paquetes.importar import importar
from app.paquetes.llaves import cambiar_frase, huella_instalacion, llave_protegida
from tests import fabricas
from tests.ui.ayudantes import abrir_ventana, cerrar_ventana, esperar, responder
from tests.ui.ayudantes_archivos import elegir, escribir_en_dialogo
from tests.ui.pasos_helpers import abrir_entidad
from ui.modelos.unidades import PAQUETE
from ui.paquetes.importar import DialogoImportacion
from ui.paquetes.llave import DialogoFrase, DialogoLlave
from ui.paquetes.modelo import AMARILLO, CONFIO, HUELLA, NARANJA, RESULTADO, ROJO, VERDE

CLUES = "CLSSA000581"
RESINA = FilaCaptura("EST-ODO-0003", 20, None, "FE", None, None, 20)
FRASE = "frase de la unidad"


def _unidad(carpeta, catalogo):
    a = fabricas.almacen_con_catalogo(carpeta, catalogo)
    fabricas.preparar_captura(a, modo="unidad", clues=CLUES, persona="Luis Gómez")
    guardar_capturas(a, [(CLUES, RESINA)])
    return a


@pytest.fixture
def unidad(tmp_path, ruta_catalogo_pequeno):
    a = _unidad(tmp_path / "unidad", ruta_catalogo_pequeno)
    yield a
    a.cerrar()


def _dialogo(qtbot, v) -> DialogoImportacion:
    d = v.findChild(DialogoImportacion)
    assert d is not None and d.isVisible()
    qtbot.waitUntil(lambda: not d.trabajando, timeout=10_000)
    esperar(qtbot, v)
    return d


def _cerrar(d: DialogoImportacion) -> None:
    d.boton_cerrar.click()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_de_la_unidad_a_la_coordinacion(qtbot, unidad, ventana, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    finalizar(unidad, "05", "demo-05")  # the unit closed its capture (Paso 7)
    cambiar_frase(unidad, None, FRASE)
    huella = huella_instalacion(unidad)

    # The unit exports: the suggested name, the passphrase (asked again when wrong).
    vu = abrir_ventana(qtbot, unidad, unidad.carpeta)
    try:
        eleccion = elegir(qtbot, usb / "EyF-unidad-CLSSA000581-00001.eyf")
        frases = escribir_en_dialogo(qtbot, "no es la frase", FRASE)
        aviso = responder(qtbot, "Cerrar")
        vu.tablero.botones["exportar"].click()
        esperar(qtbot, vu)
        assert eleccion.sugerido == "EyF-unidad-CLSSA000581-00001.eyf"
        assert frases.hechas == 2 and "no es correcta" in frases.etiquetas[1]
        assert aviso.respondida and aviso.titulo == "Paquete exportado"
        assert "Secuencia 1 · 1 registro(s)" in aviso.detalle
        assert "La captura de la unidad está cerrada" in aviso.detalle
        assert huella in aviso.detalle
        assert "Último paquete exportado: secuencia 1" in vu.tablero.paquetes.text()
    finally:
        cerrar_ventana(vu)
    paquete = usb / "EyF-unidad-CLSSA000581-00001.eyf"
    assert paquete.is_file()
    alterado = usb / "alterado.eyf"
    datos = bytearray(paquete.read_bytes())
    datos[len(datos) // 2] ^= 0x01
    alterado.write_bytes(bytes(datos))

    # The coordination: first the review, nothing written.
    v = ventana
    elegir(qtbot, paquete, alterado)
    v.tablero.botones["importar"].click()
    esperar(qtbot, v)
    d = _dialogo(qtbot, v)
    m = d.modelo
    assert [f.ruta.name for f in m.filas] == [paquete.name, alterado.name]
    bueno, malo = m.filas
    assert bueno.confianza == "nueva" and bueno.huella == huella
    assert bueno.origen == f"{CLUES} CENTRO DE SALUD URBANO GUADALUPE DE MONCLOVA"
    assert m.index(0, HUELLA).data().split() == huella.split()  # in two lines of groups
    assert m.index(0, HUELLA).data(Qt.ItemDataRole.BackgroundRole) == AMARILLO
    assert "confirme la huella" in m.index(0, RESULTADO).data()
    assert not malo.resultado.aceptado and malo.texto == malo.resultado.mensaje.split(": ", 1)[1]
    assert m.index(1, RESULTADO).data(Qt.ItemDataRole.BackgroundRole) == ROJO
    assert "1 por confirmar su huella" in d.resumen.text()
    assert "no se escribió nada" in d.resumen.text()
    assert estado_unidades(v.ctx.almacen, "05")[0].estado == "sin_paquete"

    # The coordinator confirms the fingerprint (Space on its box) and imports.
    d.tabla.setCurrentIndex(m.index(0, CONFIO))
    qtbot.keyClick(d.tabla, Qt.Key.Key_Space)
    assert huella in m.confiar
    assert m.index(0, CONFIO).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert m.index(0, HUELLA).data(Qt.ItemDataRole.BackgroundRole) == VERDE
    assert m.index(0, RESULTADO).data() == "Huella confirmada: se registrará al importar."
    d.boton_revisar.click()
    d = _dialogo(qtbot, v)
    assert "se agregaría" in m.index(0, RESULTADO).data()
    d.boton_importar.click()
    d = _dialogo(qtbot, v)
    assert d.barra.value() == 2
    assert "agregado (secuencia 1, 1 registro(s)); se registró la llave" in m.fila(0).texto
    assert m.index(0, RESULTADO).data(Qt.ItemDataRole.BackgroundRole) == VERDE
    assert not m.fila(1).resultado.aceptado
    assert d.resumen.text().startswith("Importación terminada: 1 agregados")
    assert "1 rechazados" in d.resumen.text()
    assert not d.boton_importar.isEnabled()
    d.boton_copiar.click()
    assert paquete.name in QGuiApplication.clipboard().text()
    _cerrar(d)

    # The unit's state: on the tablero at a glance, and per unit in Paso 3.
    assert "1 unidad envió su paquete (1 con la captura cerrada)" in v.tablero.paquetes.text()
    p3 = abrir_entidad(qtbot, v)
    fila = next(i for i in range(p3.filtro.rowCount()) if p3.filtro.index(i, 1).data() == CLUES)
    assert p3.filtro.index(fila, PAQUETE).data().startswith("captura cerrada (secuencia 1, ")
    assert "1 importados (1 con la captura cerrada)" in p3.paquetes.text()
    p3.mostrar.setCurrentIndex(3)  # «sin paquete»
    assert CLUES not in [p3.filtro.index(i, 1).data() for i in range(p3.filtro.rowCount())]
    assert p3.cuenta.text() == "3 de 4 unidades"
    p3.mostrar.setCurrentIndex(2)  # «con la captura cerrada por la unidad»
    assert p3.filtro.index(1, 1).data() == CLUES and p3.cuenta.text() == "1 de 4 unidades"


def test_llave_distinta_se_registra_solo_a_proposito(
    qtbot, unidad, ventana, tmp_path, ruta_catalogo_pequeno
):
    v = ventana
    primero = exportar(unidad, tmp_path / "uno.eyf")
    importar(v.ctx.almacen, [primero.ruta], confiar=[primero.huella])
    otra = _unidad(tmp_path / "reinstalada", ruta_catalogo_pequeno)  # another computer
    try:
        segundo = exportar(otra, tmp_path / "otra-llave.eyf")
    finally:
        otra.cerrar()
    assert segundo.huella != primero.huella

    elegir(qtbot, segundo.ruta)
    v.tablero.botones["importar"].click()
    esperar(qtbot, v)
    d = _dialogo(qtbot, v)
    m = d.modelo
    fila = m.fila(0)
    assert fila.confianza == "distinta" and fila.huella_registrada == primero.huella
    assert m.index(0, CONFIO).data() == "¡llave distinta!"
    assert m.index(0, HUELLA).data(Qt.ItemDataRole.BackgroundRole) == NARANJA
    assert primero.huella in fila.texto and "paquete falso" in fila.texto
    assert not m.index(0, CONFIO).flags() & Qt.ItemFlag.ItemIsUserCheckable  # no box for this

    d.tabla.selectRow(0)
    assert d.boton_llave.isEnabled()
    pregunta = responder(qtbot, "Cancelar")
    d.boton_llave.click()
    assert pregunta.respondida and segundo.huella in pregunta.texto
    assert "la llave anterior queda retirada" in pregunta.detalle
    assert m.reemplazar == set()
    responder(qtbot, "Registrar la llave nueva")
    d.boton_llave.click()
    assert m.reemplazar == {segundo.huella}
    assert m.index(0, CONFIO).data() == "llave nueva registrada"
    d.boton_importar.click()
    d = _dialogo(qtbot, v)
    assert m.fila(0).resultado.aceptado and "reemplazó la llave" in m.fila(0).texto
    vigentes = [k.huella for k in llaves_registradas(v.ctx.almacen) if k.retirada_en is None]
    assert vigentes == [segundo.huella]
    _cerrar(d)


def test_llave_de_la_instalacion_y_su_frase(qtbot, ventana):
    v = ventana
    accion = v.findChild(type(v.accion_guardar), "accion_llave")
    assert accion is not None and accion.text() == "&Llave de firma de esta instalación…"
    accion.trigger()
    d = v.findChild(DialogoLlave)
    qtbot.waitUntil(lambda: d.datos is not None)
    huella = huella_instalacion(v.ctx.almacen)
    assert d.huella.text() == huella and len(huella.split()) == 8
    assert d.huella.accessibleName() == f"Huella de la llave: {huella}"
    d.boton_copiar.click()
    assert QGuiApplication.clipboard().text() == huella
    assert "no tiene frase" in d.proteccion.text() and not d.boton_quitar.isVisible()
    assert d.tabla.isHidden() and "ninguna aún" in d.titulo_registradas.text()

    d.boton_frase.click()
    f = d.findChild(DialogoFrase)
    f.nueva.setText("corta")
    f.repetida.setText("otra")
    f.boton.click()
    assert "no coinciden" in f.error.text()
    f.repetida.setText("corta")
    f.boton.click()
    esperar(qtbot, v)
    assert "al menos 8 caracteres" in f.error.text() and not llave_protegida(v.ctx.almacen)
    f.nueva.setText(FRASE)
    f.repetida.setText(FRASE)
    f.boton.click()
    esperar(qtbot, v)
    qtbot.waitUntil(lambda: d.datos is not None and d.datos.protegida)
    assert llave_protegida(v.ctx.almacen) and huella_instalacion(v.ctx.almacen) == huella
    assert "protegida con una frase" in d.proteccion.text()
    assert d.boton_frase.text() == "&Cambiar la frase…" and d.boton_quitar.isVisible()
    d.reject()


def test_cada_instalacion_explica_lo_que_no_hace(qtbot, unidad):
    vu = abrir_ventana(qtbot, unidad, unidad.carpeta)
    try:
        assert not vu.tablero.botones["importar"].isVisible()
        aviso = responder(qtbot, "Aceptar")
        vu.findChild(type(vu.accion_guardar), "accion_importar_paquetes").trigger()
        esperar(qtbot, vu)
        assert aviso.respondida and "no importa paquetes" in aviso.texto
    finally:
        cerrar_ventana(vu)
