"""Herramientas › Oportunidades de intercambio over a real database: the view
shows what the core computes, filters and sorts (numbers as numbers), its
options re-run the analysis, the chart and the map paint (the selected link
highlighted), and the workbook, CSV and PDF annex are saved and read back.

Data (the small catalog; the coordination of Coahuila sees its entidad):
IMSS Saltillo offers ultrasound to SSA Acuña (434 km) and SSA Monclova (no
coordinates); SSA Acuña offers consultation to IMSS Saltillo; SSA Hércules
offers fillings that only SSA Monclova (same institution) needs."""

import csv
import threading

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor

from app.captura.registro import guardar_capturas
from app.intercambio.analisis import analizar
from tests.app.intercambio.conftest import CEX, CIR, ODO, USG, fila
from tests.ui.ayudantes import escribir, esperar, responder
from tests.ui.ayudantes_archivos import elegir, texto_pdf, visor  # noqa: F401 - fixture
from tests.ui.test_teclado import sin_nombre_accesible
from ui.graficas.mapa import RESALTE
from ui.intercambio.tabla import ORDENES
from ui.modelos.oportunidades import COLUMNAS_OPORTUNIDADES
from ui.modelos.ordenable import ASCENDENTE, DESCENDENTE
from ui.modelos.tabla import ROL_FILA
from ui.pasos.oportunidades import GRAFICA, MAPA, RESUMEN, PantallaOportunidades

COLUMNA = {c.titulo: i for i, c in enumerate(COLUMNAS_OPORTUNIDADES)}


@pytest.fixture
def ventana_con_registros(ventana):
    guardar_capturas(
        ventana.ctx.almacen,
        [
            ("CLIMS000010", fila(USG, ea="30", pacientes="30")),
            ("CLSSA000033", fila(USG, fa="20", fh="5", causa="FE", pacientes="70")),
            ("CLSSA000581", fila(USG, fa="15", causa="FE", pacientes="15")),
            ("CLSSA000581", fila(CIR, fa="4", causa="FP", pacientes="4")),
            ("CLSSA002343", fila(ODO, ea="10", pacientes="10")),
            ("CLSSA000581", fila(ODO, fa="6", causa="FI", pacientes="6")),
            ("CLSSA000033", fila(CEX, ea="3", pacientes="3")),
            ("CLIMS000010", fila(CEX, fa="2", causa="CS", pacientes="2")),
        ],
    )
    return ventana


def abrir(qtbot, v) -> PantallaOportunidades:
    v.findChild(QAction, "accion_oportunidades").trigger()
    esperar(qtbot, v)
    p = v.cima
    assert isinstance(p, PantallaOportunidades)
    qtbot.waitUntil(lambda: p.resultado is not None and not p.calculando)
    return p


def vistas(p) -> list[tuple]:
    t = p.tabla
    return [
        (o.clues_demanda, o.clues_oferta, o.producto, o.modalidad)
        for o in (t.filtro.index(i, 0).data(ROL_FILA) for i in range(t.filtro.rowCount()))
    ]


def celdas(p, titulo: str) -> list[str]:
    t, c = p.tabla, COLUMNA[titulo]
    return [t.filtro.index(i, c).data() for i in range(t.filtro.rowCount())]


def test_la_vista_muestra_lo_que_calcula_el_nucleo(qtbot, ventana_con_registros):
    v = ventana_con_registros
    p = abrir(qtbot, v)
    a = analizar(v.ctx.almacen)
    assert v.migas.pasos == ["Inicio", "Oportunidades de intercambio"]
    assert (
        p.titulo.text() == "Oportunidades de intercambio · Coahuila de Zaragoza: todas sus unidades"
    )
    assert vistas(p) == [
        (o.clues_demanda, o.clues_oferta, o.producto, o.modalidad) for o in a.oportunidades
    ]
    assert len(a.oportunidades) == 3
    t = a.resumen.total
    assert p.cifras.text() == (
        f"Potencial de intercambio {t.potencial * 100:.1f} %: {t.eventos_cubiertos} de "
        f"{t.eventos_faltantes} eventos faltantes al mes · 3 oportunidades · valor mensual "
        f"estimado ${t.valor_mensual:,}"
    )
    acuna = a.oportunidades[1]
    fila_acuna = [p.tabla.filtro.index(1, c).data() for c in range(len(COLUMNA))]
    assert fila_acuna[COLUMNA["Unidad que necesita"]] == "CLSSA000033 HOSPITAL GENERAL CD. ACUÑA"
    assert fila_acuna[COLUMNA["Institución que ofrece"]] == "IMS"
    assert fila_acuna[COLUMNA["Modalidad"]] == "Ambulatoria"
    assert fila_acuna[COLUMNA["Eventos cubiertos de los requeridos"]] == "20 de 20"
    assert fila_acuna[COLUMNA["Distancia"]] == f"{acuna.distancia_km:,.1f} km"
    assert fila_acuna[COLUMNA["Valor mensual estimado (MXN)"]] == f"${acuna.valor_mensual:,}"
    assert celdas(p, "Distancia")[2] == "misma entidad"  # Monclova has no coordinates
    assert p.tabla.tabla.isColumnHidden(COLUMNA["Entidad"])  # one entidad only
    assert (
        p.criterios.text()
        == "Criterios: sin límite de distancia; solo entre instituciones distintas."
    )
    assert sin_nombre_accesible(v) == []


