"""What of Qt goes into the frozen program (empaquetado/seleccion_qt.py), and
that it matches what the code imports."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(RAIZ / "empaquetado"))

import seleccion_qt as S  # noqa: E402


@pytest.mark.parametrize(
    "destino",
    [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/plugins/platforms/qwindows.dll",
        "PySide6\\plugins\\styles\\qmodernwindowsstyle.dll",
        "PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
        "PySide6/Qt/plugins/imageformats/libqico.so",
        "PySide6/Qt/lib/libQt6Core.so.6",
        "PySide6/Qt/lib/libQt6Widgets.so.6",
        "PySide6/Qt/lib/libQt6XcbQpa.so.6",
        "PySide6/Qt/lib/libQt6DBus.so.6",
        "PySide6/Qt/lib/libicudata.so.73",
        "PySide6/Qt6Gui.dll",
        "libpython3.11.so.1.0",
        "cryptography/hazmat/bindings/_rust.abi3.so",
    ],
)
def test_lo_que_la_ventana_necesita_se_queda(destino):
    assert not S.excluir_binario(destino)


@pytest.mark.parametrize(
    "destino",
    [
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/Qt/plugins/platforms/libqvnc.so",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/plugins/sqldrivers/libqsqlpsql.so",
        "PySide6/Qt/plugins/imageformats/libqpdf.so",
        "PySide6/Qt/plugins/tls/libqopensslbackend.so",
        "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so",
        "PySide6/plugins/platforms/qdirect2d.dll",
        "PySide6/Qt/lib/libQt6Qml.so.6",
        "PySide6/Qt/lib/libQt6Quick.so.6",
        "PySide6/Qt/lib/libQt6Network.so.6",
        "PySide6/Qt/lib/libQt6WaylandClient.so.6",
        "PySide6/Qt6Pdf.dll",
        "PySide6/Qt/qml/QtQuick/libqtquick2plugin.so",
    ],
)
def test_lo_que_no_se_usa_se_excluye(destino):
    assert S.excluir_binario(destino)


def test_solo_las_traducciones_de_qt_en_espanol():
    assert not S.excluir_dato("PySide6/Qt/translations/qtbase_es.qm")
    assert not S.excluir_dato("PySide6/translations/qt_es.qm")
    for otro in ("qtbase_de.qm", "qtbase_pt_BR.qm", "qt_help_es.qm", "qtdeclarative_es.qm"):
        assert S.excluir_dato(f"PySide6/Qt/translations/{otro}"), otro
    assert not S.excluir_dato("recursos/catalogo/unidades.csv")
    assert not S.excluir_dato("app/almacen/migraciones/versions/0001_esquema_inicial.py")


def _modulos_importados(carpetas: list[Path]) -> set[str]:
    modulos: set[str] = set()
    for carpeta in carpetas:
        for archivo in carpeta.rglob("*.py"):
            arbol = ast.parse(archivo.read_text(encoding="utf-8"))
            for nodo in ast.walk(arbol):
                if isinstance(nodo, ast.ImportFrom) and nodo.module and nodo.level == 0:
                    modulos.add(nodo.module)
                    modulos.update(f"{nodo.module}.{a.name}" for a in nodo.names)
                elif isinstance(nodo, ast.Import):
                    modulos.update(a.name for a in nodo.names)
    return modulos


def test_el_programa_no_importa_nada_de_lo_excluido():
    """If ui/ starts using QtSvg (or app/ Pillow's fonts), the frozen program
    would fail only when frozen: this test says to update seleccion_qt.py."""
    usados = _modulos_importados([RAIZ / "app", RAIZ / "ui"])
    qt = {m.split(".")[1] for m in usados if m.startswith("PySide6.") and m.count(".") >= 1}
    qt = {m for m in qt if m.startswith("Qt")}
    assert qt <= S.QT_USADOS, (
        f"módulos de Qt usados y excluidos del empaquetado: {qt - S.QT_USADOS}"
    )
    excluidos = set(S.MODULOS_EXCLUIDOS)
    choques = {m for m in usados if any(m == e or m.startswith(e + ".") for e in excluidos)}
    assert not choques, f"el código importa módulos que el empaquetado excluye: {choques}"


def test_los_plugins_que_quedan_existen_en_pyside6():
    """A renamed plugin in a new PySide6 would silently drop (e.g.) the xcb platform."""
    import PySide6

    plugins = Path(PySide6.__file__).parent / "Qt" / "plugins"
    if not plugins.is_dir():  # pragma: no cover - Windows wheels lay plugins out differently
        pytest.skip("estructura de PySide6 de Windows")
    presentes = {
        (p.parent.name, S._raiz(p.name)) for p in plugins.glob("*/*") if p.suffix in (".so", ".dll")
    }
    for carpeta, nombre in [
        ("platforms", "qxcb"),
        ("platforms", "qoffscreen"),
        ("platforminputcontexts", "composeplatforminputcontextplugin"),
        ("platformthemes", "qxdgdesktopportal"),
        ("imageformats", "qico"),
    ]:
        assert (carpeta, nombre) in presentes
        assert S.plugin_usado(carpeta, f"lib{nombre}.so")
