#!/bin/bash
# Configures build-fuzz/: clang, AddressSanitizer + UndefinedBehaviorSanitizer and libFuzzer's
# coverage instrumentation on every object. One build serves both the sanitized test run
# (scripts/test.sh --sanitize) and the fuzz targets (scripts/fuzz.sh): CI builds the scanner
# three times (release, this, TSan), not four. Installs clang and its runtime libraries (Debian
# 12: clang 14, libclang-rt-14-dev) when missing. Prints the build folder.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
missing=""
for p in clang libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "keysweep: installing:$missing" >&2
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
sh "$root/scripts/install-deps.sh"
dir="$root/build-fuzz"
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake -S "$root" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DKEYSWEEP_FUZZ=ON "${launcher[@]}" >/dev/null
echo "$dir"
