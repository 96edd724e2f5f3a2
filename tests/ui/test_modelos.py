"""The table models without any widget: filtering, editing, validation."""

from PySide6.QtCore import Qt

from app.captura import consultas
from app.captura.registro import guardar_capturas
from app.captura.reglas import FilaCaptura
from app.captura.vista import productos_de_unidad
from app.catalogo.consultas import causas
from app.errores import Problema
from ui.modelos.productos import ModeloProductos
from ui.modelos.tabla import FiltroPlegado
from ui.modelos.unidades import ModeloUnidades
from ui.pasos.resumen import contar, describir

E = Qt.ItemDataRole.EditRole


def _modelo(almacen, ubicacion: str = "", **donde) -> ModeloProductos:
    m = ModeloProductos(causas(almacen), ubicacion)
    m.poner(productos_de_unidad(almacen, "CLSSA000581", **donde), editable=True)
    return m


def test_filtro_con_encabezados_de_nivel(almacen_capturando):
    m = ModeloUnidades()
    m.poner_unidades(consultas.unidades(almacen_capturando, "05"))
    f = FiltroPlegado()
    f.setSourceModel(m)
    assert f.rowCount() == 6 and f.cuantas() == 4
    f.poner_texto("HOSPITAL")
    assert [f.index(i, 0).data() for i in range(f.rowCount())] == ["SEGUNDO NIVEL", "3", "4"]
    f.poner_condicion(lambda fila: m.fila(fila).clues.startswith("CLIMS"))
    assert f.cuantas() == 1
    f.poner_condicion(None)
    f.poner_texto("")
    m.poner_unidades([])  # a new list: the filter follows it
    assert f.rowCount() == 0


def test_editar_validar_y_normalizar_como_el_nucleo(almacen_capturando):
    m = _modelo(almacen_capturando, especialidad="EST-ODO")
    fa, causa, pac = (m.columna_de_campo(c) for c in ("faltante_ambulatorio", "causa", "pacientes"))
    assert m.setData(m.index(2, fa), " 007 ", E)
    assert m.setData(m.index(2, causa), "falta de equipo", E)  # a name is stored as its key
    assert m.index(2, causa).data() == "Falta de Equipo" and m.valores(2)[2] == "FE"
    assert m.setData(m.index(2, pac), "20", E)
    assert m.problemas() == [] and m.cuantos_cambios() == 1
    (cambio,) = m.cambios()
    assert cambio.despues == FilaCaptura("EST-ODO-0003", "007", None, "FE", None, None, "20")
    assert contar([cambio], m.causas) == (1, 0, 0)
    assert (
        describir(cambio.despues, m.causas)
        == "Faltante: amb. 007, Falta de Equipo · 20 pacientes/mes"
    )
    guardar_capturas(almacen_capturando, [("CLSSA000581", cambio.despues)])
    m.marcar_guardado()
    assert (
        m.fila(2).guardado
        == productos_de_unidad(almacen_capturando, "CLSSA000581", especialidad="EST-ODO")[
            2
        ].guardado
    )
    assert m.valores(2) == ("7", "", "FE", "", "", "20") and not m.hay_cambios()
    assert not m.setData(m.index(2, 1), "otro nombre", E)  # Producto is not editable


def test_descartar_y_problemas_del_nucleo(almacen_capturando):
    m = _modelo(almacen_capturando, especialidad="EST-ODO")
    ea = m.columna_de_campo("excedente_ambulatorio")
    m.setData(m.index(0, ea), "4", E)
    assert [c for _, c, _ in m.problemas()] == ["pacientes"]
    m.descartar()
    assert not m.hay_cambios() and m.problemas() == []
    marcadas = m.poner_problemas(
        [Problema("producto", "EST-ODO-0002", "viene de un paquete", "EST-ODO-0002")]
    )
    assert marcadas == [(1, "faltante_ambulatorio")]
    assert m.problema(1, "faltante_ambulatorio") == "viene de un paquete"


