// ObjectId: a git object id (SHA-1, 20 raw bytes) as the git sources store it, without git2.h,
// so headers that code outside scanner/source/git/ includes stay free of libgit2's types.
// Conversions to and from libgit2's git_oid live in git_objects.h.
//
// Memory: 20 bytes, no heap. Thread safety: a value type. Errors: none.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

namespace keysweep {

struct ObjectId {
  static constexpr size_t kRawSize = 20;
  std::array<unsigned char, kRawSize> bytes{};

  bool operator==(const ObjectId&) const = default;
  // The 40 lowercase hex digits git prints.
  std::string hex() const {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out(2 * kRawSize, '0');
    for (size_t i = 0; i < kRawSize; ++i) {
      out[2 * i] = kDigits[bytes[i] >> 4];
      out[2 * i + 1] = kDigits[bytes[i] & 0xf];
    }
    return out;
  }
  // For unordered containers: an object id is already a uniform hash, so its first bytes are.
  struct Hash {
    size_t operator()(const ObjectId& id) const {
      size_t h;
      std::memcpy(&h, id.bytes.data(), sizeof h);
      return h;
    }
  };
};

}  // namespace keysweep
