#!/usr/bin/env bash
# Installs what building and testing cradle needs and is missing: Debian packages
# with apt-get (Eigen, nlohmann/json, fmt, Catch2, CLI11, libsodium, libzip, pugixml, CMake, a C++20 compiler; Clang and its
# runtime for the libFuzzer harnesses and sanitizers of scripts/fuzz.sh; headless Chromium for
# the report's browser test).
# Idempotent: does nothing when everything is present.
set -euo pipefail
packages=(g++ cmake make libeigen3-dev nlohmann-json3-dev libfmt-dev catch2 libcli11-dev libsodium-dev libzip-dev libpugixml-dev pkg-config python3 python3-venv python3-dev iso-codes clang libclang-rt-14-dev chromium fonts-dejavu-core)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "cradle: installing missing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
