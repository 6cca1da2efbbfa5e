// Turning fuzz bytes into what a reporter is given, for fuzz_json_report.cc and
// fuzz_sarif_report.cc.
//
// The input is split at '\n' into fields, five per finding (at most 16 findings): path, rule
// id, text before the secret, the secret, text after it. Odd-numbered findings get a secret that
// runs onto the next line (a PEM block); every third one carries arbitrary columns (the
// reporters must cope with a line_text that is only a window of the line); every fourth is a
// history finding with a commit, blob, date and an author and email taken from the fields. Every third path is also listed as skipped and every fifth
// rule id as an error, so that the summary holds hostile text too. The first byte's low bit is
// --show-secrets. Nothing is cleaned: invalid UTF-8, control bytes and quotes reach the
// reporter as a scan would give them.
//
// After the reporter has run, check_redacted() asserts the "no raw secret without
// --show-secrets" bar for secrets distinctive enough to look for (8+ alphanumerics that appear
// in no other printed field, nor in the reporter's fixed text).
#pragma once

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/finding/finding.h"
#include "scanner/finding/fingerprint.h"
#include "scanner/report/reporter.h"
#include "tests/fuzz/fuzz_check.h"

namespace keysweep::fuzz {

struct ReportInput {
  std::vector<Rule> rules;  // sorted by id, one per rule id used
  std::vector<Finding> findings;  // sorted (finding_less), deduplicated
  ScanSummary summary;
  ReportOptions options;
};

inline ReportInput decode_report_input(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> fields;
  for (size_t pos = 0; pos <= input.size();) {
    const size_t nl = std::min(input.find('\n', pos), input.size());
    fields.push_back(input.substr(pos, nl - pos));
    pos = nl + 1;
  }
  ReportInput in;
  in.options.show_secrets = size > 0 && (data[0] & 1);
  in.options.tool_version = "0.1.0";
  std::set<std::string> rule_ids;
  for (size_t i = 0, n = 0; i + 5 <= fields.size() && n < 16; i += 5, ++n) {
    Finding f;
    f.provenance.path = std::string(fields[i]);
    f.provenance.source = n % 4 == 3 ? "history" : "dir";
    if (n % 4 == 3) {  // history: the commit's author and email are hostile bytes too
      f.provenance.commit = std::string(40, 'a' + static_cast<char>(n % 6));
      f.provenance.blob = std::string(40, 'b');
      f.provenance.author = std::string(fields[i + 2]);
      f.provenance.email = std::string(fields[i + 4]);
      f.provenance.date = "2026-12-02T03:04:05Z";
      f.provenance.occurrences = static_cast<uint32_t>(n);
      in.summary.commits = n;
      in.summary.blobs = n / 2;
    }
    f.rule_id = std::string(fields[i + 1]);
    f.description = "fuzz rule " + f.rule_id;
    f.severity = static_cast<Severity>(n % 4);
    const std::string before(fields[i + 2]);
    const std::string secret(fields[i + 3]);
    const std::string after(fields[i + 4]);
    f.line = static_cast<uint32_t>(1 + (n * 7) % 1000);
    f.column = static_cast<uint32_t>(before.size() + 1);
    if (n % 2 == 1) {  // the secret goes on to the next line: line_text holds its first line
      f.secret = secret + "\n" + after;
      f.line_text = before + secret;
      f.end_line = f.line + 1;
      f.end_column = static_cast<uint32_t>(after.size() + 1);
    } else {
      f.secret = secret;
      f.line_text = before + secret + after;
      f.end_line = f.line;
      f.end_column = static_cast<uint32_t>(f.column + secret.size());
    }
    if (n % 3 == 2) {  // a window of a longer line, or columns that fit nothing
      f.column = static_cast<uint32_t>(before.size() * 31 + secret.size() + n);
      f.end_column = f.column / 2;
    }
    f.fingerprint = content_fingerprint(f.rule_id, f.secret);
    if (n % 3 == 1) f.tags = {"test-fixture"};
    f.test_fixture = n % 3 == 1;
    if (n % 3 == 2) in.summary.skipped.push_back(Skipped{f.provenance.path, "binary", std::string(fields[i + 4])});
    if (n % 5 == 4) in.summary.errors.push_back(f.rule_id + ": cannot read");
    rule_ids.insert(f.rule_id);
    in.findings.push_back(std::move(f));
  }
  std::sort(in.findings.begin(), in.findings.end(), finding_less);
  in.findings.erase(std::unique(in.findings.begin(), in.findings.end(),
                                [](const Finding& a, const Finding& b) {
                                  return !finding_less(a, b) && !finding_less(b, a);
                                }),
                    in.findings.end());
  for (const std::string& id : rule_ids) {
    Rule r;
    r.id = id;
    r.description = "fuzz rule " + id;
    r.fallback = id.size() % 2 == 1;
    in.rules.push_back(std::move(r));
  }
  std::sort(in.summary.skipped.begin(), in.summary.skipped.end(),
            [](const Skipped& a, const Skipped& b) { return a.path < b.path; });
  std::sort(in.summary.errors.begin(), in.summary.errors.end());
  in.summary.files_scanned = in.findings.size();
  in.summary.bytes_scanned = size;
  return in;
}

// Without show_secrets, no distinctive secret may appear in `output`. `boilerplate` is the same
// reporter's output for the same rules without findings (fixed text, rule help), where a secret
// may occur by chance.
inline void check_redacted(const ReportInput& in, const std::string& output, const std::string& boilerplate) {
  if (in.options.show_secrets) return;
  for (const Finding& f : in.findings) {
    const std::string& s = f.secret;
    if (s.size() < 8 || !std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); })) {
      continue;
    }
    bool elsewhere = false;  // printed raw by design in another field
    for (const Finding& g : in.findings) {
      // A finding's author and email are printed as they are except for its own secret.
      for (const std::string* field : {&g.provenance.path, &g.rule_id, &g.description, &g.provenance.commit,
                                       &g.fingerprint, &g.provenance.author, &g.provenance.email}) {
        if (&g == &f && (field == &g.provenance.author || field == &g.provenance.email)) continue;
        if (field->find(s) != std::string::npos) elsewhere = true;
      }
      if (&g != &f && (g.line_text.find(s) != std::string::npos || g.secret.find(s) != std::string::npos)) {
        elsewhere = true;
      }
    }
    for (const Skipped& k : in.summary.skipped) {
      if (k.path.find(s) != std::string::npos || k.detail.find(s) != std::string::npos) elsewhere = true;
    }
    for (const std::string& e : in.summary.errors) {
      if (e.find(s) != std::string::npos) elsewhere = true;
    }
    if (boilerplate.find(s) != std::string::npos) elsewhere = true;
    if (elsewhere) continue;
    if (output.find(s) != std::string::npos) {
      std::fprintf(stderr, "raw secret in the report: %s\n", s.c_str());
      FUZZ_CHECK(output.find(s) == std::string::npos);
    }
  }
}

}  // namespace keysweep::fuzz
