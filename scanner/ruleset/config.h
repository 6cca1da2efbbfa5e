// Config: what a user's --config file (or a rule file) says, parsed from TOML.
//
// One format serves both: a rule file is a config that holds only [[rule]] tables. See
// doc/rules.md and doc/config.md. Parsing is strict: an unknown key, a wrong type or a missing
// field is an error that names the file, line and column, so a typo never silently disables a
// rule.
// A gitleaks config is the exception: it is someone else's format, so its unknown fields are
// warnings (Config::warnings), not errors.
//
// Thread safety: plain values. Errors: Result with "file:line:column: message".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scanner/base/status.h"
#include "scanner/ruleset/rule.h"

namespace keysweep {

// [allowlist.rules.RULE-ID]: what is allowed for one rule only (doc/config.md).
struct RuleAllowlist {
  std::string rule_id;
  std::vector<std::string> paths;         // RE2 on the finding's path
  std::vector<std::string> globs;         // gitignore-style globs on the path (finding/ignore_file.h)
  std::vector<std::string> regexes;       // RE2 on the secret
  std::vector<std::string> line_regexes;  // RE2 on the secret's line
  std::vector<std::string> stopwords;     // the secret, or a whole word of it (case-insensitive)
};

struct Allowlist {
  std::vector<std::string> paths;         // RE2 on the finding's path
  std::vector<std::string> globs;         // gitignore-style globs on the path
  std::vector<std::string> line_regexes;  // RE2 on the secret's line (as a finding shows it)
  std::vector<RuleAllowlist> rules;       // per rule, sorted by rule id, one entry per id
  std::vector<std::string> regexes;       // RE2 on the secret
  std::vector<std::string> stopwords;     // the secret, or a whole word of it (case-insensitive)
  std::vector<std::string> fingerprints;  // exact finding fingerprints
  // Honour other scanners' inline markers (gitleaks:allow, pragma: allowlist secret, ...:
  // finding/inline_allow.h); `foreign_markers = false`, or --no-foreign-allows.
  bool foreign_markers = true;
};

struct Config {
  bool use_default_rules = true;               // [extend] use_default
  std::vector<std::string> disabled_rules;     // [extend] disabled_rules
  std::vector<Rule> rules;                     // [[rule]]
  Allowlist allowlist;                         // [allowlist]
  // What the reader could not honour (a gitleaks config's unsupported fields), one message each,
  // "file:line:column: ...". Never errors: the run goes on without those fields.
  std::vector<std::string> warnings;
};

// Parses TOML `text`; `file_name` is used in error messages and Rule::defined_at. A gitleaks or
// Betterleaks config (top-level [[rules]], no [[rule]]: ruleset/gitleaks_config.h) is converted,
// its unsupported fields listed in Config::warnings.
Result<Config> parse_config(std::string_view text, const std::string& file_name);

}  // namespace keysweep
