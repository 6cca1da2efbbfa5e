// TreeCursor: the entries of a raw git tree object, read in place (no allocation), for the
// history walk's tree-to-tree comparison.
//
// Format (git's tree objects): entries back to back, each "<mode> <name>\0<20-byte id>", the
// mode in ASCII octal without leading zeros ("40000" a tree, "100644" a file, "100755" an
// executable, "120000" a symbolic link, "160000" a submodule), sorted by name as
// tree_entry_compare() orders them. Modes are normalized as git and libgit2 read them: any
// regular-file mode becomes 100644, or 100755 when its owner-execute bit is set (old
// repositories hold 100664).
//
// Hostile input: every entry is bounds-checked (a mode of 1 to 7 octal digits, a space, a
// non-empty name ended by NUL, then 20 bytes); a malformed entry stops the cursor with an
// error naming its offset, never a read past the buffer. Unsorted or duplicate names are not
// an error here (git fsck reports them): a walk over such a tree still ends, it may just
// compare oddly.
//
// Thread safety: a cursor is a value over bytes the caller keeps alive. Errors: Status.
#pragma once

#include <cstdint>
#include <string_view>

#include "scanner/base/status.h"
#include "scanner/source/git/object_id.h"

namespace keysweep {

inline constexpr uint32_t kModeTree = 040000;
inline constexpr uint32_t kModeBlob = 0100644;
inline constexpr uint32_t kModeExecutable = 0100755;
inline constexpr uint32_t kModeLink = 0120000;
inline constexpr uint32_t kModeGitlink = 0160000;

struct TreeEntry {
  std::string_view name;
  uint32_t mode = 0;  // normalized (see above)
  const unsigned char* id = nullptr;  // 20 bytes inside the tree's buffer
  bool is_tree() const { return mode == kModeTree; }
  bool is_file() const { return mode == kModeBlob || mode == kModeExecutable; }
  ObjectId object_id() const;
};

class TreeCursor {
 public:
  explicit TreeCursor(std::string_view bytes) : bytes_(bytes) {}
  // The next entry into *out: true, or false at the end; an error for a malformed entry (the
  // cursor then stays at it: every later call returns the same error).
  Result<bool> next(TreeEntry* out);

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
};

// git's order of tree entries: by name bytes, a tree's name compared as if it ended in '/'. So
// "a.txt" < "a/" (a tree "a") < "a0", and a file and a tree of the same name are two entries.
int tree_entry_compare(const TreeEntry& a, const TreeEntry& b);

// The entry named `name` in a raw tree, by a linear scan (trees are small; the walk uses this
// only for merges and boundaries). *found is false when there is none.
Status find_tree_entry(std::string_view tree, std::string_view name, TreeEntry* out, bool* found);

}  // namespace keysweep
