// parse_commit: the fields of a raw git commit object the history walk needs (tree, parents,
// author), read without libgit2.
//
// Format (git's commit objects): header lines "tree <40 hex>", "parent <40 hex>" (zero or
// more), "author <name> <<email>> <seconds> <zone>", "committer ...", others (encoding,
// gpgsig and mergetag with continuation lines starting with a space), then a blank line and
// the message. Only the header is read. The author is split as libgit2 splits it: the email
// between the line's last '<' and last '>', the name before that '<', both trimmed of
// whitespace; the time is the digits after the '>' (0 when they do not parse).
//
// Hostile input: a missing or malformed tree line, or a malformed parent line, is an error; a
// malformed or missing author line only leaves the author fields empty (git fsck's business,
// not a reason to stop an audit). Nothing is read past the buffer. Parents are bounded by the
// object's size (each line is 48 bytes).
//
// Thread safety: a pure function. Errors: Status without the commit's id (the caller adds it).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/base/status.h"
#include "scanner/source/git/object_id.h"

namespace keysweep {

struct CommitFields {
  ObjectId tree;
  std::vector<ObjectId> parents;
  std::string author;  // raw bytes, as the commit has them
  std::string email;
  int64_t time = 0;    // seconds since the epoch (UTC)
  bool has_author = false;  // an author line with an email in <...> was found
};

Result<CommitFields> parse_commit(std::string_view bytes);

// 40 hex digits (either case) to an id; false when `hex` is not exactly that.
bool parse_hex_id(std::string_view hex, ObjectId* out);

}  // namespace keysweep