def test_filtrar_mientras_se_escribe_y_ordenar_numeros_como_numeros(qtbot, ventana_con_registros):
    v = ventana_con_registros
    p = abrir(qtbot, v)
    p.buscar()
    escribir(qtbot, "acuña ultrasonido")
    assert vistas(p) == [("CLSSA000033", "CLIMS000010", USG, "ambulatorio")]
    assert p.tabla.cuenta.text() == "1 de 3 oportunidades"
    p.tabla.busqueda.setText("zzz")
    assert p.tabla.vacia.isVisible() and "Ninguna oportunidad coincide" in p.tabla.vacia.text()
    p.tabla.busqueda.clear()
    assert p.tabla.cuenta.text() == "3 oportunidades"

    # «2 de 2», «10 de 15», «20 de 20»: as text «10» would come before «2».
    cabecera = p.tabla.tabla.horizontalHeader()
    cabecera.setSortIndicator(COLUMNA["Eventos cubiertos de los requeridos"], ASCENDENTE)
    assert celdas(p, "Eventos cubiertos de los requeridos") == ["2 de 2", "10 de 15", "20 de 20"]
    assert p.tabla.orden.currentText() == "Según el encabezado elegido"
    # Distance: a known distance first, then «misma entidad» (no coordinates)
    cabecera.setSortIndicator(COLUMNA["Distancia"], ASCENDENTE)
    assert celdas(p, "Distancia")[-1] == "misma entidad"
    # From the keyboard: the «Ordenar por» list; the selection stays on the same opportunity.
    p.tabla.seleccionar("CLIMS000010", "CLSSA000033", CEX, "ambulatorio")
    indice = next(i for i, o in enumerate(ORDENES) if o[0].startswith("Valor mensual"))
    p.tabla.orden.setCurrentIndex(indice)
    p.tabla.orden.activated.emit(indice)
    assert cabecera.sortIndicatorSection() == COLUMNA["Valor mensual estimado (MXN)"]
    assert cabecera.sortIndicatorOrder() == DESCENDENTE
    assert celdas(p, "Valor mensual estimado (MXN)") == ["$16,920", "$8,460", "—"]  # no cost last
    assert p.tabla.actual().producto == CEX
    assert "Consulta de estomatología" in p.tabla.detalle.text()


def test_las_opciones_vuelven_a_calcular(qtbot, ventana_con_registros):
    v = ventana_con_registros
    p = abrir(qtbot, v)
    p.misma.setChecked(True)
    p.analizar.click()
    qtbot.waitUntil(lambda: not p.calculando)
    esperado = analizar(v.ctx.almacen, misma_institucion=True)
    assert len(vistas(p)) == len(esperado.oportunidades) == 4
    assert ("CLSSA000581", "CLSSA002343", ODO, "ambulatorio") in vistas(p)
    assert "también dentro de una misma institución" in p.criterios.text()

    p.misma.setChecked(False)
    assert p.tabla.seleccionar("CLSSA000033", "CLIMS000010", USG, "ambulatorio")  # 434 km
    assert "CLSSA000033" in p.tabla.detalle.text()
    p.max_km.setValue(100)
    p.analizar.click()
    qtbot.waitUntil(lambda: not p.calculando)
    esperado = analizar(v.ctx.almacen, max_km=100)
    assert vistas(p) == [
        (o.clues_demanda, o.clues_oferta, o.producto, o.modalidad) for o in esperado.oportunidades
    ]
    assert ("CLSSA000033", "CLIMS000010", USG, "ambulatorio") not in vistas(p)  # 434 km
    assert p.criterios.text().startswith("Criterios: hasta 100 km;")
    # the detail line no longer describes the opportunity that is gone
    assert p.tabla.actual() is None
    assert p.tabla.detalle.text().startswith("Seleccione una oportunidad")


