#!/bin/sh
# Release builds only (empaquetado/construir_linux.sh without --rapido):
# puts into the Python given as $1 the same numpy version it already has,
# compiled from source without BLAS and LAPACK. EyF uses numpy for distances
# and the arrays of the min-cost flow (app/intercambio), never for linear
# algebra; the PyPI wheel carries OpenBLAS, ~27 MiB of the program folder.
# The wheel is built once (about 6 minutes on two cores) and kept in
# build/ruedas/; a numpy already built this way is left as it is.
set -eu
cd "$(dirname "$0")/.."
PY="$1"

sin_blas='import sys, numpy
c = numpy.show_config(mode="dicts")["Build Dependencies"]
sys.exit(0 if c["blas"]["name"] == "none" and c["lapack"]["name"] == "none" else 1)'
if "$PY" -c "$sin_blas" 2>/dev/null; then
    exit 0
fi

VERSION=$("$PY" -c 'import numpy; print(numpy.__version__)')
RUEDAS=build/ruedas
mkdir -p "$RUEDAS"
RUEDA=$(find "$RUEDAS" -name "numpy-$VERSION-*.whl" | head -n 1)
if [ -z "$RUEDA" ]; then
    echo "Compilando numpy $VERSION sin BLAS (una sola vez, unos minutos)…"
    "$PY" -m pip wheel -q --disable-pip-version-check --no-deps --no-binary numpy \
        -w "$RUEDAS" \
        -Csetup-args=-Dallow-noblas=true -Csetup-args=-Dblas=none -Csetup-args=-Dlapack=none \
        "numpy==$VERSION"
    RUEDA=$(find "$RUEDAS" -name "numpy-$VERSION-*.whl" | head -n 1)
fi
"$PY" -m pip install -q --disable-pip-version-check --no-deps --force-reinstall "$RUEDA"
"$PY" -c "$sin_blas" || { echo "numpy sigue con BLAS: revise $RUEDA"; exit 1; }
