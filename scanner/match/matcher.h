// Matcher: finds the secrets in one chunk.
//
// Two stages. The prefilter (Vectorscan, every rule at once) reports where each rule might match;
// only rules with hits run their RE2 regex, and only in a window that starts max-match-width
// bytes before each hit (snapped to the start of its line) and ends at the end of the hit's line.
// Each regex match then goes through the rule's checks, the placeholder filter, the randomness
// threshold, the allowlists and inline `keysweep:allow` markers. Within a chunk, a finding of a
// fallback rule is dropped when a non-fallback rule's secret overlaps it.
//
// Matches are first kept as small records (rule, secret span, allowed): overlap resolution,
// suppression, the report-lines filter and the per-rule cap (ScanLimits) work on those, and a
// full Finding (line text, fingerprint, masks) is built only for a match that is reported. So
// memory grows with the chunk (about 40 bytes per match: the record and its sort index) and the
// cap, not with the findings: a 9 MB file with 277,000 password matches builds 100 findings per
// rule by default. Each finding's
// line_masks cover every match of the chunk on its line, kept or not, and every secret-looking
// token there (match/snippet_masks.h).
//
// scan_reference() skips the prefilter and runs every rule's regex over the whole chunk: the
// slow, obviously-correct engine that the differential test compares scan() against.
//
// Thread safety: one Matcher per thread (it owns Vectorscan scratch space and reusable buffers);
// the RuleSet is shared. Errors: create() fails only when scratch space cannot be allocated.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "scanner/base/status.h"
#include "scanner/chunk/chunk.h"
#include "scanner/finding/finding.h"
#include "scanner/match/snippet_masks.h"
#include "scanner/ruleset/ruleset.h"

struct hs_scratch;

namespace keysweep {

// What scan() reports of a chunk.
struct ScanLimits {
  // At most this many findings of each rule are built: the first ones in chunk order. The rest
  // are counted in scan()'s `capped`. 0 = no cap.
  uint64_t max_findings_per_rule = 0;
  // When set (sorted 1-based line numbers), only matches touching one of these lines (first to
  // last line of the secret) are reported, built or counted; the whole chunk is still scanned.
  const std::vector<uint32_t>* report_lines = nullptr;
  // Only matches whose secret starts in [owned_begin, owned_end) (offsets in the input as
  // stored: Chunk::file_offset) are reported,
  // built or counted: a window of a larger input (source/chunk_stream.h) owns its middle part,
  // and the overlap it shares with its neighbours belongs to them. Matches outside it still
  // take part in overlap resolution and are masked in snippets.
  uint64_t owned_begin = 0;
  uint64_t owned_end = UINT64_MAX;
};

class Matcher {
 public:
  // `resolve_overlaps` = false keeps every rule's findings, even where a fallback rule overlaps
  // another (for checking rules one by one).
  static Result<std::unique_ptr<Matcher>> create(std::shared_ptr<const RuleSet> rules,
                                                 bool resolve_overlaps = true);
  ~Matcher();
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;

  // Appends the chunk's findings (unsorted). Adds to `*capped` (when given), per rule id, the
  // matches that limits.max_findings_per_rule left out. Returns an error only if Vectorscan
  // fails.
  Status scan(const Chunk& chunk, std::vector<Finding>* out, const ScanLimits& limits = {},
              std::map<std::string, uint64_t>* capped = nullptr);
  // Same findings as scan() by contract, without the prefilter (for tests).
  void scan_reference(const Chunk& chunk, std::vector<Finding>* out);

  // How far before a hit a rule's regex window may start, for rules whose longest match is
  // unbounded or longer than this (snapping to the line start extends it on longer lines).
  static constexpr size_t kMaxLookback = 64 * 1024;
  // Longest line context kept either side of a secret in a finding.
  static constexpr size_t kLineContext = 200;
  // The most bytes before or after a secret's first byte that a finding depends on: its match
  // (at most kMaxLookback either side) and its line context. A chunk cut from a larger input
  // must reach this far past the range whose findings it reports (source/chunk_stream.h).
  static constexpr size_t kMaxReach = kMaxLookback + kLineContext;

  // A byte range of the chunk in which a rule's regex must run.
  struct Window {
    size_t begin;
    size_t end;
  };

 private:
  explicit Matcher(std::shared_ptr<const RuleSet> rules) : rules_(std::move(rules)) {}
  // Vectorscan's match callback; `ctx` is the Matcher.
  static int on_hit(unsigned int id, unsigned long long from, unsigned long long to,
                    unsigned int flags, void* ctx);
  // Appends the rule's matches in `windows` to spans_.
  void run_rule(uint32_t rule, const Chunk& chunk, const std::vector<Window>& windows);
  // Resolves overlaps and suppression on spans_, then builds the reported findings.
  void finish_chunk(const Chunk& chunk, const ScanLimits& limits, std::vector<Finding>* out,
                    std::map<std::string, uint64_t>* capped);
  struct Span;
  Finding make_finding(const Chunk& chunk, const Span& span) const;

  std::shared_ptr<const RuleSet> rules_;
  bool resolve_overlaps_ = true;
  hs_scratch* scratch_ = nullptr;
  // Per rule: raw windows from prefilter hits in the current chunk (reused across chunks).
  std::vector<std::vector<Window>> hits_;
  std::vector<uint32_t> hit_rules_;  // rules with at least one hit, in first-hit order
  // Every match of the current chunk: the lightweight record a finding is built from.
  struct Span {
    size_t begin;  // the secret, offsets into the chunk
    size_t end;
    uint32_t rule;
    bool allowed;  // allowlisted: takes part in overlap resolution, then is dropped
  };
  std::vector<Span> spans_;
  // The union of spans_ (sorted, disjoint): what every snippet of the chunk masks.
  std::vector<ByteRange> masked_;
  // Secret captures of the current chunk that a check rejected (not reported, still masked).
  std::vector<ByteRange> rejected_;
  // Allowlisted fingerprints (config and --baseline), for a constant-time look-up per match.
  std::unordered_set<std::string> allowed_fingerprints_;
  // Set by the prefilter callback.
  const PrefilterBinding* binding_ = nullptr;
  size_t chunk_size_ = 0;
};

}  // namespace keysweep
