#!/usr/bin/env bash
# The main job on a fresh machine: install what is missing, build the cradle
# command-line tool, and print the cradle-to-gate footprint of the bundled
# copper-wire example (with its upstream tree) on the bundled factor data.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target cradle_cli
# the copper calculator: footprint of 1 t of copper wire with its gate-by-gate breakdown
./build/release/cradle run examples/copper
