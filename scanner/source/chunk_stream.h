// ChunkStream: one input (a file, standard input, a blob) cut into bounded, overlapping windows,
// each handed out as a Chunk for the matcher, so an input of any size is scanned in bounded memory.
//
// Geometry. With window size W and overlap V (LoadLimits::window_size, window_overlap), window k
// owns input bytes [k*W, (k+1)*W) (the last one owns up to the end) and its chunk holds
// [k*W - V, (k+1)*W + V), clipped to the input. A finding belongs to the window whose owned range
// holds its secret's first byte (Finding::offset), so a secret in an overlap is reported once.
// Why V is enough: every match the matcher can return extends at most kMaxLookback (64 KiB)
// before or after its secret's first byte, and the line context kept around the secret is 200
// bytes either side (Matcher::kMaxReach = 64 KiB + 200); V defaults to 128 KiB, twice that, and
// scan_runner.cc checks V >= Matcher::kMaxReach at compile time. So a finding whose secret
// starts in the owned range sees in its chunk the very bytes a scan of the whole input would
// see. The one difference: a rule of unbounded width whose match would be longer than 64 KiB
// can be cut where the chunk ends (the matcher does not promise such matches anyway).
//
// Memory per stream: one input buffer of at most W + 2V bytes (16 MiB + 256 KiB by default), for
// UTF-16/32 input also the decoded text (at most 1.5 x the buffer, see decode/transcode.h), and
// the chunk's line index when a window has a match (4 bytes per line break). Window buffers are
// never sized from the input's length, only from what was read. So a scan holds at most
// threads x (W + 2V) of input, however large the files are. Vectorscan takes an unsigned int
// length and the line index uint32_t offsets: W is capped at 1 GiB, so chunks stay far below
// 4 GiB even decoded.
//
// Text encodings: the input's encoding comes from its probe (decode/text_encoding.h); a
// byte-order mark is left out of the chunks; UTF-16/32 windows are transcoded to UTF-8 one
// window at a time (so UTF-16 files have no size limit of their own). Window edges are on code
// unit boundaries, and a cut that would split a UTF-16 surrogate pair moves back one unit.
//
// Thread safety: one thread at a time. Errors: next() returns a read error (a Status naming the
// input); std::bad_alloc from a buffer is left to the caller, which treats it as a soft error.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "scanner/base/status.h"
#include "scanner/chunk/chunk.h"
#include "scanner/decode/text_encoding.h"

namespace keysweep {

// The rest of an input, read in order.
class ByteReader {
 public:
  virtual ~ByteReader() = default;
  // Reads up to n bytes into buf; 0 at the end of the input.
  virtual Result<size_t> read(char* buf, size_t n) = 0;
  // Bytes still to come when known (a regular file's size), else nullopt. A hint only.
  virtual std::optional<uint64_t> remaining() const { return std::nullopt; }
};

// Reads a descriptor. Closes it on destruction when `owned`. `name` is used in error messages.
// A descriptor in non-blocking mode that has nothing to read is waited on with poll().
class FdReader : public ByteReader {
 public:
  FdReader(int fd, bool owned, std::string name, std::optional<uint64_t> remaining = std::nullopt)
      : fd_(fd), owned_(owned), name_(std::move(name)), remaining_(remaining) {}
  ~FdReader() override;
  FdReader(const FdReader&) = delete;
  FdReader& operator=(const FdReader&) = delete;
  Result<size_t> read(char* buf, size_t n) override;
  std::optional<uint64_t> remaining() const override { return remaining_; }
  void set_remaining(uint64_t remaining) { remaining_ = remaining; }

 private:
  int fd_;
  bool owned_;
  std::string name_;
  std::optional<uint64_t> remaining_;
};

// Reads bytes held in memory (a blob read whole).
class MemoryReader : public ByteReader {
 public:
  explicit MemoryReader(std::string bytes) : bytes_(std::move(bytes)) {}
  Result<size_t> read(char* buf, size_t n) override;
  std::optional<uint64_t> remaining() const override { return bytes_.size() - pos_; }

 private:
  std::string bytes_;
  size_t pos_ = 0;
};

struct WindowGeometry {
  size_t window_size = 16u << 20;    // W: bytes each window owns
  size_t overlap = 128u << 10;       // V: bytes each chunk extends past its owned range
  static constexpr size_t kMinWindow = 4096;
  static constexpr size_t kMaxWindow = 1u << 30;
  // W clamped to [kMinWindow, kMaxWindow] and both rounded down to a multiple of 4 (a UTF-32
  // code unit), so every window edge is a code unit boundary.
  WindowGeometry normalized() const;
};

class ChunkStream {
 public:
  // head: the input's first bytes, already read (the binary probe; may be all of it).
  // rest: the bytes after head, or null. At most read_limit bytes are read in all (head
  // included); when check_overflow is set and the input has more, over_limit() becomes true
  // (standard input beyond --max-file-size). A regular file passes its size and false: a file
  // that grows while it is read is scanned as it was when opened.
  ChunkStream(Provenance provenance, DetectedEncoding encoding, std::string head, std::unique_ptr<ByteReader> rest,
              WindowGeometry geometry, uint64_t read_limit, bool check_overflow);

  struct Window {
    Chunk* chunk;            // valid until the next call to next(); the caller may change its
                             // provenance (Chunk::set_provenance), nothing else
    uint64_t owned_begin;    // input byte offsets: findings whose Finding::offset lies in
    uint64_t owned_end;      //   [owned_begin, owned_end) belong to this window
  };
  // The next window, or nullopt after the last. Every input gives at least one window (an
  // empty input an empty chunk).
  Result<std::optional<Window>> next();

  uint64_t bytes_read() const { return total_read_; }
  bool over_limit() const { return over_limit_; }
  const DetectedEncoding& encoding() const { return encoding_; }

 private:
  Status fill(uint64_t target_end);
  uint64_t buf_end() const { return buf_begin_ + buf_.size(); }
  // Where the window after the current one starts, moved off a surrogate pair's second half.
  uint64_t next_start() const;

  Provenance provenance_;
  DetectedEncoding encoding_;
  std::unique_ptr<ByteReader> reader_;
  WindowGeometry geometry_;
  uint64_t read_limit_;
  bool check_overflow_;

  std::string buf_;          // input bytes [buf_begin_, buf_end())
  uint64_t buf_begin_ = 0;
  std::string text_;         // decoded text of the current window (UTF-16/32 only)
  std::optional<Chunk> chunk_;
  bool transcoded_ = false;  // chunk_ holds text_'s buffer (else buf_'s)
  uint64_t owned_end_ = 0;
  uint64_t next_begin_ = 0;  // input offset the next chunk starts at
  size_t next_mark_ = 0;     // ... and the chunk offset it corresponds to in chunk_
  uint64_t total_read_ = 0;
  bool started_ = false;
  bool eof_ = false;
  bool last_ = false;
  bool over_limit_ = false;
};

}  // namespace keysweep
