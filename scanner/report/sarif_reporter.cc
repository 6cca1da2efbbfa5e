// SARIF output. The shape follows what GitHub code scanning reads (its "SARIF support for code
// scanning" page): rules carry properties.tags with "security" so that security-severity is used,
// results carry partialFingerprints so alerts are tracked across uploads, and uris are relative to
// the repository root. Finding columns are bytes; SARIF's default column unit is UTF-16 code units,
// so columns are converted using the finding's line (and, for the end of a multi-line secret, the
// secret's last line) and we state run.columnKind explicitly.
#include "scanner/report/sarif_reporter.h"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "scanner/report/json_stream.h"
#include "scanner/report/line_view.h"

namespace keysweep {

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kSchemaUri = SarifReporter::kSchemaUri;
constexpr const char* kInformationUri = SarifReporter::kInformationUri;
constexpr const char* kSrcRoot = "%SRCROOT%";
constexpr const char* kFingerprintKey = "keysweep/v1";

// What the reporter needs of a rule; findings whose rule is not in the rule list (a caller that
// filtered rules) get one built from the finding, so every ruleIndex stays valid.
struct RuleInfo {
  std::string id;
  std::string description;
  Severity severity = Severity::kHigh;
  bool fallback = false;
};

const char* sarif_level(Severity s) {
  switch (s) {
    case Severity::kCritical:
    case Severity::kHigh: return "error";
    case Severity::kMedium: return "warning";
    case Severity::kLow: return "note";
  }
  return "error";
}

// GitHub maps security-severity to its critical / high / medium / low labels by score range.
const char* security_severity(Severity s) {
  switch (s) {
    case Severity::kCritical: return "9.5";  // GitHub: critical is "over 9.0"
    case Severity::kHigh: return "8.0";
    case Severity::kMedium: return "5.0";
    case Severity::kLow: return "3.0";
  }
  return "8.0";
}

// Generic (fallback) rules match shapes rather than a provider's format, so they are right less
// often than rules anchored on a token prefix.
const char* precision(const RuleInfo& rule) { return rule.fallback ? "medium" : "high"; }

std::string sentence(std::string_view text) {
  std::string out(text);
  while (!out.empty() && (out.back() == ' ' || out.back() == '.')) out.pop_back();
  return out + ".";
}

Json rule_json(const RuleInfo& rule) {
  const std::string what = sentence(rule.description);
  std::string full = what + " Reported with severity " + severity_name(rule.severity) + ".";
  if (rule.fallback) {
    full += " A generic rule: it yields to any specific rule that matches the same secret.";
  }
  const std::string help_text =
      what +
      "\n\nTreat a secret that reached source code or git history as leaked.\n"
      "1. Rotate it: revoke the credential where it was issued and create a new one.\n"
      "2. Remove it from the code and load it at run time (environment, secret manager). Once "
      "committed it stays in git history, so rotating is what makes it safe.\n"
      "3. If this is a false alarm (a test value, a documented example), add a comment containing "
      "keysweep:allow on the same line, e.g. `# keysweep:allow`.\n"
      "Findings in test data (tests/, fixtures/, testdata/, ...) are reported as notes.";
  const std::string help_markdown =
      what +
      "\n\nTreat a secret that reached source code or git history as leaked.\n\n"
      "1. **Rotate** it: revoke the credential where it was issued and create a new one.\n"
      "2. **Remove** it from the code and load it at run time (environment, secret manager). "
      "Once committed it stays in git history, so rotating is what makes it safe.\n"
      "3. **False alarm?** (a test value, a documented example) Add a comment containing "
      "`keysweep:allow` on the same line, e.g. `# keysweep:allow`.\n\n"
      "Findings in test data (`tests/`, `fixtures/`, `testdata/`, ...) are reported as notes.";
  Json j;
  j["id"] = rule.id;
  j["name"] = SarifReporter::rule_name(rule.id);
  j["shortDescription"]["text"] = rule.description;
  j["fullDescription"]["text"] = full;
  j["help"]["text"] = help_text;
  j["help"]["markdown"] = help_markdown;
  j["defaultConfiguration"]["level"] = sarif_level(rule.severity);
  j["properties"]["tags"] = Json::array({"security", "secret"});
  j["properties"]["security-severity"] = security_severity(rule.severity);
  j["properties"]["precision"] = precision(rule);
  return j;
}

Json region_json(const Finding& f, const ReportOptions& options) {
  const Utf16Columns cols = utf16_columns(f);
  Json region;
  region["startLine"] = f.line;
  if (cols.start > 0) region["startColumn"] = cols.start;
  if (f.end_line >= f.line && cols.end > 0) {
    region["endLine"] = f.end_line;
    region["endColumn"] = cols.end;
  }
  // A snippet must be the artifact's real text, so it is only given when secrets may be shown.
  if (options.show_secrets && f.end_line == f.line && !f.secret.empty()) {
    region["snippet"]["text"] = f.secret;
  }
  return region;
}

Json artifact_location(std::string_view path) {
  Json loc;
  loc["uri"] = SarifReporter::path_uri(path);
  if (path.empty() || path.front() != '/') loc["uriBaseId"] = kSrcRoot;
  return loc;
}

Json result_json(const Finding& f, size_t rule_index, const ReportOptions& options) {
  std::string message = f.description + ": " + shown_secret(f, options.show_secrets);
  if (!f.provenance.commit.empty()) message += " (commit " + f.provenance.commit + ")";
  if (f.test_fixture) message += " (test data)";

  Json location;
  location["physicalLocation"]["artifactLocation"] = artifact_location(f.provenance.path);
  if (f.line > 0) location["physicalLocation"]["region"] = region_json(f, options);

  Json j;
  j["ruleId"] = f.rule_id;
  j["ruleIndex"] = rule_index;
  j["level"] = f.test_fixture ? "note" : sarif_level(f.severity);
  j["message"]["text"] = message;
  j["locations"] = Json::array({location});
  if (!f.fingerprint.empty()) j["partialFingerprints"][kFingerprintKey] = f.fingerprint;
  if (f.suppressed_by) {
    // SARIF 2.1.0 section 3.35: inSource for a marker in the file itself, external for every
    // list kept elsewhere (a baseline, an ignore file, a config); accepted, as a team decided.
    Json s;
    s["kind"] = *f.suppressed_by == Suppression::kInlineMarker ? "inSource" : "external";
    s["status"] = "accepted";
    s["justification"] = std::string("keysweep: ") + suppression_name(*f.suppressed_by);
    j["suppressions"] = Json::array({std::move(s)});
  }
  Json properties = Json::object();
  if (!f.tags.empty()) properties["tags"] = f.tags;
  // History provenance, only where there is some: a dir or stdin result keeps a bare bag. The
  // property bag takes any keys; invalid UTF-8 in author names becomes U+FFFD when dumped.
  const Provenance& p = f.provenance;
  if (!p.commit.empty()) properties["commit"] = p.commit;
  if (!p.author.empty()) properties["author"] = shown_identity(f, p.author, options.show_secrets);
  if (!p.email.empty()) properties["email"] = shown_identity(f, p.email, options.show_secrets);
  if (!p.date.empty()) properties["date"] = p.date;
  if (!p.blob.empty()) properties["blob"] = p.blob;
  if (p.occurrences > 0) properties["occurrences"] = p.occurrences;
  if (!f.confidence.empty()) properties["confidence"] = f.confidence;
  if (!f.aws_account_id.empty()) properties["awsAccountId"] = f.aws_account_id;
  if (!properties.empty()) j["properties"] = std::move(properties);
  return j;
}

Json invocation_json(const ScanSummary& summary,
                     const std::map<std::string, size_t, std::less<>>& rule_index) {
  Json notifications = Json::array();
  for (const std::string& error : summary.errors) {
    Json n;
    n["level"] = "error";
    n["message"]["text"] = error;
    notifications.push_back(std::move(n));
  }
  for (const Skipped& s : summary.skipped) {
    Json location;
    location["physicalLocation"]["artifactLocation"] = artifact_location(s.path);
    Json n;
    n["level"] = s.reason == "unreadable" ? "warning" : "note";
    std::string text = "Skipped " + s.path + " (" + s.reason + ")";
    if (!s.detail.empty()) text += ": " + s.detail;
    n["message"]["text"] = text;
    n["locations"] = Json::array({location});
    notifications.push_back(std::move(n));
  }
  for (const Capped& c : summary.capped) {
    Json location;
    location["physicalLocation"]["artifactLocation"] = artifact_location(c.path);
    Json n;
    n["level"] = "warning";
    std::string text = "Reported only the first " + std::to_string(summary.max_findings_per_file) +
                       " findings of rule " + c.rule_id + " in " + c.path;
    if (!c.commit.empty()) text += " (commit " + c.commit + ")";
    text += ": " + std::to_string(c.count) +
            " more not reported (--max-findings-per-file; 0 reports all)";
    n["message"]["text"] = text;
    n["locations"] = Json::array({location});
    n["associatedRule"]["id"] = c.rule_id;
    if (auto it = rule_index.find(c.rule_id); it != rule_index.end()) n["associatedRule"]["index"] = it->second;
    n["properties"]["notReported"] = c.count;
    notifications.push_back(std::move(n));
  }
  Json j;
  j["executionSuccessful"] = !summary.incomplete();
  if (!notifications.empty()) j["toolExecutionNotifications"] = std::move(notifications);
  // What a history scan walked: the invocation's property bag, as it describes this run.
  if (summary.commits > 0) {
    j["properties"]["commits"] = summary.commits;
    j["properties"]["blobs"] = summary.blobs;
  }
  // What the suppression stage held back (finding/suppress.h), per mechanism.
  if (summary.suppressed.total() > 0) {
    Json suppressed = Json::object();
    for (size_t i = 0; i < kSuppressionKinds; ++i) {
      suppressed[suppression_name(static_cast<Suppression>(i))] = summary.suppressed.by_kind[i];
    }
    j["properties"]["suppressed"] = std::move(suppressed);
  }
  if (summary.baseline_entries > 0) {
    j["properties"]["baselineEntries"] = summary.baseline_entries;
    if (summary.baseline_stale) j["properties"]["baselineStale"] = *summary.baseline_stale;
  }
  return j;
}

}  // namespace

