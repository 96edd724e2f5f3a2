#!/bin/sh
# README, command 2 (and CI): install what is missing and run the whole test
# suite, slow tests included. Extra arguments go to pytest.
set -eu
cd "$(dirname "$0")/.."
sh empaquetado/sistema.sh pruebas
sh empaquetado/entorno.sh pruebas
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest -m "" "$@"
