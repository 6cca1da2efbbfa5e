// Finding: what keysweep reports. A match that survived every check, placed in its file.
//
// Thread safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "scanner/base/skipped.h"
#include "scanner/chunk/chunk.h"
#include "scanner/finding/suppression_counts.h"
#include "scanner/ruleset/rule.h"

namespace keysweep {

// A finding as an earlier report showed it (report/report_reader.h reads it back from a JSON
// report, for `keysweep merge`): secret, line_text, author and email already hold what the
// report printed (redacted unless it was made with --show-secrets), and the positions below were
// worked out from the raw values, which are gone. Reporters print such a finding as it is,
// so a report written from it has the bytes of the report it came from.
struct ShownForm {
  bool redacted = true;            // secret and line_text are redacted
  uint32_t column_utf16 = 0;       // SARIF region columns (UTF-16 code units); 0 = none
  uint32_t end_column_utf16 = 0;
  uint32_t line_text_start = 0;    // 1-based column of line_text's first byte; 0 = unknown
  bool located = false;            // the secret is on line_text at [secret_begin, secret_end)
  uint32_t secret_begin = 0;
  uint32_t secret_end = 0;
};

// A byte range [begin, end) of a Finding's line_text.
struct MaskRange {
  uint32_t begin = 0;
  uint32_t end = 0;
};

struct Finding {
  std::string rule_id;
  std::string description;
  Severity severity = Severity::kHigh;
  Provenance provenance;     // path (relative, '/'), source, commit, blob; history: author,
                             // email, date, occurrences
  uint32_t line = 0;         // 1-based position of the secret's first byte
  uint32_t column = 0;       // 1-based, bytes
  uint32_t end_line = 0;     // position one past the secret's last byte
  uint32_t end_column = 0;
  uint64_t offset = 0;       // byte offset of the secret's first byte in the input as stored
  std::string secret;        // raw value; reporters redact it unless told otherwise
  std::string line_text;     // the secret's first line (a window of at most 200 bytes either
                             // side of the secret), raw; redacted on output
  // What of line_text is secret, sorted and disjoint: this finding's secret and every other
  // secret span on the line (any rule's, suppressed or not) plus secret-looking tokens. Reporters
  // mask each range unless --show-secrets (finding/redact.h). Filled by the finding stage (finding/placer.h).
  std::vector<MaskRange> line_masks;
  std::string fingerprint;   // content fingerprint: see finding/fingerprint.h
  std::vector<std::string> tags;  // e.g. "test-fixture"; sorted, unique
  // "checksum-valid" or "checksum-invalid" when the token carries a checksum of its own
  // (check/token_checksum.h: GitHub, npm); empty otherwise.
  std::string confidence;
  // The 12-digit AWS account an AWS access key ID encodes; empty for anything else.
  std::string aws_account_id;
  bool test_fixture = false;      // the path looks like test data (tests/, fixtures/, ...)
  // Set only for a finding read back from a report (see ShownForm); then secret, line_text,
  // author and email are the shown forms and line_masks is empty.
  std::optional<ShownForm> shown;
  // What held it back, for a suppressed finding kept for the report (--include-suppressed:
  // SARIF shows it with a `suppressions` entry); unset for a reported finding.
  std::optional<Suppression> suppressed_by;
};

// Sort order of every report: path, commit, line, column, rule id, secret.
bool finding_less(const Finding& a, const Finding& b);


// Findings of one rule in one file that the per-file cap (--max-findings-per-file) left out.
struct Capped {
  std::string path;
  std::string commit;    // git sources: the blob's commit; empty otherwise
  std::string rule_id;
  uint64_t count = 0;    // findings not reported
};

// Everything the scan knows at the end, handed to one reporter.
struct ScanSummary {
  uint64_t files_scanned = 0;
  uint64_t bytes_scanned = 0;
  uint64_t commits = 0;          // commits walked; 0 = not a history scan
  uint64_t blobs = 0;            // distinct blobs scanned (history only; 0 otherwise)
  // History only: object reads the pack reader left to libgit2 (loose objects, damaged packs).
  // It depends on the pack layout, so only the text reporter prints it (JSON and SARIF must
  // not change when a repository is repacked).
  uint64_t libgit2_reads = 0;
  // History --cache only: blobs known clean from the cache, counted in files_scanned and
  // bytes_scanned as if scanned but not read. Only the text reporter prints it: JSON and SARIF
  // are the same with and without a cache.
  uint64_t cache_hits = 0;
  std::vector<Skipped> skipped;  // sorted by path, one entry per path and reason
  // Errors that make the run incomplete (unreadable files, corrupt objects); sorted.
  std::vector<std::string> errors;
  double seconds = 0;            // wall time; only the text reporter prints it
  uint64_t max_findings_per_file = 0;  // the cap in force, per rule per file; 0 = none
  std::vector<Capped> capped;          // what it left out; sorted by path, commit, rule id
  // history --shard I/N: this run scanned shard `shard_index` (1-based) of `shard_count`;
  // both 0 for a run that was not sharded (and for a merge of all the shards).
  uint32_t shard_index = 0;
  uint32_t shard_count = 0;
  // What the suppression stage held back (finding/suppress.h), per mechanism.
  SuppressionCounts suppressed;
  // The .keysweep-baseline.json in use: its entries (0 = none in use) and, for a scan of a
  // whole tree or history (not staged or pre-push, which see only a change), how many of them
  // matched nothing (`keysweep baseline prune` drops them).
  uint64_t baseline_entries = 0;
  std::optional<uint64_t> baseline_stale;
  bool incomplete() const { return !errors.empty(); }
};

}  // namespace keysweep
