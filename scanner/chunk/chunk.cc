#include "scanner/chunk/chunk.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace keysweep {
namespace {

constexpr uint64_t kMaxU32 = std::numeric_limits<uint32_t>::max();

uint32_t clamp32(uint64_t v) { return static_cast<uint32_t>(std::min(v, kMaxU32)); }

size_t find_byte(const char* p, size_t from, size_t n, char c) {
  if (from >= n) return n;
  const void* hit = std::memchr(p + from, c, n - from);
  return hit ? static_cast<size_t>(static_cast<const char*>(hit) - p) : n;
}

// Calls on_break(end) for each line break that ends at or before `limit`, in order, with `end`
// the offset just past it. A lone CR is a break; the CR of a CRLF is not (its LF completes the
// one break). memchr for each kind keeps long lines and NUL-filled stretches fast.
template <typename F>
void for_each_break(std::string_view bytes, size_t limit, F on_break) {
  const char* p = bytes.data();
  const size_t n = bytes.size();
  size_t next_lf = find_byte(p, 0, n, '\n');
  size_t next_cr = find_byte(p, 0, n, '\r');
  while (true) {
    const size_t j = std::min(next_lf, next_cr);
    if (j >= n || j + 1 > limit) return;
    if (j == next_lf) {
      on_break(j + 1);
      next_lf = find_byte(p, j + 1, n, '\n');
    } else {
      if (j + 1 == n || p[j + 1] != '\n') on_break(j + 1);
      next_cr = find_byte(p, j + 1, n, '\r');
    }
  }
}

}  // namespace

void Chunk::build_index() const {
  if (indexed_) return;
  for_each_break(bytes_, bytes_.size(), [&](size_t end) { line_starts_.push_back(static_cast<uint32_t>(end)); });
  indexed_ = true;
}

ChunkOrigin Chunk::origin_at(size_t offset) const {
  offset = std::min(offset, bytes_.size());
  uint64_t breaks = 0;
  size_t last_start = 0;
  if (indexed_) {
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), static_cast<uint32_t>(offset));
    breaks = static_cast<uint64_t>(it - line_starts_.begin());
    last_start = breaks == 0 ? 0 : *(it - 1);
  } else {
    for_each_break(bytes_, offset, [&](size_t end) {
      ++breaks;
      last_start = end;
    });
  }
  ChunkOrigin at;
  at.offset = file_offset(offset);
  at.line = origin_.line + breaks;
  at.column = breaks == 0 ? origin_.column + offset : offset - last_start + 1;
  return at;
}

LineCol Chunk::line_col(size_t offset) const {
  build_index();
  const ChunkOrigin at = origin_at(offset);
  return LineCol{clamp32(at.line), clamp32(at.column)};
}

uint64_t Chunk::file_offset(size_t offset) const {
  offset = std::min(offset, bytes_.size());
  return origin_.offset + (map_ ? map_->source_offset(bytes_, offset) : offset);
}

// Both use the line index (binary search), not a scan of the line: a minified file can be one
// multi-megabyte line holding thousands of matches, and scanning it per match is quadratic.
size_t Chunk::line_start(size_t offset) const {
  build_index();
  offset = std::min(offset, bytes_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), static_cast<uint32_t>(offset));
  return it == line_starts_.begin() ? 0 : *(it - 1);
}

size_t Chunk::line_end(size_t offset) const {
  build_index();
  offset = std::min(offset, bytes_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), static_cast<uint32_t>(offset));
  if (it == line_starts_.end()) return bytes_.size();
  const size_t next = *it;
  // The break that ends at `next` is "\r\n" (two bytes) or a lone "\n" or "\r".
  const size_t len = (next >= 2 && bytes_[next - 1] == '\n' && bytes_[next - 2] == '\r') ? 2 : 1;
  return std::max(offset, next - len);
}

std::string Chunk::take_bytes() && {
  line_starts_.clear();
  indexed_ = false;
  return std::move(bytes_);
}

}  // namespace keysweep
