// Chunk: a run of bytes to scan plus where it came from.
//
// A Chunk owns its bytes: a whole small input, or one window of a large one (see
// source/chunk_stream.h: windows keep every chunk well under 4 GiB, so uint32_t offsets and
// Vectorscan's unsigned int length both hold). Its origin says where its first byte sits in the
// whole input (byte offset, line, column), so a chunk cut from the middle of a file still reports
// the file's own lines and columns.
//
// Lines: a line break is "\n", "\r\n" (one break, not two) or a lone "\r" (old Mac files). A "\r"
// that is the chunk's last byte counts as a break (the byte after it is not known).
// Columns: 1-based, counting the bytes of the line as the chunk holds them, that is UTF-8 bytes.
// For a UTF-8 file those are the file's bytes; for a file transcoded from UTF-16 or UTF-32 (see
// decode/transcode.h) they are the bytes of the line once transcoded, so an ASCII line has the
// same columns in every encoding. A byte-order mark is not part of the chunk and is not counted.
// Line and column are clamped to 2^32 - 1 (a file of over four billion lines, or a single line
// over 4 GiB long, saturates instead of wrapping).
//
// file_offset() maps a chunk offset to a byte offset in the input as stored (for a transcoded
// chunk through its OffsetMap): the windowing uses it to give each finding to exactly one window.
//
// The line index is built on first use, so a chunk with no match never pays for it. Memory: 4
// bytes per line break of the chunk.
//
// Thread safety: a Chunk is used by one thread at a time (line_col() fills a cache).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
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
  // History only (empty / 0 otherwise): the introducing commit's author and time, and in how
  // many places (path and introducing commit, renames included) the same blob was introduced.
  std::string author;      // author name, as the commit has it
  std::string email;       // author email
  std::string date;        // author time, ISO 8601 in UTC ("2026-12-02T03:04:05Z")
  uint32_t occurrences = 0;
  // History only: the introducing commit's position in the walk (1 = first; parents before
  // children), so "which introduction came first" needs no commit dates. 0 otherwise.
  uint32_t sequence = 0;
  // History only: a place before the walked range (a boundary commit's version of a path the
  // range changes: source/git/history_walk.h). Its findings are never reported; they only mark
  // a secret as already there at that path (finding/first_seen.h).
  bool before_range = false;
};

struct LineCol {
  uint32_t line = 1;    // 1-based
  uint32_t column = 1;  // 1-based, in bytes (see the header comment)
};

// Where a chunk's first byte sits in its whole input.
struct ChunkOrigin {
  uint64_t offset = 0;  // byte offset in the input as stored (after a byte-order mark, if any)
  uint64_t line = 1;    // 1-based line of the first byte
  uint64_t column = 1;  // 1-based column of the first byte (bytes of its line before it, + 1)
};

// For a chunk whose bytes are not the input's own (transcoded text): maps an offset in the chunk
// (whose bytes are `chunk_bytes`) to the offset, relative to the chunk's first byte, of the input
// byte it was decoded from. Non-decreasing in `offset`. Implementations are immutable and
// thread-safe.
class OffsetMap {
 public:
  virtual ~OffsetMap() = default;
  virtual uint64_t source_offset(std::string_view chunk_bytes, size_t offset) const = 0;
};

class Chunk {
 public:
  Chunk(std::string bytes, Provenance provenance, ChunkOrigin origin = {},
        std::shared_ptr<const OffsetMap> map = nullptr)
      : bytes_(std::move(bytes)), provenance_(std::move(provenance)), origin_(origin), map_(std::move(map)) {}

  std::string_view bytes() const { return bytes_; }
  const Provenance& provenance() const { return provenance_; }
  const ChunkOrigin& origin() const { return origin_; }

  // Position of the byte at `offset` (offset == size() is allowed: one past the last byte).
  LineCol line_col(size_t offset) const;
  // The same position, unclamped, as the origin a chunk starting at `offset` would have.
  // Counts line breaks by a scan instead of building the index (for cutting the next window).
  ChunkOrigin origin_at(size_t offset) const;
  // Byte offset in the whole input (as stored) of the byte at chunk `offset`.
  uint64_t file_offset(size_t offset) const;
  // [start, end) of the line holding `offset`, without its line break. line_end(o) >= o.
  size_t line_start(size_t offset) const;
  size_t line_end(size_t offset) const;

  // Gives the bytes back (so a window reader can reuse the buffer); the chunk is empty after.
  std::string take_bytes() &&;

 private:
  void build_index() const;

  std::string bytes_;
  Provenance provenance_;
  ChunkOrigin origin_;
  std::shared_ptr<const OffsetMap> map_;
  // Offsets just past each line break ("\n", "\r\n", lone "\r"), ascending; built lazily.
  mutable std::vector<uint32_t> line_starts_;
  mutable bool indexed_ = false;
};

}  // namespace keysweep
