#!/bin/bash
# Builds keysweep with ThreadSanitizer (build-tsan/) and runs its threaded paths with 8 worker
# threads: `dir` over a generated tree of thousands of files (some holding fake secrets, so the
# workers find, gather and sort findings) and over corpus/, `staged` and `pre-push` on a
# generated repository, `history`, the baseline commands and `sweep`. TSAN_OPTIONS=halt_on_error=1: the first report stops the run and fails
# the script. Each output is also compared with a --threads 1 run (the same bytes, whatever the
# thread count).
#
# Suppressions (scripts/tsan.supp) are only for reports inside third-party code; each line there
# says why. Debian's libraries (RE2, Vectorscan, libgit2) are not instrumented, so races inside
# them are not seen; calls into them are (through libc and pthread interceptors).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
sh "$root/scripts/install-deps.sh"
dir="$root/build-tsan"
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake -S "$root" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKEYSWEEP_TSAN=ON "${launcher[@]}" >/dev/null
ninja -C "$dir" keysweep

export TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1 suppressions=$root/scripts/tsan.supp"
ks="$dir/keysweep"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A tree of 3000 files in 60 folders; one in eight holds a fake token or password, made here
# from a seeded generator (no secret-shaped literal in this script).
python3 - "$work/tree" <<'PY'
import os, random, sys
root = sys.argv[1]
rng = random.Random(1)
alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
def token(n): return "".join(rng.choice(alnum) for _ in range(n))
for i in range(3000):
    d = os.path.join(root, "pkg%02d" % (i % 60), "sub%d" % (i % 7))
    os.makedirs(d, exist_ok=True)
    lines = ["line %d of file %d: nothing to see here, value=%d" % (k, i, rng.randrange(10**6)) for k in range(40)]
    if i % 8 == 0:
        lines.insert(rng.randrange(40), "GITHUB_TOKEN=" + "ghp" + "_" + token(36))
    if i % 13 == 0:
        lines.insert(rng.randrange(40), "DATABASE_URL=postgres://svc:" + token(20) + "@db%d.internal:5432/app" % i)
    with open(os.path.join(d, "f%04d.%s" % (i, ["py", "env", "yaml", "txt"][i % 4])), "w") as f:
        f.write("\n".join(lines) + "\n")
PY

# Runs keysweep under TSan; exit 0 or 1 (findings) is a pass, anything else (66 = a TSan report,
# 2 = an error) fails the script.
run() {
  local name=$1; shift
  local status=0
  "$@" >"$work/$name.out" 2>"$work/$name.err" || status=$?
  if [ "$status" -gt 1 ] || grep -q "ThreadSanitizer" "$work/$name.err"; then
    echo "tsan: $name failed (exit $status):" >&2
    head -100 "$work/$name.err" >&2
    exit 1
  fi
  echo "tsan: $name: exit $status, $(grep -c '"rule_id"' "$work/$name.out" || true) findings"
}
same() {
  cmp -s "$work/$1.out" "$work/$2.out" || { echo "tsan: $1 and $2 differ" >&2; exit 1; }
}

run dir-tree "$ks" dir --threads 8 --format json "$work/tree"
run dir-tree-1 "$ks" dir --threads 1 --format json "$work/tree"
same dir-tree dir-tree-1
run dir-corpus "$ks" dir --threads 8 --format json "$root/corpus"
run dir-corpus-1 "$ks" dir --threads 1 --format json "$root/corpus"
same dir-corpus dir-corpus-1

# A repository: five commits of the tree's folders, then more staged on top.
repo="$work/repo"
git init -q -b main "$repo"
git -C "$repo" config user.name tsan
git -C "$repo" config user.email tsan@example.invalid
for k in 0 1 2 3 4; do
  for p in "$work"/tree/pkg$k*; do cp -r "$p" "$repo/"; done
  git -C "$repo" add -A
  git -C "$repo" commit -q -m "part $k"
