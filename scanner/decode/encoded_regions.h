// Encoded regions: the spans of a chunk that hold an encoded form of text (base64 values, JSON
// string escapes), decoded into one derived text that the matcher scans with the full rule set,
// with a map from each derived offset back to the chunk offset it came from.
//
// Which spans are decoded (cheap: no scan of the chunk beyond a memchr loop for `kind: Secret`
// and a vector search for `\"`; most bytes of a source tree never reach a decoder):
//   - base64: a run of at least kMinBase64Run base64 characters that is
//       * a value the rules captured as a secret, kept or turned down by a check (the caller
//         passes their starts): the rules already know where a secret-like name is assigned a
//         value (`password: <b64>`, `SECRET=<b64>`, `"auth": "<b64>"`,
//         `Authorization: Basic <b64>`), and a second pass looking for names cost a tenth of the
//         scan on git/git's tree, or
//       * a value of a `data:` map in a chunk that holds `kind: Secret` (Kubernetes Secret YAML;
//         the keys of that map need not look secret-like), on the key's line or, for a block
//         scalar (`.dockerconfigjson: |`), the first line below it; its region is preceded
//         in the derived text by the line kKubernetesSecretHeader, which no source file holds
//         (it starts with a control character), so a rule can report the value whatever its
//         key (rules/78-platform-configs.toml, kubernetes-secret-data-value),
//     and that decodes (standard alphabet, padding optional) to text: valid UTF-8 without control
//     characters other than tab, CR and LF. Random key bytes almost never do, so a base64 key
//     stays the raw rules' business. The derived text of a run is its name context (the bytes
//     from the name, at most kMaxContext, to the run: `password: "`), the decoded bytes, and the
//     closing quote if one follows, so the assignment rules see `password: "<decoded>"`.
//   - JSON string escapes: each line holding an escaped quote next to an assignment (`= \"`,
//     `: \"`, `\": `, `\"=`) whose name (the 40 name characters left of it) holds a secret-like
//     word (pass, pwd, secret, token, key, auth, cred): there the escape hides a secret
//     assignment from the rules. The region reaches at most kJsonReach bytes before the line's
//     first such escape and after its last. Escapes elsewhere (`df[\"col\"]`) hide nothing, and
//     decoding every line with a `\"` or `\\` doubled the scan time of a notebook-heavy tree.
//     The search for `\"` reads 16 bytes at a time (SSE2),
//     with \" \\ \/ \b \f \n \r \t and \uXXXX (surrogate pairs joined, a lone surrogate is
//     U+FFFD) undone. An unknown or truncated escape is kept as it is. This also undoes the same
//     escapes in C, Java or Python string literals, which is harmless.
//
// Depth: 1. The derived text is never decoded again (a base64 value inside a JSON-escaped string
// is not looked at), so the work is one pass, never recursive.
//
// Limits, per chunk: at most kMaxEncodedBytes (1 MiB) of the chunk are taken into regions (a
// region's chunk bytes: name context, base64 run, quote; or a JSON line's span), and once a
// region does not fit, no more are made (`truncated`); a base64 run longer than kMaxBase64Run
// (16 KiB) is decoded from its first 16 KiB only. No byte of a region gives more than one derived
// byte (context and quote 1:1, base64 3 per 4, \uXXXX at most 3 per 6, a surrogate pair 4 per 12,
// other escapes 1 per 2), plus one separator per region, and a region takes at least 2 chunk
// bytes, so text.size() <= 1 MiB + 1 MiB / 2 = 1.5 MiB, plus a header line of 24 bytes per
// Kubernetes Secret value (a region of at least 16 base64 bytes: at most 1.5 MiB more, in
// practice a few lines; a binary value's header is 27 bytes, against a run of at least 22
// base64 bytes copied 1:1, so the bound holds); in practice it is the size of the
// regions. JSON checkpoints are 8 bytes per escape of at least 2 bytes: at most 4 MiB. So the
// matcher's extra work is at most 1.5 MiB per chunk and at most 1.5 times the chunk: for a full
// 16 MiB window (chunk_stream.h) about a tenth of its own work however it is written; a small
// file made of nothing but escaped secret assignments can cost up to 2.5 times its raw scan. On
// source trees far less (doc/output.md gives the figures).
// Offsets are uint32_t: a chunk is under 4 GiB (chunk/chunk.h).
//
// Map: a derived offset in a region's context or quote maps 1:1; in a JSON region it maps 1:1
// between escapes and an escape's decoded bytes map to the escape (monotonic, exact at escape
// boundaries); in base64 bytes, to the 4-character group that holds it (decoded byte d of a run
// at r maps to r + 4 * (d / 3), an end offset to r + 4 * ceil(d / 3), clamped to the run's end).
//
// Thread safety: a RegionFinder is used by one thread at a time (reusable buffers);
// EncodedRegions is a plain value. Errors: none.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scanner/base/status.h"

