#!/usr/bin/env bash
# Installs everything EdgeQuote needs on Debian 12, as root. Idempotent: a second run only
# checks. Called by both README commands before CMake runs.
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(
  cmake g++ make            # native build
  emscripten                # the wasm build (Emscripten 3.1.6 + Embind)
  nlohmann-json3-dev catch2 # JSON and the native test framework
  libssl-dev                # OpenSSL's libcrypto: the CLI verifies signed approvals
  chromium                  # browser tests and page benchmarks (driven by playwright-core)
  poppler-utils             # pdftoppm: look at the printed quote
  python3
  clang libclang-rt-14-dev  # libFuzzer with ASan/UBSan for the fuzz targets
)
missing=()
for package in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Web tooling pinned by package-lock.json; reinstalled only when the lock file changes.
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.edgequote-lock; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.edgequote-lock
fi
echo "setup: ready ($(cmake --version | head -1), $(emcc --version 2>/dev/null | head -1 | cut -c1-60), node $(node --version))"
