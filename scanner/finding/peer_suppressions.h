// Peer suppressions: the files in which teams moving to keysweep from another scanner have
// already recorded the findings they accepted, read so those findings stay quiet without being
// audited a second time. Two formats:
//
// gitleaks' `.gitleaksignore`: one finding fingerprint per line, in one of two forms,
//   <commit>:<path>:<rule-id>:<line>     (a history scan: the commit is 40 hex digits)
//   <path>:<rule-id>:<line>              (a directory scan)
// with blank lines and lines whose first non-blank byte is '#' ignored, and blanks (space, tab)
// around a line's text trimmed. Paths may themselves hold ':', so a line is read from the
// right: the last field is the line number, the one before it the rule id, and the rest is a
// commit and a path when it starts with 40 hex digits and a ':', else only a path. (So a
// directory-scan path that itself starts with 40 hex digits and a ':' is read as a commit and a
// path: the format cannot tell them apart, and such a path is vanishingly rare.)
// keysweep's rule ids are not gitleaks', and the same secret is found by differently named
// rules, so an entry suppresses a keysweep finding when the path and the line are equal and the
// entry has no commit or the commits are equal; the gitleaks rule id is kept as information.
// An entry with a commit never suppresses a finding that has none (a directory scan): the entry
// named one version of the file, and the tree being scanned may hold another.
//
// detect-secrets' `.secrets.baseline`: a JSON object whose "results" object maps each file name
// to an array of the secrets found in it,
//   {"type": "<plugin>", "filename": "<the key>", "hashed_secret": "<40 hex SHA-1 of the secret>",
//    "is_verified": <bool>, "line_number": <n >= 1>, "is_secret": <bool, once audited>}
// and other top-level keys (version, plugins_used, filters_used, generated_at) that keysweep
// ignores. A keysweep finding is suppressed when the baseline has an entry for the same file
// whose hashed_secret is the SHA-1 of the finding's secret, or whose line_number is the
// finding's line. Why both: detect-secrets cuts a secret out of its line in its own way (a
// keyword's value with or without its quotes, a high-entropy string without the prefix that
// keysweep's rule includes), so for many findings the hashes differ although both tools saw the
// same secret, and the line is then the only thing the two agree on. The price of the line:
// a new secret written on the line of an accepted one in the same file is suppressed too, and
// once lines are inserted above an accepted secret its line no longer matches (only the hash
// may still). Audited entries: detect-secrets keeps a secret a person marked as real
// ("is_secret": true) in the baseline, i.e. accepted, so it suppresses like the others, but
// find() says so, for the caller to count such findings apart (a real secret, accepted, that
// someone should still rotate).
//
// Both readers compare paths byte for byte, as keysweep reports them (relative to the scanned
// root, '/' between parts); they do not rewrite a leading "./" or Windows backslashes. Both
// accept a UTF-8 byte order mark and "\r\n" line ends (a Windows editor, core.autocrlf).
//
// Strictness: a file that is not of its format is an error, never a partial or empty result,
// because a misread suppression file either hides nothing while the user believes it hides
// something, or hides what it was never meant to. Unknown extra keys are ignored (later
// versions of either tool may add some). Errors are a Status naming the file and the place:
//   gitleaks ignore file '.gitleaksignore' line 7: the rule id (the field before the line number) is empty
//   detect-secrets baseline '.secrets.baseline': results["a.py"][2].line_number is not a positive integer
// on one line (file names are escaped with escape_input), never quoting a value of the file.
//
// Limits:
//   - the caller bounds the file's size before reading it, to kMaxPeerSuppressionFileBytes =
//     64 MiB: room for 1,000,000 history-scan lines of 67 bytes (a 40-digit commit, a 15-byte
//     path, a 6-byte rule id, a 2-digit line, three ':' and the newline); the files teams keep
//     are a few KiB to a few MiB;
//   - at most kMaxPeerSuppressionEntries = 1,000,000 entries in either file (more is an error);
//   - a .gitleaksignore line is at most kMaxGitleaksIgnoreLineBytes = 16 KiB (a 40-digit commit,
//     a path of up to 4 KiB, the PATH_MAX of Linux, a rule id and a line number take under
//     4.2 KiB); a longer line is an error naming it.
// Memory:
//   - a GitleaksIgnoreEntry is 104 bytes (three 32-byte strings and the line), plus on the heap
//     its commit (41 bytes) and its path and rule id when longer than the 15-byte inline buffer
//     (their length plus 1). A typical history line (a 40-digit commit, a 25-byte path, a 15-byte
//     rule id, 85 bytes of text) takes about 170 bytes, 2 times its text; the shortest line,
//     "a:r:1" and its newline, is 6 bytes for 104. In all, the entries take at most
//     1,000,000 x (104 + 41 + 2) bytes + the text's size = 147 MB + 64 MiB, plus malloc's
//     overhead. Parsing
//     holds nothing else (each line is split in place) but, for a moment, the unused half of
//     the doubled vector (at most 104 MB; given back before returning).
//   - a DetectSecretsEntry is 112 bytes (two strings, the 40 hash digits, the line and two
//     flags) plus its file name and type past 15 bytes, plus 4 bytes of index: about
//     150 bytes for a typical entry, which takes about 240 bytes of JSON as detect-secrets
//     indents it. While reading, the parsed JSON document is held too (nlohmann_json keeps
//     every object's keys in a std::map): measured at 3.6 times the text's size for an
//     indented baseline and 4.9 times for the same one compact, so at most about 330 MB for a
//     64 MiB file, on top of the caller's copy of the text and the entries.
//
// Thread safety: parse_* are pure functions; a GitleaksIgnore or DetectSecretsBaseline is
// immutable once returned, so find() and suppresses() (const, no caches) may run from any
// number of threads at once.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/base/status.h"

