// git's delta format (gitformat-pack "Deltified representation"): the base's size and the
// result's size as little-endian base-128 varints, then opcodes until the delta ends:
//   1oooossss + up to 4 offset bytes + up to 3 size bytes: copy `size` bytes of the base from
//             `offset` (bit k of oooo / sss says whether byte k is present; size 0 means 0x10000)
//   0nnnnnnn (n > 0) + n bytes: insert those bytes
//   00000000: reserved, an error
//
// Every operation is bounds-checked: a copy must lie inside the base, an insert inside the
// delta, and neither may write past the declared result size, which must be met exactly. The
// result's size is checked against the caller's limit before it is allocated, and the base's
// declared size must equal the base given.
//
// Thread safety: pure functions. Errors: a Status saying what is wrong, without context (the
// caller names the object).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "scanner/base/status.h"

namespace keysweep {

struct DeltaSizes {
  uint64_t base_size = 0;
  uint64_t result_size = 0;
  size_t header_size = 0;  // bytes the two varints take
};

// The two sizes at the start of a delta. Errors: truncated, or a varint over 64 bits.
Result<DeltaSizes> parse_delta_sizes(std::string_view delta);

// Applies `delta` to `base` into *out (replaced). Errors: the sizes disagree, an opcode is out
// of bounds or reserved, or the result would exceed `max_result` bytes (checked first).
Status apply_delta(std::string_view base, std::string_view delta, uint64_t max_result, std::string* out);

// The largest inflated size a delta producing `result_size` bytes can have when written by git:
// an insert costs 1 opcode byte per 127 bytes and a copy (git copies 4 bytes or more) at most 8
// bytes, so a delta is at most twice its result plus its two varints (2 x 10 bytes). Saturates.
constexpr uint64_t max_delta_size(uint64_t result_size) {
  return result_size > (UINT64_MAX - 64) / 2 ? UINT64_MAX : 2 * result_size + 64;
}

}  // namespace keysweep