nlohmann::ordered_json SarifReporter::rule_entry(const std::string& id, const std::string& description,
                                                 Severity severity, bool fallback) {
  return rule_json(RuleInfo{id, description, severity, fallback});
}

nlohmann::ordered_json SarifReporter::artifact(std::string_view path) { return artifact_location(path); }

const char* SarifReporter::level(Severity severity) { return sarif_level(severity); }

std::string SarifReporter::path_uri(std::string_view path) {
  while (path.substr(0, 2) == "./") path.remove_prefix(2);
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = (!path.empty() && path.front() == '/') ? "file://" : "";
  for (const char ch : path) {
    const unsigned char c = static_cast<unsigned char>(ch);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                            c == '~' || c == '/';
    if (unreserved) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  // GitHub requires a non-empty uri.
  return out.empty() ? "-" : out;
}

std::string SarifReporter::rule_name(std::string_view id) {
  std::string out;
  bool upper = true;
  for (const char ch : id) {
    const bool alnum = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
    if (!alnum) {
      upper = true;
      continue;
    }
    out += (upper && ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch;
    upper = false;
  }
  return out;
}

void SarifReporter::write(std::ostream& out, const std::vector<Rule>& rules,
                          const std::vector<Finding>& findings, const ScanSummary& summary,
                          const ReportOptions& options) {
  std::vector<RuleInfo> infos;
  infos.reserve(rules.size());
  for (const Rule& r : rules) infos.push_back({r.id, r.description, r.severity, r.fallback});
  for (const Finding& f : findings) infos.push_back({f.rule_id, f.description, f.severity, false});
  static const std::vector<Finding> kNone;
  const std::vector<Finding>& suppressed = options.suppressed ? *options.suppressed : kNone;
  for (const Finding& f : suppressed) infos.push_back({f.rule_id, f.description, f.severity, false});
  // Stable sort + unique keeps the rule-list entry (it comes first) over a finding's stand-in.
  std::stable_sort(infos.begin(), infos.end(),
                   [](const RuleInfo& a, const RuleInfo& b) { return a.id < b.id; });
  infos.erase(std::unique(infos.begin(), infos.end(),
                          [](const RuleInfo& a, const RuleInfo& b) { return a.id == b.id; }),
              infos.end());
  std::map<std::string, size_t, std::less<>> rule_index;
  for (size_t i = 0; i < infos.size(); ++i) rule_index.emplace(infos[i].id, i);

  Json driver;
  driver["name"] = "keysweep";
  driver["informationUri"] = kInformationUri;
  if (!options.tool_version.empty()) {
    driver["semanticVersion"] = options.tool_version;
    driver["version"] = options.tool_version;
  }
  driver["rules"] = Json::array();
  for (const RuleInfo& info : infos) driver["rules"].push_back(rule_json(info));

  Json run;
  run["tool"]["driver"] = std::move(driver);
  run["invocations"] = Json::array({invocation_json(summary, rule_index)});
  run["columnKind"] = "utf16CodeUnits";
  run["results"] = Json::array();

  Json doc;
  doc["$schema"] = kSchemaUri;
  doc["version"] = "2.1.0";
  doc["runs"] = Json::array({std::move(run)});
  // The log is written as one dump(2) of it would be, with the results (the last key of the only
  // run, the last key of the log) streamed one at a time (json_stream.h): the document is dumped
  // with an empty results array and the results go where that "[]" stands. Scanned text is
  // bytes, not necessarily UTF-8: invalid sequences become U+FFFD instead of throwing.
  const std::string text = doc.dump(2, ' ', false, Json::error_handler_t::replace);
  static constexpr std::string_view kTail = "[]\n    }\n  ]\n}";
  const size_t head = text.size() - kTail.size();
  if (text.size() < kTail.size() || std::string_view(text).substr(head) != kTail) {
    // Unreachable while results stays the last key of the last run; kept so a change of
    // layout cannot produce a broken log.
    Json& results = doc["runs"][0]["results"];
    for (const Finding& f : findings) results.push_back(result_json(f, rule_index.find(f.rule_id)->second, options));
    for (const Finding& f : suppressed) results.push_back(result_json(f, rule_index.find(f.rule_id)->second, options));
    out << doc.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
    return;
  }
  out.write(text.data(), static_cast<std::streamsize>(head));
  size_t next = 0;
  write_streamed_array(out, 3, [&](Json* element) {
    if (next == findings.size() + suppressed.size()) return false;
    const Finding& f = next < findings.size() ? findings[next] : suppressed[next - findings.size()];
    ++next;
    *element = result_json(f, rule_index.find(f.rule_id)->second, options);
    return true;
  });
  out << text.substr(head + 2) << '\n';
}

}  // namespace keysweep
