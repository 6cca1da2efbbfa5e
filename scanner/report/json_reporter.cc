#include "scanner/report/json_reporter.h"

#include <nlohmann/json.hpp>

#include "scanner/report/line_view.h"

namespace keysweep {

namespace {

using Json = nlohmann::ordered_json;

Json finding_json(const Finding& f, const ReportOptions& options) {
  Json j;
  j["rule_id"] = f.rule_id;
  j["description"] = f.description;
  j["severity"] = severity_name(f.severity);
  j["path"] = f.provenance.path;
  j["source"] = f.provenance.source;
  j["commit"] = f.provenance.commit;
  j["line"] = f.line;
  j["column"] = f.column;
  j["end_line"] = f.end_line;
  j["end_column"] = f.end_column;
  j["secret"] = shown_secret(f, options.show_secrets);
  j["redacted"] = !options.show_secrets;
  j["line_text"] = shown_line(f, options.show_secrets);
  j["fingerprint"] = f.fingerprint;
  j["tags"] = Json::array();
  for (const std::string& tag : f.tags) j["tags"].push_back(tag);
  return j;
}

Json summary_json(const std::vector<Finding>& findings, const ScanSummary& summary) {
  Json j;
  j["files_scanned"] = summary.files_scanned;
  j["bytes_scanned"] = summary.bytes_scanned;
  j["findings"] = findings.size();
  j["skipped"] = Json::array();
  for (const Skipped& s : summary.skipped) {
    Json skipped;
    skipped["path"] = s.path;
    skipped["reason"] = s.reason;
    skipped["detail"] = s.detail;
    j["skipped"].push_back(std::move(skipped));
  }
  j["errors"] = Json::array();
  for (const std::string& e : summary.errors) j["errors"].push_back(e);
  j["incomplete"] = summary.incomplete();
  j["max_findings_per_file"] = summary.max_findings_per_file;
  uint64_t not_reported = 0;
  j["capped"] = Json::array();
  for (const Capped& c : summary.capped) {
    Json capped;
    capped["path"] = c.path;
    capped["commit"] = c.commit;
    capped["rule_id"] = c.rule_id;
    capped["not_reported"] = c.count;
    j["capped"].push_back(std::move(capped));
    not_reported += c.count;
  }
  j["findings_not_reported"] = not_reported;
  return j;
}

}  // namespace

void JsonReporter::write(std::ostream& out, const std::vector<Rule>& rules,
                         const std::vector<Finding>& findings, const ScanSummary& summary,
                         const ReportOptions& options) {
  Json doc;
  doc["keysweep_json_version"] = kFormatVersion;
  doc["tool"]["name"] = "keysweep";
  doc["tool"]["version"] = options.tool_version;
  doc["findings"] = Json::array();
  for (const Finding& f : findings) doc["findings"].push_back(finding_json(f, options));
  doc["summary"] = summary_json(findings, summary);
  // replace: scanned text is bytes, not necessarily UTF-8; invalid sequences become U+FFFD
  // instead of throwing.
  out << doc.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

}  // namespace keysweep