done
for p in "$work"/tree/pkg5*; do cp -r "$p" "$repo/"; done
git -C "$repo" add -A
run staged "$ks" staged --threads 8 --format json "$repo"
run staged-1 "$ks" staged --threads 1 --format json "$repo"
same staged staged-1
head_sha=$(git -C "$repo" rev-parse HEAD)
zeros=0000000000000000000000000000000000000000
push_line="refs/heads/main $head_sha refs/heads/main $zeros"
run pre-push "$ks" pre-push origin "file:///nowhere" --repo "$repo" --threads 8 --format json <<<"$push_line"
run pre-push-1 "$ks" pre-push origin "file:///nowhere" --repo "$repo" --threads 1 --format json <<<"$push_line"
same pre-push pre-push-1
git -C "$repo" commit -q -m "part 5"
git -C "$repo" mv pkg00 moved00
git -C "$repo" commit -q -m "a rename"
run history "$ks" history --all --repo "$repo" --threads 8 --format json
run history-1 "$ks" history --all --repo "$repo" --threads 1 --format json
same history history-1
# A range with a boundary: the versions before it are scanned as context on the workers too.
run history-since "$ks" history --since-commit HEAD~3 --repo "$repo" --threads 8 --format json
run history-since-1 "$ks" history --since-commit HEAD~3 --repo "$repo" --threads 1 --format json
same history-since history-since-1
# Packed: the workers read through their own pack readers over one shared object database.
git -C "$repo" repack -q -a -d
run history-packed "$ks" history --all --repo "$repo" --threads 8 --format json
same history history-packed
run pre-push-packed "$ks" pre-push origin "file:///nowhere" --repo "$repo" --threads 8 --format json <<<"$push_line"
same pre-push pre-push-packed
# history --cache: the first run collects the clean blobs on every worker, the second has every
# worker read the one shared cache.
run history-cache-cold "$ks" history --all --repo "$repo" --threads 8 --format json --cache "$work/history.cache"
same history history-cache-cold
run history-cache-warm "$ks" history --all --repo "$repo" --threads 8 --format json --cache "$work/history.cache"
same history history-cache-warm
# The baseline: create hashes every distinct secret on the workers (one shared SecretHasher);
# a scan with it marks the entries it hits from every worker; prune reads those marks.
run baseline-create "$ks" baseline create --from history --threads 8 --output "$work/baseline.json" "$repo"
run history-baseline "$ks" history --all --repo "$repo" --threads 8 --format json --baseline "$work/baseline.json"
run history-baseline-1 "$ks" history --all --repo "$repo" --threads 1 --format json --baseline "$work/baseline.json"
same history-baseline history-baseline-1
grep -q '"baseline_stale": 0' "$work/history-baseline.out" || { echo "tsan: the baseline left entries unmatched" >&2; exit 1; }
run baseline-prune "$ks" baseline prune --from history --threads 8 --file "$work/baseline.json" "$repo"
grep -q "dropped 0 of" "$work/baseline-prune.out" || { echo "tsan: prune dropped entries that match" >&2; exit 1; }
# The sweep: the history of every ref, the index and the work tree (three threaded scans), with
# the unreachable objects (a reset commit, a loose blob): the same bytes at 8 and 1 threads.
printf 'SECRET_KEY=%s\n' "$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" > "$repo/reset.env"
git -C "$repo" add reset.env
git -C "$repo" commit -q -m "to be reset"
git -C "$repo" reset -q --hard HEAD~1
printf 'SECRET_KEY=%s\n' "$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" | git -C "$repo" hash-object -w --stdin >/dev/null
run sweep "$ks" sweep --unreachable --threads 8 --format json --no-progress "$repo"
run sweep-1 "$ks" sweep --unreachable --threads 1 --format json --no-progress "$repo"
same sweep sweep-1
grep -q '"unreachable_blob": true' "$work/sweep.out" || { echo "tsan: the sweep missed the loose blob" >&2; exit 1; }
echo "tsan: no ThreadSanitizer report"
