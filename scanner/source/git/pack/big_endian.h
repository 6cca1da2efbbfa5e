// Big-endian loads from byte buffers (network order: how .idx and .pack headers store numbers).
// The caller has checked that the bytes are in bounds.
#pragma once

#include <cstdint>

namespace keysweep {

inline uint32_t load_be32(const unsigned char* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

inline uint64_t load_be64(const unsigned char* p) {
  return (uint64_t{load_be32(p)} << 32) | load_be32(p + 4);
}

}  // namespace keysweep
