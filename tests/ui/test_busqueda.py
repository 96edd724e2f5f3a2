"""Search as you type in Paso 3 (units by CLUES or any part of the name) and
Paso 6 (products by name or key), accent- and case-insensitive."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from app.captura.consultas import listar_capturas
from tests.ui.ayudantes import celda, escribir, esperar, foco, responder, tecla
from tests.ui.pasos_helpers import abrir_entidad, abrir_productos, abrir_unidad
from ui.modelos.unidades import unidad_de
from ui.pasos.grupos import PantallaGrupos
from ui.pasos.productos import PantallaProductos

K = Qt.Key


def _visibles(p) -> list[str]:
    filas = [p.filtro.index(i, 0) for i in range(p.filtro.rowCount())]
    return [unidad_de(i).clues if unidad_de(i) else i.data() for i in filas]


def test_paso_3_busca_mientras_se_escribe(qtbot, ventana):
    v = ventana
    p = abrir_entidad(qtbot, v)
    assert _visibles(p) == [
        "PRIMER NIVEL",
        "CLSSA000581",
        "CLSSA002343",
        "SEGUNDO NIVEL",
        "CLSSA000033",
        "CLIMS000010",
    ]
    assert p.cuenta.text() == "4 unidades"
    p.buscar()
    assert foco() is p.busqueda
    escribir(qtbot, "h")
    assert p.cuenta.text() == "3 de 4 unidades"  # HÉRCULES and the two hospitals
    escribir(qtbot, "ERC")
    assert _visibles(p) == ["PRIMER NIVEL", "CLSSA002343"]  # «herc» finds «HÉRCULES»
    assert p.tabla.rowSpan(0, 0) == 1 and p.tabla.columnSpan(0, 0) == p.modelo.columnCount()


def test_paso_3_por_clues_por_palabras_y_sin_resultados(qtbot, ventana):
    v = ventana
    p = abrir_entidad(qtbot, v)
    p.busqueda.setText("clssa000")
    assert _visibles(p) == ["PRIMER NIVEL", "CLSSA000581", "SEGUNDO NIVEL", "CLSSA000033"]
    p.busqueda.setText("ACUNA general")  # every word, in any order, without accents
    assert _visibles(p) == ["SEGUNDO NIVEL", "CLSSA000033"]
    p.busqueda.setText("zacatecas")
    assert _visibles(p) == []
    assert p.vacia.isVisible() and "Ninguna unidad coincide con «zacatecas»" in p.vacia.text()
    p.busqueda.clear()
    assert p.filtro.cuantas() == 4 and not p.vacia.isVisible()


def test_paso_3_enter_en_el_buscador_abre_la_unidad_encontrada(qtbot, ventana):
    v = ventana
    p = abrir_entidad(qtbot, v)
    p.busqueda.setFocus()
    escribir(qtbot, "saltillo")
    tecla(qtbot, K.Key_Return)
    esperar(qtbot, v)
    assert isinstance(v.cima, PantallaGrupos)
    assert v.cima.ubicacion.clues == "CLIMS000010"


def test_paso_3_las_flechas_saltan_los_encabezados_de_nivel(qtbot, ventana):
    v = ventana
    p = abrir_entidad(qtbot, v)
    p.busqueda.setFocus()
    tecla(qtbot, K.Key_Down)  # to the first unit (the PRIMER NIVEL heading is skipped)
    assert unidad_de(p.tabla.currentIndex()).clues == "CLSSA000581"
    tecla(qtbot, K.Key_Down)
    tecla(qtbot, K.Key_Down)  # over the SEGUNDO NIVEL heading
    assert unidad_de(p.tabla.currentIndex()).clues == "CLSSA000033"


def test_paso_6_busca_productos_por_nombre_y_clave(qtbot, ventana):
    v = ventana
    p = abrir_productos(qtbot, v)
    assert p.cuenta.text() == "3 productos"
    p.buscar()
    escribir(qtbot, "OBTURACION")
    assert p.cuenta.text() == "2 de 3 productos"
    p.busqueda.setText("resína plata")
    assert p.filtro.rowCount() == 0
    assert "Ningún producto coincide" in p.linea.text()
    p.busqueda.setText("est-odo-0001")
    assert [p.filtro.index(i, 1).data() for i in range(p.filtro.rowCount())] == [
        "Exodoncia simple (por pieza)"
    ]


def test_paso_6_de_todo_el_catalogo_y_solo_con_registro(qtbot, ventana):
    v = ventana
    grupos = abrir_unidad(qtbot, v, "CLSSA000581")
    grupos.findChild(QPushButton, "boton_todo_catalogo").click()
    esperar(qtbot, v)
    p = v.cima
    assert isinstance(p, PantallaProductos) and p.alcance == "catalogo"
    assert v.migas.pasos[-1] == "Todo el catálogo"
    assert p.cuenta.text() == "7 productos"
    p.busqueda.setText("ultrasonido")
    assert p.filtro.index(0, 2).data() == "Imagenología › Ultrasonografía"
    # At 1024 px the product's name gets the room; the line under the table
    # says where the selected product is. A wider window shows the column.
    assert p.tabla.isColumnHidden(2)
    p.tabla.setCurrentIndex(p.filtro.index(0, 1))
    assert p.linea.text() == (
        "Ultrasonido cualquier región. — Imagenología › Ultrasonografía (Estudio)"
    )
    v.resize(1366, 700)
    qtbot.waitUntil(lambda: not p.tabla.isColumnHidden(2))
    fila = p.filtro.mapToSource(p.filtro.index(0, 0)).row()
    p.filtro.setData(celda(p, fila, "excedente_hospitalario"), "5")
    p.filtro.setData(celda(p, fila, "pacientes"), "40")
    p.busqueda.clear()
    p.solo_datos.setChecked(True)
    assert p.cuenta.text() == "1 de 7 productos"
    resumen = responder(qtbot, "Guardar")
    p.guardar()
    esperar(qtbot, v)
    assert resumen.respondida
    assert [
        (c.producto, c.tipo, c.hospitalario, c.pacientes) for c in listar_capturas(v.ctx.almacen)
    ] == [("IMA-USG-0001", "excedente", 5, 40)]
    p.solo_datos.setChecked(False)
