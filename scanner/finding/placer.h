// Placer: the finding stage. Turns one chunk's matches (match/match.h) into the findings of one
// place where those bytes live (a path, and for git sources a commit).
//
// For each place, in this order:
//   1. path conditions: nothing at a path that a config `allow_paths` entry matches; a rule whose
//      `exclude_paths` matches the path takes no part; a rule's path checks (check_reads_path,
//      e.g. quoted_in_code) run on the match at this path;
//   2. overlap resolution between rules: a fallback rule's match is dropped when its secret
//      overlaps a non-fallback match or an earlier-defined fallback rule's match, and two rules
//      of the same kind on the very same secret report it once, under the earlier-defined rule
//      (the pack is ordered most specific first). Done per place because step 1 can remove a
//      rule at one path and not at another;
//   3. suppression (finding/suppress.h: allowlist regexes and stop words, inline markers,
//      allowlisted fingerprints, the baseline), counted per mechanism. A suppressed match has
//      already taken part in step 2, so suppressing a specific finding never lets a fallback
//      finding take its place; and it comes before the cap, so it never fills the cap;
//   4. limits: the window's owned range, the report lines, the per-rule cap (the first matches in
//      chunk order are kept; the rest are counted in `*capped`, never built);
//   5. the Finding: position, line text (at most kLineContext (match/match.h) bytes either side of the
//      secret), fingerprint (salted, finding/fingerprinter.h: about 1 ms per distinct secret), tags (test-fixture paths), and the line's masks: every masked range
//      of the chunk on that window of the line, kept or not, and every secret-looking token there
//      (match/snippet_masks.h).
// A match found in decoded text (Match::decoded, match/decoded_scan.h) goes through the same steps
// at its encoded bytes' position; only its secret (and what its path checks read) comes from
// MatchSet::decoded_text, and its finding is tagged "decoded:<kind>".
//
// Memory: per call, two bits per match and 9 bytes per rule for the bookkeeping, plus the
// findings it builds (bounded by the cap).
//
// Thread safety: immutable after construction; place() may run on many threads at once (RE2 and
// the suppressor are thread-safe). Errors: only hashing a fingerprint can fail (out of memory):
// the finding is still reported, without a fingerprint, and the error goes to PlaceTally.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "scanner/chunk/chunk.h"
#include "scanner/finding/finding.h"
#include "scanner/finding/finding_cap.h"
#include "scanner/finding/suppress.h"
#include "scanner/finding/suppression_counts.h"
#include "scanner/match/match.h"
#include "scanner/ruleset/ruleset.h"

namespace keysweep {

// What place() reports of a chunk at one place.
struct PlaceLimits {
  // At most this many findings of each rule are built: the first ones in chunk order. The rest
  // are counted in place()'s `capped`. 0 = no cap.
  uint64_t max_findings_per_rule = 0;
  // When set (sorted 1-based line numbers), only matches touching one of these lines (first to
  // last line of the secret) are reported, built or counted.
  const std::vector<uint32_t>* report_lines = nullptr;
  // Only matches whose secret starts in [owned_begin, owned_end) (offsets in the input as
  // stored: Chunk::file_offset) are reported, built or counted: a window of a larger input
  // (source/chunk_stream.h) owns its middle part, and the overlap it shares with its neighbours
  // belongs to them. Matches outside it still take part in overlap resolution and are masked.
  uint64_t owned_begin = 0;
  uint64_t owned_end = UINT64_MAX;
};

// What place() tells besides findings and capped counts; each worker keeps its own.
struct PlaceTally {
  SuppressionCounts suppressed;
  std::string error;  // the first fingerprint error, or empty
};

class Placer {
 public:
  // `resolve_overlaps` = false keeps every rule's findings, even where a fallback rule overlaps
  // another (for checking rules one by one). `suppress`: the baseline and fingerprints of the
  // suppression stage, and the fingerprinter (default: none, salted with kNoRepositoryIdentity).
  explicit Placer(std::shared_ptr<const RuleSet> rules, bool resolve_overlaps = true, SuppressOptions suppress = {});

  const RuleSet& rules() const { return *rules_; }
  const Suppressor& suppressor() const { return *suppressor_; }

  // True when nothing is ever reported at `path` (a config allow_paths entry matches it): an
  // input all of whose places are skipped need not be matched.
  bool skips_path(std::string_view path) const;

  // Appends the findings of `matches` (scan of `chunk`) at place `at` to `*out`, unsorted. Adds
  // to `*capped` (when given), per rule id, the matches that the cap left out, and to `*tally`
  // (when given) what suppression held back.
  void place(const Chunk& chunk, const MatchSet& matches, const Provenance& at, const PlaceLimits& limits,
             std::vector<Finding>* out, CappedCounts* capped = nullptr, PlaceTally* tally = nullptr) const;

 private:
  // The suppression stage's verdict on `m` (finding/suppress.h); sets *fp when it hashed.
  std::optional<Suppression> suppressed(const Chunk& chunk, const MatchSet& matches, const Match& m,
                                        const Provenance& at, std::string* fp, PlaceTally* tally) const;
  Finding make_finding(const Chunk& chunk, const MatchSet& matches, const Match& m, const Provenance& at,
                       std::string fp, PlaceTally* tally) const;

  std::shared_ptr<const RuleSet> rules_;
  bool resolve_overlaps_;
  std::unique_ptr<Suppressor> suppressor_;
};

}  // namespace keysweep
