// Snippet masks: which bytes of a finding's line must not be printed.
//
// A finding shows the line its secret sits on. That line can hold other secrets: a second rule's
// key, a secret that was allowlisted, dropped by overlap resolution, baseline-suppressed or
// capped, or a credential no rule knows. The finding stage masks all of them (Finding::line_masks):
// every secret span of the chunk that touches the line, plus every token that looks like a
// secret by itself (looks_secret_like). Reporters then print the line with those ranges masked,
// so by default nothing secret-shaped leaks through another finding's snippet.
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace keysweep {

struct ByteRange {
  size_t begin = 0;
  size_t end = 0;
};

// Tokens are maximal runs of [A-Za-z0-9+/_-] with any '=' padding after them: the characters of
// hex, base32, base64 and url-safe keys. '=' only as padding so that `NAME=value` is two tokens.
bool is_token_char(char c);

// Shortest token judged on its own: 16 characters (a 64-bit key in hex; every provider token
// the default rules know is longer).
constexpr size_t kMinSecretLikeToken = 16;

// A token looks like a secret when it has at least kMinSecretLikeToken characters (padding
// aside), is not made of words (identifiers, CamelCase, paths: see word_made in the .cc), and
// scores at least kSecretLikeRandomness (check/randomness.h). Randomness alone cannot tell words
// from keys: AWS_SECRET_ACCESS_KEY, ConfigurationManager and node_modules/react-dom score 0.75 to
// 0.9, so the word test is what keeps identifiers readable. Why 0.6: over 20,000 uniformly
// random strings each of 16 to 40 characters over hex, base32, base62 and base64 the lowest
// score was 0.70 (structure aside: a random string with a 6-step run such as "012345" scores 0),
// so 0.6 keeps a margin below every random key. Measured over 12,000 random tokens of 16 to 64
// characters per alphabet, the test misses about 0.05% of base62, base32 and base64 tokens
// (mostly 16-character ones whose letters happen to read like words) and one hex token with a
// step run. Masking too much costs readability; masking too little leaks, so ties go to masking.
constexpr double kSecretLikeRandomness = 0.6;
bool looks_secret_like(std::string_view token);

// Appends to `*out` the secret-looking tokens that overlap [begin, end) of `text`, clipped to
// [begin, end). A token cut by `begin` or `end` is judged whole: it is extended outward in `text`
// by at most kMaxTokenReach bytes each way (bounding the work on a huge one-line file), and a
// token still cut there is judged on what was read.
constexpr size_t kMaxTokenReach = 512;
void add_secret_like_tokens(std::string_view text, size_t begin, size_t end, std::vector<ByteRange>* out);

// Sorts `ranges` and merges overlapping or touching ones; drops empty ones.
void merge_ranges(std::vector<ByteRange>* ranges);

}  // namespace keysweep
