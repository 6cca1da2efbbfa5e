// Suppressor: the one place where the finding stage decides that a match is not reported
// although every rule check passed (issue 10). Placer (finding/placer.h) asks it once per
// match that exists at a place and survived overlap resolution, before the per-rule cap, so a
// suppressed secret never takes a reported one's place under the cap and never shows up as
// "capped". It counts what each mechanism suppressed (finding/suppression_counts.h).
//
// The mechanisms, in the order they are tried (cheap checks first, so a secret that an inline
// marker allows is never hashed):
//   0. by path, once per place: kAllowPath ([allowlist] globs), kIgnoreFile (a .keysweepignore
//      path pattern) and kSecretlintIgnore (.secretlintignore), all gitignore syntax
//      (finding/ignore_file.h), and kTrufflehogExclude (--exclude-paths FILE: path regexes,
//      finding/exclude_paths.h);
//   1. kAllowRegex: a config [allowlist] regex matches the secret, or a line_regexes entry the
//      secret's line;
//   2. kStopword: a config stop word is the whole secret or a whole word of it
//      (case-insensitive; bounded by the secret's ends or bytes that are not letters or digits);
//      then the rule's own [allowlist.rules.ID]: its paths and globs (kAllowPath), regexes and
//      line_regexes (kAllowRegex), stop words (kStopword);
//   3. kInlineMarker: a marker on the secret's first line or a next-line marker on the line
//      before it (finding/inline_allow.h);
//   4. kGitleaksIgnore (a .gitleaksignore or .betterleaksignore entry names the commit, or no
//      commit, the path and the line) and kDetectSecrets (a .secrets.baseline entry for the
//      path has the secret's SHA-1 or its line): finding/peer_suppressions.h, which says why the
//      line is needed;
//   5. by fingerprint: kFingerprint when [allowlist] fingerprints or an earlier report given as
//      --baseline REPORT holds the old unsalted content_fingerprint of rule id and secret
//      (finding/fingerprint.h: reports and configs written before fingerprints were salted; one
//      SHA-256, tried first) or the salted fingerprint (finding/fingerprinter.h); kIgnoreFile
//      for a .keysweepignore fingerprint line; kBaseline when the salted hash is an entry of the
//      .keysweep-baseline.json in use. Only this step may hash (about 1 ms per distinct secret).
// Path allowlists ([allowlist] paths) are not here: a path they match is never matched at all
// (Placer::skips_path), so there is nothing to count.
//
// Baseline use: every entry a match hit is remembered (one atomic flag per entry), so a full
// scan can say which entries matched nothing (stale) and `baseline prune` can drop them.
//
// Memory: the fingerprint set (32-byte strings, about 100 bytes each in an unordered_set), one
// byte per baseline entry, and the Fingerprinter's memo (4.5 MiB at most).
// Thread safety: immutable after construction apart from the use flags (atomics) and the
// Fingerprinter (thread-safe); every method may run on many threads at once.
// Errors: hashing failing (fingerprint(), by_fingerprint()).
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "scanner/base/status.h"
#include "scanner/finding/baseline_file.h"
#include "scanner/finding/exclude_paths.h"
#include "scanner/finding/fingerprinter.h"
#include "scanner/finding/ignore_file.h"
#include "scanner/finding/inline_allow.h"
#include "scanner/finding/peer_suppressions.h"
#include "scanner/finding/suppression_counts.h"
#include "scanner/ruleset/ruleset.h"

