// Matcher: finds the matches in one chunk's bytes.
//
// Two stages. The prefilter (Vectorscan, every rule at once) reports where each rule might match;
// only rules with hits run their RE2 regex, and only in a window that starts max-match-width
// bytes before each hit (snapped to the start of its line) and ends at the end of the hit's line;
// for a rule whose matches cannot cross a line break (CompiledRule::one_line), only on the lines
// that hold hits.
// Each regex match then goes through the rule's byte checks (those that read no path), the
// placeholder filter and the randomness threshold. What passes is a Match (match/match.h).
//
// The matcher sees bytes and nothing else: not the chunk's path, not its commit, no allowlist,
// no baseline. Where the bytes live, the path-dependent rule conditions (allow_paths,
// exclude_paths, checks that read the path), suppression, overlap resolution between rules,
// fingerprints and tags are the finding stage's work (finding/placer.h), done once per place.
// The one thing the finding stage tells the matcher is which rules it need not run on a chunk
// (match/rule_gate.h: rules limited to paths none of the chunk's places has), as an opaque
// yes/no per rule index.
//
// Memory: the MatchSet of a chunk (match/match.h: 56 bytes per match, 16 per masked range);
// a 9 MB file with 277,000 password matches holds about 16 MB of matches while it is placed.
//
// scan_reference() skips the prefilter and runs every rule's regex over the whole chunk: the
// slow, obviously-correct engine that the differential test compares scan() against.
//
// Thread safety: one Matcher per thread (it owns Vectorscan scratch space and reusable buffers);
// the RuleSet is shared. Errors: create() fails only when scratch space cannot be allocated.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "scanner/base/status.h"
#include "scanner/chunk/chunk.h"
#include "scanner/match/match.h"
#include "scanner/match/rule_gate.h"
#include "scanner/match/snippet_masks.h"
#include "scanner/ruleset/ruleset.h"

struct hs_scratch;

namespace keysweep {

// Where a Matcher's time goes, per rule (scanner/tools/match_profile.cc prints it). Counting is
// off unless a MatchStats is attached (Matcher::set_stats); then it reads the thread's CPU clock
// twice per rule with hits per chunk and around each chunk's Vectorscan scan. Times are thread
// CPU time in nanoseconds.
struct MatchStats {
  struct Rule {
    uint64_t hits = 0;           // prefilter hits (Vectorscan callbacks)
    uint64_t chunks = 0;         // chunks in which the rule's regex ran
    uint64_t windows = 0;        // regex windows after snapping to lines and merging
    uint64_t window_bytes = 0;   // bytes of those windows (what RE2 is asked to search)
    uint64_t regex_calls = 0;    // RE2 Match() calls
    uint64_t anchored_calls = 0; // of which on the anchored form (LazyRegex::anchored)
    uint64_t regex_matches = 0;  // RE2 matches with a non-empty secret (candidates)
    uint64_t kept = 0;           // candidates that passed every byte check
    uint64_t nanos = 0;          // time in the rule's regex and checks
  };
  std::vector<Rule> rules;       // by RuleSet rule index; sized by set_stats()
  uint64_t chunks = 0;
  uint64_t bytes = 0;
  uint64_t prefilter_nanos = 0;  // time in hs_scan, callbacks included
  uint64_t line_index_nanos = 0; // building the line index of chunks with hits (chunk/chunk.h)
  uint64_t finish_nanos = 0;     // sorting, deduplicating and masking a chunk's matches
};

class Matcher {
 public:
  static Result<std::unique_ptr<Matcher>> create(std::shared_ptr<const RuleSet> rules);
  ~Matcher();
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;

