"""The Windows installer (empaquetado/windows/eyf.nsi), built with Debian's
NSIS and exercised under wine around a stand-in payload (the real Windows
executables are built on Windows: .github/workflows/windows.yml).

Headless: wine needs no display for silent installs; a throw-away prefix;
every wine call is bounded by a timeout and the wine server is stopped at
the end."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app import acerca

RAIZ = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(RAIZ / "empaquetado" / "windows"))

import instalador  # noqa: E402


def _wine() -> str | None:
    for candidato in ("wine", "wine64", "/usr/lib/wine/wine64"):
        encontrado = shutil.which(candidato)
        if encontrado:
            return encontrado
    return None


def _carga(carpeta: Path, version: str, extra: str) -> Path:
    """A stand-in for PyInstaller's dist/eyf: the files the installer handles."""
    (carpeta / "_internal" / "recursos").mkdir(parents=True)
    (carpeta / "eyf.exe").write_bytes(b"MZ ventana " + version.encode())
    (carpeta / "eyf-consola.exe").write_bytes(b"MZ consola " + version.encode())
    (carpeta / "_internal" / "recursos" / "catalogo.csv").write_text(version, encoding="utf-8")
    (carpeta / "_internal" / extra).write_bytes(b"biblioteca " + version.encode())
    return carpeta


def test_version_de_windows():
    assert instalador.version_windows("0.1.0") == "0.1.0.0"
    assert instalador.version_windows("1.2") == "1.2.0.0"
    assert instalador.version_windows("2.0.1rc1") == "2.0.1.0"
    assert instalador.nombre_instalador("0.1.0") == "EyF-0.1.0-instalador.exe"


def test_makensis_construye_el_instalador(tmp_path):
    assert shutil.which("makensis"), "instale NSIS: sh empaquetado/sistema.sh pruebas"
    salida = instalador.construir(_carga(tmp_path / "eyf", "v1", "a.dll"), tmp_path / "inst.exe")
    datos = salida.read_bytes()
    assert datos[:2] == b"MZ"
    assert b"PE\x00\x00d\x86" in datos[:4096]  # a 64-bit (amd64) Windows program
    assert "Instalador de EyF".encode("utf-16-le") in datos  # version info, in Spanish


class Wine:
    def __init__(self, prefijo: Path):
        self.binario = _wine()
        assert self.binario, "instale wine64: sh empaquetado/sistema.sh pruebas"
        self.servidor = shutil.which("wineserver") or str(Path(self.binario).parent / "wineserver")
        self.prefijo = prefijo
        self.entorno = {
            k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")
        }
        self.entorno.update(
            WINEPREFIX=str(prefijo),
            WINEARCH="win64",
            WINEDEBUG="-all",
            WINEDLLOVERRIDES="mscoree,mshtml=",  # no Mono/Gecko download prompts
        )

    def correr(self, *orden: str, tiempo: int = 120) -> int:
        r = subprocess.run(
            [self.binario, *orden], env=self.entorno, capture_output=True, timeout=tiempo
        )
        self.esperar()
        return r.returncode

    def esperar(self) -> None:
        """Until every wine process ended (the uninstaller re-launches itself)."""
        subprocess.run([self.servidor, "-w"], env=self.entorno, timeout=120, check=False)

    def detener(self) -> None:
        subprocess.run([self.servidor, "-k"], env=self.entorno, timeout=60, check=False)

    def usuario(self) -> Path:
        usuarios = [u for u in (self.prefijo / "drive_c" / "users").iterdir() if u.name != "Public"]
        assert len(usuarios) == 1
        return usuarios[0]

    def registro(self) -> str:
        return (self.prefijo / "user.reg").read_text(encoding="utf-8", errors="replace")


