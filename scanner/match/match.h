// Match: a raw hit of one rule in one chunk's bytes, before it is placed anywhere.
//
// The matcher sees bytes only: a Match says which rule matched which bytes, and nothing about
// where those bytes live. The finding stage (finding/placer.h) places a chunk's matches at each
// of its places (paths, commits), applies the path-dependent rule conditions and suppression,
// resolves overlaps between rules and builds the Findings. So a blob held at many paths and
// commits is matched once.
//
// Memory: a Match is 64 bytes; a MatchSet holds every match of one chunk (a chunk is at most one
// window, 16 MiB by default: source/chunk_stream.h), plus the masked ranges (16 bytes each, at
// most one per match and rejected capture). Reused across chunks by the caller.
//
// Thread safety: plain values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "scanner/decode/encoded_regions.h"
#include "scanner/match/snippet_masks.h"

namespace keysweep {

// Longest line context a finding keeps either side of its secret (finding/placer.h). The
// matcher needs it too: a chunk cut from a larger input must reach this far (Matcher::kMaxReach).
constexpr size_t kLineContext = 200;

struct Match {
  uint32_t rule = 0;          // index into RuleSet::rules()
  // 0 for a match in the chunk's own bytes. Otherwise a match found in decoded text
  // (match/decoded_scan.h): MatchSet::decoded[decoded - 1] holds its spans in
  // MatchSet::decoded_text, and the offsets below are those of the encoded bytes it came from.
  // (Fits in the padding after `rule`.)
  uint32_t decoded = 0;
  size_t match_begin = 0;     // the regex's whole match, offsets into the chunk
  size_t match_end = 0;
  size_t secret_begin = 0;    // the secret, after every byte check (a check may narrow it)
  size_t secret_end = 0;
  size_t name_begin = 0;      // the regex's "name" group (the assigned-to name); empty if none
  size_t name_end = 0;
  uint8_t flags = 0;          // MatchFlag bits (check/checks.h): weak, documentation host
};

// A match found in decoded text (match/decoded_scan.h): its spans in MatchSet::decoded_text, where
// its secret is read (the chunk holds only the encoded form).
struct DecodedMatch {
  DecodeKind kind = DecodeKind::kNone;
  size_t match_begin = 0;
  size_t match_end = 0;
  size_t secret_begin = 0;
  size_t secret_end = 0;
  size_t name_begin = 0;
  size_t name_end = 0;
};

// Everything one chunk's bytes gave.
struct MatchSet {
  // Every match that passed its rule's byte checks, sorted by (secret_begin, secret_end, rule),
  // without duplicates of the same rule and secret span. Overlaps between rules are kept: which
  // one wins can depend on the place (a rule may be excluded at a path).
  std::vector<Match> matches;
  // What every snippet of the chunk masks: the secret span of every match, and every secret
  // capture that a check, the placeholder filter or the randomness threshold turned down (a real
  // key that a heuristic rejected must not be printed raw on its neighbour's line). Sorted,
  // disjoint, merged.
  std::vector<ByteRange> masked;
  // Matches in decoded text (Match::decoded), and that text (at most the decoder's budget:
  // decode/encoded_regions.h). Empty when nothing was decoded.
  std::vector<DecodedMatch> decoded;
  std::string decoded_text;

  void clear() {
    matches.clear();
    masked.clear();
    decoded.clear();
    decoded_text.clear();
  }
};

}  // namespace keysweep