  // Replaces `*out` with the chunk's matches (match/match.h). Reads the chunk's bytes and line
  // breaks, never its provenance. A rule with prefilter hits that `gate` (may be null) does not
  // allow is not searched (match/rule_gate.h). Returns an error only if Vectorscan fails
  // (`*out` is then empty).
  Status scan(const Chunk& chunk, MatchSet* out, const RuleGate* gate = nullptr);
  // Same matches as scan() by contract, without the prefilter, each rule's regex as written
  // searched over the whole chunk (for tests).
  void scan_reference(const Chunk& chunk, MatchSet* out);
  // Counts into `*stats` (resized to the rule count) from now on; null stops counting. The
  // caller keeps `*stats` alive while it is attached.
  void set_stats(MatchStats* stats);

  // How far before a hit a rule's regex window may start, for rules whose longest match is
  // unbounded or longer than this (snapping to the line start extends it by up to kMaxSnap).
  static constexpr size_t kMaxLookback = 64 * 1024;
  // A window's edges move out to the start and end of their lines (so that which matches are
  // found depends on lines, not on where exactly the hits fell) when those are at most this far;
  // on a longer line they stay at the bounds the rule's match width sets. Without the bound a
  // 2 MB line of minified code was searched whole for each rule with a hit on it.
  static constexpr size_t kMaxSnap = 4 * 1024;
  // Longest line context kept either side of a secret in a finding.
  static constexpr size_t kLineContext = keysweep::kLineContext;
  // The most bytes before or after a secret's first byte that a finding depends on: its match
  // (at most kMaxLookback either side) and its line context. A chunk cut from a larger input
  // must reach this far past the range whose findings it reports (source/chunk_stream.h).
  static constexpr size_t kMaxReach = kMaxLookback + kLineContext;

  // A byte range of the chunk in which a rule's regex must run.
  struct Window {
    size_t begin;
    size_t end;
  };

  // A window of at most kAnchoredMaxText bytes is searched with the anchored form of its rule's
  // regex (ruleset.h, LazyRegex::anchored), which needs no reverse DFA but whose NFA walks the
  // window from the search's start (~0.2 us per byte for the generic rules), until the rule has
  // searched kAnchoredBudget bytes that way in this Matcher. By then the plain form's DFAs would
  // have paid for their states (~8 ms per rule on real code, ~40 KB of NFA), and it takes over:
  // a scan with few candidates never builds them, a long one pays for them once. The two forms
  // find the same matches; only the time differs.
  static constexpr size_t kAnchoredMaxText = 256;
  static constexpr uint64_t kAnchoredBudget = 32 * 1024;

 private:
  explicit Matcher(std::shared_ptr<const RuleSet> rules) : rules_(std::move(rules)) {}
  // Vectorscan's match callback; `ctx` is the Matcher.
  static int on_hit(unsigned int id, unsigned long long from, unsigned long long to,
                    unsigned int flags, void* ctx);
  // Appends the rule's matches in `windows` to out->matches, rejected captures to rejected_.
  // `reference`: search each window as given with the regex as written (scan_reference), never
  // line by line nor with the anchored form.
  void run_rule(uint32_t rule, const Chunk& chunk, const std::vector<Window>& windows, bool reference,
                MatchSet* out);
  // Sorts and dedupes out->matches and fills out->masked.
  void finish_chunk(MatchSet* out);

  std::shared_ptr<const RuleSet> rules_;
  hs_scratch* scratch_ = nullptr;
  // Per rule: raw windows from prefilter hits in the current chunk (reused across chunks).
  std::vector<std::vector<Window>> hits_;
  std::vector<uint32_t> hit_rules_;  // rules with at least one hit, in first-hit order
  // Secret captures of the current chunk that a check rejected (not matches, still masked).
  std::vector<ByteRange> rejected_;
  // run_rule's buffers, reused: search ranges, the regex's groups, the anchored form's groups.
  std::vector<Window> windows_;
  std::vector<re2::StringPiece> groups_;
  std::vector<re2::StringPiece> wrapped_;
  std::vector<uint64_t> anchored_bytes_;  // per rule: bytes given to anchored searches so far
  // Set by the prefilter callback.
  const PrefilterBinding* binding_ = nullptr;
  size_t chunk_size_ = 0;
  MatchStats* stats_ = nullptr;
};

}  // namespace keysweep
