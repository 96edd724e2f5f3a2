"""Screens that cannot change say why and let nothing be typed: a closed
capture period, a national installation, records that came in a bundle."""

from datetime import date

from PySide6.QtCore import Qt
from sqlalchemy import update

from app.almacen.modelos import Captura
from app.almacen.sesion import transaccion
from app.captura.proceso import configurar
from app.captura.registro import guardar_capturas
from app.captura.reglas import FilaCaptura
from app.catalogo.importar import importar_catalogo
from tests import fabricas
from tests.ui.ayudantes import abrir_ventana, celda, cerrar_ventana, esperar
from tests.ui.pasos_helpers import abrir_entidad, abrir_productos
from ui.modelos.productos import AVISO_IMPORTADO, FONDO_BLOQUEADO
from ui.pasos.unidades import PantallaUnidades

RESINA = FilaCaptura("EST-ODO-0003", 20, None, "FE", None, None, 20)


def test_periodo_cerrado(qtbot, almacen_capturando, carpeta, tmp_path):
    guardar_capturas(almacen_capturando, [("CLSSA000581", RESINA)])
    cerrado = fabricas.contenido_pequeno(date(2000, 1, 1), date(2001, 12, 31))
    importar_catalogo(almacen_capturando, fabricas.escribir_catalogo(tmp_path / "c", cerrado))
    v = abrir_ventana(qtbot, almacen_capturando, carpeta)
    try:
        assert "Captura cerrada" in v.tablero.detalle.text()
        assert "cerró el 31/12/2001" in v.tablero.aviso.text() and v.tablero.aviso.isVisible()
        p = abrir_productos(qtbot, v)
        assert "cerró el 31/12/2001" in p.aviso.text() and p.aviso.isVisible()
        assert not p.puede_guardar() and not v.accion_guardar.isEnabled()
        assert not p.boton_guardar.isVisible()
        indice = celda(p, 2, "faltante_ambulatorio")
        assert indice.data() == "20"  # the saved records are shown
        assert not (indice.flags() & Qt.ItemFlag.ItemIsEditable)
        assert not p.filtro.setData(indice, "21")
        v.guardar()
        assert v.statusBar().currentMessage() == "En esta pantalla no hay nada que guardar."
    finally:
        cerrar_ventana(v)


def test_instalacion_nacional_consulta_sin_capturar(qtbot, almacen, carpeta):
    configurar(almacen, "nacional", persona="Consolidación")
    v = abrir_ventana(qtbot, almacen, carpeta)
    try:
        assert v.tablero.modelo.rowCount() == 2  # every entidad
        assert "nivel nacional" in v.tablero.instalacion.text()
        p3 = abrir_entidad(qtbot, v, 1)  # Chihuahua: straight to its units
        assert isinstance(p3, PantallaUnidades) and p3.ubicacion.entidad == "08"
        assert "Una instalación nacional consolida" in p3.aviso.text()
        assert not p3.cambiar.isVisible()
    finally:
        cerrar_ventana(v)


def test_registros_de_un_paquete_no_se_editan_aqui(qtbot, ventana):
    v = ventana
    guardar_capturas(v.ctx.almacen, [("CLSSA000581", RESINA)])
    with transaccion(v.ctx.almacen) as s:  # as the bundles import leaves them
        s.execute(update(Captura).values(paquete_id="paquete-1"))
    p = abrir_productos(qtbot, v)
    indice = celda(p, 2, "pacientes")
    assert indice.data() == "20"
    assert not (indice.flags() & Qt.ItemFlag.ItemIsEditable)
    assert indice.data(Qt.ItemDataRole.BackgroundRole) == FONDO_BLOQUEADO
    assert indice.data(Qt.ItemDataRole.ToolTipRole) == AVISO_IMPORTADO
    assert "vienen de un paquete" in p.linea.text()
    assert celda(p, 1, "pacientes").flags() & Qt.ItemFlag.ItemIsEditable  # the others are
    esperar(qtbot, v)
