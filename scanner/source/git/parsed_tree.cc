// ParsedTree and differing_span (see the header).
#include "scanner/source/git/parsed_tree.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace keysweep {
namespace {

// How many leading bytes of a and b (n each) are equal: 8 bytes at a time, then bytewise.
size_t common_prefix(const char* a, const char* b, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t x, y;
    std::memcpy(&x, a + i, 8);
    std::memcpy(&y, b + i, 8);
    if (x != y) break;
  }
  while (i < n && a[i] == b[i]) ++i;
  return i;
}

// How many trailing bytes of the n before a_end and the n before b_end are equal.
size_t common_suffix(const char* a_end, const char* b_end, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t x, y;
    std::memcpy(&x, a_end - i - 8, 8);
    std::memcpy(&y, b_end - i - 8, 8);
    if (x != y) break;
  }
  while (i < n && a_end[-1 - static_cast<ptrdiff_t>(i)] == b_end[-1 - static_cast<ptrdiff_t>(i)]) ++i;
  return i;
}

// The number of entries of t that end at or before byte `d`.
size_t entries_ending_by(const ParsedTree& t, size_t d) {
  size_t lo = 0, hi = t.size();  // answer in [lo, hi]
  while (lo < hi) {
    const size_t mid = lo + (hi - lo + 1) / 2;  // does entry mid-1 end by d?
    if (t.start(mid) <= d) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return lo;
}

// The first index i in [from, t.size()] with t.start(i) >= offset.
size_t first_start_at_or_after(const ParsedTree& t, size_t from, size_t offset) {
  size_t lo = from, hi = t.size();
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (t.start(mid) < offset) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

}  // namespace

Result<ParsedTree> ParsedTree::parse(std::shared_ptr<const std::string> bytes) {
  if (bytes->size() >= std::numeric_limits<uint32_t>::max()) return Status::error("a tree of 4 GiB or more");
  // Entries are gathered in a per-thread scratch vector and copied once at their exact count:
  // growing each tree's own vector cost several allocations per tree, and the walk parses
  // every tree of the history (git/git: 170,000 trees, 60 million entries).
  thread_local std::vector<Slot> scratch;
  scratch.clear();
  ParsedTree tree;
  tree.bytes_ = std::move(bytes);
  tree.data_ = tree.bytes_->data();
  const char* base = tree.data_;
  TreeCursor cursor(*tree.bytes_);
  TreeEntry e;
  uint32_t start = 0;
  for (;;) {
    Result<bool> more = cursor.next(&e);
    if (!more) return more.status();
    if (!*more) break;
    scratch.push_back(Slot{start, static_cast<uint32_t>(e.name.data() - base), e.mode});
    start = static_cast<uint32_t>(reinterpret_cast<const char*>(e.id) - base + ObjectId::kRawSize);
  }
  scratch.push_back(Slot{start, start, 0});  // the sentinel: start == size
  tree.slots_.assign(scratch.begin(), scratch.end());
  // A huge tree's scratch is not kept for the rest of the thread's life.
  if (scratch.capacity() > (1u << 16)) std::vector<Slot>().swap(scratch);
  return tree;
}

TreeSpan differing_span(const ParsedTree& a, const ParsedTree& b) {
  const std::string_view ab = a.bytes(), bb = b.bytes();
  // Entries wholly inside the shared leading bytes parse the same in both trees.
  const size_t d = common_prefix(ab.data(), bb.data(), std::min(ab.size(), bb.size()));
  const size_t k = std::min(entries_ending_by(a, d), entries_ending_by(b, d));
  TreeSpan span{k, a.size(), k, b.size()};
  // Shared trailing bytes, not reaching back into the shared entries.
  const size_t tail = std::min(ab.size() - a.start(k), bb.size() - b.start(k));
  const size_t s = common_suffix(ab.data() + ab.size(), bb.data() + bb.size(), tail);
  // The shared tail must start at an entry in both trees to be skipped as entries: take a's
  // first entry inside it and check that b has one at the same distance from its end. A few
  // tries only (a misaligned tail needs bytes that happen to repeat across an entry boundary);
  // the end of both trees always aligns, so the fallback is the whole remainder.
  size_t j = first_start_at_or_after(a, k, ab.size() - s);
  for (int tries = 0; tries < 8 && j <= a.size(); ++tries, ++j) {
    const size_t pb = a.start(j) - ab.size() + bb.size();  // >= b.start(k): s <= tail
    const size_t m = first_start_at_or_after(b, k, pb);
    if (m <= b.size() && b.start(m) == pb) {
      span.a_end = j;
      span.b_end = m;
      return span;
    }
  }
  return span;
}

}  // namespace keysweep
