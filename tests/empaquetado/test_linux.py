"""The Linux packages, built from a clean checkout of what is committed
(``git archive HEAD``) with ``sh empaquetado/construir_linux.sh``, then used
as a person would: the frozen program answers ``--version``, passes its own
``diagnostico``, opens the window (offscreen) up to the tablero and quits; the
.deb and the .tar.gz hold what they should; portable mode keeps the data
beside the program.

Slow (a PyInstaller build: ~3-5 minutes on two cores), run in CI."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from app import acerca

RAIZ = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.lento,
    pytest.mark.skipif(sys.platform != "linux", reason="paquetes de Linux"),
]

# The targets are 130 MiB (folder) and 60 MiB (.tar.gz, .deb). A release
# build measured 126.7 / 52.6 / 41.3 MiB; this quick build (--rapido) keeps
# PyPI's numpy wheel with OpenBLAS (+26 MiB, 152.3 MiB; 60.0 and 49.1 MiB
# archives) to stay within CI's time. These bounds stop any further growth;
# tests/rendimiento/empaquetado.py prints the figures.
LIMITE_CARPETA_MIB = 160
LIMITE_ARCHIVO_MIB = 64


@pytest.fixture(scope="module")
def construccion(tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("construccion")
    fuente = base / "fuente"
    fuente.mkdir()
    archivo = subprocess.run(
        ["git", "-C", str(RAIZ), "archive", "--format=tar", "HEAD"],
        capture_output=True,
        check=False,
    )
    if archivo.returncode == 0:  # what is committed, nothing else
        with tarfile.open(fileobj=io.BytesIO(archivo.stdout)) as tar:
            tar.extractall(fuente, filter="data")
    else:  # not a git checkout (an exported tree): it is already clean
        shutil.copytree(
            RAIZ,
            fuente,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns(
                ".git", ".venv", "venv", "dist", "build", "__pycache__", "*.egg-info"
            ),
        )
    entorno = dict(os.environ, EYF_PYTHON=sys.executable)
    r = subprocess.run(
        ["sh", "empaquetado/construir_linux.sh", "--salida", str(base / "dist"), "--rapido"],
        cwd=fuente,
        env=entorno,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    cifras = json.loads((base / "dist" / "cifras.json").read_text(encoding="utf-8"))
    cifras["fuente"] = str(fuente)
    cifras["base"] = str(base)
    print(
        f"\ncarpeta {cifras['carpeta_mib']} MiB, tar.gz {cifras['tar_gz_mib']} MiB, "
        f".deb {cifras['deb_mib']} MiB, {cifras['segundos']} s"
    )
    return cifras


def _entorno(casa: Path, **extra: str) -> dict[str, str]:
    """No EYF_DATOS, and HOME in a temporary folder: nothing touches the real user."""
    entorno = {k: v for k, v in os.environ.items() if k != "EYF_DATOS"}
    entorno.update(
        HOME=str(casa), XDG_DATA_HOME=str(casa / ".local" / "share"), QT_QPA_PLATFORM="offscreen"
    )
    entorno.update(extra)
    return entorno


def _correr(orden: list[str | Path], entorno: dict, tiempo: int = 180):
    return subprocess.run(
        [str(o) for o in orden], env=entorno, capture_output=True, text=True, timeout=tiempo
    )


def test_se_construyo_lo_comprometido(construccion):
    """Built from the clean checkout, not from the developer's working tree."""
    xref = Path(construccion["base"], "dist", "trabajo", "eyf", "xref-eyf.html").read_text(
        encoding="utf-8", errors="replace"
    )
    assert f"{construccion['fuente']}/app/cli/__init__.py" in xref
    assert f"{RAIZ}/app/cli/__init__.py" not in xref


def test_tamanos(construccion):
    assert construccion["carpeta_mib"] < LIMITE_CARPETA_MIB
    assert construccion["tar_gz_mib"] < LIMITE_ARCHIVO_MIB
    assert construccion["deb_mib"] < LIMITE_ARCHIVO_MIB


def test_contenido_de_la_carpeta(construccion):
    carpeta = Path(construccion["carpeta"])
    interno = carpeta / "_internal"
    for ejecutable in ("eyf", "eyf-consola"):
        assert os.access(carpeta / ejecutable, os.X_OK)
    assert (interno / "recursos" / "catalogo" / "unidades.csv").is_file()
    assert (interno / "recursos" / "costos").is_dir()
    assert (interno / "recursos" / acerca.ICONO).is_file()
    assert not (interno / "recursos" / "fuentes").exists()
    migraciones = interno / "app" / "almacen" / "migraciones"
    assert (migraciones / "env.py").is_file() and (migraciones / "script.py.mako").is_file()
    assert (migraciones / "versions" / "0001_esquema_inicial.py").is_file()
    traducciones = sorted(p.name for p in interno.rglob("*.qm"))
    assert traducciones == ["qt_es.qm", "qtbase_es.qm"]
    plugins = {p.name for p in interno.rglob("plugins/*/*.so")}
    assert "libqxcb.so" in plugins and "libqoffscreen.so" in plugins
    assert not plugins & {"libqwayland.so", "libqgtk3.so", "libqeglfs.so", "libqsqlpsql.so"}
    assert not list(interno.rglob("libQt6Qml*")) and not list(interno.rglob("libQt6Quick*"))
    icu = next((interno / "PySide6" / "Qt" / "lib").glob("libicudata.so.*"))
    assert icu.stat().st_size < 6 * 2**20  # trimmed to Spanish and English


