"""The in-program help: offline, written for this program, opened by F1 at
the current step."""

import importlib
import pkgutil
import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.rutas import recurso
from tests.ui.ayudantes import esperar, tecla
from tests.ui.pasos_helpers import abrir_entidad, abrir_productos
from ui import pasos
from ui.ayuda import VentanaAyuda, texto_plano
from ui.pasos import base


def _ayuda(v) -> VentanaAyuda:
    return v.findChild(VentanaAyuda)


def test_f1_abre_la_ayuda_del_paso_actual(qtbot, ventana):
    v = ventana
    v.tablero.tabla.setFocus()
    tecla(qtbot, Qt.Key.Key_F1)
    ayuda = _ayuda(v)
    assert ayuda.isVisible() and ayuda.tema_visible() == "paso1"
    abrir_productos(qtbot, v)
    v.activateWindow()  # back from the help window to the main one
    qtbot.waitUntil(lambda: QApplication.activeWindow() is v)
    v.cima.tabla.setFocus()
    tecla(qtbot, Qt.Key.Key_F1)
    assert ayuda.tema_visible() == "paso6"
    ayuda.close()


def test_menu_guia_de_ayuda_y_boton(qtbot, ventana):
    v = ventana
    abrir_entidad(qtbot, v)
    menus = {a.text().replace("&", ""): a for a in v.menuBar().actions()}
    assert list(menus) == ["Archivo", "Ir", "Herramientas", "Ayuda"]
    textos = [a.text().replace("&", "") for a in menus["Ayuda"].menu().actions()]
    assert textos[0] == "Guía de ayuda"
    menus["Ayuda"].menu().actions()[0].trigger()
    assert _ayuda(v).tema_visible() == "paso3"
    _ayuda(v).close()
    v.boton_ayuda.click()
    assert _ayuda(v).isVisible()
    _ayuda(v).close()


def test_la_ayuda_explica_pasos_reglas_causas_y_finalizar(qtbot, ventana):
    v = ventana
    v.mostrar_ayuda("indice")
    texto = texto_plano(_ayuda(v))
    for frase in (
        "Paso 1. El tablero de entidades",
        "Paso 6. Registrar excedentes y faltantes",
        "números enteros de 1 en adelante",
        "necesita su causa principal y los pacientes mensuales",
        "Carencia de Servicio",
        "Falta de Equipo",
        "Falta de Insumos",
        "Falta de Personal",
        "Finalizar bloquea la captura",
        "contraseña de la entidad y un motivo escrito",
        "inexistencia de oferta y/o demanda",
        "Ctrl+G",
    ):
        assert frase in texto, frase
    ayuda = _ayuda(v)
    ayuda.buscar.setText("subrogación")
    assert ayuda.texto.textCursor().selectedText() == "subrogación"
    ayuda.close()


def test_cada_pantalla_tiene_su_tema_en_la_ayuda():
    html = recurso("ayuda", "ayuda.html").read_text(encoding="utf-8")
    anclas = set(re.findall(r'<a name="([^"]+)"', html))
    modulos = [
        importlib.import_module(f"ui.pasos.{m.name}") for m in pkgutil.iter_modules(pasos.__path__)
    ]
    temas = {
        c.ayuda
        for m in modulos
        for c in vars(m).values()
        if isinstance(c, type) and issubclass(c, base.Pantalla)
    }
    assert temas >= {"paso1", "paso2", "paso3", "paso4", "paso5", "paso6"}
    assert temas >= {"finalizar", "firmado", "oportunidades", "bitacora"}
    assert temas <= anclas
    enlaces = set(re.findall(r'href="#([^"]+)"', html))
    assert enlaces <= anclas  # no broken link in the contents


def test_ayuda_sin_red(qtbot, ventana):
    """Only local files: no http(s) resource is loaded by the help."""
    html = recurso("ayuda", "ayuda.html").read_text(encoding="utf-8")
    assert not re.search(r'(src|href)="https?:', html)
    esperar(qtbot, ventana)