def test_un_grupo_muestra_la_especialidad_y_todo_el_catalogo_tambien_el_grupo(
    almacen_capturando,
):
    m = _modelo(almacen_capturando, "especialidad", grupo="EST")
    assert [c.titulo for c in m.columnas][:3] == ["No.", "Producto", "Especialidad"]
    assert m.index(0, 2).data() == "Consulta externa"
    m2 = ModeloProductos(causas(almacen_capturando), "grupo")
    m2.poner(productos_de_unidad(almacen_capturando, "CLSSA000581"), editable=False)
    assert m2.columnas[2].titulo == "Grupo y especialidad"
    assert m2.index(6, 2).data() == "Imagenología › Ultrasonografía"
    pacientes = m2.index(0, m2.columna_de_campo("pacientes"))
    assert not (m2.flags(pacientes) & Qt.ItemFlag.ItemIsEditable)  # read-only screen


def test_el_filtro_al_teclear_da_lo_mismo_que_filtrar_desde_cero(almacen_capturando):
    """Typing one more letter only re-checks what matched; deleting, changing a
    word or the extra condition starts over. Always the same answer as a
    filter computed from scratch."""
    from app.texto import coincide, palabras

    m = _modelo(almacen_capturando)
    f = FiltroPlegado()
    f.setSourceModel(m)
    textos = [
        "c",
        "ci",
        "cir",
        "ciru",
        "cirx",
        "cir",
        "",
        "obt",
        "obt res",
        "obt",
        "res obt",
        "o r",
    ]
    for texto in textos:
        f.poner_texto(texto)
        esperadas = [i for i, p in enumerate(m.plegados()) if coincide(p, palabras(texto))]
        visibles = [f.mapToSource(f.index(i, 0)).row() for i in range(f.rowCount())]
        assert visibles == esperadas, texto
        assert f.cuantas() == len(esperadas)
    f.poner_texto("o")
    f.poner_condicion(lambda fila: fila % 2 == 0)
    assert [f.mapToSource(f.index(i, 0)).row() for i in range(f.rowCount())] == [
        i for i, p in enumerate(m.plegados()) if "o" in p and i % 2 == 0
    ]
    f.poner_condicion(None)
    assert f.cuantas() == sum("o" in p for p in m.plegados())


def test_cada_boton_de_una_pregunta_tiene_su_letra():
    from ui.dialogos import con_letra

    assert con_letra("Responder NO") == "&Responder NO"
    assert con_letra("Cancelar", evitar="Responder NO") == "&Cancelar"
    assert con_letra("Cerrar", evitar="Continuar") == "C&errar"  # «C» is taken
    assert con_letra("&Guardar") == "&Guardar"
    assert con_letra("Cancelar", evitar="&Cargar") == "C&ancelar"


def test_las_palabras_de_qt_en_espanol_de_mexico(qapp):
    """On top of qtbase_es (Spain's «fichero»), the file dialog's words of Mexico;
    everything else still comes from qtbase_es."""
    from PySide6.QtCore import QCoreApplication

    from ui.principal import crear_aplicacion

    crear_aplicacion()
    traducir = QCoreApplication.translate
    assert traducir("QFileDialog", "Show &hidden files") == "Mostrar los archivos &ocultos"
    assert traducir("QAbstractFileIconProvider", "Folder") == "Carpeta"
    assert "fichero" not in traducir(
        "QFileDialog", "%1 already exists.\nDo you want to replace it?"
    )
    assert traducir("QPlatformTheme", "Cancel") == "Cancelar"  # from qtbase_es


def test_el_resumen_de_guardar_no_deja_renglones_de_mas(qtbot):
    """Row heights follow the columns' real width once the dialog is shown
    (computed with the default width they came out four times too tall)."""
    from app.captura.reglas import FilaCaptura
    from ui.modelos.productos import Cambio
    from ui.pasos.resumen import DialogoResumen

    cambios = [
        Cambio(0, "X", "Consulta de primera vez de endodoncia", FilaCaptura("X"),
               FilaCaptura("X", None, 4, "FP", None, None, 6)),
    ]  # fmt: skip
    d = DialogoResumen(cambios, {"FP": "Falta de Personal"}, "Unidad médica: X")
    qtbot.addWidget(d)
    d.show()
    qtbot.waitUntil(lambda: d.tabla.rowHeight(0) == d.tabla.sizeHintForRow(0))
    assert d.tabla.rowHeight(0) < 3 * d.tabla.fontMetrics().height()
