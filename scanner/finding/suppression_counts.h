// SuppressionCounts: how many findings each suppression mechanism held back in a run
// (finding/suppress.h), for the text summary and the JSON/SARIF run properties.
//
// A finding held back by several mechanisms counts once, under the first that applies, in the
// order finding/suppress.h tries them (by path, then on the text, then by place, then hashed).
// Counts are per place, like findings: a blob at three paths suppressed by one marker counts 3.
//
// Thread safety: a plain value; each worker keeps its own and they are added up at the end.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace keysweep {

enum class Suppression : uint8_t {
  kAllowRegex,    // [allowlist] regexes on the secret and line_regexes on its line (global or per rule)
  kStopword,      // [allowlist] stopwords: the secret or a whole word of it
  kInlineMarker,  // keysweep:allow and the markers other scanners use (finding/inline_allow.h)
  kFingerprint,   // [allowlist] fingerprints, and --baseline REPORT (an earlier report's)
  kBaseline,      // .keysweep-baseline.json (finding/baseline_file.h)
  kIgnoreFile,    // .keysweepignore: a path pattern or a fingerprint (finding/ignore_file.h)
  kSecretlintIgnore,  // .secretlintignore: a path pattern
  kGitleaksIgnore,    // .gitleaksignore: commit, path and line (finding/peer_suppressions.h)
  kDetectSecrets,     // .secrets.baseline: path and the secret's SHA-1 or its line
  kAllowPath,         // [allowlist] globs, and a rule's own paths and globs
  kTrufflehogExclude, // --exclude-paths FILE: trufflehog's list of path regexes
};
inline constexpr size_t kSuppressionKinds = 11;

// The JSON key and text label of each kind: "allowlist_regex", "stopword", "inline_marker",
// "fingerprint", "baseline", "ignore_file", "secretlint_ignore", "gitleaks_ignore",
// "detect_secrets_baseline", "allowlist_path", "trufflehog_exclude_paths".
const char* suppression_name(Suppression kind);

struct SuppressionCounts {
  std::array<uint64_t, kSuppressionKinds> by_kind{};

  void add(Suppression kind, uint64_t n = 1) { by_kind[static_cast<size_t>(kind)] += n; }
  void add(const SuppressionCounts& other) {
    for (size_t i = 0; i < kSuppressionKinds; ++i) by_kind[i] += other.by_kind[i];
  }
  uint64_t of(Suppression kind) const { return by_kind[static_cast<size_t>(kind)]; }
  uint64_t total() const {
    uint64_t n = 0;
    for (uint64_t c : by_kind) n += c;
    return n;
  }
  friend bool operator==(const SuppressionCounts&, const SuppressionCounts&) = default;
};

}  // namespace keysweep
