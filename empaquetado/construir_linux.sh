#!/bin/sh
# Builds EyF for Linux into dist/ (or --salida DIR): the program folder, a
# .tar.gz and a .deb. Installs first what is missing (Debian/Ubuntu packages
# and the project's environment with PyInstaller). EYF_PYTHON chooses another
# Python that already has EyF's dependencies and PyInstaller.
# A release build (without --rapido) first puts into that Python a numpy
# compiled without BLAS (empaquetado/numpy_sin_blas.sh: −27 MiB); --rapido,
# the check the tests run, keeps the PyPI wheel and lighter compression.
set -eu
cd "$(dirname "$0")/.."
ENTREGA=1
for a in "$@"; do
    [ "$a" = "--rapido" ] && ENTREGA=0
done
if [ "$ENTREGA" = 1 ]; then
    sh empaquetado/sistema.sh entrega
else
    sh empaquetado/sistema.sh construir
fi
PY="${EYF_PYTHON:-}"
if [ -z "$PY" ]; then
    sh empaquetado/entorno.sh pruebas
    PY=.venv/bin/python
fi
[ "$ENTREGA" = 1 ] && sh empaquetado/numpy_sin_blas.sh "$PY"
exec "$PY" empaquetado/construir_linux.py "$@"
