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
# Python, the binary wheel: `pip wheel` from the repository root as users do, made a manylinux
# wheel by auditwheel (libsodium, libzip and pugixml copied in), installed into a fresh virtual
# environment with nothing compiled (binaries only, no compiler on PATH), and tested from
# outside the source tree so the installed package is the one imported.
scripts/python-wheel.sh build/wheelhouse
rm -rf build/venv-wheel
python3 -m venv build/venv-wheel
build/venv-wheel/bin/python -m pip install --quiet --disable-pip-version-check --only-binary=:all: \
  -r tests/requirements.txt
CC=/bin/false CXX=/bin/false build/venv-wheel/bin/python -m pip install --quiet \
  --disable-pip-version-check --no-index --only-binary=:all: build/wheelhouse/cradle-*.whl
(cd build && CRADLE_EXPECT_ALL_FEATURES=1 CRADLE_CLI="$PWD/ci/cradle" \
  venv-wheel/bin/python -m pytest -q ../tests/python)
# Python from source on a machine without Debian's -dev packages: `pip install .` with CMake
# pointed away from /usr, so Eigen, nlohmann/json and {fmt} come from the Python package index
# (pyproject.toml) and the parts whose libraries it lacks are left out (cradle.features).
scripts/python-bare.sh build/venv-bare
(cd build && venv-bare/bin/python -m pytest -q ../tests/python)
