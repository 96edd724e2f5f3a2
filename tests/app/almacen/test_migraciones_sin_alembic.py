"""An up-to-date database opens without importing Alembic (start-up time and
memory of the window); the revision files read as text say exactly what
Alembic says."""

import subprocess
import sys
import textwrap
from pathlib import Path

from alembic.script import ScriptDirectory

from app.almacen import migraciones

RAIZ = Path(__file__).resolve().parents[3]


def test_las_revisiones_leidas_como_texto_son_las_de_alembic():
    script = ScriptDirectory.from_config(migraciones.configuracion())
    assert migraciones.revisiones() == {
        r.revision: r.down_revision for r in script.walk_revisions()
    }
    assert [migraciones.revision_cabeza()] == list(script.get_heads())
    assert all(migraciones.revision_conocida(r) for r in migraciones.revisiones())
    assert not migraciones.revision_conocida("ffffffffffff")


def test_abrir_una_base_al_dia_no_importa_alembic(almacen, carpeta):
    almacen.cerrar()
    codigo = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from app.almacen.almacen import Almacen
        Almacen.abrir(Path({str(carpeta)!r})).cerrar()
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("alembic", "mako")))
        """
    )
    r = subprocess.run(
        [sys.executable, "-c", codigo], cwd=RAIZ, capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"
