// DecodedScan: the decoding stage between chunks and the matcher. Scans a chunk's own bytes, then
// the text its encoded regions decode to (decode/encoded_regions.h: base64 values, JSON string
// escapes; depth 1, at most 1 MiB of a chunk decoded) with the same Matcher and so the same rules,
// and adds each match found there to the chunk's MatchSet as a Match whose offsets are those of
// the encoded bytes it came from (Match::decoded, MatchSet::decoded_text).
//
// Mapped back:
//   - the match's spans go through EncodedRegions::chunk_offset (exact for JSON escapes, the
//     4-character group for base64), so a finding's line, column and offset are those of the
//     encoded text in the original file, and its line window, `keysweep:allow`, owned range and
//     report lines are the original line's;
//   - its secret stays the decoded one (MatchSet::decoded_text): the placer reads it there;
//   - every masked range of the decoded text is masked at its encoded bytes, and a base64 run that
//     gave a match or a masked range is masked whole, so no snippet shows it, even encoded.
// Kept: only matches whose secret lies inside one region, and for base64 touches the decoded
// bytes (not only the copied `password: ` context). Duplicates, one finding per secret and place:
//   - JSON: a decoded match whose rule also matched raw over an overlapping secret span is
//     dropped (a line whose secret needs no unescaping is found raw: the raw one stays);
//   - base64: a raw match inside a run that gave decoded matches is dropped when its rule is a
//     fallback rule or one of those decoded matches' rules (a generic rule that took the base64
//     text itself for a password); the decoded secret is the one worth reporting. A raw match of
//     a specific rule on the run (basic-auth-header, docker-config-auth) stays.
//
// Cost: a memchr loop and a vector search over the chunk, a look at each raw capture (the
// base64 candidates are the values the rules captured: decode/encoded_regions.h), then a
// matcher scan of the derived text only when there are regions (most chunks of a source tree
// have none): ~2% of a scan of git/git's tree (doc/output.md, "Decoded secrets").
//
// Thread safety: one DecodedScan per thread, like its Matcher. Errors: those of Matcher::scan on
// the chunk; if the scan of the derived text fails, the chunk's raw matches stand and no decoded
// one is added.
#pragma once

#include <memory>
#include <string>

#include "scanner/base/status.h"
#include "scanner/chunk/chunk.h"
#include "scanner/decode/encoded_regions.h"
#include "scanner/match/match.h"
#include "scanner/match/matcher.h"

namespace keysweep {

class DecodedScan {
 public:
  // `rules`: those of the Matchers scan() is given (for which rules are fallback rules). Does
  // not fail today (the Result leaves room for a decoder that allocates at creation).
  static Result<std::unique_ptr<DecodedScan>> create(std::shared_ptr<const RuleSet> rules);

  // Replaces `*out` with the matches of `chunk`'s bytes and of its decoded regions (above).
  // `gate` (may be null) is given to both matcher scans (match/rule_gate.h): the decoded text
  // lives where its chunk does.
  Status scan(Matcher& matcher, const Chunk& chunk, MatchSet* out, const RuleGate* gate = nullptr);

 private:
  DecodedScan(std::shared_ptr<const RuleSet> rules, std::unique_ptr<RegionFinder> finder)
      : rules_(std::move(rules)), finder_(std::move(finder)) {}

  std::shared_ptr<const RuleSet> rules_;
  std::unique_ptr<RegionFinder> finder_;
  EncodedRegions regions_;  // reused across chunks
  MatchSet inner_;          // the derived text's matches, reused
  std::vector<uint32_t> starts_;      // base64 candidates: where the raw captures start
  std::vector<uint8_t> region_state_;  // per region: 1 masked whole, 2 also gave a match
};

}  // namespace keysweep
