// Chunk: a run of bytes to scan plus where it came from.
//
// A Chunk owns its bytes (files and blobs are read whole; the size limit keeps that bounded).
// line_col() maps a byte offset to a 1-based line and a 1-based column counted in bytes; the
// newline index is built on first use, so a chunk with no match never pays for it.
//
// Thread safety: a Chunk is used by one thread at a time (line_col() fills a cache).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace keysweep {

// Where a chunk's bytes came from. Git sources fill commit/blob; dir and stdin leave them empty.
struct Provenance {
  std::string path;        // relative, '/'-separated; for stdin the --label
  std::string source;      // "dir", "stdin", "staged", "history"
  std::string commit;      // hex commit id that introduced the blob, if any
  std::string blob;        // hex blob id, if any
};

struct LineCol {
  uint32_t line = 1;    // 1-based
  uint32_t column = 1;  // 1-based, in bytes
};

class Chunk {
 public:
  Chunk(std::string bytes, Provenance provenance)
      : bytes_(std::move(bytes)), provenance_(std::move(provenance)) {}

  std::string_view bytes() const { return bytes_; }
  const Provenance& provenance() const { return provenance_; }

  // Position of the byte at `offset` (offset == size() is allowed: one past the last byte).
  LineCol line_col(size_t offset) const;
  // [start, end) of the line holding `offset`, without its newline.
  size_t line_start(size_t offset) const;
  size_t line_end(size_t offset) const;

 private:
  void build_index() const;

  std::string bytes_;
  Provenance provenance_;
  mutable std::vector<uint32_t> newlines_;  // offsets of '\n', built lazily
  mutable bool indexed_ = false;
};

}  // namespace keysweep
