// ParsedTree: a raw git tree object parsed once, with an index of its entries, and the part of
// two versions of a tree that a comparison has to look at (internal to scanner/source/git/).
//
// Why: the history walk compares each commit's trees with its parent's (history_walk.h). Two
// versions of a folder usually differ in one or two entries of hundreds (git/git's root tree
// has about 500, its t/ over 1,000), and parsing every entry of both on each comparison was
// most of the walk's time (perf on git/git: TreeCursor::next, memchr and memcmp). A tree is
// now parsed once when it is read (the walk's cache keeps it, object_store.h), and a comparison
// first skips the bytes both versions share at their start and at their end (word-wise
// compares, far cheaper than an entry parse), so only the entries between are merged.
//
// Parsing: every entry goes through TreeCursor (raw_tree.h), so a malformed entry anywhere
// makes parse() fail with TreeCursor's message (naming its offset), before anything is used.
// Memory: the bytes plus 12 bytes per entry (an entry takes at least 22 bytes, so the index
// is at most 55% of the bytes). Trees are at most kMaxWalkedObject (object_store.h, 256 MiB),
// so offsets fit in 32 bits.
//
// Thread safety: immutable after parse(); share it freely. Errors: Status from parse().
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/base/status.h"
#include "scanner/source/git/raw_tree.h"

namespace keysweep {

class ParsedTree {
 public:
  // Takes the raw bytes of a tree object (not its header), shared with whoever else holds them
  // (the pack reader's delta-base cache: no copy). Fails for a malformed entry or a tree of
  // 4 GiB or more.
  static Result<ParsedTree> parse(std::shared_ptr<const std::string> bytes);
  static Result<ParsedTree> parse(std::string bytes) {
    return parse(std::make_shared<const std::string>(std::move(bytes)));
  }
  ParsedTree() : slots_{Slot{0, 0, 0}} {}  // the empty tree

  size_t size() const { return slots_.size() - 1; }
  // Entry `i` (< size()); its views point into this tree, valid while it lives.
  TreeEntry entry(size_t i) const {
    const Slot& s = slots_[i];
    const uint32_t next = slots_[i + 1].start;
    TreeEntry e;
    e.name = std::string_view(data_ + s.name, next - ObjectId::kRawSize - 1 - s.name);
    e.mode = s.mode;
    e.id = reinterpret_cast<const unsigned char*>(data_) + next - ObjectId::kRawSize;
    return e;
  }
  // Byte offset where entry `i` starts (i <= size(): size() gives the end of the tree).
  uint32_t start(size_t i) const { return slots_[i].start; }
  std::string_view bytes() const { return std::string_view(data_, slots_.back().start); }
  // What this tree holds in memory, for a cache's accounting (its bytes counted in full,
  // though the delta-base cache may share them).
  size_t memory() const {
    return (bytes_ ? bytes_->capacity() : 0) + slots_.capacity() * sizeof(Slot) + sizeof(*this);
  }

 private:
  struct Slot {
    uint32_t start;  // offset of the entry's mode
    uint32_t name;   // offset of its name
    uint32_t mode;   // normalized
  };
  std::shared_ptr<const std::string> bytes_;  // null for the empty tree
  const char* data_ = "";                     // bytes_'s data
  std::vector<Slot> slots_;  // one per entry, then a sentinel whose start is the size
};

// The entries of `a` and of `b` that a comparison of the two must look at: a's [a_begin,
// a_end) and b's [b_begin, b_end). Before them, a's entry i and b's entry i are the same bytes
// (a_begin == b_begin); after them, a's entry a_end + k and b's b_end + k are. Whatever a
// merge by name of the two middles finds is what a merge of the whole trees finds, for trees
// sorted as git sorts them.
struct TreeSpan {
  size_t a_begin = 0, a_end = 0;
  size_t b_begin = 0, b_end = 0;
};
TreeSpan differing_span(const ParsedTree& a, const ParsedTree& b);

}  // namespace keysweep
