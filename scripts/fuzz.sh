#!/usr/bin/env bash
# Builds the libFuzzer harnesses (tests/fuzz) with Clang, ASan and UBSan, and runs each for a
# fixed time (default 45 s; first argument) from seed corpora: the example models and bad models
# (fuzz_model), tests/fuzz/seeds/formula (fuzz_formula), heads of the bundled factor and GWP
# CSVs (fuzz_factor_csv), the official PACT examples (fuzz_pact), the signed chain of tests/fixtures/provenance
# (fuzz_provenance), a JSON-LD process, an EcoSpold 2 activity and EcoSpold 1 datasets of the US LCI
# (fuzz_import), the bundled rule sets (fuzz_rules). Prints the executions of each run; a crash or sanitizer report fails.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-45}"
scripts/install-deps.sh
build=build/fuzz
CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all" \
  -DCRADLE_BUILD_FUZZERS=ON -DCRADLE_BUILD_TESTS=OFF -DCRADLE_BUILD_BENCHMARKS=OFF \
  -DCRADLE_BUILD_CLI=OFF -DCRADLE_INSTALL=OFF >/dev/null
cmake --build "$build" -j2 --target fuzz_model fuzz_formula fuzz_factor_csv fuzz_pact fuzz_provenance \
  fuzz_import fuzz_rules
corpus="$build/corpus"
rm -rf "$corpus" && mkdir -p "$corpus"/{model,formula,csv,pact,provenance,import,rules}
cp tests/fixtures/pact-v3/*.json "$corpus/pact/"
cp tests/fixtures/provenance/*.pact.json "$corpus/provenance/"
cp examples/models/*.json tests/fixtures/bad/*.json tests/fuzz/seeds/model/*.json "$corpus/model/"
for m in examples/*/model.json; do cp "$m" "$corpus/model/$(basename "$(dirname "$m")").json"; done
cp tests/fuzz/seeds/formula/* "$corpus/formula/"
cp tests/fuzz/seeds/import/* "$corpus/import/"
cp rules/*.json "$corpus/rules/"
head -40 factors/uk-desnz-2025/factors.csv > "$corpus/csv/desnz.csv"
head -40 factors/grid/factors.csv > "$corpus/csv/grid.csv"
cp factors/ipcc-gwp/gwp100.csv "$corpus/csv/gwp.csv"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
for h in model formula csv pact provenance import rules; do
  bin="$build/fuzz_$h"
  [ "$h" = csv ] && bin="$build/fuzz_factor_csv"
  echo "== fuzz_$h: $seconds s"
  status=0
  "$bin" "$corpus/$h" -dict=tests/fuzz/cradle.dict -max_total_time="$seconds" -max_len=65536 \
    -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$build/" \
    >"$build/fuzz_$h.log" 2>&1 || status=$?
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|==ERROR|SUMMARY|Test unit written" \
    "$build/fuzz_$h.log" || true
  if [ "$status" -ne 0 ]; then
    tail -60 "$build/fuzz_$h.log"
    echo "fuzz_$h failed (exit $status)"
    exit 1
  fi
done
