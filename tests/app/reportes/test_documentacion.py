"""docs/reportes.md tells how to recompute the verification code without EyF:
its program, run on a real database, gives the code EyF prints."""

import re
import subprocess
import sys
from pathlib import Path

from app.captura.registro import guardar_capturas
from app.reportes.datos import datos_reporte
from tests import fabricas
from tests.app.reportes.conftest import REGISTROS

DOCUMENTO = Path(__file__).resolve().parents[3] / "docs" / "reportes.md"


def programa_de_la_documentacion(destino: Path) -> Path:
    bloques = re.findall(r"```python\n(.*?)```", DOCUMENTO.read_text(encoding="utf-8"), re.S)
    (codigo,) = [b for b in bloques if "eyf-verificacion/1" in b]
    destino.write_text(codigo, encoding="utf-8")
    return destino


def correr(programa: Path, *argumentos: str) -> list[str]:
    r = subprocess.run(
        [sys.executable, str(programa), *argumentos], capture_output=True, text=True, check=True
    )
    return r.stdout.split()


def test_el_programa_de_la_documentacion_da_el_mismo_codigo(con_registros, tmp_path):
    programa = programa_de_la_documentacion(tmp_path / "verificar.py")
    datos = datos_reporte(con_registros, "05")
    assert correr(programa, str(con_registros.ruta_bd), "05") == [datos.codigo, datos.resumen]


def test_tambien_para_el_reporte_de_una_unidad(almacen, tmp_path):
    fabricas.preparar_captura(almacen, modo="unidad", clues="CLSSA000033")
    guardar_capturas(almacen, [f for f in REGISTROS if f[0] == "CLSSA000033"])
    programa = programa_de_la_documentacion(tmp_path / "verificar.py")
    datos = datos_reporte(almacen, "05")
    assert correr(programa, str(almacen.ruta_bd), "05", "CLSSA000033") == [
        datos.codigo,
        datos.resumen,
    ]
