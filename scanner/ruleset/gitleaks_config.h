// A gitleaks or Betterleaks TOML config (gitleaks v8 schema) read as a keysweep Config, so that
// `--config .gitleaks.toml` works for a team moving over (doc/config.md, "gitleaks and
// Betterleaks configs").
//
// What maps: [extend] useDefault (keysweep's own default pack stands in for gitleaks' defaults)
// and disabledRules (only ids of this config's own rules), [[rules]] id, description, regex,
// secretGroup, entropy, keywords, path and their [[rules.allowlists]] / [rules.allowlist]
// (paths, regexes by regexTarget, stopwords), the global [allowlist] / [[allowlists]]
// (targetRules makes one per-rule). title, description, tags and an allowlist's description
// are informational and ignored silently.
//
// What does not: everything else (commits, condition = "AND", [extend] path and url,
// file-name-only rules, unknown keys) is ignored with one warning per field, never silently:
//   "FILE:LINE:COLUMN: gitleaks field 'rules.allowlists.commits' is not supported: ignored"
// A wrong type (`regex = 5`) or an impossible value (secretGroup beyond the regex's groups) is
// an error, "FILE:LINE:COLUMN: message", as parse_config's are.
//
// Differences a user may notice: gitleaks matches stop words as substrings of the secret,
// keysweep as the whole secret or a whole word of it (on purpose: "test" must not hide a real
// password that contains it). regexTarget = "match" is applied to the secret, as "secret" is.
// secretGroup = 0 (or none) on a regex with capturing groups leaves the regex as it is, so the
// secret is group 1 (gitleaks takes the first non-empty group); on one without groups the
// whole match is the secret.
//
// Thread safety: pure functions. Errors: Result, never exceptions.
#pragma once

#include <string>
#include <vector>

#include <toml++/toml.h>

#include "scanner/base/status.h"
#include "scanner/ruleset/config.h"

namespace keysweep {

// True when `root` is a gitleaks-style config: no `rule` key (keysweep's own [[rule]]) and
// either a top-level `rules` array of tables ([[rules]]), a `[[allowlists]]` array, or an
// [extend] table with one of gitleaks' camelCase keys (useDefault, disabledRules, path, url).
bool is_gitleaks_config(const toml::table& root);

// Converts `root`; `file_name` names the file in errors, warnings and Rule::defined_at. Each
// unsupported field appends one warning to `*warnings` (which may be null: then they are
// dropped by the caller's choice).
Result<Config> parse_gitleaks_config(const toml::table& root, const std::string& file_name,
                                     std::vector<std::string>* warnings);

// Where the capturing groups of an RE2 regex open, in the order RE2 numbers them: the byte
// offset of each '(' and, for a named group, the offset and length of its name. Escapes
// (including \Q...\E), character classes ([]...], [^]...], [[:alpha:]]) and non-capturing
// groups ((?:, (?i), (?i:) are skipped. Exposed for tests.
struct RegexGroup {
  size_t open = 0;       // offset of '('
  size_t name_at = 0;    // offset of the name (named groups only)
  size_t name_len = 0;   // 0 = unnamed
};
std::vector<RegexGroup> capturing_groups(std::string_view regex);

// The regex rewritten so that the secret is capture group `secret_group` (gitleaks'
// secretGroup) as keysweep reads it: group N becomes (?P<secret>...), N == 0 wraps a regex
// that has no groups; Go's (?<name> is written (?P<name>. Fails when N is beyond the regex's
// group count.
Result<std::string> rewrite_secret_group(const std::string& regex, int64_t secret_group);

}  // namespace keysweep
