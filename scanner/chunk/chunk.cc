#include "scanner/chunk/chunk.h"

#include <algorithm>

namespace keysweep {

void Chunk::build_index() const {
  if (indexed_) return;
  for (size_t i = 0; i < bytes_.size(); ++i) {
    if (bytes_[i] == '\n') newlines_.push_back(static_cast<uint32_t>(i));
  }
  indexed_ = true;
}

LineCol Chunk::line_col(size_t offset) const {
  build_index();
  // Number of newlines strictly before offset = 0-based line number.
  auto it = std::lower_bound(newlines_.begin(), newlines_.end(), static_cast<uint32_t>(offset));
  const size_t line0 = static_cast<size_t>(it - newlines_.begin());
  const size_t start = line0 == 0 ? 0 : newlines_[line0 - 1] + 1;
  return LineCol{static_cast<uint32_t>(line0 + 1), static_cast<uint32_t>(offset - start + 1)};
}

// Both use the newline index (binary search), not a scan of the line: a minified file can be one
// multi-megabyte line holding thousands of matches, and scanning it per match is quadratic.
size_t Chunk::line_start(size_t offset) const {
  build_index();
  offset = std::min(offset, bytes_.size());
  auto it = std::lower_bound(newlines_.begin(), newlines_.end(), static_cast<uint32_t>(offset));
  return it == newlines_.begin() ? 0 : *(it - 1) + 1;
}

size_t Chunk::line_end(size_t offset) const {
  build_index();
  offset = std::min(offset, bytes_.size());
  auto it = std::lower_bound(newlines_.begin(), newlines_.end(), static_cast<uint32_t>(offset));
  return it == newlines_.end() ? bytes_.size() : *it;
}

}  // namespace keysweep
