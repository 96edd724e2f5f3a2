#!/bin/sh
# README, command 1: install what is missing and open EyF on this machine's
# defaults (a local SQLite file in the user's data folder and the bundled
# demonstration catalog).
set -eu
cd "$(dirname "$0")/.."
sh empaquetado/sistema.sh
sh empaquetado/entorno.sh
exec .venv/bin/eyf "$@"
