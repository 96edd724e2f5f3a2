"""Herramientas › Bitácora de cambios: a capture saved in Paso 6 appears with
its before and after; the filters and the pages («Cargar más») read what the
core reads."""

from datetime import date, timedelta

from PySide6.QtGui import QAction

from app.almacen.bitacora import anotar_muchos
from app.almacen.consulta_bitacora import consultar_bitacora, contar_bitacora
from app.almacen.sesion import transaccion
from tests.ui.ayudantes import celda, escribir, esperar, responder
from tests.ui.pasos_helpers import abrir_productos
from tests.ui.test_teclado import sin_nombre_accesible
from ui.modelos.tabla import ROL_FILA
from ui.pasos.bitacora import PAGINA, PantallaBitacora


def abrir(qtbot, v) -> PantallaBitacora:
    v.findChild(QAction, "accion_bitacora").trigger()
    esperar(qtbot, v)
    p = v.cima
    assert isinstance(p, PantallaBitacora) and p.cargada
    return p


def esperar_lectura(qtbot, v, p) -> None:
    qtbot.waitUntil(lambda: not p._esperar.isActive())
    esperar(qtbot, v)


def filas(p) -> list:
    return [p.modelo.index(i, 0).data(ROL_FILA) for i in range(p.modelo.rowCount())]


def columna(p, c: int) -> list[str]:
    return [p.modelo.index(i, c).data() for i in range(p.modelo.rowCount())]


def guardar_en_paso_6(qtbot, v, valores: dict[str, str]) -> None:
    p6 = abrir_productos(qtbot, v)
    for campo, valor in valores.items():
        p6.filtro.setData(celda(p6, 0, campo), valor)
    resumen = responder(qtbot, "Guardar")
    p6.guardar()
    esperar(qtbot, v)
    assert resumen.respondida


def test_un_registro_guardado_aparece_con_su_antes_y_despues(qtbot, ventana):
    v = ventana
    guardar_en_paso_6(qtbot, v, {"excedente_ambulatorio": "7", "pacientes": "9"})
    guardar_en_paso_6(qtbot, v, {"excedente_ambulatorio": "12"})
    p = abrir(qtbot, v)
    assert v.migas.pasos == ["Inicio", "Bitácora de cambios"]
    esperadas = consultar_bitacora(v.ctx.almacen)
    assert [e.id for e in filas(p)] == [e.id for e in esperadas]
    ultima = filas(p)[0]
    assert (ultima.accion, ultima.clues, ultima.objeto) == (
        "captura_modificada",
        "CLSSA000581",
        "EST-ODO-0001/excedente",
    )
    fila = [p.modelo.index(0, c).data() for c in range(p.modelo.columnCount())]
    assert fila[1:6] == [
        "Ana Pérez",
        "Registro modificado",
        "Coahuila de Zaragoza",
        "CLSSA000581",
        "EST-ODO-0001/excedente",
    ]
    assert fila[0] == f"{ultima.momento_local:%d/%m/%Y %H:%M:%S}"
    assert "ambulatorio 7 → 12" in fila[6]
    # The newest entry is selected and shown in full below.
    detalle = p.detalle_entrada.toPlainText()
    assert "Ana Pérez · Registro modificado" in detalle
    assert "Antes:" in detalle and '"ambulatorio": 7' in detalle
    assert "Después:" in detalle and '"ambulatorio": 12' in detalle
    assert p.cuenta.text() == f"Se muestran {len(esperadas)} de {len(esperadas)} entradas."
    assert sin_nombre_accesible(v) == []


def test_los_filtros(qtbot, ventana):
    v = ventana
    guardar_en_paso_6(qtbot, v, {"excedente_ambulatorio": "7", "pacientes": "9"})
    p = abrir(qtbot, v)
    todas = contar_bitacora(v.ctx.almacen)
    assert todas >= 3  # configuration, Paso 2, the capture
    textos = [p.accion.itemText(i) for i in range(p.accion.count())]
    assert textos[0] == "Todos los cambios"
    assert {"Registro creado", "Respuesta del Paso 2", "Configuración de la instalación"} <= set(
        textos
    )

    p.accion.setCurrentText("Registro creado")
    esperar_lectura(qtbot, v, p)
    assert [e.accion for e in filas(p)] == ["captura_creada"]
    assert p.cuenta.text() == "Se muestra 1 de 1 entrada que coincide con los filtros."

    p.quitar_filtros()
    esperar(qtbot, v)
    assert len(filas(p)) == todas
    p.clues.setFocus()
    escribir(qtbot, "clssa000581")
    esperar_lectura(qtbot, v, p)
    assert {e.clues for e in filas(p)} == {"CLSSA000581"}

    p.quitar_filtros()
    esperar(qtbot, v)
    p.persona.setText("nadie así")
    esperar_lectura(qtbot, v, p)
    assert filas(p) == [] and p.cuenta.text() == "Ninguna entrada coincide con los filtros."
    p.persona.setText("ana pér")
    esperar_lectura(qtbot, v, p)
    assert len(filas(p)) == contar_bitacora(v.ctx.almacen, persona="ana pér") >= 2
    assert {e.persona for e in filas(p)} == {"Ana Pérez"}

    # Dates: today holds everything; «hasta» yesterday, nothing; «hasta» before «desde»: said.
    p.quitar_filtros()
    esperar(qtbot, v)
    hoy = date.today()
    p.usar_desde.setChecked(True)
    p.desde.setDate(hoy)
    esperar_lectura(qtbot, v, p)
    assert len(filas(p)) == todas
    p.usar_hasta.setChecked(True)
    p.hasta.setDate(hoy - timedelta(days=1))
    esperar_lectura(qtbot, v, p)
    assert filas(p) == []
    assert p.aviso.isVisible() and "«hasta» es anterior a «desde»" in p.aviso.text()
    p.usar_desde.setChecked(False)
    esperar_lectura(qtbot, v, p)
    assert filas(p) == [] and not p.aviso.isVisible()


def test_por_paginas_con_cargar_mas(qtbot, ventana):
    v = ventana
    with transaccion(v.ctx.almacen) as s:
        anotar_muchos(
            s,
            [
                {"accion": "captura_creada", "clues": "CLSSA000033", "objeto": f"X-{i:04d}"}
                for i in range(450)
            ],
        )
    p = abrir(qtbot, v)
    total = contar_bitacora(v.ctx.almacen)
    assert len(filas(p)) == PAGINA
    assert p.mas.isEnabled()
    assert p.cuenta.text() == f"Se muestran {PAGINA} de {total} entradas."
    p.mas.click()
    esperar(qtbot, v)
    assert len(filas(p)) == 2 * PAGINA
    p.mas.click()
    esperar(qtbot, v)
    assert [e.id for e in filas(p)] == [
        e.id for e in consultar_bitacora(v.ctx.almacen, limite=None)
    ]
    assert not p.mas.isEnabled()
    assert p.cuenta.text() == f"Se muestran {total} de {total} entradas."