namespace keysweep {

// What suppression knows beyond the rule set's config allowlist.
struct SuppressOptions {
  // Makes every finding's fingerprint; null: one of its own, salted with kNoRepositoryIdentity.
  std::shared_ptr<Fingerprinter> fingerprinter;
  // False: findings carry no fingerprint (a text report, which shows none; checking rule
  // examples, where ~1 ms a finding would be the whole cost). Fingerprint suppression still
  // hashes.
  bool fingerprint_findings = true;
  // True: suppressed matches become findings too, marked Finding::suppressed_by, capped per
  // rule per file like reported ones but separately (--include-suppressed).
  bool keep_suppressed = false;
  // The baseline file in use, or null. Its entries must have been made with the
  // fingerprinter's salt and kdf parameters (the app layer builds the fingerprinter from it).
  std::shared_ptr<const BaselineFile> baseline;
  // Fingerprints of an earlier report (--baseline REPORT, finding/baseline.h).
  std::vector<std::string> report_fingerprints;
  // The ignore files at the root of what is scanned; each may be null.
  std::shared_ptr<const IgnoreFile> ignore;                // .keysweepignore
  std::shared_ptr<const IgnoreFile> secretlint;            // .secretlintignore
  std::shared_ptr<const GitleaksIgnore> gitleaks;          // .gitleaksignore (or .betterleaksignore)
  std::shared_ptr<const GitleaksIgnore> gitleaks_more;     // .betterleaksignore, when both are there
  std::shared_ptr<const DetectSecretsBaseline> detect_secrets;  // .secrets.baseline
  std::shared_ptr<const ExcludePaths> exclude_paths;       // --exclude-paths FILE (trufflehog's)
};

class Suppressor {
 public:
  Suppressor(const RuleSet& rules, SuppressOptions options);
  Suppressor(const Suppressor&) = delete;  // allow_options_ refers to this object's rule ids
  Suppressor& operator=(const Suppressor&) = delete;

  // Mechanism 0, for a place's path (relative to the scanned root).
  std::optional<Suppression> by_path(std::string_view path) const;
  // Mechanism 4: `commit` is empty outside history; `line` is the secret's first line.
  std::optional<Suppression> by_place(std::string_view commit, std::string_view path, uint32_t line,
                                      std::string_view secret) const;

  // Mechanisms 1-3. `line`: the part of the secret's first line a finding shows (Placer's line
  // window); `previous_line`: the end of the line before it, empty when there is none.
  // `rule`: the match's rule (an index into the rule set), `path`: the place's path, for the
  // rule's own allowlist ([allowlist.rules.ID]).
  std::optional<Suppression> by_text(std::string_view secret, std::string_view line, std::string_view previous_line,
                                     uint32_t rule, std::string_view path) const;

  // True when mechanism 5 has anything to match (else by_fingerprint is never needed, and
  // a secret is hashed only when its finding is built).
  bool matches_fingerprints() const {
    return !fingerprints_.empty() || baseline_ != nullptr || (ignore_ && !ignore_->fingerprints().empty());
  }

  // Mechanism 5. Sets *fingerprint to the salted fingerprint when it was computed (so the
  // finding need not hash again); marks the baseline entry it hit as used.
  Result<std::optional<Suppression>> by_fingerprint(std::string_view secret, std::string_view rule_id,
                                                    std::string* fingerprint) const;

  // The salted fingerprint of `secret` (finding/fingerprinter.h); "" when findings carry none
  // (SuppressOptions::fingerprint_findings).
  Result<std::string> fingerprint(std::string_view secret) const;

  // The baseline in use (null when none) and, per entry in its order, whether a match hit it.
  const BaselineFile* baseline() const { return baseline_.get(); }
  bool keeps_suppressed() const { return keep_suppressed_; }
  std::vector<bool> baseline_used() const;

 private:
  const RuleSet& rules_;
  std::shared_ptr<Fingerprinter> fingerprinter_;
  bool fingerprint_findings_;
  bool keep_suppressed_;
  std::shared_ptr<const BaselineFile> baseline_;
  std::shared_ptr<const IgnoreFile> ignore_;
  std::shared_ptr<const IgnoreFile> secretlint_;
  std::shared_ptr<const GitleaksIgnore> gitleaks_;
  std::shared_ptr<const GitleaksIgnore> gitleaks_more_;
  std::shared_ptr<const DetectSecretsBaseline> detect_secrets_;
  std::shared_ptr<const ExcludePaths> exclude_paths_;
  std::unique_ptr<std::atomic<bool>[]> used_;  // one per baseline entry
  std::unordered_set<std::string> fingerprints_;  // config allowlist + --baseline REPORT
  std::unordered_set<std::string> rule_ids_;      // for rule lists in inline markers
  IgnoreFile allow_globs_;                        // [allowlist] globs
  std::vector<std::unique_ptr<IgnoreFile>> rule_globs_;  // per rule index: its own globs, or null
  InlineAllowOptions allow_options_;
};

// Whether stop word `word` is the whole secret or a whole word of it (see mechanism 2).
bool stopword_matches(std::string_view secret, std::string_view word);

}  // namespace keysweep
