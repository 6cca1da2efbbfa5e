// ExcludePaths: trufflehog's `--exclude-paths FILE`, a list of regular expressions, one per
// line, matched against each file's path; a path any of them matches is not reported. keysweep
// reads the same file with `--exclude-paths FILE`, so a team moving from trufflehog keeps it.
//
// Format: one RE2 pattern per line (trufflehog uses Go's regexp, whose syntax RE2 shares);
// blank lines and lines whose first non-blank byte is `#` are skipped; "\r\n" line ends and a
// UTF-8 byte order mark are tolerated; blanks around a pattern are trimmed. A pattern matches
// anywhere in the path (unanchored, as trufflehog does); write `^` and `$` to anchor.
//
// Limits, so a hostile file bounds memory and time: the caller reads at most 1 MiB
// (kMaxExcludePathsBytes); at most kMaxExcludePatterns = 10,000 patterns; each is compiled once
// alone (to name a bad line in the error) with RE2's memory budget of 1 MiB and then freed, and
// all of them are matched as one RE2 alternation compiled with a 64 MiB budget (a file whose
// alternation does not fit is an error, never a partial list). RE2 matches in time linear in
// the path, whatever the patterns.
//
// Thread safety: immutable after parsing; matches() may run on many threads at once (RE2 is
// thread-safe). Errors: a Status naming the file and the line and RE2's reason, e.g.
// "exclude-paths file 'excl.txt' line 3: missing ): ..." (the pattern itself is not quoted).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <re2/re2.h>

#include "scanner/base/status.h"

namespace keysweep {

inline constexpr size_t kMaxExcludePathsBytes = 1u << 20;
inline constexpr size_t kMaxExcludePatterns = 10000;

class ExcludePaths {
 public:
  // True when a pattern matches somewhere in `path`.
  bool matches(std::string_view path) const;
  size_t size() const { return count_; }

 private:
  friend Result<ExcludePaths> parse_exclude_paths(std::string_view text, const std::string& label);
  std::shared_ptr<const RE2> any_;  // null: no pattern
  size_t count_ = 0;
};

Result<ExcludePaths> parse_exclude_paths(std::string_view text, const std::string& label);

}  // namespace keysweep
