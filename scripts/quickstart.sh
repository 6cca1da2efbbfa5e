#!/bin/sh
# One command from a fresh Debian 12 machine to a real scan: installs what is missing, builds a
# release binary (build/keysweep) and scans the given paths, or the bundled demo in corpus/.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
sh "$root/scripts/install-deps.sh"
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C "$root/build" keysweep >/dev/null
echo "keysweep: built $root/build/keysweep" >&2
if [ "$#" -eq 0 ]; then
  set -- "$root/corpus/positive"
  echo "keysweep: scanning the bundled demo ($root/corpus/positive); pass a path to scan your own" >&2
fi
status=0
"$root/build/keysweep" dir "$@" || status=$?
# 1 means "secrets found", which is the point of a demo; only 2 is a failure.
[ "$status" -le 1 ] || exit "$status"
exit 0
