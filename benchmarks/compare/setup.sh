#!/usr/bin/env bash
# The peers of benchmarks/compare/compare.py in their own venv (build/compare-venv): SciPy,
# scikit-umfpack (built against Debian's SuiteSparse: needs swig and libsuitesparse-dev),
# pypardiso (MKL from the package index), Brightway's bw2calc and bw_processing, threadpoolctl
# (which BLAS each run used), and cradle itself (pip install . of this checkout). Run by hand.
set -euo pipefail
cd "$(dirname "$0")/../.."
need=()
for p in swig libsuitesparse-dev; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y --no-install-recommends "${need[@]}"
  else sudo apt-get install -y --no-install-recommends "${need[@]}"; fi
fi
venv=build/compare-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
pip="$venv/bin/python -m pip install --quiet --disable-pip-version-check"
$pip numpy scipy threadpoolctl "bw2calc>=2" bw_processing pypardiso
# scikit-umfpack 0.4.2's SWIG step reads UMFPACK's include flags from a meson dependency
# ("umfpack_dep not found in dependencies"; scikit-umfpack PR #112), and Debian 12's SuiteSparse 5
# ships no pkg-config file for it (0.4.1 does not build against NumPy 2): give meson one. Found
# through pkg-config, scikit-umfpack takes the headers for SuiteSparse 7's single umfpack.h, and
# SWIG does not follow #include: the shim's include folder holds SuiteSparse 5's umfpack.h with
# its umfpack_*.h parts written inline (without it only the free functions get wrapped and
# UmfpackContext fails with "'Struct' object has no attribute 'defaults'").
pc=build/compare-pkgconfig
mkdir -p "$pc/include"
multiarch=$(gcc -print-multiarch)
version=$(dpkg-query -W -f='${Version}' libsuitesparse-dev | sed 's/^[0-9]*://; s/[+-].*//')
python3 - /usr/include/suitesparse "$pc/include/umfpack.h" <<'PY'
import pathlib, re, sys
src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
def inline(line):
    m = re.match(r'\s*#include "(umfpack_\w+\.h)"', line)
    return (src / m.group(1)).read_text() if m else line
out.write_text("".join(inline(l) for l in (src / "umfpack.h").read_text().splitlines(True)))
PY
for name in umfpack UMFPACK; do
  cat > "$pc/$name.pc" <<PC
libdir=/usr/lib/$multiarch
includedir=/usr/include/suitesparse
Name: UMFPACK
Description: UMFPACK of Debian's libsuitesparse-dev (which ships no .pc file)
Version: $version
Libs: -L\${libdir} -lumfpack -lamd -lcholmod -lsuitesparseconfig
Cflags: -I$PWD/$pc/include -I\${includedir}
PC
done
# built here, never from pip's wheel cache (a wheel built without the inlined header would be reused)
PKG_CONFIG_PATH="$PWD/$pc${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}" \
  $pip --no-cache-dir --force-reinstall --no-deps scikit-umfpack
$pip .
"$venv/bin/python" -c "
import scikits.umfpack as um, pypardiso, bw2calc, cradle
um.UmfpackContext('di')
print('peers ready')"
