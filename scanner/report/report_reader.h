// Reading a keysweep JSON report (json_reporter.h, doc/output.md) back into findings and a summary,
// for `keysweep merge` (finding/shard_merge.h).
//
// It lives in report/, beside the writer it inverts, rather than in finding/ with the baseline
// reader: the baseline takes fingerprints from any report (JSON or SARIF, old or new), while this
// reads every field the JSON writer writes, in lockstep with it, so that writing what it read gives
// back the same bytes (json_reporter_test.cc checks the round trip). The findings come back as the
// report showed them (Finding::shown): a redacted report gives redacted findings, and reporters
// print them as they are; the raw secrets are not in the report and are not needed.
//
// Strict, because a merge that misreads a shard drops or invents findings silently: the report
// must be keysweep's (keysweep_json_version 1, tool.name "keysweep", tool.version this
// keysweep's: another version may write other fields or order), every field the writer writes
// must be present with its type, counts must agree (summary.findings, incomplete,
// findings_not_reported), positions must fit their types, and secret_in_line must lie inside
// line_text. Unknown keys are ignored (a later writer may add fields). An error names the file
// and the first bad field: "report 'a.json': findings[3].line is a string, not an integer".
//
// Limits: the file must be a regular file (never a FIFO or a device: base/regular_file.h) of at
// most kMaxReportBytes, checked with fstat before a byte is read. Nesting deeper than the report's
// own (4 levels) is refused. Memory: the file's bytes, plus the findings as they are built (each
// finding's JSON tree is dropped as soon as it is converted, so no whole-document tree is held):
// about file size + 1 KB per finding, so at most about 1.5 GB for a 512 MiB report.
//
// Thread safety: pure functions. Errors: a Status; never throws.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/base/status.h"
#include "scanner/finding/finding.h"

namespace keysweep {

// Largest report read: a 1M-finding report is about 450 MB.
constexpr uint64_t kMaxReportBytes = 512ull << 20;

struct ReadReport {
  std::vector<Finding> findings;  // as the report lists them (sorted by finding_less)
  ScanSummary summary;            // seconds = 0 (a JSON report has no times)
  std::string tool_version;       // tool.version
  std::string rules_digest;       // summary.rules_digest
};

// Parses `text`; `label` names it in errors ("report 'shard-1.json'"). `tool_version` is the
// version a report must have been written by.
Result<ReadReport> parse_json_report(std::string_view text, const std::string& label,
                                     const std::string& tool_version);

// Reads and parses the report file at `path`.
Result<ReadReport> read_json_report(const std::string& path, const std::string& tool_version);

}  // namespace keysweep
