"""``eyf`` with no order: create the application (Spanish, es-MX), take the
data folder's single-instance lock, open the data folder (the first run
loads the bundled catalog: a progress dialog shows it), then the window.

Every failure at start is a dialog with a clear Spanish message and an exit
status (1 refused, 3 internal error), never a traceback."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

# isort: off
# The core before Qt: once PySide6 is loaded, its import hook runs on every
# later import statement (about 0.1 s more to load SQLAlchemy and the core).
import app.captura.proceso  # noqa: F401
import app.captura.registro  # noqa: F401
import app.captura.vista  # noqa: F401
import app.catalogo.consultas  # noqa: F401
import app.paquetes.interrumpidas  # noqa: F401  (abrir_al_iniciar uses it)
from app.almacen.almacen import ARCHIVO_BD
from app.almacen.arranque import Arranque, abrir_al_iniciar

# isort: on
from PySide6.QtCore import QEventLoop, QLibraryInfo, QLocale, Qt, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QProgressDialog

from app import acerca
from app.almacen.candado import Candado
from app.errores import ErrorAlmacen, ErrorEyF
from app.rutas import recurso
from ui import dialogos
from ui.iconos import programa
from ui.trabajos import Trabajos

SALIDA_RECHAZO = 1
SALIDA_INTERNA = 3
# Benchmarks: print the seconds from start to the tablero painted, then quit.
VARIABLE_MEDIR = "EYF_MEDIR_ARRANQUE"


def carpetas_traducciones() -> list[Path]:
    """Where qtbase_es.qm may be: Qt's own folder (from source or installed),
    PySide6's package folder, and a frozen build's bundled copy."""
    carpetas = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    try:
        import PySide6

        carpetas.append(Path(PySide6.__file__).resolve().parent / "Qt" / "translations")
    except (ImportError, TypeError):  # pragma: no cover - PySide6 is imported above
        pass
    congelado = getattr(sys, "_MEIPASS", None)
    if congelado:
        carpetas.append(Path(congelado) / "PySide6" / "Qt" / "translations")
    carpetas.append(recurso("traducciones"))
    return carpetas


def cargar_traducciones(app: QApplication) -> QTranslator | None:
    """Qt's own buttons and dialogs in Spanish (qtbase_es), with the words of
    Mexico on top (``ui.traduccion``: the last installed is asked first)."""
    from ui.traduccion import TraductorMX

    cargado = None
    for carpeta in carpetas_traducciones():
        traductor = QTranslator(app)
        if traductor.load("qtbase_es", str(carpeta)):
            app.installTranslator(traductor)
            cargado = traductor
            break
    app._eyf_traductor_mx = TraductorMX(app)
    app.installTranslator(app._eyf_traductor_mx)
    return cargado


def crear_aplicacion(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else [sys.argv[0]])
    app.setOrganizationName(acerca.ORGANIZACION)
    app.setOrganizationDomain(acerca.IDENTIFICADOR)
    app.setApplicationName(acerca.NOMBRE)
    app.setApplicationDisplayName(acerca.NOMBRE)
    app.setApplicationVersion(acerca.VERSION)
    app.setDesktopFileName(acerca.IDENTIFICADOR)
    app.setWindowIcon(programa())
    QLocale.setDefault(QLocale(QLocale.Language.Spanish, QLocale.Country.Mexico))
    if not getattr(app, "_eyf_traductor", None):
        app._eyf_traductor = cargar_traducciones(app)
    return app


def _primera_vez(carpeta: Path, url: str | None) -> bool:
    return url is None and not (carpeta / ARCHIVO_BD).exists()


def abrir_almacen(carpeta: Path, url: str | None, trabajos: Trabajos) -> Arranque:
    """Open the data folder as every start does (``abrir_al_iniciar``: leftovers,
    migration, interrupted exports, the day's backup) off the GUI thread; if it
    takes long (first run: the bundled catalog is loaded), a progress dialog
    says what is going on."""
    resultado: dict[str, object] = {}
    ciclo = QEventLoop()
    progreso = QProgressDialog()
    progreso.setObjectName("progreso_inicio")
    progreso.setWindowTitle(acerca.NOMBRE)
    progreso.setLabelText(
        "Preparando EyF por primera vez: cargando el catálogo (entidades, unidades médicas y "
        "productos). Esto solo ocurre una vez…"
        if _primera_vez(carpeta, url)
        else "Abriendo la base de datos…"
    )
    progreso.setCancelButton(None)
    progreso.setRange(0, 0)
    progreso.setWindowModality(Qt.WindowModality.ApplicationModal)
    progreso.reset()  # hidden; shown only if opening takes longer than a moment
    mostrar = QTimer()
    mostrar.setSingleShot(True)
    mostrar.timeout.connect(progreso.show)
    mostrar.start(400)

    def listo(valor) -> None:
        resultado["almacen"] = valor
        ciclo.quit()

    def fallo(exc: BaseException) -> None:
        resultado["error"] = exc
        ciclo.quit()

    trabajos.lanzar(lambda: abrir_al_iniciar(carpeta, url), listo, al_fallar=fallo, mensaje="")
    ciclo.exec()
    mostrar.stop()
    progreso.reset()
    progreso.deleteLater()
    if "error" in resultado:
        raise resultado["error"]  # type: ignore[misc]
    return resultado["almacen"]  # type: ignore[return-value]


def _avisar(ventana, avisos: list[str]) -> None:
    """What the start could not do (the day's backup…): said once the window is up."""
    if avisos:
        dialogos.aviso(ventana, acerca.NOMBRE, "\n\n".join(avisos))


def _instalar_manejador(carpeta: Path) -> None:
    """An unexpected error in a slot: a dialog and a file for support, not a crash."""

    def manejador(tipo, valor, rastro) -> None:
        if issubclass(tipo, KeyboardInterrupt):
            sys.__excepthook__(tipo, valor, rastro)
            return
        valor.__traceback__ = rastro
        dialogos.mostrar_error(QApplication.activeWindow(), valor, carpeta)

    sys.excepthook = manejador


def ejecutar(carpeta: Path, url: str | None) -> int:
    """Open the window on ``carpeta`` (and ``url`` if the database is a server)."""
    inicio = time.perf_counter()
    carpeta = Path(carpeta)
    app = crear_aplicacion()
    candado = Candado(carpeta)
    try:
        candado.adquirir()
    except ErrorEyF as exc:
        dialogos.aviso(None, acerca.NOMBRE, exc.mensaje)
        return SALIDA_RECHAZO
    except OSError as exc:
        dialogos.aviso(
            None,
            acerca.NOMBRE,
            f"No se pudo usar la carpeta de datos {carpeta} ({exc.strerror}). Elija otra con "
            "--datos o con la variable EYF_DATOS.",
        )
        return SALIDA_RECHAZO
    almacen = None
    try:
        from ui.contexto import Contexto

        trabajos = Trabajos()
        try:
            arranque = abrir_almacen(carpeta, url, trabajos)
            almacen = arranque.almacen
        except ErrorAlmacen as exc:  # a damaged database: offer to restore a backup
            from ui.rescate import rescatar

            try:
                rescatado = rescatar(carpeta, url, exc, trabajos)
            except Exception as error:  # a bug: keep the details, say what to do
                dialogos.mostrar_error(None, error, carpeta)
                return SALIDA_INTERNA
            if rescatado is None:
                return SALIDA_RECHAZO
            arranque, almacen = rescatado, rescatado.almacen
        except ErrorEyF as exc:
            dialogos.aviso(None, f"{acerca.NOMBRE}: no se pudo abrir la base de datos", exc.mensaje)
            return SALIDA_RECHAZO
        except Exception as exc:  # a bug: keep the details, say what to do
            dialogos.mostrar_error(None, exc, carpeta)
            return SALIDA_INTERNA
        from ui.ventana import VentanaPrincipal

        _instalar_manejador(carpeta)
        ventana = VentanaPrincipal(Contexto(almacen, carpeta, trabajos))
        ventana.cerrada.connect(app.quit, Qt.ConnectionType.QueuedConnection)
        if os.environ.get(VARIABLE_MEDIR):
            ventana.tablero.pintada.connect(lambda: _medido(app, inicio))
        ventana.show()
        ventana.iniciar()
        if arranque.avisos:
            QTimer.singleShot(0, lambda: _avisar(ventana, arranque.avisos))
        return app.exec()
    finally:
        sys.excepthook = sys.__excepthook__
        if almacen is not None:
            almacen.cerrar()
        candado.liberar()


def _medido(app: QApplication, inicio: float) -> None:
    print(f"tablero pintado {time.perf_counter() - inicio:.4f}", flush=True)
    app.quit()
