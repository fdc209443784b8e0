#!/usr/bin/env bash
# Builds everything and runs every test: C++ (and the Python-driven checks) through ctest, then
# the Python package: `pip install .` into a project-local virtual environment and pytest.
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
# Python: build the wheel from the repository root exactly as users do, then run pytest
# from outside the source tree so the installed package is the one imported.
build/venv/bin/python -m pip install --quiet --disable-pip-version-check .
(cd build && venv/bin/python -m pytest -q ../tests/python)
