"""What of Qt (and of the build environment) goes into the frozen program.

EyF uses only QtCore, QtGui and QtWidgets. Everything else in the PySide6
wheel (QML, Quick, WebEngine stubs, SQL drivers, Wayland compositor...) is
left out, with the plugins that would drag it in, and Qt's translations in
other languages. Pure functions over PyInstaller's destination names, so a
fast test can check the selection without building.
"""

from __future__ import annotations

import re

QT_USADOS = {"QtCore", "QtGui", "QtWidgets"}

# Every PySide6 module except the three used (names from the PySide6 6.x wheels).
_QT_TODOS = [
    "Qt3DAnimation",
    "Qt3DCore",
    "Qt3DExtras",
    "Qt3DInput",
    "Qt3DLogic",
    "Qt3DRender",
    "QtAxContainer",
    "QtBluetooth",
    "QtCanvasPainter",
    "QtCharts",
    "QtConcurrent",
    "QtDBus",
    "QtDataVisualization",
    "QtDesigner",
    "QtGraphs",
    "QtGraphsWidgets",
    "QtHelp",
    "QtHttpServer",
    "QtLocation",
    "QtMultimedia",
    "QtMultimediaWidgets",
    "QtNetwork",
    "QtNetworkAuth",
    "QtNfc",
    "QtOpenGL",
    "QtOpenGLWidgets",
    "QtPdf",
    "QtPdfWidgets",
    "QtPositioning",
    "QtPrintSupport",
    "QtQml",
    "QtQuick",
    "QtQuick3D",
    "QtQuickControls2",
    "QtQuickTest",
    "QtQuickWidgets",
    "QtRemoteObjects",
    "QtScxml",
    "QtSensors",
    "QtSerialBus",
    "QtSerialPort",
    "QtSpatialAudio",
    "QtSql",
    "QtStateMachine",
    "QtSvg",
    "QtSvgWidgets",
    "QtTest",
    "QtTextToSpeech",
    "QtUiTools",
    "QtWebChannel",
    "QtWebEngineCore",
    "QtWebEngineQuick",
    "QtWebEngineWidgets",
    "QtWebSockets",
    "QtWebView",
    "QtXml",
]

MODULOS_EXCLUIDOS = [f"PySide6.{m}" for m in _QT_TODOS if m not in QT_USADOS] + [
    # in the build environment for tests or other tools, never used by the program
    "tkinter",  # (Pillow stays: reportlab imports it unconditionally)
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "psycopg",
    "psycopg_binary",
    "psycopg2",
    "IPython",
    "matplotlib",
    # Mako (Alembic's templates) highlights its error pages with Pygments when
    # present: ~0.2 s more at every start and 4 MB for nothing.
    "pygments",
    # pylmcf's optional networkx bridge (networkx pulls in scipy: ~65 MB);
    # networkx is only the tests' independent check of app/intercambio.
    "networkx",
    "scipy",
    "sqlalchemy.testing",
    "alembic.testing",
    # SQLAlchemy's dialects of servers EyF never talks to (SQLite always;
    # PostgreSQL stays: Alembic's DDL module for it imports its dialect).
    "sqlalchemy.dialects.mysql",
    "sqlalchemy.dialects.oracle",
    "sqlalchemy.dialects.mssql",
    "sqlalchemy.ext.asyncio",
    "sqlalchemy.ext.mypy",
    "pydoc",
    "pydoc_data",
    # Pillow: reportlab only needs PIL.Image (the reports draw no pictures);
    # AVIF, WebP, font rendering, colour management and the Tk/Qt bridges
    # bring ~9 MB of libraries.
    "PIL._avif",
    "PIL.AvifImagePlugin",
    "PIL._webp",
    "PIL.WebPImagePlugin",
    "PIL._imagingft",
    "PIL.ImageFont",
    "PIL._imagingcms",
    "PIL.ImageCms",
    "PIL._imagingtk",
    "PIL.ImageTk",
    "PIL.ImageQt",
    "PIL._imagingmath",
    "PIL.ImageMath",
    "PIL._imagingmorph",
    "PIL.ImageMorph",
    # numpy (app/intercambio): the parts numpy loads only on demand and EyF
    # never asks for (numpy.linalg stays: numpy.lib imports it).
    "numpy.f2py",
    "numpy.testing",
    "numpy.typing",
    "numpy.distutils",
    "numpy.random",
    "numpy.fft",
    "numpy.polynomial",
    "numpy.ma",
    "numpy._pyinstaller",
]

