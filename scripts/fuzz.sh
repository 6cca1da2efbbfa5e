#!/bin/bash
# Builds the libFuzzer targets of tests/fuzz/ (clang, ASan+UBSan, in build-fuzz/: see
# scripts/configure-clang-asan.sh) and runs each for a bounded time. Usage:
#   scripts/fuzz.sh [SECONDS_PER_TARGET [TARGET...]]     default: 60 s, every target
# Each target starts from its committed seeds (tests/fuzz/seeds/<target>/), the crash inputs
# kept in tests/regression/<target>/ and seeds generated from corpus/ and rules/ into
# build-fuzz/fuzz/seeds/ (scripts/fuzz_seeds.py). What libFuzzer learns goes to
# build-fuzz/fuzz/corpus/<target>/ (kept between local runs, never committed). Nothing is
# written under tests/ unless a target crashes, hangs (-timeout=10) or runs out of memory
# (-rss_limit_mb=2048): then the input is copied into tests/regression/<target>/, where the
# normal test run (CTest: fuzz_replay_<target>) replays it from then on, and the script exits 1
# after the other targets have run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
shift || true

dir=$(bash "$root/scripts/configure-clang-asan.sh")

# Longest input per target: enough for real files of each kind, small enough to run fast.
declare -A max_len=(
  [rule_file]=16384 [config]=16384 [gitleaks_config]=16384 [matcher]=65536 [credential_uri]=4096 [chunk_lines]=65536
  [patch_lines]=32768 [baseline]=65536 [json_report]=16384 [sarif_report]=16384
  [pack_index]=8192 [git_delta]=4096 [pack_entry]=16384 [raw_objects]=8192 [report_reader]=32768
  [clean_blob_cache]=8192 [baseline_file]=16384 [gitleaksignore]=8192 [secrets_baseline]=32768 [ignore_file]=8192 [exclude_paths]=8192
  [regex_lines]=2048)
if [ "$#" -eq 0 ]; then
  set -- $(cd "$root/tests/fuzz" && ls fuzz_*.cc | sed 's/^fuzz_//; s/\.cc$//')
fi
ninja -C "$dir" $(printf 'fuzz_%s ' "$@")

rm -rf "$dir/fuzz/seeds" "$dir/fuzz/artifacts"
python3 "$root/scripts/fuzz_seeds.py" "$root" "$dir/fuzz/seeds"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
failed=""
for t in "$@"; do
  corpus="$dir/fuzz/corpus/$t"
  artifacts="$dir/fuzz/artifacts/$t"
  log="$dir/fuzz/$t.log"
  mkdir -p "$corpus" "$artifacts" "$dir/fuzz/seeds/$t"
  inputs=("$corpus" "$dir/fuzz/seeds/$t" "$root/tests/fuzz/seeds/$t")
  [ -d "$root/tests/regression/$t" ] && inputs+=("$root/tests/regression/$t")
  status=0
  "$dir/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="${max_len[$t]:-65536}" \
    -artifact_prefix="$artifacts/" -print_final_stats=1 "${inputs[@]}" >"$log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  if [ "$status" -ne 0 ]; then
    mkdir -p "$root/tests/regression/$t"
    for f in "$artifacts"/*; do
      [ -f "$f" ] && cp "$f" "$root/tests/regression/$t/" && echo "fuzz: $t: kept $(basename "$f") in tests/regression/$t/" >&2
    done
    echo "fuzz: $t FAILED (exit $status); the end of $log:" >&2
    tail -40 "$log" >&2
    failed="$failed $t"
  else
    echo "fuzz: $t: ${execs:-?} executions in ${seconds} s, corpus $(ls "$corpus" | wc -l) inputs"
  fi
done
if [ -n "$failed" ]; then
  echo "fuzz: failing targets:$failed (replay with build/fuzz_<target> tests/regression/<target>)" >&2
  exit 1
fi
