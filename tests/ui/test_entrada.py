"""``eyf`` with no order opens the window without loading the orders."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ui.entrada import solo_ventana

RAIZ = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "argv, esperado",
    [
        ([], {}),
        (["--datos", "/d"], {"datos": "/d"}),
        (["--datos=/d", "--bd", "postgresql://x/eyf"], {"datos": "/d", "bd": "postgresql://x/eyf"}),
        (["--bd=sqlite:////tmp/a.sqlite3"], {"bd": "sqlite:////tmp/a.sqlite3"}),
        (["entidades"], None),
        (["--datos", "/d", "entidades"], None),
        (["--version"], None),
        (["--ayuda"], None),
        (["--datos"], None),  # incomplete: the command line explains it
        (["--datos", "--bd", "x"], None),
        (["--datos", "/a", "--datos", "/b"], None),
        (["--datos="], None),
        (["--datos", "/d\udcff"], None),  # not valid text: refused by the command line
        (["--json"], None),
    ],
)
def test_solo_ventana(argv, esperado):
    assert solo_ventana(argv) == esperado


def test_la_ventana_no_carga_las_ordenes(tmp_path):
    codigo = textwrap.dedent(
        f"""
        import sys
        import ui.principal

        def ejecutar(carpeta, url):
            pesados = [m for m in ("app.cli", "openpyxl", "numpy", "reportlab") if m in sys.modules]
            print(carpeta, url, pesados)
            return 7

        ui.principal.ejecutar = ejecutar
        from ui.entrada import main
        sys.exit(main(["--datos", {str(tmp_path)!r}]))
        """
    )
    r = subprocess.run(
        [sys.executable, "-c", codigo], cwd=RAIZ, capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 7, r.stderr
    assert r.stdout.strip() == f"{tmp_path} None []"


def test_con_una_orden_es_la_linea_de_ordenes(capsys):
    from ui.entrada import main

    with pytest.raises(SystemExit) as e:
        main(["--version"])
    assert e.value.code == 0
    assert capsys.readouterr().out.startswith("EyF ")


def test_sin_pantalla_la_ventana_lo_dice_en_espanol(monkeypatch, tmp_path, capsys):
    import sys

    from ui import entrada

    for variable in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert entrada.main(["--datos", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "No hay una pantalla gráfica para abrir la ventana de EyF" in err
    assert "eyf --ayuda" in err
