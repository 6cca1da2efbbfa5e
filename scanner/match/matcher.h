// Matcher: finds the secrets in one chunk.
//
// Two stages. The prefilter (Vectorscan, every rule at once) reports where each rule might match;
// only rules with hits run their RE2 regex, and only in a window that starts max-match-width
// bytes before each hit (snapped to the start of its line) and ends at the end of the hit's line.
// Each regex match then goes through the rule's checks, the placeholder filter, the randomness
// threshold, the allowlists and inline `keysweep:allow` markers. Within a chunk, a finding of a
// fallback rule is dropped when a non-fallback rule's secret overlaps it.
//
// scan_reference() skips the prefilter and runs every rule's regex over the whole chunk: the
// slow, obviously-correct engine that the differential test compares scan() against.
//
// Thread safety: one Matcher per thread (it owns Vectorscan scratch space and reusable buffers);
// the RuleSet is shared. Errors: create() fails only when scratch space cannot be allocated.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "scanner/base/status.h"
#include "scanner/chunk/chunk.h"
#include "scanner/finding/finding.h"
#include "scanner/ruleset/ruleset.h"

struct hs_scratch;

namespace keysweep {

class Matcher {
 public:
  // `resolve_overlaps` = false keeps every rule's findings, even where a fallback rule overlaps
  // another (for checking rules one by one).
  static Result<std::unique_ptr<Matcher>> create(std::shared_ptr<const RuleSet> rules,
                                                 bool resolve_overlaps = true);
  ~Matcher();
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;

  // Appends the chunk's findings (unsorted). Returns an error only if Vectorscan fails.
  Status scan(const Chunk& chunk, std::vector<Finding>* out);
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
  void run_rule(uint32_t rule, const Chunk& chunk, const std::vector<Window>& windows,
                std::vector<Finding>* found);
  void finish_chunk(std::vector<Finding>* found, std::vector<Finding>* out);

  std::shared_ptr<const RuleSet> rules_;
  bool resolve_overlaps_ = true;
  hs_scratch* scratch_ = nullptr;
  // Per rule: raw windows from prefilter hits in the current chunk (reused across chunks).
  std::vector<std::vector<Window>> hits_;
  std::vector<uint32_t> hit_rules_;  // rules with at least one hit, in first-hit order
  // The secret span and rule of each finding of the current chunk, parallel to its findings.
  struct Span {
    size_t begin;
    size_t end;
    uint32_t rule;
    bool allowed;  // allowlisted: takes part in overlap resolution, then is dropped
  };
  std::vector<Span> spans_;
  // Set by the prefilter callback.
  const PrefilterBinding* binding_ = nullptr;
  size_t chunk_size_ = 0;
};

}  // namespace keysweep
