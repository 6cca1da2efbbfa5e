// merge_shards: the reports of the N shards of one `keysweep history --shard I/N` run, joined into
// the report the unsharded run gives (`keysweep merge`, doc/history.md).
//
// Every shard walks the same commits and scans a disjoint part of the blobs (partitioned by blob
// id), so each finding, skipped blob, error and capped record of a blob comes from exactly one
// shard, with its occurrences already counted over the whole walk. What the merge has to redo:
// - first-seen across shards (finding/first_seen.h): a file edited after a secret entered it is
//   several blobs, which can fall in different shards; each shard keeps its own earliest, and
//   the merge keeps the earliest of those (Provenance::sequence: the walk is the same in every
//   shard, so positions compare). Context versions before a range are scanned by every shard,
//   so each shard already removed what was there before the range.
// - the order: findings by finding_less, skipped by path and reason with one entry per path and
//   reason (symbolic links and submodules are listed by shard 1 only; several blobs of one binary
//   file can sit in several shards), errors sorted, capped by path, commit, rule id (as run_scan).
// - the counters: files_scanned, bytes_scanned and blobs are summed; commits must be equal.
//
// Refused (a merge must never drop a shard silently): an input that is not a shard, shards of
// different N, a shard given twice, a shard missing, and inputs that are not from one run: a
// different number of commits, cap (max_findings_per_file) or rule set (`rules_digest`), or a mix
// of redacted and --show-secrets findings. Two runs over two repositories with the same number of
// commits, cap and rules cannot be told apart from their reports.
//
// Memory: the findings of all shards, moved (not copied) into the result, plus one hash-map entry
// per distinct (path, fingerprint) for first-seen. Thread safety: pure function on its
// arguments. Errors: a Status naming the inputs concerned by their labels.
#pragma once

#include <string>
#include <vector>

#include "scanner/base/status.h"
#include "scanner/finding/finding.h"

namespace keysweep {

struct ShardReport {
  std::string label;              // names the input in errors: "report 'shard-2.json'"
  std::vector<Finding> findings;  // sorted by finding_less
  ScanSummary summary;            // shard_index / shard_count set
  std::string rules_digest;       // opaque: must be the same in every shard
};

struct MergedReport {
  std::vector<Finding> findings;  // sorted by finding_less
  ScanSummary summary;            // shard_index = shard_count = 0, as an unsharded run's
  std::string rules_digest;
  bool redacted = true;           // the findings' secrets are redacted (true when there are none)
};

Result<MergedReport> merge_shards(std::vector<ShardReport> shards);

}  // namespace keysweep
