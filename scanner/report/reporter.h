// Reporter: turns sorted findings and a summary into one output format.
//
// Reporters are the only code that writes scan results. They receive findings already sorted
// (finding_less) and deduplicated, and must produce the same bytes for the same input: no times,
// durations, host names or thread counts in JSON or SARIF.
//
// Thread safety: called once, from the main thread, after the scan.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "scanner/finding/finding.h"
#include "scanner/ruleset/rule.h"

namespace keysweep {

struct ReportOptions {
  bool show_secrets = false;  // raw secrets only when the user asked (--show-secrets)
  bool color = false;         // text only: ANSI colours (decided by the caller: tty, NO_COLOR)
  std::string tool_version;   // e.g. "0.1.0"
  // Text only: what to do next, printed after the summary when there are findings.
  std::string advice;
  // SARIF only (--include-suppressed): suppressed findings, written after the results as
  // results with a `suppressions` entry (GitHub code scanning shows them as dismissed).
  const std::vector<Finding>* suppressed = nullptr;
};

class Reporter {
 public:
  virtual ~Reporter() = default;
  // `rules` are all enabled rules, sorted by id (SARIF lists them in tool.driver.rules).
  virtual void write(std::ostream& out, const std::vector<Rule>& rules,
                     const std::vector<Finding>& findings, const ScanSummary& summary,
                     const ReportOptions& options) = 0;
};

// format: "text", "json" or "sarif". Returns nullptr for an unknown format.
std::unique_ptr<Reporter> make_reporter(const std::string& format);

}  // namespace keysweep
