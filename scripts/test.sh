#!/bin/sh
# Runs every test: installs what is missing, builds, then CTest (the Catch2 unit and end-to-end
# tests, the rule examples, the corpus comparison, the SARIF schema check).
#   scripts/test.sh             release build in build/
#   scripts/test.sh --sanitize  AddressSanitizer + UndefinedBehaviorSanitizer: clang build in
#                               build-fuzz/, shared with the fuzz targets (configure-clang-asan.sh)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
sh "$root/scripts/install-deps.sh"
if [ "${1:-}" = "--sanitize" ]; then
  dir=$(bash "$root/scripts/configure-clang-asan.sh")
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  # Leaks inside third-party libraries only (each line of lsan.supp says which and why).
  export LSAN_OPTIONS="suppressions=$root/scripts/lsan.supp:print_suppressions=0"
else
  dir="$root/build"
  cmake -S "$root" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
ninja -C "$dir"
ctest --test-dir "$dir" --output-on-failure
