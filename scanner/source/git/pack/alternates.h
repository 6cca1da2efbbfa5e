// The object directories a repository reads from: its own, then those its
// objects/info/alternates names, then theirs, breadth first, as git does.
//
// An alternates file has one path per line; blank lines and lines starting with '#' are
// ignored; a line starting with '"' is a C-quoted path (git's quote.c: \\ \" \a \b \f \n \r \t
// \v and three-digit octal); a relative path is relative to the object directory holding the
// file. Nesting is bounded like git's (an alternate's alternates are followed 5 levels deep;
// deeper ones are reported and ignored), and each directory is visited once (by its canonical
// path), so cycles end. A listed directory that does not exist is reported and skipped, as git
// warns and goes on. GIT_ALTERNATE_OBJECT_DIRECTORIES is not read: the caller passes what it
// wants searched.
//
// Thread safety: functions of the file system at the time of the call. Errors: problems come
// back as messages naming the alternates file; they never stop the resolution.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace keysweep {

struct ObjectDirectories {
  std::vector<std::string> dirs;      // canonical paths, search order, the repository's own first
  std::vector<std::string> problems;  // alternates that were skipped, and why
};

inline constexpr int kMaxAlternateDepth = 5;

// The paths listed in the text of an alternates file, unquoted, in order (not yet resolved).
// A malformed quoted line is reported in *problems (prefixed by `name`) and skipped.
std::vector<std::string> parse_alternates(std::string_view text, const std::string& name,
                                          std::vector<std::string>* problems);

// `objects_dir` and its alternates, resolved. An `objects_dir` that does not exist is a
// problem too (dirs is then empty).
ObjectDirectories resolve_object_directories(const std::string& objects_dir);

}  // namespace keysweep
