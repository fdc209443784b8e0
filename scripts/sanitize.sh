#!/usr/bin/env bash
# The sanitizer job: the Catch2 tests and the CLI tests (ctest) built with AddressSanitizer and
# UndefinedBehaviorSanitizer (GCC), any report fatal. The packaging tests (consumer builds,
# factor regeneration, schema) do not exercise the engine and are left to scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset asan >/dev/null
cmake --build --preset asan
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --preset asan -E "^(consumer|factors\.regenerate|schema)"
