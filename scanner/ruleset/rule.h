// Rule: one detector as written in a rule file, before compilation.
//
// See doc/rules.md for the file format. A Rule is plain data; RuleSet compiles it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace keysweep {

enum class Severity { kLow, kMedium, kHigh, kCritical };
const char* severity_name(Severity s);

// One example from a rule file. `secret`, when given, is the value the rule must capture.
struct RuleExample {
  std::string text;
  std::string path;    // path the example is scanned under; empty = "example.txt"
  std::string secret;  // expected secret; empty = not checked
};

// Where a value came from in its file, for error messages (1-based; 0 = unknown).
struct SourcePos {
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;
  std::string str() const;  // "file:line:column"
};

struct Rule {
  std::string id;            // kebab-case, unique in a RuleSet
  std::string description;   // one sentence, shown in reports
  std::string regex;         // RE2 syntax; secret in group "secret" or else group 1
  std::vector<std::string> keywords;  // lower-case literals; at least one occurs in any match
  // A Vectorscan pattern that runs in the prefilter instead of `regex`, for a regex that
  // Vectorscan runs slowly; every match of `regex` contains a match of it. Empty = none
  // (doc/rules.md).
  std::string prefilter;
  Severity severity = Severity::kHigh;
  // Minimum randomness score in [0,1] of the secret (see check/randomness.h); nullopt = none.
  std::optional<double> min_randomness;
  // Minimum Shannon entropy of the secret in bits per character (check/randomness.h
  // shannon_entropy); a gitleaks rule's `entropy`. nullopt = none.
  std::optional<double> min_entropy;
  // Named structural checks run on the secret, in order (see check/checks.h).
  std::vector<std::string> checks;
  // When false, the placeholder filter (check/placeholder.h) is not applied.
  bool placeholder_filter = true;
  // A fallback rule yields to any non-fallback rule whose secret overlaps its own.
  bool fallback = false;
  // RE2 patterns on the path; a chunk whose path matches one is not scanned by this rule.
  std::vector<std::string> exclude_paths;
  // RE2 patterns on the path; when given, the rule reports only at paths that match one (a rule
  // for one kind of file: config/master.key, sftp-config.json). Empty = every path.
  std::vector<std::string> paths;
  // RE2 patterns on the path of files that exist to hold credentials (.pgpass, .netrc, ...).
  // There a value that fails the rule's randomness tests (min_randomness, the made-up test of
  // check/made_up.h, the checks that judge how random a value looks) is still a password in use:
  // it is reported as a weak password (level warning, tag weak-password) instead of dropped.
  // Placeholders and templates stay quiet everywhere. Empty = nowhere.
  std::vector<std::string> weak_password_paths;
  std::vector<RuleExample> examples;
  std::vector<RuleExample> negative_examples;
  SourcePos defined_at;      // where the rule's table starts
};

}  // namespace keysweep
