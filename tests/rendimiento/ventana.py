"""Window benchmarks (issue 4). Run: python -m tests.rendimiento.ventana

- cold start: a fresh ``eyf`` process (the installed command, as a person
  starts it) until the tablero is painted with its data, on a data folder
  with the whole demonstration catalog (target: median < 0.8 s);
- filtering per keystroke the products of the whole catalog in Paso 6, with
  the table on screen (target: < 20 ms), and the 1,248 units of Paso 3;
- resident memory of the window with the catalog loaded, Paso 3 of the
  largest entidad and Paso 6 of the whole catalog open (target: < 150 MB).

Uses QT_QPA_PLATFORM=offscreen unless a display is given (run it under
``xvfb-run`` to include the X server).
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.rendimiento.comun import resumen

ENTIDAD = "15"  # Estado de México: 1,248 units, the largest Paso 3
TECLEOS = ["cirugia", "artroscopia de rodilla", "ultrasonido", "biometria", "resina", "parto"]
ARRANQUES = 9


def preparar(carpeta: Path) -> None:
    """A configured state coordination with the bundled catalog, Paso 2 answered."""
    from app.almacen.almacen import Almacen
    from app.captura.proceso import configurar, responder

    almacen = Almacen.abrir(carpeta)
    configurar(
        almacen, "estatal", entidad=ENTIDAD, contrasena=f"demo-{ENTIDAD}", persona="Medición"
    )
    responder(almacen, ENTIDAD, "si", f"demo-{ENTIDAD}")
    almacen.cerrar()


def orden_eyf() -> list[str]:
    junto = Path(sys.executable).with_name("eyf")
    if junto.exists():
        return [str(junto)]
    instalado = shutil.which("eyf")
    return [instalado] if instalado else [sys.executable, "-m", "ui"]


def entorno_de_usuario(cache: Path) -> dict[str, str]:
    """As on a person's computer: Python keeps its compiled modules (an
    installed or frozen EyF has them), the window on the display if there is
    one, offscreen otherwise."""
    entorno = dict(os.environ, PYTHONPYCACHEPREFIX=str(cache))
    entorno.pop("PYTHONDONTWRITEBYTECODE", None)
    if not entorno.get("DISPLAY"):
        entorno["QT_QPA_PLATFORM"] = "offscreen"
    return entorno


def arranque_en_frio(carpeta: Path, cache: Path) -> None:
    entorno = dict(entorno_de_usuario(cache), EYF_MEDIR_ARRANQUE="1")
    externos, internos, cpu = [], [], []
    for vez in range(ARRANQUES + 1):  # the first run only compiles the modules
        antes = resource.getrusage(resource.RUSAGE_CHILDREN)
        inicio = time.perf_counter()
        proceso = subprocess.Popen(
            [*orden_eyf(), "--datos", str(carpeta)],
            env=entorno,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert proceso.stdout is not None
        pintado = interno = None
        for linea in proceso.stdout:
            if linea.startswith("tablero pintado"):
                pintado = time.perf_counter() - inicio
                interno = float(linea.split()[-1])
                break
        proceso.wait(timeout=60)
        despues = resource.getrusage(resource.RUSAGE_CHILDREN)
        if vez and pintado is not None:
            externos.append(pintado)
            internos.append(interno)
            cpu.append(despues.ru_utime + despues.ru_stime - antes.ru_utime - antes.ru_stime)
    print(resumen("Arranque en frío: de «eyf» al tablero pintado", externos, objetivo_ms=800))
    print(
        f"  tiempo de procesador del proceso completo: mediana {statistics.median(cpu) * 1000:.0f} ms; "
        f"dentro de ui.principal.ejecutar: mediana {statistics.median(internos) * 1000:.0f} ms "
        "(el resto es Python e importar el núcleo y Qt)"
    )


def filtrar_y_memoria(carpeta: Path, cache: Path) -> None:
    """In a fresh process: the window, Paso 3 of the largest entidad, Paso 6 of
    the whole catalog; keystroke timings; resident memory."""
    codigo = f"""
import os, statistics, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
from tests.rendimiento.comun import resumen
from ui.principal import crear_aplicacion
from ui.contexto import Contexto
from ui.ventana import VentanaPrincipal
from app.almacen.arranque import abrir_al_iniciar

