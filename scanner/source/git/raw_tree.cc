// TreeCursor (see the header): bounds-checked parsing of raw tree entries.
#include "scanner/source/git/raw_tree.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace keysweep {
namespace {

// git's canon_mode(): what a stored mode means.
uint32_t normalize_mode(uint32_t mode) {
  switch (mode & 0170000) {
    case 0100000: return (mode & 0100) ? kModeExecutable : kModeBlob;
    case 0040000: return kModeTree;
    case 0120000: return kModeLink;
    case 0160000: return kModeGitlink;
    default: return mode;  // unknown kinds are kept as they are: neither a tree nor a file
  }
}

}  // namespace

ObjectId TreeEntry::object_id() const {
  ObjectId out;
  std::memcpy(out.bytes.data(), id, ObjectId::kRawSize);
  return out;
}

Result<bool> TreeCursor::next(TreeEntry* out) {
  if (pos_ == bytes_.size()) return false;
  const size_t start = pos_;
  auto bad = [&](const char* what) {
    return Status::error("tree entry at offset " + std::to_string(start) + ": " + what);
  };
  uint32_t mode = 0;
  size_t p = pos_;
  size_t digits = 0;
  while (p < bytes_.size() && bytes_[p] != ' ') {
    const char c = bytes_[p];
    if (c < '0' || c > '7' || ++digits > 7) return bad("a malformed mode");
    mode = mode * 8 + static_cast<uint32_t>(c - '0');
    ++p;
  }
  if (digits == 0 || p == bytes_.size()) return bad("a malformed mode");
  ++p;  // the space
  const void* nul = std::memchr(bytes_.data() + p, '\0', bytes_.size() - p);
  if (!nul) return bad("a name without its end");
  const size_t name_end = static_cast<size_t>(static_cast<const char*>(nul) - bytes_.data());
  if (name_end == p) return bad("an empty name");
  if (bytes_.size() - (name_end + 1) < ObjectId::kRawSize) return bad("a truncated object id");
  out->name = bytes_.substr(p, name_end - p);
  out->mode = normalize_mode(mode);
  out->id = reinterpret_cast<const unsigned char*>(bytes_.data() + name_end + 1);
  pos_ = name_end + 1 + ObjectId::kRawSize;
  return true;
}

int tree_entry_compare(const TreeEntry& a, const TreeEntry& b) {
  const size_t n = std::min(a.name.size(), b.name.size());
  if (const int c = std::memcmp(a.name.data(), b.name.data(), n); c != 0) return c;
  const unsigned char ca = a.name.size() > n ? static_cast<unsigned char>(a.name[n]) : (a.is_tree() ? '/' : '\0');
  const unsigned char cb = b.name.size() > n ? static_cast<unsigned char>(b.name[n]) : (b.is_tree() ? '/' : '\0');
  return static_cast<int>(ca) - static_cast<int>(cb);
}

Status find_tree_entry(std::string_view tree, std::string_view name, TreeEntry* out, bool* found) {
  *found = false;
  TreeCursor cursor(tree);
  TreeEntry e;
  for (;;) {
    Result<bool> more = cursor.next(&e);
    if (!more) return more.status();
    if (!*more) return Status::ok();
    if (e.name == name) {
      *out = e;
      *found = true;
      return Status::ok();
    }
  }
}

}  // namespace keysweep