@pytest.mark.lento
@pytest.mark.skipif(sys.platform == "win32", reason="se prueba con wine desde Linux")
def test_instalar_actualizar_y_desinstalar_sin_administrador(tmp_path):
    v1 = instalador.construir(_carga(tmp_path / "v1", "v1", "vieja.dll"), tmp_path / "v1.exe")
    v2 = instalador.construir(_carga(tmp_path / "v2", "v2", "nueva.dll"), tmp_path / "v2.exe")
    wine = Wine(tmp_path / "prefijo")
    try:
        wine.correr("wineboot", "--init", tiempo=300)

        # 1. silent install, for this user only
        assert wine.correr(str(v1), "/S") == 0
        usuario = wine.usuario()
        programa = usuario / "AppData" / "Local" / "Programs" / "EyF"
        assert (programa / "eyf.exe").read_bytes() == b"MZ ventana v1"
        assert (programa / "_internal" / "vieja.dll").exists()
        assert (programa / "desinstalar.exe").exists()
        menu = usuario / "AppData" / "Roaming" / "Microsoft" / "Windows" / "Start Menu" / "Programs"
        acceso = menu / "EyF.lnk"
        assert "eyf.exe".encode("utf-16-le") in acceso.read_bytes()
        assert (menu / "Diagnóstico de EyF.lnk").exists()
        registro = wine.registro()
        assert "Uninstall\\\\EyF]" in registro
        assert f'"DisplayVersion"="{acerca.VERSION}"' in registro
        assert 'desinstalar.exe\\" /S' in registro  # QuietUninstallString

        # The person works: data in %LOCALAPPDATA%\EyF, and a portable copy's
        # «datos» in the program folder.
        datos = usuario / "AppData" / "Local" / "EyF"
        datos.mkdir()
        (datos / "eyf.sqlite3").write_bytes(b"capturas de la unidad")
        (programa / "datos").mkdir()
        (programa / "datos" / "eyf.sqlite3").write_bytes(b"capturas portatiles")

        # 2. update: the new version replaces the program, keeps the data
        assert wine.correr(str(v2), "/S") == 0
        assert (programa / "eyf.exe").read_bytes() == b"MZ ventana v2"
        assert (programa / "_internal" / "nueva.dll").exists()
        assert not (programa / "_internal" / "vieja.dll").exists()  # no stale files
        assert (datos / "eyf.sqlite3").read_bytes() == b"capturas de la unidad"
        assert (programa / "datos" / "eyf.sqlite3").read_bytes() == b"capturas portatiles"

        # 3. silent uninstall: the program goes, the data stays
        assert wine.correr(str(programa / "desinstalar.exe"), "/S") == 0
        assert not (programa / "eyf.exe").exists()
        assert not (programa / "eyf-consola.exe").exists()
        assert not (programa / "_internal").exists()
        assert not (programa / "desinstalar.exe").exists()
        assert not acceso.exists() and not (menu / "Diagnóstico de EyF.lnk").exists()
        assert (datos / "eyf.sqlite3").read_bytes() == b"capturas de la unidad"
        assert (programa / "datos" / "eyf.sqlite3").read_bytes() == b"capturas portatiles"
        assert "Uninstall\\\\EyF]" not in wine.registro()
    finally:
        wine.detener()


def test_numeros_de_version():
    from version_windows import numeros, texto

    assert numeros("1.2.0rc1") == (1, 2, 0, 0)
    assert numeros("3") == (3, 0, 0, 0)
    assert texto(acerca.VERSION).count(".") == 3


@pytest.mark.skipif(sys.platform != "win32", reason="PyInstaller arma este recurso solo en Windows")
def test_recurso_de_version_de_los_ejecutables():
    """What Windows shows in eyf.exe's properties, made from app/acerca.py
    (runs in the Windows workflow, .github/workflows/windows.yml)."""
    from version_windows import info_version

    info = info_version(acerca, "eyf-consola.exe")
    texto = str(info)
    assert f"StringStruct('ProductVersion', '{acerca.VERSION}')" in texto
    assert "StringStruct('OriginalFilename', 'eyf-consola.exe')" in texto
    assert "080A04B0" in texto  # Spanish (Mexico), Unicode
    crudo = info.toRaw()
    assert acerca.NOMBRE_COMPLETO.encode("utf-16-le") in crudo
