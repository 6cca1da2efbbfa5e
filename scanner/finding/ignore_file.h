// IgnoreFile: `.keysweepignore` and `.secretlintignore`, the files in which a team lists the paths
// a scan should not report (vendored code, generated fixtures) and, in `.keysweepignore`, single
// findings by their fingerprint. Paths use gitignore's pattern language, matched the way
// `git check-ignore --no-index` matches a root `.gitignore` (git's dir.c and wildmatch.c, whose
// quirks are kept so that a line copied from a .gitignore means the same here), so people need
// to learn nothing new. This module only parses and matches; finding/ decides what a match
// suppresses.
//
// Format, one entry per line (`man gitignore`, PATTERN FORMAT):
//   - a blank line, or one whose first byte is `#`, is a comment; `\#` starts a pattern with `#`;
//   - unescaped trailing spaces are stripped (not tabs); `\ ` keeps one; leading spaces are part
//     of the pattern;
//   - `!pattern` re-includes what an earlier pattern excluded; `\!` starts a pattern with `!`;
//     the last pattern that matches decides. A file whose parent directory is excluded cannot be
//     re-included: `build/` then `!build/keep.txt` still ignores build/keep.txt (`build/*` then
//     `!build/keep.txt` does not, since the directory itself is not excluded);
//   - a trailing `/` makes the pattern match directories only, so it ignores every file under a
//     matching directory and never a file of that name;
//   - a `/` at the start or in the middle anchors the pattern at the root (`/a`, `a/b`);
//     otherwise it matches the last component at any depth (`*.log`, `build/`);
//   - `*` matches any run of bytes but `/`, `?` one byte but `/`, `[...]` one byte but `/` from a
//     set: ranges `a-z`, negation `[!...]` or `[^...]`, `\` escapes, POSIX classes
//     `[:alpha:]` etc. (ASCII, C locale; `[:space:]` is git's: tab, LF, CR and space);
//   - `**` between slashes (or at either end) crosses directories: `**/x` is x at any depth,
//     `a/**` everything under a, `a/**/b` b under a at any depth including a/b; any other `**`
//     is a `*`. Git's quirk kept: in an anchored pattern the `**` rule looks at the text after
//     the literal prefix (up to the first `*?[\`), so `foo**/bar` matches foox/y/bar too;
//   - `\x` is a literal x. Patterns that never match, as in git: one ending in a lone `\`, one
//     with an unterminated `[` (`foo[` is not the literal foo[) or an unknown `[:name:]`;
//   - case-sensitive (git's default core.ignoreCase=false);
//   - bytes: a UTF-8 byte order mark at the start is skipped, "\r\n" line ends are tolerated
//     (one `\r` before the `\n` is dropped), a NUL byte ends the line's pattern (git reads lines
//     as C strings).
// kKeysweep only: a line that, with leading and trailing spaces and tabs removed, is exactly 32
// lower-case hex digits is a finding fingerprint (finding/fingerprint.h), not a path pattern. A
// file named like that is written `/<hex>` (at the root) or `**/<hex>` (at any depth).
// kGitignoreOnly (`.secretlintignore`, which secretlint reads as gitignore syntax): every line
// is a path pattern.
//
// Limits (a hand-written file is far inside them; they bound memory and time on a hostile one):
//   - a line is at most kMaxIgnoreLineBytes = 64 KiB (not counting its "\n" or "\r\n");
//   - at most kMaxIgnorePatterns = 100,000 path pattern lines and kMaxIgnoreFingerprints =
//     100,000 fingerprint lines (counted before duplicates are merged).
// Memory: a pattern keeps at most one 8-byte token per byte of it (a pattern without wildcards
// keeps its bytes instead), plus 32 bytes per `[...]` (at least 3 bytes of text): at most
// 8 + 32/3, about 19 bytes a pattern byte, plus sizeof(Pattern) <= 88 bytes a pattern line (the
// vectors are trimmed to size after parsing). The worst case is a file of one-byte patterns
// ("a\n"): about 45 times its size (kMaxIgnorePatterns of them: about 9 MB). A fingerprint line
// (33+ bytes) keeps a 32-byte std::string with 33 bytes on the heap, about 2 times its bytes.
// The caller bounds the file's size before reading it (an ignore file is a short hand-written
// list; 1 MiB is generous).
// Time: parsing is linear in the text. ignores_path() runs each pattern as a Thompson NFA (a set
// of pattern positions, no backtracking), once over the whole path for an anchored pattern
// (noting a match at every `/`, for the directory rule) and once over each component for a
// basename pattern. A path of n bytes costs at most (n + 1) x (t + 1) state steps for a pattern
// of t tokens (a basename pattern too: its runs over the d + 1 components of a path with d '/'
// read n - d bytes), so at most (n + 1) x (T + P) for a file of T tokens in P patterns, whatever
// the patterns. A token comes from at least one byte and each pattern line has its "\n", so
// T + P is at most the file's size: an 8 KiB file against a 256-byte path is at most
// 257 x 8,192 = 2.1 M steps (a few ms). Patterns are tried from the last one back, and the
// search stops at the first level (a parent directory or the file) whose last matching pattern
// excludes it, so typical calls try few patterns; a pattern without wildcards is a string
// comparison. Each call allocates O(n + t) bytes of scratch (the longest pattern it runs).
//
// Thread safety: an IgnoreFile is immutable after parsing; ignores_path() and the accessors are
// const, use only memory of their own call and may run from many threads at once.
// Errors: a Status naming the file (`label`) and the line, e.g.
// "ignore file '.keysweepignore' line 3: line longer than 65536 bytes"; messages never quote a
// line's content. Nothing else is an error: any bytes parse (a malformed pattern never matches,
// as in git).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/base/status.h"

