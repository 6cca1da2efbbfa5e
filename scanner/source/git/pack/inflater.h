// Inflater: zlib decompression for pack entries, one per thread (it owns a libdeflate
// decompressor and a zlib stream, neither of which may be used by two threads at once).
//
// Whole entries go through libdeflate (libdeflate_zlib_decompress_ex), ~3x faster per core than
// zlib, which needs the output size up front: a pack entry header gives it. libdeflate cannot
// stop early, so the few first bytes of a delta (the result size a header read needs) come from
// zlib's streaming inflate instead, which stops once it has produced what was asked for and
// touches only the first compressed bytes.
//
// Memory: libdeflate's decompressor (~32 KiB) and zlib's state and 32 KiB window, allocated
// once. Thread safety: one thread. Errors: a Status without context (the caller names the
// object).
#pragma once

#include <cstddef>
#include <cstdint>

#include "scanner/base/status.h"

struct libdeflate_decompressor;

namespace keysweep {

class Inflater {
 public:
  Inflater();
  ~Inflater();
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  // Inflates the zlib stream in[0, in_size) into out[0, out_size). The stream must produce
  // exactly out_size bytes and end exactly at in_size (a pack's next entry starts where the
  // stream ends, so a shorter stream means the index and the pack disagree).
  Status inflate_exact(const unsigned char* in, size_t in_size, unsigned char* out, size_t out_size);

  // Inflates at most `want` bytes from the start of the zlib stream in[0, in_size) into out;
  // returns how many it produced (fewer only when the stream ends first).
  Result<size_t> inflate_prefix(const unsigned char* in, size_t in_size, unsigned char* out, size_t want);

 private:
  libdeflate_decompressor* libdeflate_ = nullptr;
  void* zstream_ = nullptr;  // z_stream*, kept out of this header
  bool zstream_ready_ = false;
};

}  // namespace keysweep
