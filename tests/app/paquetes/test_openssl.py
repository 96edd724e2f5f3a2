"""Anyone can verify a bundle with OpenSSL alone: the commands of
docs/paquetes.md, run for real on a real bundle."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from app.paquetes.exportar import exportar

DOC = Path(__file__).resolve().parents[3] / "docs" / "paquetes.md"
pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="sin openssl")


def ordenes_del_documento() -> list[str]:
    texto = DOC.read_text(encoding="utf-8")
    seccion = texto.split("## Verificar con OpenSSL, sin EyF", 1)[1].split("\n## ", 1)[0]
    bloque = re.search(r"```\n(.*?)```", seccion, re.S).group(1)
    return [linea for linea in bloque.splitlines() if linea.startswith(("openssl", "sha256sum"))]


def test_el_documento_muestra_la_orden_de_la_issue():
    (verificar, *_) = ordenes_del_documento()
    assert verificar == (
        "openssl pkeyutl -verify -pubin -inkey llave.pem -rawin -in manifest.json "
        "-sigfile manifest.sig"
    )


def _desempacar(ruta: Path, destino: Path) -> Path:
    destino.mkdir()
    with zipfile.ZipFile(ruta) as zf:  # a bundle EyF just wrote: trusted here
        zf.extractall(destino)
    return destino


def _correr(orden: str, carpeta: Path) -> subprocess.CompletedProcess:
    return subprocess.run(orden, shell=True, cwd=carpeta, capture_output=True, text=True)


def test_las_ordenes_del_documento_verifican_un_paquete_real(unidad, tmp_path):
    r = exportar(unidad, tmp_path / "p.eyf")
    carpeta = _desempacar(r.ruta, tmp_path / "paquete")
    verificar, huella, sumas = ordenes_del_documento()

    salida = _correr(verificar, carpeta)
    assert salida.returncode == 0 and "Signature Verified Successfully" in salida.stdout

    llave_id = _correr(huella, carpeta).stdout.split()[0]
    manifiesto = json.loads((carpeta / "manifest.json").read_text(encoding="utf-8"))
    assert llave_id == manifiesto["llave"]["id"]
    corta = llave_id[:32].upper()
    assert " ".join(corta[i : i + 4] for i in range(0, 32, 4)) == r.huella

    for linea in _correr(sumas, carpeta).stdout.splitlines():
        suma, nombre = linea.split()
        assert manifiesto["archivos"][nombre]["sha256"] == suma
        assert hashlib.sha256((carpeta / nombre).read_bytes()).hexdigest() == suma


def test_openssl_rechaza_un_manifiesto_alterado(unidad, tmp_path):
    r = exportar(unidad, tmp_path / "p.eyf")
    carpeta = _desempacar(r.ruta, tmp_path / "paquete")
    manifiesto = carpeta / "manifest.json"
    manifiesto.write_bytes(manifiesto.read_bytes().replace(b'"secuencia": 1', b'"secuencia": 9'))
    salida = _correr(ordenes_del_documento()[0], carpeta)
    assert (
        salida.returncode != 0 and "Signature Verification Failure" in salida.stdout + salida.stderr
    )