def test_programa_congelado(construccion, tmp_path):
    carpeta = Path(construccion["carpeta"])
    entorno = _entorno(tmp_path / "casa")
    r = _correr([carpeta / "eyf", "--version"], entorno)
    assert r.returncode == 0 and r.stdout.strip() == f"{acerca.NOMBRE} {acerca.VERSION}"

    datos = tmp_path / "datos"
    r = _correr([carpeta / "eyf-consola", "diagnostico", "--datos", datos], entorno, 300)
    assert r.returncode == 0, r.stdout + r.stderr
    renglones = r.stdout.splitlines()
    assert sum(renglon.startswith("ok ") for renglon in renglones) == 8, r.stdout
    assert f"programa empaquetado en {carpeta}" in r.stdout

    # The window, offscreen, as from a double click (no arguments; the data
    # folder from EYF_DATOS): the first start loads the bundled catalog, then
    # the tablero is painted and the window quits by itself.
    ventana = _entorno(tmp_path / "casa", EYF_MEDIR_ARRANQUE="1", EYF_DATOS=str(datos))
    r = _correr([carpeta / "eyf"], ventana, 300)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "tablero pintado" in r.stdout
    assert (datos / "eyf.sqlite3").is_file()
    # and with the data folder given on the command line
    ventana = _entorno(tmp_path / "casa", EYF_MEDIR_ARRANQUE="1")
    r = _correr([carpeta / "eyf", "--datos", datos], ventana, 300)
    assert r.returncode == 0 and "tablero pintado" in r.stdout, r.stdout + r.stderr
    r = _correr([carpeta / "eyf-consola", "catalogo", "info", "--datos", datos], entorno)
    assert r.returncode == 0 and "Entidades: 32" in r.stdout


def test_paquete_deb(construccion, tmp_path):
    deb = Path(construccion["deb"])
    info = _correr(["dpkg-deb", "--field", deb], {}).stdout
    campos = dict(
        linea.split(": ", 1) for linea in info.splitlines() if ": " in linea and linea[0] != " "
    )
    assert campos["Package"] == "eyf" and campos["Version"] == acerca.VERSION
    assert campos["Architecture"] == "amd64" and "libc6 (>= 2.36)" in campos["Depends"]
    contenido = _correr(["dpkg-deb", "--contents", deb], {}).stdout
    assert "./opt/eyf/eyf\n" in contenido and "./opt/eyf/eyf-consola -> eyf\n" in contenido
    assert "./usr/bin/eyf -> /opt/eyf/eyf" in contenido
    assert f"./usr/share/applications/{acerca.IDENTIFICADOR}.desktop" in contenido
    assert "./usr/share/icons/hicolor/256x256/apps/eyf.png" in contenido
    assert "root/root" in contenido

    raiz = tmp_path / "raiz"
    assert _correr(["dpkg-deb", "-x", deb, raiz], {}).returncode == 0
    escritorio = (raiz / f"usr/share/applications/{acerca.IDENTIFICADOR}.desktop").read_text(
        encoding="utf-8"
    )
    assert "Exec=/opt/eyf/eyf\n" in escritorio and "Icon=eyf\n" in escritorio
    assert f"StartupWMClass={acerca.NOMBRE}" in escritorio
    # The program is relocatable: it runs from wherever the .deb was unpacked.
    r = _correr([raiz / "opt/eyf/eyf-consola", "--version"], _entorno(tmp_path / "casa"))
    assert r.returncode == 0 and acerca.VERSION in r.stdout


def test_archivo_tar_y_modo_portatil(construccion, tmp_path):
    with tarfile.open(construccion["tar_gz"]) as tar:
        nombres = tar.getnames()
        assert all(n == "eyf" or n.startswith("eyf/") for n in nombres)
        tar.extractall(tmp_path, filter="tar")
    carpeta = tmp_path / "eyf"
    assert "modo portátil" in (carpeta / "LEEME.txt").read_text(encoding="utf-8")
    casa = tmp_path / "casa"

    # The menu entry, for this user only.
    r = _correr(["sh", carpeta / "agregar-al-menu.sh"], _entorno(casa))
    assert r.returncode == 0, r.stderr
    entrada = (casa / ".local/share/applications" / f"{acerca.IDENTIFICADOR}.desktop").read_text(
        encoding="utf-8"
    )
    assert f'Exec="{carpeta}/eyf"' in entrada
    assert (casa / ".local/share/icons/hicolor/256x256/apps/eyf.png").is_file()

    # Portable: the marker beside the program keeps the data beside it.
    (carpeta / "eyf-portable").write_bytes(b"")
    r = _correr([carpeta / "eyf-consola", "catalogo", "info"], _entorno(casa), 300)
    assert r.returncode == 0, r.stderr
    assert (carpeta / "datos" / "eyf.sqlite3").is_file()
    assert not (casa / ".local/share/EyF").exists()
    r = _correr([carpeta / "eyf-consola", "diagnostico", "--json"], _entorno(casa), 300)
    datos = json.loads(r.stdout)
    carpeta_datos = next(c for c in datos["comprobaciones"] if c["clave"] == "carpeta")
    assert f"{carpeta}/datos (modo portátil" in carpeta_datos["detalle"]
