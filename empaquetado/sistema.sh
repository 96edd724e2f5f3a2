#!/bin/sh
# Installs, only if missing, the Debian/Ubuntu packages EyF needs.
#   sh empaquetado/sistema.sh            what the window needs
#   sh empaquetado/sistema.sh pruebas    plus what the test suite needs
#   sh empaquetado/sistema.sh construir  plus what building the packages needs
#   sh empaquetado/sistema.sh entrega    plus compilers (a release build compiles numpy)
set -eu

PAQUETES="python3-venv libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-render-util0 libxcb-image0
libxcb-randr0 libxcb-xinerama0 fonts-dejavu-core"
if [ "${1:-}" = "pruebas" ]; then
    # Xvfb for screenshots, poppler for reading PDFs back, a real PostgreSQL
    # server, dpkg-deb / NSIS / wine64 for the installers.
    PAQUETES="$PAQUETES xvfb xauth poppler-utils postgresql dpkg-dev"
fi
# Building the packages (empaquetado/construir_linux.sh): binutils for
# PyInstaller's --strip and the ICU data trim, icu-devtools for icupkg;
# the tests also build and exercise the Windows installer with NSIS under
# wine (headless, a throw-away prefix).
CONSTRUIR="binutils icu-devtools dpkg-dev"
case "${1:-}" in
    construir) PAQUETES="$PAQUETES $CONSTRUIR" ;;
    entrega) PAQUETES="$PAQUETES $CONSTRUIR gcc g++ python3-dev" ;;
    pruebas) PAQUETES="$PAQUETES $CONSTRUIR nsis wine64" ;;
esac

command -v dpkg-query >/dev/null 2>&1 || { echo "Este script es para Debian/Ubuntu; instale a mano: $PAQUETES"; exit 0; }

FALTAN=""
for p in $PAQUETES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || FALTAN="$FALTAN $p"
done
[ -z "$FALTAN" ] && exit 0

echo "Instalando paquetes del sistema:$FALTAN"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $FALTAN
