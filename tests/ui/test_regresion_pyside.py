"""Regression: PySide6 6.12.0 on Python 3.11 aborts with «Fatal Python error:
none_dealloc» after some thousands of Qt calls that return None (each drops a
reference to None). The pinned PySide6 must survive the reproducer."""

import subprocess
import sys
import textwrap

REPRODUCTOR = textwrap.dedent(
    """
    import sys
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication

    app = QApplication(["eyf", "-platform", "offscreen"])
    modelo = QStandardItemModel()
    antes = sys.getrefcount(None)
    for i in range(50_000):
        modelo.appendRow(QStandardItem(str(i)))
    despues = sys.getrefcount(None)
    print(modelo.rowCount(), antes - despues)
    """
)


def test_cincuenta_mil_llamadas_que_devuelven_none():
    r = subprocess.run(
        [sys.executable, "-c", REPRODUCTOR], capture_output=True, text=True, timeout=300
    )
    assert "none_dealloc" not in r.stderr
    assert r.returncode == 0, r.stderr
    filas, perdidas = (int(x) for x in r.stdout.split())
    assert filas == 50_000
    # A correct binding never leaks away references to None.
    assert perdidas < 100
