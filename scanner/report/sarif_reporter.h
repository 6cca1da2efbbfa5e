// SarifReporter: SARIF 2.1.0 for GitHub code scanning and other SARIF consumers.
//
// One run. tool.driver.rules lists every enabled rule, sorted by id, with GitHub's
// properties (tags, security-severity, precision); each result points at its rule by ruleId and
// ruleIndex, carries the content fingerprint in partialFingerprints["keysweep/v1"], and locates
// the secret by a path relative to %SRCROOT% (percent-encoded, RFC 3986) and a region whose
// columns are UTF-16 code units (run.columnKind). Skipped files and errors become
// toolExecutionNotifications of the single invocation; executionSuccessful is false when the
// scan was incomplete. History findings carry commit, author, email, date, blob and occurrences
// in result.properties; a history run puts commits and blobs in the invocation's properties. No
// times of the run (a commit's author date is input), so the same input gives the same bytes.
// Secrets appear only redacted unless ReportOptions::show_secrets. Mapping and limits:
// doc/output.md.
//
// Thread safety: stateless; see Reporter.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "scanner/report/reporter.h"

namespace keysweep {

class SarifReporter : public Reporter {
 public:
  void write(std::ostream& out, const std::vector<Rule>& rules,
             const std::vector<Finding>& findings, const ScanSummary& summary,
             const ReportOptions& options) override;

  // Exposed for tests. The SARIF artifactLocation.uri for a report path: a relative reference
  // with every byte outside RFC 3986 "unreserved" and '/' percent-encoded (a leading "./" is
  // dropped); an absolute path becomes a file:// URI.
  static std::string path_uri(std::string_view path);
  // "github-pat-classic" -> "GithubPatClassic".
  static std::string rule_name(std::string_view id);

  // Parts shared with the sweep's SARIF (sweep_reporter.h), so both logs describe rules and
  // places the same way: a tool.driver.rules entry (GitHub's tags, security-severity and
  // precision included), an artifactLocation for a report path, a result level, and the log's
  // fixed fields.
  static nlohmann::ordered_json rule_entry(const std::string& id, const std::string& description, Severity severity,
                                           bool fallback);
  static nlohmann::ordered_json artifact(std::string_view path);
  static const char* level(Severity severity);
  static constexpr const char* kSchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
  static constexpr const char* kInformationUri = "https://github.com/keysweep/keysweep";
};

}  // namespace keysweep