# Plugins kept, by folder: the rest of each folder, and the other folders, go.
PLUGINS = {
    # xcb for X11 (also Wayland desktops, through XWayland), windows for Windows,
    # offscreen and minimal for support and automatic tests.
    "platforms": {"qxcb", "qwindows", "qoffscreen", "qminimal"},
    # typing accents with dead keys and input methods
    "platforminputcontexts": {
        "composeplatforminputcontextplugin",
        "ibusplatforminputcontextplugin",
    },
    # native file dialogs on Linux desktops without linking GTK
    "platformthemes": {"qxdgdesktopportal"},
    "imageformats": {"qico", "qjpeg", "qgif"},
    # the current Windows look
    "styles": {"qmodernwindowsstyle", "qwindowsvistastyle"},
}

IDIOMAS = ("es",)
TRADUCCIONES_QT = ("qt", "qtbase")

_LIBRERIAS_QT_FUERA = re.compile(
    r"Qt6(Quick|Qml|Pdf|Network|Sql|Svg|Test|Xml|Designer|Help|UiTools|Wayland|Wl|EglFs|"
    r"EglFS|Labs|Lottie|OpenGL|PrintSupport|Concurrent|VirtualKeyboard|ShaderTools)",
)


def filtrar_plugins_al_recolectar() -> None:
    """Make PyInstaller's Qt hooks collect only the plugins kept, so the
    libraries that only the others need (GTK for the gtk3 theme, Wayland...)
    are never analysed. ``excluir_binario`` still filters afterwards, should
    a PyInstaller release change this internal method."""
    from PyInstaller.utils.hooks import qt

    original = qt.QtLibraryInfo.collect_plugins
    if getattr(original, "_eyf", False):
        return

    def collect_plugins(self, plugin_type):
        return [
            (origen, destino)
            for origen, destino in original(self, plugin_type)
            if plugin_usado(plugin_type, origen.replace("\\", "/").rsplit("/", 1)[-1])
        ]

    collect_plugins._eyf = True
    qt.QtLibraryInfo.collect_plugins = collect_plugins


def _partes(destino: str) -> list[str]:
    return destino.replace("\\", "/").split("/")


def _raiz(nombre: str) -> str:
    """libqxcb.so / qxcb.dll / libqxcb.dylib -> qxcb."""
    base = nombre.split(".")[0]
    return base[3:] if base.startswith("lib") and not nombre.endswith(".dll") else base


def plugin_usado(carpeta: str, nombre: str) -> bool:
    """Whether the Qt plugin file ``nombre`` of the folder ``carpeta`` goes in."""
    return _raiz(nombre) in PLUGINS.get(carpeta, set())


def excluir_binario(destino: str) -> bool:
    """True for a binary the program does not need (``destino`` as in a.binaries)."""
    partes = _partes(destino)
    if partes[0] != "PySide6":
        return False
    if "plugins" in partes:
        i = partes.index("plugins")
        if len(partes) < i + 3:
            return False
        return not plugin_usado(partes[i + 1], partes[-1])
    if "qml" in partes:
        return True
    return bool(_LIBRERIAS_QT_FUERA.search(partes[-1]))


def excluir_dato(destino: str) -> bool:
    """True for a data file the program does not need: Qt translations other
    than Spanish Qt base, and QML files."""
    partes = _partes(destino)
    if partes[0] != "PySide6":
        return False
    if "qml" in partes:
        return True
    if "translations" in partes and partes[-1].endswith(".qm"):
        base, _, idioma = partes[-1][:-3].rpartition("_")
        return not (base in TRADUCCIONES_QT and idioma in IDIOMAS)
    return False