def test_el_resumen_y_sus_listas(qtbot, ventana_con_registros):
    v = ventana_con_registros
    p = abrir(qtbot, v)
    a = analizar(v.ctx.almacen)
    p.pestanas.setCurrentIndex(RESUMEN)
    r = p.resumen
    assert "Potencial de intercambio" in r.cifras.text()
    assert f"{a.resumen.total.potencial * 100:.1f} %" in r.cifras.text()
    esperados = {
        "entidad": a.resumen.por_entidad,
        "grupo": a.resumen.por_grupo,
        "producto": a.resumen.por_producto,
        "sin_oferta": a.faltantes_sin_oferta,
        "sin_cubrir": a.faltantes_sin_cubrir,
        "sin_demanda": a.excedentes_sin_demanda,
    }
    for clave, filas in esperados.items():
        r.vista(clave)
        assert r.modelo.filas == list(filas), clave
        assert r.filtro.rowCount() == len(filas)
    r.vista("sin_oferta")  # what the sector lacks: surgery, hospital ultrasound
    assert {(x.producto, x.modalidad) for x in r.modelo.filas} == {
        (CIR, "ambulatorio"),
        (USG, "hospitalario"),
    }
    assert r.tabla.model().index(0, r.modelo.columnCount() - 1).data() == (
        "Ninguna unidad ofrece este servicio en esta modalidad"
    )
    r.vista("grupo")
    r.tabla.horizontalHeader().setSortIndicator(3, DESCENDENTE)  # potential, highest first
    potenciales = [f.potencial for f in r.modelo.filas]
    assert potenciales == sorted(potenciales, reverse=True)


def test_grafica_y_mapa_con_el_enlace_elegido_resaltado(qtbot, ventana_con_registros):
    v = ventana_con_registros
    p = abrir(qtbot, v)
    a = analizar(v.ctx.almacen)
    p.pestanas.setCurrentIndex(GRAFICA)
    # One entidad: the chart is by service group, the total on top.
    assert p.ver_grafica.currentText() == "Por grupo de servicio"
    imagen = p.grafica.grab()
    assert not imagen.isNull()
    grupos = [f for f in a.resumen.por_grupo if f.eventos_faltantes]
    assert [b.fila.nombre for b in p.grafica.barras] == ["Total"] + [f.nombre for f in grupos]
    for b in p.grafica.barras:
        assert b.rect.width() == pytest.approx(b.pista.width() * b.fila.potencial, abs=0.5)

    p.tabla.seleccionar("CLSSA000033", "CLIMS000010", USG, "ambulatorio")  # Acuña ← Saltillo
    p.pestanas.setCurrentIndex(MAPA)
    qtbot.waitExposed(p.mapa)
    m = p.mapa
    assert m.resaltado.clues_demanda == "CLSSA000033"
    e = m.enlace_resaltado()
    assert (e.clues_oferta, e.clues_demanda, e.eventos) == ("CLIMS000010", "CLSSA000033", 20)
    imagen = m.grab().toImage()
    a_, b_ = (
        m.posicion(e.latitud_oferta, e.longitud_oferta),
        m.posicion(e.latitud_demanda, e.longitud_demanda),
    )
    medio = (a_ + b_) / 2
    razon = imagen.devicePixelRatio()
    pixel = QColor(imagen.pixel(int(medio.x() * razon), int(medio.y() * razon)))
    assert pixel.name() == RESALTE.name()  # the highlighted link is drawn on top
    assert "1 unidad con oportunidades no tiene coordenadas" in m.nota()

    # Monclova has no coordinates: nothing highlighted, and the note says why.
    p.pestanas.setCurrentIndex(0)
    p.tabla.seleccionar("CLSSA000581", "CLIMS000010", USG, "ambulatorio")
    assert m.enlace_resaltado() is None
    assert m.nota() == (
        "La oportunidad seleccionada no está en el mapa: CLSSA000581 no tiene coordenadas en el "
        "catálogo."
    )
    # Enter on an opportunity shows it on the map.
    p.tabla.seleccionar("CLSSA000033", "CLIMS000010", USG, "ambulatorio")
    p.tabla.tabla.activated.emit(p.tabla.tabla.currentIndex())
    assert p.pestanas.currentIndex() == MAPA and m.enlace_resaltado() is not None