def rss():
    for linea in open("/proc/self/status"):
        if linea.startswith("VmRSS:"):
            return int(linea.split()[1]) / 1024

def esperar(v):
    while v.ctx.trabajos.ocupado:
        QApplication.processEvents()
        time.sleep(0.002)
    QApplication.processEvents()

app = crear_aplicacion()
antes = rss()
carpeta = Path({str(carpeta)!r})
v = VentanaPrincipal(Contexto(abrir_al_iniciar(carpeta).almacen, carpeta))  # as ejecutar does
v.resize(1366, 700)
v.show()
v.iniciar()
esperar(v)
v.tablero.tabla.activated.emit(v.tablero.modelo.index(0, 1))
esperar(v)
p3 = v.cima
print(f"Paso 3 de la entidad {ENTIDAD}: {{len(p3.modelo.unidades()):,}} unidades")

def teclear(pantalla, palabras):
    tiempos = []
    for palabra in palabras:
        for i in range(1, len(palabra) + 1):
            t = time.perf_counter()
            pantalla.busqueda.setText(palabra[:i])
            QApplication.processEvents()  # the view relayouts and repaints
            tiempos.append(time.perf_counter() - t)
        pantalla.busqueda.clear()
        QApplication.processEvents()
    return tiempos

print(resumen("Paso 3: filtrar 1,248 unidades por tecla", teclear(p3, ["san jose", "hospital general", "mcimb0012"]), objetivo_ms=20))
p3.tabla.activated.emit(p3.filtro.index(1, 1))
esperar(v)
p4 = v.cima
p4.tabla.activated.emit(p4.modelo.index(1, 1))  # Cirugía
esperar(v)
v.cima.findChild(__import__("PySide6.QtWidgets").QtWidgets.QPushButton, "boton_todo_grupo").click()
esperar(v)
import gc; gc.collect()
QApplication.processEvents()
print(f"Paso 6 de todo el grupo Cirugía: {{v.cima.modelo.rowCount():,}} productos")
print(f"Memoria residente con el catálogo cargado, el Paso 3 de la entidad {ENTIDAD} y el Paso 6 de Cirugía abiertos: {{rss():.0f}} MB (objetivo < 150 MB; {{antes:.0f}} MB antes de abrir la ventana)")
v.ir_a(2)
esperar(v)
v.cima.findChild(__import__("PySide6.QtWidgets").QtWidgets.QPushButton, "boton_todo_catalogo").click()
t = time.perf_counter()
esperar(v)
p6 = v.cima
print(f"Paso 6 de todo el catálogo: {{p6.modelo.rowCount():,}} productos, cargados y mostrados en {{(time.perf_counter() - t) * 1000:.0f}} ms")
print(resumen("Paso 6: filtrar los productos de todo el catálogo por tecla (con la tabla repintada)", teclear(p6, {TECLEOS!r}), objetivo_ms=20))
def solo_filtrar(palabras):
    tiempos = []
    for palabra in palabras:
        for i in range(1, len(palabra) + 1):
            t = time.perf_counter()
            p6.filtro.poner_texto(palabra[:i])
            tiempos.append(time.perf_counter() - t)
            QApplication.processEvents()
        p6.filtro.poner_texto("")
        QApplication.processEvents()
    return tiempos
print(resumen("  de ello, solo el filtro (sin repintar)", solo_filtrar({TECLEOS!r}), objetivo_ms=20))
gc.collect()
QApplication.processEvents()
print(f"Memoria residente con el Paso 6 de todo el catálogo abierto (caso extremo): {{rss():.0f}} MB")
v._cerrar_confirmado = True
v.close()
"""
    raiz = Path(__file__).resolve().parents[2]
    subprocess.run(
        [sys.executable, "-c", codigo], env=entorno_de_usuario(cache), cwd=raiz, check=True
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        carpeta = Path(tmp) / "datos"
        t = time.perf_counter()
        preparar(carpeta)
        print(f"Preparación (catálogo completo en una base nueva): {time.perf_counter() - t:.1f} s")
        cache = Path(tmp) / "pyc"
        arranque_en_frio(carpeta, cache)
        filtrar_y_memoria(carpeta, cache)


if __name__ == "__main__":
    main()
