#!/usr/bin/env bash
# `pip install .` as on a machine with Python, pip and a C++ compiler but none of Debian's -dev
# packages: CMake is pointed away from /usr (CMAKE_IGNORE_PREFIX_PATH, and pkg-config sees
# nothing), so Eigen, nlohmann/json and {fmt} come from the Python package index as build
# requirements (pyproject.toml) and the optional parts whose libraries are missing are left
# out (cradle.features). Usage: scripts/python-bare.sh VENV (default build/venv-bare).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${1:-build/venv-bare}
rm -rf "$venv"
python3 -m venv "$venv"
"$venv"/bin/python -m pip install --quiet --disable-pip-version-check -r tests/requirements.txt
ignore="/;/usr;/usr/local;/usr/include;/usr/lib/x86_64-linux-gnu;/lib/x86_64-linux-gnu;/usr/share"
PKG_CONFIG_LIBDIR=/nonexistent PKG_CONFIG_PATH= \
CMAKE_ARGS="-DCMAKE_IGNORE_PREFIX_PATH=$ignore -DCMAKE_IGNORE_PATH=$ignore" \
SKBUILD_BUILD_DIR=build/python-bare \
  "$venv"/bin/python -m pip install --quiet --disable-pip-version-check .
"$venv"/bin/python -c "import cradle; print('cradle: installed without system libraries:', cradle.features)"
