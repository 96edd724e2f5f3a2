"""Ayuda › Diagnóstico: the self-check runs off the GUI thread, each line
appears as it is done, and the whole text can be copied for support."""

from PySide6.QtGui import QAction, QGuiApplication

from app import acerca
from tests.app.test_diagnostico import CLAVES
from tests.ui.ayudantes import esperar
from tests.ui.test_teclado import sin_nombre_accesible
from ui.diagnostico import DialogoDiagnostico


def test_diagnostico_de_una_carpeta_sana(qtbot, ventana):
    v = ventana
    textos = [a.text().replace("&", "") for a in v.menu_ayuda.actions()]
    assert textos[-2:] == ["Diagnóstico…", f"Acerca de {acerca.NOMBRE}"]
    v.findChild(QAction, "accion_diagnostico").trigger()
    d = v.findChild(DialogoDiagnostico)
    assert d is not None and d.isVisible()
    vistos = []
    d.texto.textChanged.connect(lambda: vistos.append(d.texto.blockCount()))
    assert not d.terminado and d.resultado.text() == "Revisando…"
    assert not d.otra_vez.isEnabled()  # one run at a time
    qtbot.waitUntil(lambda: d.terminado, timeout=90_000)
    esperar(qtbot, v)
    assert [c.clave for c in d.comprobaciones] == CLAVES
    assert all(c.ok for c in d.comprobaciones), [c.detalle for c in d.comprobaciones if not c.ok]
    renglones = d.texto_completo().splitlines()
    assert renglones[0].startswith(f"Diagnóstico de {acerca.NOMBRE} {acerca.VERSION}, ")
    assert [r.split()[0] for r in renglones[1:-1]] == ["ok"] * len(CLAVES)
    assert renglones[-1] == "Resultado: todo en orden."
    assert str(v.ctx.carpeta) in renglones[2]  # the data folder that is open
    assert d.resultado.text() == "Todo en orden."
    # The lines appeared one by one, not all at the end.
    assert len(set(vistos)) >= len(CLAVES)

    d.copiar.click()
    assert QGuiApplication.clipboard().text() == d.texto_completo()
    assert "péguelo en un correo" in d.resultado.text()
    assert sin_nombre_accesible(d) == []
    d.close()