def test_guardar_libro_csv_y_anexo(qtbot, ventana_con_registros, tmp_path, visor):  # noqa: F811
    v = ventana_con_registros
    p = abrir(qtbot, v)
    a = p.resultado.analisis
    destino = tmp_path / "memoria"
    destino.mkdir()

    eleccion = elegir(qtbot, destino / "oportunidades.xlsx")
    abrir_archivo = responder(qtbot, "Abrir")
    p.botones_exportar["xlsx"].click()
    qtbot.waitUntil(lambda: abrir_archivo.respondida, timeout=20_000)
    esperar(qtbot, v)
    assert eleccion.sugerido.startswith("oportunidades-coahuila-de-zaragoza-")
    assert eleccion.sugerido.endswith(".xlsx")
    assert visor.abiertos == [destino / "oportunidades.xlsx"]
    libro = load_workbook(destino / "oportunidades.xlsx")
    assert libro.sheetnames[:2] == ["Criterios", "Resumen"] and "Oportunidades" in libro.sheetnames
    hoja = libro["Oportunidades"]
    assert hoja.max_row == 1 + len(a.oportunidades)
    assert hoja.freeze_panes == "A2" and hoja.auto_filter.ref
    assert [c.value for c in hoja[3]][:2] == [2, "CLSSA000033"]

    eleccion = elegir(qtbot, destino / "oportunidades.csv")
    cerrar = responder(qtbot, "Cerrar")
    p.botones_exportar["csv"].click()
    qtbot.waitUntil(lambda: cerrar.respondida)
    esperar(qtbot, v)
    assert eleccion.carpeta == str(destino)  # the last folder is remembered
    with open(destino / "oportunidades.csv", encoding="utf-8-sig", newline="") as f:
        filas = list(csv.DictReader(f))
    assert [r["clues_demanda"] for r in filas] == [o.clues_demanda for o in a.oportunidades]

    eleccion = elegir(qtbot, destino / "anexo.pdf")
    cerrar = responder(qtbot, "Cerrar")
    p.botones_exportar["pdf"].click()
    qtbot.waitUntil(lambda: cerrar.respondida, timeout=30_000)
    esperar(qtbot, v)
    assert eleccion.sugerido.startswith("anexo-oportunidades-coahuila-de-zaragoza-")
    texto = texto_pdf(destino / "anexo.pdf")
    assert "CLSSA000033 HOSPITAL GENERAL CD." in texto
    assert "Potencial de intercambio por grupo de servicio" in texto
    assert "anexo.pdf" in v.statusBar().currentMessage()


def test_cancelar_el_analisis(qtbot, ventana_con_registros):
    """«Cancelar» stops the analysis at its next step: nothing is shown as done."""
    v = ventana_con_registros
    p = abrir(qtbot, v)
    soltar = threading.Event()
    for _ in range(2):  # both workers busy: the new analysis waits its turn
        v.ctx.trabajos.lanzar(lambda: soltar.wait(10), lambda _r: None, mensaje="Ocupado")
    p.misma.setChecked(True)
    p.analizar.click()
    assert p.barra.isVisible() and p.calculando
    p.barra.cancelar.click()
    soltar.set()
    qtbot.waitUntil(lambda: not p.calculando)
    esperar(qtbot, v)
    assert p.cifras.text() == "Se canceló el análisis. Pulse «Analizar» para calcularlo."
    assert not p.barra.isVisible()
    assert len(vistas(p)) == 3  # the previous results stay on screen


def test_se_abre_con_el_teclado_y_vuelve_al_inicio(qtbot, ventana_con_registros):
    v = ventana_con_registros
    v.activateWindow()
    qtbot.keyClick(v, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    esperar(qtbot, v)
    assert isinstance(v.cima, PantallaOportunidades)
    v.regresar()
    esperar(qtbot, v)
    assert v.cima is v.tablero
