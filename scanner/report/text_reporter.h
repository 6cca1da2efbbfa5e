// TextReporter: the human report, for a terminal or a log.
//
// Findings are grouped under a header line per file (the input is sorted by path); each shows
// line:column, rule id, severity, description, the secret and an excerpt of its line of at most
// about kExcerptWidth bytes around the secret. A closing summary gives files scanned, files
// skipped (count per reason, then every skipped path: nothing is skipped silently), bytes scanned,
// the number of findings (or "No findings.") and the wall time (for a history scan: commits and
// blobs instead of files); a history finding also shows its commit, author <email>, date and in
// how many other places the same blob was introduced. When the scan was incomplete, an
// "INCOMPLETE: N errors" section lists every error.
//
// Secrets are redacted unless ReportOptions::show_secrets. Control characters, invalid UTF-8 and
// bidirectional-override characters from scanned files and commits (author names, emails) are
// printed as \xNN / \u{NNNN} escapes, so neither can move the cursor, recolour or reorder the
// terminal. ANSI colours only when
// ReportOptions::color.
//
// Thread safety: stateless; see Reporter.
#pragma once

#include <cstdint>
#include <string>

#include "scanner/report/reporter.h"

namespace keysweep {

class TextReporter : public Reporter {
 public:
  static constexpr size_t kExcerptWidth = 160;

  void write(std::ostream& out, const std::vector<Rule>& rules,
             const std::vector<Finding>& findings, const ScanSummary& summary,
             const ReportOptions& options) override;

  // Exposed for tests. "34567" -> "33.8 KiB"; below 1 KiB: "512 B".
  static std::string human_bytes(uint64_t bytes);
};

}  // namespace keysweep
