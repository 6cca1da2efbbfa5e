#include "scanner/report/json_reporter.h"

#include <nlohmann/json.hpp>

#include "scanner/report/json_stream.h"
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
  // Added in version 1 after the first release, so at the end of the key order (doc/output.md,
  // Stability). Always present, "" / 0 outside history, like "commit": one schema for every
  // source. Author and email are whatever the committer typed: write_nested_json escapes control
  // characters and turns invalid UTF-8 into U+FFFD, shown_identity() masks the secret.
  j["blob"] = f.provenance.blob;
  j["author"] = shown_identity(f, f.provenance.author, options.show_secrets);
  j["email"] = shown_identity(f, f.provenance.email, options.show_secrets);
  j["date"] = f.provenance.date;
  j["occurrences"] = f.provenance.occurrences;
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
  // Always present (0 outside history), at the end of the key order like the finding fields.
  j["commits"] = summary.commits;
  j["blobs"] = summary.blobs;
  return j;
}

}  // namespace

void JsonReporter::write(std::ostream& out, const std::vector<Rule>& rules,
                         const std::vector<Finding>& findings, const ScanSummary& summary,
                         const ReportOptions& options) {
  // The document {version, tool, findings, summary}, written as one dump(2) of it would be, with
  // the findings streamed one at a time (json_stream.h). Scanned text is bytes, not necessarily
  // UTF-8: invalid sequences become U+FFFD instead of throwing.
  Json tool;
  tool["name"] = "keysweep";
  tool["version"] = options.tool_version;
  out << "{\n  \"keysweep_json_version\": " << kFormatVersion << ",\n  \"tool\": ";
  write_nested_json(out, tool, 1);
  out << ",\n  \"findings\": ";
  size_t next = 0;
  write_streamed_array(out, 1, [&](Json* element) {
    if (next == findings.size()) return false;
    *element = finding_json(findings[next++], options);
    return true;
  });
  out << ",\n  \"summary\": ";
  write_nested_json(out, summary_json(findings, summary), 1);
  out << "\n}\n";
}

}  // namespace keysweep