namespace keysweep {

inline constexpr size_t kMaxPeerSuppressionFileBytes = size_t{64} << 20;
inline constexpr size_t kMaxPeerSuppressionEntries = 1'000'000;
inline constexpr size_t kMaxGitleaksIgnoreLineBytes = size_t{16} << 10;
inline constexpr const char* kGitleaksIgnoreFileName = ".gitleaksignore";
inline constexpr const char* kBetterleaksIgnoreFileName = ".betterleaksignore";  // the same format
inline constexpr const char* kDetectSecretsBaselineFileName = ".secrets.baseline";

// --- gitleaks ------------------------------------------------------------------------------

struct GitleaksIgnoreEntry {
  std::string commit;   // 40 lower-case hex digits (upper case is folded), or empty
  std::string path;     // non-empty, as written
  std::string rule_id;  // gitleaks' rule id: information only, never used for matching
  uint32_t line = 0;    // >= 1
  friend bool operator==(const GitleaksIgnoreEntry&, const GitleaksIgnoreEntry&) = default;
};

class GitleaksIgnore {
 public:
  GitleaksIgnore() = default;  // empty: suppresses nothing

  // The entry that suppresses a finding at `path` and `line` in `commit` (40 hex digits, either
  // case; empty for a finding with no commit), or nullptr. When several do, one with no commit
  // comes first. O(log n) and no allocation.
  const GitleaksIgnoreEntry* find(std::string_view commit, std::string_view path, uint32_t line) const;
  bool suppresses(std::string_view commit, std::string_view path, uint32_t line) const {
    return find(commit, path, line) != nullptr;
  }

  // Every entry, sorted by path, line, commit (the commit-less first), rule id; duplicates kept.
  const std::vector<GitleaksIgnoreEntry>& entries() const { return entries_; }

 private:
  friend Result<GitleaksIgnore> parse_gitleaksignore(std::string_view text, const std::string& label);
  std::vector<GitleaksIgnoreEntry> entries_;
};

// Reads a `.gitleaksignore`. An empty file, or one of only comments and blank lines, is valid
// and suppresses nothing. Errors (the first bad line only): a line with fewer than three ':'
// fields, an empty path or rule id, a line number that is not 1..4294967295 in plain decimal
// digits, a NUL byte (not a text file), a line over kMaxGitleaksIgnoreLineBytes, more than
// kMaxPeerSuppressionEntries entries.
Result<GitleaksIgnore> parse_gitleaksignore(std::string_view text, const std::string& label);

// --- detect-secrets ------------------------------------------------------------------------

struct DetectSecretsEntry {
  std::string filename;                  // the key of "results" it was listed under
  std::string type;                      // the detect-secrets plugin: information only
  std::array<char, 40> hashed_secret{};  // lower-case hex SHA-1 (upper case is folded)
  uint32_t line_number = 0;              // >= 1; 0 when the entry has none (matches by hash only)
  bool is_secret = false;                // audited and marked a real secret
  bool is_verified = false;              // detect-secrets verified it live: information only
  friend bool operator==(const DetectSecretsEntry&, const DetectSecretsEntry&) = default;
};

// Why a finding is suppressed (see the header's comment on hash and line).
struct DetectSecretsMatch {
  const DetectSecretsEntry* entry = nullptr;  // the deciding entry
  bool by_hash = false;                       // its hashed_secret is the finding's; false: only its line_number is
  bool is_secret = false;                     // entry->is_secret: a real secret accepted in an audit
};

class DetectSecretsBaseline {
 public:
  DetectSecretsBaseline() = default;  // empty: suppresses nothing

  // Whether an entry for `path` suppresses a finding of `secret` on `line`. An entry whose hash
  // equals is preferred to one whose line does (among several, the first in entries() order).
  // O(log n), plus one SHA-1 of `secret`.
  std::optional<DetectSecretsMatch> find(std::string_view path, uint32_t line, std::string_view secret) const;
  bool suppresses(std::string_view path, uint32_t line, std::string_view secret) const {
    return find(path, line, secret).has_value();
  }

  // Every entry, sorted by filename, hashed_secret, line_number; duplicates kept.
  const std::vector<DetectSecretsEntry>& entries() const { return entries_; }

 private:
  friend Result<DetectSecretsBaseline> parse_detect_secrets_baseline(std::string_view text, const std::string& label);
  std::vector<DetectSecretsEntry> entries_;
  std::vector<uint32_t> by_line_;  // indices into entries_ with a line_number, by filename, line
};

// Reads a `.secrets.baseline`. A baseline with an empty "results" object is valid and
// suppresses nothing. Errors (the first only): not JSON, not an object, no "results" object;
// a results value that is not an array or an element that is not an object; hashed_secret
// missing or not 40 hex digits; line_number present but not an integer from 1 to 4294967295;
// filename present but not the key it is listed under; type, is_verified or is_secret present
// with the wrong type; more than kMaxPeerSuppressionEntries entries. An optional key set to
// null counts as absent (null says "not audited" for is_secret as well as leaving it out).
Result<DetectSecretsBaseline> parse_detect_secrets_baseline(std::string_view text, const std::string& label);

}  // namespace keysweep
