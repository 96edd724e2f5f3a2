#!/bin/sh
# Creates (once) the project's virtual environment in .venv with Python 3.11+
# and installs EyF into it. Prints nothing when all is in place.
#   sh empaquetado/entorno.sh            the program
#   sh empaquetado/entorno.sh pruebas    the program and the test tools
set -eu
cd "$(dirname "$0")/.."

PY=""
for candidato in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidato" >/dev/null 2>&1 &&
       "$candidato" -c 'import sys; sys.exit(not ((3, 11) <= sys.version_info[:2] < (3, 14)))' 2>/dev/null; then
        PY="$candidato"; break
    fi
done
[ -n "$PY" ] || { echo "EyF necesita Python 3.11, 3.12 o 3.13."; exit 1; }

[ -x .venv/bin/python ] || "$PY" -m venv .venv
EXTRA=""
[ "${1:-}" = "pruebas" ] && EXTRA="[pruebas]"
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".$EXTRA"
