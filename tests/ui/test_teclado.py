"""Keyboard first: shortcuts, tab order, and an accessible name on every input."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QLineEdit,
    QWidget,
)

from tests.ui.ayudantes import celda, escribir, esperar, foco, responder, tecla
from tests.ui.pasos_helpers import abrir_entidad, abrir_productos, abrir_unidad
from ui.pasos.grupos import PantallaGrupos
from ui.pasos.productos import PantallaProductos
from ui.pasos.respuesta import PantallaRespuesta

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def sin_nombre_accesible(raiz: QWidget) -> list[str]:
    """Visible inputs that a screen reader could not name."""
    faltan = []
    for w in raiz.findChildren(QWidget):
        if not w.isVisibleTo(raiz):
            continue
        if isinstance(w, QAbstractButton):
            nombre = w.accessibleName() or w.text().replace("&", "")
        elif isinstance(w, (QLineEdit, QComboBox, QAbstractItemView)):
            if isinstance(w.parent(), (QComboBox, QAbstractItemView)) or w.objectName().startswith(
                "qt_"
            ):
                continue  # Qt's own inner parts (the combo's line edit, the viewport)
            nombre = w.accessibleName()
        else:
            continue
        if not nombre:
            faltan.append(f"{type(w).__name__} {w.objectName()!r}")
    return faltan


def test_toda_entrada_tiene_nombre_accesible(qtbot, ventana):
    v = ventana
    vistas = []

    def revisar() -> None:
        vistas.append(type(v.cima).__name__)
        assert sin_nombre_accesible(v) == [], vistas[-1]

    revisar()
    abrir_entidad(qtbot, v)
    revisar()
    v.cima.cambiar.click()
    esperar(qtbot, v)
    revisar()
    v.regresar()
    esperar(qtbot, v)
    abrir_entidad(qtbot, v)
    abrir_unidad(qtbot, v, "CLSSA000581")
    revisar()
    v.ir_a(1)
    esperar(qtbot, v)
    p6 = abrir_productos(qtbot, v)
    revisar()
    assert vistas == [
        "PantallaTablero",
        "PantallaUnidades",
        "PantallaRespuesta",
        "PantallaGrupos",
        "PantallaProductos",
    ]
    # The cell editors are named after their column and product.
    p6.tabla.setCurrentIndex(celda(p6, 0, "pacientes"))
    p6.tabla.edit(p6.tabla.currentIndex())
    assert foco().accessibleName() == "Pacientes mensuales, Exodoncia simple (por pieza)"
    tecla(qtbot, K.Key_Escape)
    v.ir_a(3)
    esperar(qtbot, v)
    revisar()
    assert vistas[-1] == "PantallaEspecialidades"


def test_ctrl_f_y_ctrl_b_van_al_buscador(qtbot, ventana):
    v = ventana
    p = abrir_entidad(qtbot, v)
    p.tabla.setFocus()
    tecla(qtbot, K.Key_F, CTRL)
    assert foco() is p.busqueda
    p = abrir_productos(qtbot, v)
    p.tabla.setFocus()
    tecla(qtbot, K.Key_B, CTRL)
    assert foco() is p.busqueda


def test_retroceso_regresa_pero_no_borra_en_un_buscador_ni_en_la_tabla(qtbot, ventana):
    v = ventana
    p3 = abrir_entidad(qtbot, v)
    p3.busqueda.setFocus()
    escribir(qtbot, "abc")
    tecla(qtbot, K.Key_Backspace)  # edits the text
    assert p3.busqueda.text() == "ab" and v.cima is p3
    p3.busqueda.clear()
    p4 = abrir_unidad(qtbot, v, "CLSSA000581")
    assert isinstance(p4, PantallaGrupos) and foco() is p4.tabla
    tecla(qtbot, K.Key_Backspace)  # in a list: Regresar
    esperar(qtbot, v)
    assert v.cima is p3
    p6 = abrir_productos(qtbot, v)
    p6.filtro.setData(celda(p6, 2, "excedente_ambulatorio"), "9")
    p6.tabla.setFocus()
    p6.tabla.setCurrentIndex(celda(p6, 2, "excedente_ambulatorio"))
    tecla(qtbot, K.Key_Backspace)  # in the Paso 6 grid: empties the cell
    assert v.cima is p6 and p6.modelo.valores(2)[3] == ""
    assert not p6.modelo.hay_cambios()
    tecla(qtbot, K.Key_Left, Qt.KeyboardModifier.AltModifier)  # Alt+← still goes back
    esperar(qtbot, v)
    assert not isinstance(v.cima, PantallaProductos)


def test_tab_salta_a_la_siguiente_celda_que_se_captura(qtbot, ventana):
    v = ventana
    p = abrir_productos(qtbot, v)
    p.tabla.setFocus()
    p.tabla.setCurrentIndex(celda(p, 0, "pacientes"))
    tecla(qtbot, K.Key_Tab)  # past «Unidad de medida», «No.» and «Producto»
    assert p.tabla.currentIndex() == celda(p, 1, "faltante_ambulatorio")
    tecla(qtbot, K.Key_Escape)
    tecla(qtbot, K.Key_Backtab, SHIFT)
    assert p.tabla.currentIndex() == celda(p, 0, "pacientes")


def test_enter_en_una_celda_la_edita_y_la_causa_es_una_lista(qtbot, ventana):
    v = ventana
    p = abrir_productos(qtbot, v)
    p.tabla.setFocus()
    p.tabla.setCurrentIndex(celda(p, 1, "causa"))
    tecla(qtbot, K.Key_Return)
    combo = foco()
    assert isinstance(combo, QComboBox)
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "(sin causa)",
        "Carencia de Servicio",
        "Falta de Equipo",
        "Falta de Insumos",
        "Falta de Personal",
    ]
    tecla(qtbot, K.Key_Down, veces=4)
    tecla(qtbot, K.Key_Return)
    assert p.modelo.valores(1)[2] == "FP"
    assert celda(p, 1, "causa").data() == "Falta de Personal"


def test_un_paso_2_pendiente_se_contesta_con_el_teclado(qtbot, ventana):
    """Mnemonics: Alt+N chooses NO, Alt+C goes to the password."""
    v = ventana
    p3 = abrir_entidad(qtbot, v)
    p3.cambiar.click()
    esperar(qtbot, v)
    p2 = v.cima
    assert isinstance(p2, PantallaRespuesta) and foco() is p2.si
    tecla(qtbot, K.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(p2.no.isChecked)  # a mnemonic «clicks» after a short animation
    tecla(qtbot, K.Key_C, Qt.KeyboardModifier.AltModifier)
    assert foco() is p2.contrasena
    dialogo = responder(qtbot, "Cancelar")
    escribir(qtbot, "demo-05")
    tecla(qtbot, K.Key_Return)
    assert dialogo.respondida and dialogo.titulo == "Responder NO"
    assert isinstance(v.cima, PantallaRespuesta)


def test_los_dialogos_de_qt_hablan_espanol(qtbot):
    caja = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Ok
    )
    qtbot.addWidget(caja)
    textos = {b.text().replace("&", "") for b in caja.buttons()}
    assert "Cancelar" in textos, textos
    assert QApplication.instance().applicationName() == "EyF"
