#include "scanner/report/json_reporter.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "scanner/base/hash.h"
#include "scanner/report/json_stream.h"
#include "scanner/report/line_view.h"

namespace keysweep {

namespace {

using Json = nlohmann::ordered_json;

// Bytes of `text` once written to JSON and read back: invalid UTF-8 becomes U+FFFD (json_stream.h),
// so offsets into a line that holds some shift. The common case (ASCII) costs a scan.
size_t json_text_size(const std::string& text) {
  if (std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    return text.size();
  }
  const std::string dumped = Json(text).dump(-1, ' ', false, Json::error_handler_t::replace);
  return Json::parse(dumped).get_ref<const std::string&>().size();
}

Json finding_json(const Finding& f, const ReportOptions& options) {
  const bool show = f.shown ? !f.shown->redacted : options.show_secrets;
  const LineView view = view_line(f, show);
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
  j["secret"] = shown_secret(f, show);
  j["redacted"] = !show;
  j["line_text"] = f.shown ? f.line_text : view.before + view.secret + view.after;
  j["fingerprint"] = f.fingerprint;
  j["tags"] = Json::array();
  for (const std::string& tag : f.tags) j["tags"].push_back(tag);
  // Added in version 1 after the first release, so at the end of the key order (doc/output.md,
  // Stability). Always present, "" / 0 outside history, like "commit": one schema for every
  // source. Author and email are whatever the committer typed: write_nested_json escapes control
  // characters and turns invalid UTF-8 into U+FFFD, shown_identity() masks the secret.
  j["blob"] = f.provenance.blob;
  j["author"] = shown_identity(f, f.provenance.author, show);
  j["email"] = shown_identity(f, f.provenance.email, show);
  j["date"] = f.provenance.date;
  j["occurrences"] = f.provenance.occurrences;
  // What `keysweep merge` needs to apply first-seen across shards and to write SARIF and text
  // from this report alone, without the raw secret and line (report_reader.h).
  j["sequence"] = f.provenance.sequence;
  const Utf16Columns cols = utf16_columns(f);
  j["column_utf16"] = cols.start;
  j["end_column_utf16"] = cols.end;
  j["line_text_column"] = line_text_column(f, view);
  j["secret_in_line"] = Json::array();
  if (view.located) {
    const size_t begin = f.shown ? f.shown->secret_begin : json_text_size(view.before);
    const size_t end = f.shown ? f.shown->secret_end : begin + json_text_size(view.secret);
    j["secret_in_line"].push_back(begin);
    j["secret_in_line"].push_back(end);
  }
  // Offline facts about the token (finding.h); "" when none.
  j["confidence"] = f.confidence;
  j["aws_account_id"] = f.aws_account_id;
  return j;
}

Json summary_json(const std::vector<Rule>& rules, const std::vector<Finding>& findings,
                  const ScanSummary& summary) {
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
  j["shard_index"] = summary.shard_index;
  j["shard_count"] = summary.shard_count;
  // What the suppression stage held back, per mechanism (finding/suppression_counts.h), and
  // the baseline file in use: its entries, and those that matched nothing (null when the scan
  // did not cover everything: staged, pre-push, a range).
  Json suppressed = Json::object();
  for (size_t i = 0; i < kSuppressionKinds; ++i) {
    suppressed[suppression_name(static_cast<Suppression>(i))] = summary.suppressed.by_kind[i];
  }
  j["suppressed"] = std::move(suppressed);
  j["baseline_entries"] = summary.baseline_entries;
  j["baseline_stale"] = summary.baseline_stale ? Json(*summary.baseline_stale) : Json(nullptr);
  j["rules_digest"] = rules_digest(rules);
  return j;
}

}  // namespace

std::string rules_digest(const std::vector<Rule>& rules) {
  std::vector<const Rule*> sorted;
  for (const Rule& r : rules) sorted.push_back(&r);
  std::sort(sorted.begin(), sorted.end(), [](const Rule* a, const Rule* b) { return a->id < b->id; });
  std::string text = "keysweep-rules-v1";
  text += '\0';
  for (const Rule* r : sorted) {
    text += r->id + '\0' + r->description + '\0' + severity_name(r->severity) + '\0' + (r->fallback ? "1" : "0") + '\n';
  }
  return sha256_hex(text).substr(0, 32);
}

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
  write_nested_json(out, summary_json(rules, findings, summary), 1);
  out << "\n}\n";
}

}  // namespace keysweep
