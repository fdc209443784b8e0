#!/usr/bin/env bash
# Builds everything and runs every test (C++ through ctest; Python checks run inside ctest
# with a project-local virtual environment holding tests/requirements.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
mkdir -p build
if [ ! -x build/venv/bin/python ]; then
  python3 -m venv build/venv
fi
build/venv/bin/python -m pip install --quiet --disable-pip-version-check -r tests/requirements.txt
cmake --preset ci -DPython3_EXECUTABLE="$PWD/build/venv/bin/python"
cmake --build --preset ci
ctest --preset ci
