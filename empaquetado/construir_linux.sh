#!/bin/sh
# Builds EyF for Linux into dist/ (or --salida DIR): the program folder, a
# .tar.gz and a .deb. Installs first what is missing (Debian/Ubuntu packages
# and the project's environment with PyInstaller). EYF_PYTHON chooses another
# Python that already has EyF's dependencies and PyInstaller.
set -eu
cd "$(dirname "$0")/.."
sh empaquetado/sistema.sh construir
PY="${EYF_PYTHON:-}"
if [ -z "$PY" ]; then
    sh empaquetado/entorno.sh pruebas
    PY=.venv/bin/python
fi
exec "$PY" empaquetado/construir_linux.py "$@"
