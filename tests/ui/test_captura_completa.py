"""A whole capture with the keyboard only: first-run assistant, Paso 2 SÍ,
unit, group, especialidad, a faltante and an excedente typed in Paso 6,
Guardar with its summary; then the saved records are read back from the core."""

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from app.captura.consultas import listar_capturas
from app.captura.vista import instalacion
from tests.ui.ayudantes import escribir, esperar, foco, responder, tecla
from ui.asistente import Asistente
from ui.pasos.grupos import PantallaEspecialidades, PantallaGrupos
from ui.pasos.productos import PantallaProductos
from ui.pasos.respuesta import PantallaRespuesta
from ui.pasos.unidades import PantallaUnidades

K = Qt.Key


def _asistente(qtbot) -> Asistente:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), Asistente))
    return QApplication.activeModalWidget()


def test_captura_completa_con_el_teclado(qtbot, ventana_nueva):
    v = ventana_nueva
    almacen = v.ctx.almacen

    # First run: the assistant opens by itself over the tablero.
    asistente = _asistente(qtbot)
    assert asistente.windowTitle() == "Bienvenida: configurar EyF"
    assert asistente.pagina_modo.unidad.isChecked()
    tecla(qtbot, K.Key_Return)  # Siguiente: a unit installation
    qtbot.waitUntil(lambda: asistente.currentPage() is asistente.pagina_ubicacion)
    esperar(qtbot, v)
    assert foco().objectName() == "entidad"
    tecla(qtbot, K.Key_Tab)
    assert foco().objectName() == "buscar_unidad_asistente"
    escribir(qtbot, "guadalupe")  # found by part of the name; the only match is chosen
    assert asistente.pagina_ubicacion.clues == "CLSSA000581"
    tecla(qtbot, K.Key_Return)
    qtbot.waitUntil(lambda: asistente.currentPage() is asistente.pagina_acceso)
    assert foco().objectName() == "contrasena_asistente"
    escribir(qtbot, "demo-05")
    tecla(qtbot, K.Key_Tab)
    assert foco().objectName() == "persona"
    escribir(qtbot, "Rosa Díaz")
    tecla(qtbot, K.Key_Return)  # Terminar: the core checks the password
    qtbot.waitUntil(lambda: not shiboken6.isValid(asistente), timeout=10_000)
    esperar(qtbot, v)
    conf = instalacion(almacen)
    assert (conf.modo, conf.entidad, conf.clues, conf.persona) == (
        "unidad",
        "05",
        "CLSSA000581",
        "Rosa Díaz",
    )
    assert "Captura: Rosa Díaz" in v.estado_persona.text()

    # Paso 1 → Paso 2: the tablero has the focus; Enter opens the entidad.
    assert foco() is v.tablero.tabla
    assert v.tablero.modelo.rowCount() == 1
    tecla(qtbot, K.Key_Return)
    assert isinstance(v.cima, PantallaRespuesta)
    esperar(qtbot, v)
    assert foco().objectName() == "respuesta_si"
    tecla(qtbot, K.Key_Tab)  # the radio group is one tab stop (arrows choose within it)
    assert foco().objectName() == "contrasena"
    escribir(qtbot, "demo-05")
    tecla(qtbot, K.Key_Return)  # Acceder
    esperar(qtbot, v)

    # Paso 3: a unit installation sees its own unit only.
    assert isinstance(v.cima, PantallaUnidades)
    esperar(qtbot, v)
    assert v.migas.pasos == ["Inicio", "Coahuila de Zaragoza"]
    assert [u.clues for u in v.cima.modelo.unidades()] == ["CLSSA000581"]
    assert foco() is v.cima.busqueda
    tecla(qtbot, K.Key_Return)  # the first (only) unit

    # Pasos 4 and 5.
    assert isinstance(v.cima, PantallaGrupos)
    esperar(qtbot, v)
    assert foco() is v.cima.tabla
    assert v.cima.tabla.currentIndex().row() == 0  # Atención Estomatológica
    tecla(qtbot, K.Key_Return)
    assert isinstance(v.cima, PantallaEspecialidades)
    esperar(qtbot, v)
    tecla(qtbot, K.Key_Down)  # Consulta externa → Odontología
    tecla(qtbot, K.Key_Return)
    assert isinstance(v.cima, PantallaProductos)
    esperar(qtbot, v)
    p = v.cima
    assert v.migas.pasos == [
        "Inicio",
        "Coahuila de Zaragoza",
        "CLSSA000581 CENTRO DE SALUD URBANO GUADALUPE DE MONCLOVA",
        "Atención Estomatológica",
        "Odontología",
    ]

    # Paso 6: find the product, type a faltante and an excedente.
    assert foco() is p.busqueda
    escribir(qtbot, "resina")
    assert p.filtro.rowCount() == 1
    tecla(qtbot, K.Key_Down)  # to the first cell that is captured
    assert foco() is p.tabla
    escribir(qtbot, "20")
    assert isinstance(foco(), QLineEdit)
    tecla(qtbot, K.Key_Tab)  # → faltante hospitalaria
    tecla(qtbot, K.Key_Tab)  # → causa (a drop-down)
    assert isinstance(foco(), QComboBox)
    assert foco().accessibleName() == "Causa del faltante, Obturación con resina"
    escribir(qtbot, "F")  # the first cause starting with F
    assert foco().currentText() == "Falta de Equipo"
    tecla(qtbot, K.Key_Tab)  # → excedente ambulatoria
    escribir(qtbot, "5")
    tecla(qtbot, K.Key_Tab)  # → excedente hospitalaria
    tecla(qtbot, K.Key_Tab)  # → pacientes
    escribir(qtbot, "20")
    tecla(qtbot, K.Key_Return)
    assert p.modelo.problemas() == []
    assert p.modelo.cuantos_cambios() == 1

    dialogo = responder(qtbot, "Guardar")
    tecla(qtbot, K.Key_G, Qt.KeyboardModifier.ControlModifier)
    esperar(qtbot, v)
    assert dialogo.respondida and dialogo.titulo == "Confirmar: guardar cambios"
    assert not p.modelo.hay_cambios()
    assert "Guardado: 2 registro(s) nuevo(s)" in v.statusBar().currentMessage()

    guardados = {
        (c.tipo, c.ambulatorio, c.hospitalario, c.causa_clave, c.pacientes)
        for c in listar_capturas(almacen, clues="CLSSA000581")
    }
    assert guardados == {("faltante", 20, None, "FE", 20), ("excedente", 5, None, None, 20)}

    # Back in Paso 5 (Alt+←), Odontología is marked SÍ; the tablero counts the unit.
    tecla(qtbot, K.Key_Left, Qt.KeyboardModifier.AltModifier)
    esperar(qtbot, v)
    assert isinstance(v.cima, PantallaEspecialidades)
    marcas = {e.nombre: e.con_registros for e in v.cima.modelo.filas}
    assert marcas == {"Consulta externa": False, "Odontología": True}
    tecla(qtbot, K.Key_Home, Qt.KeyboardModifier.AltModifier)
    esperar(qtbot, v)
    assert v.cima is v.tablero
    assert v.tablero.modelo.fila(0).con_excedentes_faltantes == 1
