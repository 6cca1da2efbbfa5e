// JsonReporter: the machine-readable report, format version 1 (documented in doc/output.md).
//
// Writes one JSON object: keysweep_json_version, tool, findings, summary, keys in that order,
// 2-space indent, trailing newline. Same input, same bytes: no times or host data. Secrets and
// lines are redacted unless ReportOptions::show_secrets. Bytes that are not valid UTF-8 (paths,
// Latin-1 lines, commit authors) are written as U+FFFD so the output is always valid JSON.
// History fields (blob, author, email, date, occurrences; summary commits and blobs) are always
// present, empty or 0 for other sources.
//
// Version 1 is stable: fields may be added, never renamed, removed or retyped. A finding read
// back from a report (Finding::shown) is written as it was read: the same bytes.
//
// Thread safety: stateless; see Reporter.
#pragma once

#include "scanner/report/reporter.h"

namespace keysweep {

// 32 hex digits identifying the enabled rules as reports show them (id, description, severity,
// fallback), whatever their order: summary.rules_digest. `keysweep merge` compares it across the
// shards and with the rules it loaded, as SARIF lists every enabled rule.
std::string rules_digest(const std::vector<Rule>& rules);

class JsonReporter : public Reporter {
 public:
  static constexpr int kFormatVersion = 1;

  void write(std::ostream& out, const std::vector<Rule>& rules,
             const std::vector<Finding>& findings, const ScanSummary& summary,
             const ReportOptions& options) override;
};

}  // namespace keysweep
