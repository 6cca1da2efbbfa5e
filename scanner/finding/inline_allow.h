// Inline allow markers: a comment on a secret's line, or on the line before it, that says a
// finding there is not to be reported. Teams already have such comments from other scanners;
// keysweep honours theirs too, so moving to it loses none of them.
//
// Markers (matched case-insensitively, anywhere on the line, in any comment syntax):
//   on the line itself                      on the line before
//   keysweep:allow [RULE-ID[,RULE-ID...]]   keysweep:allow-next-line [RULE-ID[,RULE-ID...]]
//   gitleaks:allow, betterleaks:allow       pragma: allowlist nextline secret   (detect-secrets)
//   pragma: allowlist secret (detect-secrets)  secretlint-disable-next-line
//   trufflehog:ignore, kingfisher:ignore
//   secretlint-disable-line
// All but keysweep's own are "foreign" and can be turned off (--no-foreign-allows).
//
// keysweep's markers may name rules: `keysweep:allow generic-password-quoted,aws-access-key-id`
// allows only findings of those rules. The word after the marker counts as a list of rule ids
// only if every comma-separated item is a rule id the run knows (`is_rule_id`); otherwise
// (`keysweep:allow test fixture`) it is prose and the marker allows every rule. Other
// scanners' markers allow every rule (their rule names are not ours).
//
// A multi-line secret (a PEM block) is allowed by a marker on its first line or the line before
// it. In history scans a marker counts in the blob that holds the secret: adding one in a later
// commit does not hide the earlier blob (the baseline is the tool for that).
//
// Thread safety: pure functions. Cost: one case-insensitive search per marker over the bytes
// given (the caller bounds them: finding/placer.cc passes at most 2 x kLineContext of a line).
#pragma once

#include <functional>
#include <string_view>

namespace keysweep {

enum class AllowScope {
  kThisLine,  // markers that allow findings on the line that holds them
  kNextLine,  // markers that allow findings on the line after the one that holds them
};

struct InlineAllowOptions {
  bool foreign = true;  // honour other scanners' markers
  // Whether a word is a rule id of this run (for keysweep's rule lists); null = none is.
  std::function<bool(std::string_view)> is_rule_id;
};

// Whether `line` holds a marker of `scope` that allows a finding of rule `rule_id`.
bool line_allows_rule(std::string_view line, AllowScope scope, std::string_view rule_id,
                      const InlineAllowOptions& options);

}  // namespace keysweep