namespace keysweep {

// kBase64Binary: a Kubernetes Secret value whose base64 decodes to binary (below); its derived
// text is the base64 run itself, copied 1:1.
enum class DecodeKind : uint8_t { kNone = 0, kBase64 = 1, kJsonEscape = 2, kBase64Binary = 3 };

// The line before the derived text of each Kubernetes Secret `data:` value (above).
inline constexpr std::string_view kKubernetesSecretHeader = "\x01kubernetes-secret-data\n";
// The line before a Kubernetes Secret `data:` value whose base64 decodes to binary: at least
// kMinBinaryBytes bytes, not text, with at least kMinBinaryDistinct distinct byte values (so
// "AAAA...A==", all zero bytes, is left out). A key, a keystore or a salt stored in a Secret is
// binary; the run is copied as it is (name context, the run, a closing quote: 1:1), so the
// rule kubernetes-secret-binary-value reports the base64 text the file holds. Its randomness is
// not judged on the text: base64 of binary that starts with zero bytes opens with a run of 'A's.
inline constexpr std::string_view kKubernetesBinaryHeader = "\x01kubernetes-secret-binary\n";
inline constexpr size_t kMinBinaryBytes = 16;
inline constexpr size_t kMinBinaryDistinct = 8;

// "base64", "json-escape", "base64-binary" (the tag of a finding is "decoded:" + this); "" for
// kNone.
std::string_view decode_kind_name(DecodeKind kind);

struct EncodedRegion {
  DecodeKind kind = DecodeKind::kNone;
  uint32_t text_begin = 0;  // the region's derived bytes [text_begin, text_end) of text
  uint32_t text_end = 0;
  uint32_t raw_begin = 0;   // the chunk bytes they stand for
  uint32_t raw_end = 0;
  // base64: text [body_begin, body_end) is the decoding of chunk [run_begin, run_end); the bytes
  // before it copy chunk [raw_begin, run_begin), those after it chunk [run_end, raw_end).
  // base64-binary: text copies chunk [raw_begin, raw_end) 1:1 (no points); run_* as for base64.
  uint32_t body_begin = 0;
  uint32_t body_end = 0;
  uint32_t run_begin = 0;
  uint32_t run_end = 0;
  // JSON: checkpoints [points_begin, points_end) of EncodedRegions::points.
  uint32_t points_begin = 0;
  uint32_t points_end = 0;
};

struct EncodedRegions {
  // Every region's derived bytes, in chunk order, each followed by one '\n' so that no one-line
  // rule matches across two regions.
  std::string text;
  std::vector<EncodedRegion> regions;  // sorted by text_begin (base64 first, then JSON)
  // JSON: (derived offset, chunk offset) just after each escape; between two, bytes map 1:1.
  std::vector<std::pair<uint32_t, uint32_t>> points;
  // The chunk was not decoded in full: the kMaxEncodedBytes budget ran out.
  bool truncated = false;

  void clear() {
    text.clear();
    regions.clear();
    points.clear();
    truncated = false;
  }
  // The region whose [text_begin, text_end] holds `offset`; null when it is a separator or past
  // the end.
  const EncodedRegion* region_at(size_t offset) const;
  // Chunk offset of derived `offset` (inside region `r`, text_begin <= offset <= text_end), as
  // the first byte of a span (`end` false) or as one past its last byte (`end` true).
  size_t chunk_offset(const EncodedRegion& r, size_t offset, bool end) const;
};

class RegionFinder {
 public:
  static constexpr size_t kMinBase64Run = 16;
  static constexpr size_t kMaxBase64Run = 16 * 1024;
  static constexpr size_t kMaxContext = 64;
  static constexpr size_t kJsonReach = 2 * 1024;
  static constexpr size_t kMaxEncodedBytes = 1024 * 1024;

  static Result<std::unique_ptr<RegionFinder>> create();

  // Replaces `*out` with the encoded regions of `chunk` (at most 4 GiB). `starts`: chunk
  // offsets where a value begins that a rule captured (match/decoded_scan.h passes every secret
  // capture of the chunk's raw matches, kept or turned down), in any order. Never fails: a
  // region that does not decode is left out. Always returns true.
  bool find(std::string_view chunk, const std::vector<uint32_t>& starts, EncodedRegions* out);

 private:
  RegionFinder() = default;

  std::vector<uint32_t> sorted_;  // the starts, sorted
  std::vector<uint32_t> runs_;    // runs tried by pass 1 (Kubernetes Secret values), ascending
};

// Base64 run of `chunk` that starts at `begin`, as the finder takes it: base64 characters and up
// to two '=' (at most kMaxBase64Run bytes). Returns its end.
size_t base64_run_end(std::string_view chunk, size_t begin);

// Decodes the JSON string escapes of `in` (as above) appending to `*out`, and appends to
// `*points` (derived offset, chunk offset) after each escape, the derived offsets counted from
// `text_base` (out's size before the call) and the chunk offsets from `raw_base` (in's position).
void unescape_json(std::string_view in, size_t raw_base, std::string* out,
                   std::vector<std::pair<uint32_t, uint32_t>>* points);

// True when `bytes` is text as the base64 decoder requires: valid UTF-8, no control characters
// other than tab, CR and LF, not empty.
bool is_text(std::string_view bytes);

}  // namespace keysweep
