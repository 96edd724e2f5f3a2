"""The trimmed ICU data (empaquetado/icu.py) keeps what Qt uses in Spanish:
sorting with ñ and accents, case mapping, Windows-1252 text."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(RAIZ / "empaquetado"))

import icu  # noqa: E402

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="solo el paquete de Linux trae ICU")


@pytest.mark.parametrize(
    ("elemento", "queda"),
    [
        ("es_MX.res", True),
        ("es.res", True),
        ("en_US_POSIX.res", True),
        ("root.res", True),
        ("coll/es.res", True),
        ("coll/es__TRADITIONAL.res", True),
        ("coll/ucadata.icu", True),
        ("coll/root.res", True),
        ("curr/pool.res", True),
        ("brkitr/line.brk", True),
        ("nfkc.nrm", True),
        ("cnvalias.icu", True),
        ("ibm-5348_P100-1997.cnv", True),  # windows-1252
        ("metadata.res", True),
        ("plurals.res", True),
        ("zoneinfo64.res", True),
        ("de.res", False),
        ("zh_Hant_TW.res", False),
        ("coll/zh.res", False),
        ("lang/fr.res", False),
        ("brkitr/cjdict.dict", False),
        ("brkitr/line_cj.brk", False),
        ("translit/root.res", False),
        ("gb18030.cnv", False),
        ("unames.icu", False),
        ("rfc3491.spp", False),
    ],
)
def test_que_se_conserva(elemento, queda):
    assert icu.conservar(elemento) is queda


PRUEBA = textwrap.dedent(
    """
    from PySide6.QtCore import QCollator, QLocale, QStringDecoder
    mapas = open("/proc/self/maps").read()
    print("CARGADA", [l.split()[-1] for l in mapas.splitlines() if "libicudata" in l][0])
    c = QCollator(QLocale("es_MX"))
    print("ORDEN", sorted(["oso", "ñu", "nube", "zorro", "Ángel", "árbol", "ama"], key=c.sortKey))
    print("MAYUSCULAS", QLocale("es_MX").toUpper("ñandú árbol"))
    print("CP1252", QStringDecoder("windows-1252").isValid())
    """
)


def test_qt_ordena_en_espanol_con_los_datos_recortados(tmp_path):
    faltan = icu.herramientas_faltantes()
    assert not faltan, f"instale {faltan} (sh empaquetado/sistema.sh pruebas)"
    import PySide6

    original = next((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    copia = tmp_path / original.name
    copia.write_bytes(original.read_bytes())
    antes, despues = icu.recortar(copia)
    assert antes > 25 * 2**20 and despues < 6 * 2**20
    entorno = dict(os.environ, LD_LIBRARY_PATH=str(tmp_path), QT_QPA_PLATFORM="offscreen")
    salida = subprocess.run(
        [sys.executable, "-c", PRUEBA], env=entorno, capture_output=True, text=True, timeout=120
    )
    assert salida.returncode == 0, salida.stderr
    assert "Could not create collator" not in salida.stderr
    lineas = dict(linea.split(" ", 1) for linea in salida.stdout.splitlines())
    assert lineas["CARGADA"] == str(copia)  # the trimmed data, not the wheel's
    assert lineas["ORDEN"] == str(["ama", "Ángel", "árbol", "nube", "ñu", "oso", "zorro"])
    assert lineas["MAYUSCULAS"] == "ÑANDÚ ÁRBOL"
    assert lineas["CP1252"] == "True"
    # trimming twice is harmless (a rebuilt folder may be trimmed again)
    assert icu.recortar(copia)[1] == despues