namespace keysweep {

inline constexpr const char* kKeysweepIgnoreFileName = ".keysweepignore";
inline constexpr const char* kSecretlintIgnoreFileName = ".secretlintignore";
inline constexpr size_t kMaxIgnoreLineBytes = 64u << 10;
inline constexpr size_t kMaxIgnorePatterns = 100000;
inline constexpr size_t kMaxIgnoreFingerprints = 100000;

enum class IgnoreSyntax {
  kKeysweep,       // .keysweepignore: path patterns and fingerprint lines
  kGitignoreOnly,  // .secretlintignore: path patterns only
};

class IgnoreFile {
 public:
  IgnoreFile() = default;  // ignores nothing

  // Whether `path` (relative to the repository root, '/'-separated, no leading '/', a file) is
  // ignored: some parent directory of it, or the file itself, is excluded by the last pattern
  // that matches it (a directory is tested as a directory, so `dir/` patterns apply to it; the
  // file is tested as a file). Any bytes are accepted; an empty path is never ignored.
  bool ignores_path(std::string_view path) const;

  // Whether `fp` is one of fingerprints(). O(log n).
  bool has_fingerprint(std::string_view fp) const;
  // The fingerprint lines, sorted and unique, each 32 lower-case hex digits. Always empty for
  // kGitignoreOnly.
  const std::vector<std::string>& fingerprints() const { return fingerprints_; }
  // Path pattern lines kept (those that can match), in file order.
  size_t pattern_count() const { return patterns_.size(); }

 private:
  friend Result<IgnoreFile> parse_ignore_file(std::string_view text, const std::string& label,
                                              IgnoreSyntax syntax);
  friend class IgnoreMatcher;  // ignore_file.cc: compiles a Pattern and runs it

  enum class TokenKind : uint8_t {
    kByte,      // one byte equal to `byte`
    kAnyByte,   // `?`: one byte but '/'
    kClass,     // `[...]`: one byte but '/' in classes_[index] (xor negated)
    kStar,      // `*`: any run of bytes but '/'
    kStarStar,  // `**` as a directory wildcard: any run of bytes
    kSplit,     // reads nothing: goes on to the next token or 3 past it (`**/` matching nothing)
  };
  struct Token {
    TokenKind kind = TokenKind::kByte;
    uint8_t byte = 0;
    bool negated = false;  // kClass
    uint32_t index = 0;    // kClass: into classes_
  };
  struct Pattern {
    std::vector<Token> tokens;
    std::vector<std::array<uint64_t, 4>> classes;  // 256-bit byte sets
    std::string literal;  // the whole pattern when it has no wildcard (a string compare)
    bool is_literal = false;
    bool negative = false;  // `!pattern`
    bool dir_only = false;  // trailing '/'
    bool basename = false;  // no '/': matched against each path component
  };

  std::vector<Pattern> patterns_;
  std::vector<std::string> fingerprints_;
};

// Parses an ignore file's bytes. `label` names the file in errors. Errors as above (a line too
// long, too many patterns or fingerprints).
Result<IgnoreFile> parse_ignore_file(std::string_view text, const std::string& label,
                                     IgnoreSyntax syntax);

}  // namespace keysweep
