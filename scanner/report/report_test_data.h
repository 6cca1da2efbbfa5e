// Inputs shared by the reporter tests (json_reporter_test.cc, sarif_reporter_test.cc,
// text_reporter_test.cc). Secrets are generated when the test runs, from a fixed seed, so the
// outputs are reproducible and no secret-shaped literal sits in the source for keysweep (or any
// other scanner) to report.
#pragma once

#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "scanner/finding/finding.h"
#include "scanner/report/reporter.h"

namespace keysweep::report_test {

// `n` characters of [A-Za-z0-9] from a generator seeded with `seed`.
inline std::string random_alnum(size_t n, unsigned seed) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::mt19937 gen(seed);
  std::uniform_int_distribution<size_t> pick(0, sizeof kAlphabet - 2);
  std::string out;
  for (size_t i = 0; i < n; ++i) out += kAlphabet[pick(gen)];
  return out;
}

// `n` lower-case hex digits, like a fingerprint.
inline std::string random_hex(size_t n, unsigned seed) {
  std::mt19937 gen(seed);
  std::uniform_int_distribution<int> pick(0, 15);
  std::string out;
  for (size_t i = 0; i < n; ++i) out += "0123456789abcdef"[pick(gen)];
  return out;
}

inline std::string github_token(unsigned seed) { return std::string("ghp") + "_" + random_alnum(36, seed); }

inline Rule make_rule(std::string id, std::string description, Severity severity,
                      bool fallback = false) {
  Rule r;
  r.id = std::move(id);
  r.description = std::move(description);
  r.severity = severity;
  r.fallback = fallback;
  return r;
}

// A finding of `secret` placed after `prefix` on line `line` of `path`.
inline Finding make_finding(std::string rule_id, std::string description, Severity severity,
                            std::string path, uint32_t line, std::string prefix,
                            std::string secret, std::string suffix = "") {
  Finding f;
  f.rule_id = std::move(rule_id);
  f.description = std::move(description);
  f.severity = severity;
  f.provenance.path = std::move(path);
  f.provenance.source = "dir";
  f.line = line;
  f.column = static_cast<uint32_t>(prefix.size() + 1);
  f.end_line = line;
  f.end_column = static_cast<uint32_t>(prefix.size() + secret.size() + 1);
  f.line_text = prefix + secret + suffix;
  f.secret = std::move(secret);
  f.fingerprint = random_hex(32, line * 7919u + static_cast<unsigned>(f.line_text.size()));
  return f;
}

// What a history scan attaches to `f`: the introducing commit, its author and time, the blob,
// and 3 places (path and commit) that introduced the same blob.
inline void make_history(Finding& f, unsigned seed) {
  f.provenance.source = "history";
  f.provenance.commit = random_hex(40, seed);
  f.provenance.blob = random_hex(40, seed + 1);
  f.provenance.author = "Jane Doe";
  f.provenance.email = "jane@example.com";
  f.provenance.date = "2026-12-02T03:04:05Z";
  f.provenance.occurrences = 3;
}

// An author name as hostile as a commit can hold: ESC sequences (clear the screen, recolour), a
// BEL, bytes that are not UTF-8, a right-to-left override and a C1 CSI (U+009B, in UTF-8).
inline const std::string kHostileAuthor =
    "Eve \x1b[2J\x1b[31mred\x07 \xFF\xFE caf\xE9 \xE2\x80\xAE" "evil \xC2\x9B" "2J";

inline std::vector<Rule> sample_rules() {
  return {
      make_rule("aws-access-key-id", "AWS access key id", Severity::kHigh),
      make_rule("generic-password", "Password assigned in code", Severity::kMedium, true),
      make_rule("github-pat-classic", "GitHub personal access token (classic)",
                Severity::kHigh),
      make_rule("low-thing", "Low severity test rule", Severity::kLow),
      make_rule("private-key", "Private key", Severity::kCritical),
  };
}

inline std::string render(Reporter& reporter, const std::vector<Rule>& rules,
                          const std::vector<Finding>& findings, const ScanSummary& summary,
                          const ReportOptions& options) {
  std::ostringstream out;
  reporter.write(out, rules, findings, summary, options);
  return out.str();
}

}  // namespace keysweep::report_test
