// BaselineFile: the `.keysweep-baseline.json` format (issue 10), the secrets a team has accepted
// as known, by their salted secret hash (finding/secret_hash.h), so a committed file reveals no
// secret, not even a short password, to someone who can read it.
//
// The file is JSON, laid out one record per line so that git can merge it line by line:
//
//   {"keysweep_baseline":1,"salt":"<32 hex>","kdf":{"alg":"argon2id13","opslimit":3,"memlimit":1048576},"entries":[
//   {"fp":"0b5e...","rules":["github-token"],"paths":["app/settings.py"]},
//   {"fp":"7c21...","rules":["generic-password","postgres-uri"],"paths":["deploy/.env","docker-compose.yml"]},
//   {"end":true}]}
//
//   - line 1, the header: the format version (1), the hex salt every fp is made with, and the
//     kdf parameters (Argon2id v1.3; secret_hash.h bounds what is accepted);
//   - one line per entry, each ending with a comma, sorted by fp, fp unique: `fp` is the secret
//     hash (32 lower-case hex digits); `rules` (sorted rule ids) and `paths` (sorted paths) are
//     hints for a person reading the file, never used for matching;
//   - a final sentinel line `{"end":true}]}`, so every entry line, the last one included, ends
//     with the same comma.
// With `.gitattributes`: `.keysweep-baseline.json merge=union`, git merges two branches that
// each added entries (even next to each other) by keeping the lines of both: every line is a
// whole record that ends with a comma, so the result is still valid JSON, with entries possibly
// out of order or repeated, which the reader accepts and format_baseline_file() puts back in
// order. What union merging cannot do: an entry removed on one branch comes back if the other
// branch changed a line next to it (the removal is undone, nothing is lost); and two baselines
// created with different salts give two header lines (a new salt changes every line, so git
// always sees the other branch's change inside it and keeps both versions), which the reader
// refuses with a message that says to run `keysweep baseline create` again.
//
// No timestamps, no line numbers, nothing that depends on the machine: formatting the same
// entries gives the same bytes, so regenerating a baseline changes only what changed.
//
// Limits (hints are capped so a line stays short and memory is bounded; the fp is what counts):
//   - rules: at most kMaxRules = 8 per entry, each 1..kMaxRuleIdBytes = 128 bytes of a-z 0-9 -_.
//     (the rule id alphabet of ruleset/config.cc);
//   - paths: at most kMaxPaths = 4 per entry, each 1..kMaxPathBytes = 256 bytes of UTF-8;
//   - a line is at most kMaxLineBytes = 16 KiB: the longest entry the writer makes is
//     32 (fp) + 32 (the record's keys and punctuation) + 8 x (128 + 3) + 4 x (256 x 6 + 3)
//     = 7,268 bytes (6 bytes per path byte when every byte is a control character, \u00XX);
//   - at most kMaxEntries = 1,048,576 entries.
// Memory: an entry holds its fp (a 32-byte std::string: 32 bytes of object plus 33 on the heap,
// past the 15-byte inline buffer), two vectors (2 x 24 bytes) and their strings (32 bytes each
// plus their bytes). The shortest line, `{"fp":"<32 hex>","rules":[],"paths":[]},`, is 64 bytes
// for about 130 bytes in memory; a hint adds its length plus 3 to the line and a 32-byte string
// (plus its length past 15 bytes) to memory. So an entry takes at most about 8 times its line's
// bytes (one-byte hints), 2 to 3 times for real ones, and parsing a file at most about 8 times
// its size, typically 3 times (a typical entry, one rule and one short path, about
// 200 bytes: 200 MiB at kMaxEntries). The caller bounds the file's size before reading it (the
// --baseline reader reads at most 512 MiB); beyond the entries only one line's parsed JSON is
// held at a time.
//
// Thread safety: pure functions over values. Errors: a Status naming the file (`label`) and the
// line, e.g. "baseline '.keysweep-baseline.json' line 7: fp is not 32 lower-case hex digits";
// messages never quote an entry's values (a user may have pasted anything into the file).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/base/status.h"
#include "scanner/finding/secret_hash.h"

namespace keysweep {

inline constexpr int kBaselineFileVersion = 1;
inline constexpr const char* kBaselineFileName = ".keysweep-baseline.json";
inline constexpr size_t kMaxRules = 8;
inline constexpr size_t kMaxRuleIdBytes = 128;
inline constexpr size_t kMaxPaths = 4;
inline constexpr size_t kMaxPathBytes = 256;
inline constexpr size_t kMaxLineBytes = 16u << 10;
inline constexpr size_t kMaxEntries = size_t{1} << 20;

struct BaselineEntry {
  std::string fp;                  // secret_hash(): 32 lower-case hex digits
  std::vector<std::string> rules;  // hints: rule ids that found the secret
  std::vector<std::string> paths;  // hints: where it was found
  friend bool operator==(const BaselineEntry&, const BaselineEntry&) = default;
};

struct BaselineFile {
  SecretSalt salt{};
  KdfParams kdf = kSecretKdf;
  // Normalised (normalize_baseline) after parse_baseline_file and merge_baselines: sorted by
  // fp, fp unique, hints sorted, unique and capped.
  std::vector<BaselineEntry> entries;
  friend bool operator==(const BaselineFile&, const BaselineFile&) = default;
};

// Puts `file` in the canonical form format_baseline_file writes: entries sorted by fp, entries
// with the same fp merged (union of their hints), and each entry's hints cleaned: rule ids
// outside the alphabet or too long dropped; paths made valid UTF-8 (bad bytes become U+FFFD),
// cut to kMaxPathBytes at a character boundary, empty ones dropped; both sorted, deduplicated
// and cut to their first kMaxRules / kMaxPaths. Idempotent. Entries whose fp is malformed are
// kept as they are (format_baseline_file refuses nothing; the reader refuses them).
void normalize_baseline(BaselineFile* file);

// Records that `fp` (a secret_hash under file->salt) was found by `rule_id` at `path`, adding
// an entry or the hints to an existing one. Leaves `file` unnormalised: call
// normalize_baseline() (or format) when done. Cheap: an append.
void add_to_baseline(BaselineFile* file, std::string fp, std::string_view rule_id, std::string_view path);

// The entry for `fp`, or nullptr. Precondition: `file` is normalised. O(log n).
const BaselineEntry* find_in_baseline(const BaselineFile& file, std::string_view fp);

// The file's bytes, as laid out above (normalising a copy first), ending with a newline.
std::string format_baseline_file(const BaselineFile& file);

// Reads a baseline file. Strict: the header on line 1, then entry lines, then the sentinel and
// nothing after it but blank space; accepts what a union merge makes (entries out of order,
// repeated: merged) and a header line repeated verbatim; refuses a second, different header.
// Tolerates "\r\n" line ends (a Windows checkout with core.autocrlf). The result is normalised.
Result<BaselineFile> parse_baseline_file(std::string_view text, const std::string& label);

// Both files' entries in one (the base of `keysweep baseline merge`). Errors: the two were made
// with different salts or kdf parameters, so their fps cannot be compared.
Result<BaselineFile> merge_baselines(const BaselineFile& a, const BaselineFile& b);

// What `--baseline FILE` holds, from its first bytes only (cheap; the matching parser then
// validates all of it): kFile when the text starts (after blank space) with
// `{"keysweep_baseline"`, the header this format begins with; otherwise kReport, an earlier
// keysweep JSON or SARIF report for parse_baseline (finding/baseline.h), which explains what it
// refuses.
enum class BaselineKind { kFile, kReport };
BaselineKind baseline_kind(std::string_view text);

}  // namespace keysweep
