// PackBuilder: hand-made packs and their v2 indexes for the pack reader's tests and fuzz
// targets (scanner/source/git/pack/), so a test can put exactly the bytes it means in an entry:
// a wrong size, a truncated or corrupt zlib stream, a delta that copies outside its base, an
// OFS_DELTA pointing before the pack.
//
// The pack's trailer and the index's checksums are fixed filler bytes (the reader compares the
// two copies of the pack checksum, it does not hash). Thread safety: one test. Errors: none.
#pragma once

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scanner/source/git/object_id.h"
#include "scanner/source/git/pack/mapped_file.h"
#include "scanner/source/git/pack/pack_file.h"

namespace keysweep {

class PackBuilder {
 public:
  // A made-up id whose bytes start with `n` big-endian (ids of different n differ and sort by n).
  static ObjectId id_of(uint32_t n) {
    ObjectId id;
    for (int i = 0; i < 4; ++i) id.bytes[i] = static_cast<unsigned char>(n >> (24 - 8 * i));
    id.bytes[19] = 0x5a;
    return id;
  }
  // An entry header: type (1-7) and size as git's varint.
  static std::string entry_header(unsigned type, uint64_t size) {
    std::string h;
    unsigned char c = static_cast<unsigned char>((type << 4) | (size & 15));
    size >>= 4;
    while (size) {
      h.push_back(static_cast<char>(c | 0x80));
      c = size & 0x7f;
      size >>= 7;
    }
    h.push_back(static_cast<char>(c));
    return h;
  }
  // git's OFS_DELTA relative-offset encoding.
  static std::string ofs_encoding(uint64_t rel) {
    unsigned char buf[16];
    int pos = sizeof buf - 1;
    buf[pos] = rel & 0x7f;
    while (rel >>= 7) buf[--pos] = static_cast<unsigned char>(0x80 | (--rel & 0x7f));
    return std::string(reinterpret_cast<char*>(buf + pos), sizeof buf - pos);
  }
  static std::string zlib(std::string_view bytes) {
    uLongf n = compressBound(static_cast<uLong>(bytes.size()));
    std::string out(n, '\0');
    compress2(reinterpret_cast<Bytef*>(out.data()), &n, reinterpret_cast<const Bytef*>(bytes.data()),
              static_cast<uLong>(bytes.size()), 6);
    out.resize(n);
    return out;
  }
  static std::string varint(uint64_t v) {
    std::string s;
    do {
      unsigned char c = v & 0x7f;
      v >>= 7;
      if (v) c |= 0x80;
      s.push_back(static_cast<char>(c));
    } while (v);
    return s;
  }
  // A delta's header: the base's and the result's sizes.
  static std::string delta_sizes(uint64_t base_size, uint64_t result_size) {
    return varint(base_size) + varint(result_size);
  }
  // A copy opcode: `len` bytes of the base from `off` (len < 2^24, 0 means 0x10000).
  static std::string copy_op(uint32_t off, uint32_t len) {
    std::string s(1, '\0');
    unsigned char cmd = 0x80;
    for (int k = 0; k < 4; ++k) {
      if ((off >> (8 * k)) & 0xff) {
        cmd |= 1u << k;
        s.push_back(static_cast<char>((off >> (8 * k)) & 0xff));
      }
    }
    for (int k = 0; k < 3; ++k) {
      if ((len >> (8 * k)) & 0xff) {
        cmd |= 0x10u << k;
        s.push_back(static_cast<char>((len >> (8 * k)) & 0xff));
      }
    }
    s[0] = static_cast<char>(cmd);
    return s;
  }
  static std::string insert_op(std::string_view bytes) { return std::string(1, static_cast<char>(bytes.size())) + std::string(bytes); }

  // Appends raw entry bytes for `id`; returns the entry's offset.
  uint64_t add_raw(const ObjectId& id, std::string raw) {
    const uint64_t offset = 12 + body_.size();
    body_ += raw;
    entries_.emplace_back(id, offset);
    return offset;
  }
  uint64_t add_object(const ObjectId& id, unsigned type, std::string_view content) {
    return add_raw(id, entry_header(type, content.size()) + zlib(content));
  }
  uint64_t add_ofs_delta(const ObjectId& id, uint64_t base_offset, std::string_view delta) {
    const uint64_t offset = 12 + body_.size();
    return add_raw(id, entry_header(6, delta.size()) + ofs_encoding(offset - base_offset) + zlib(delta));
  }
  uint64_t add_ref_delta(const ObjectId& id, const ObjectId& base, std::string_view delta) {
    return add_raw(id, entry_header(7, delta.size()) +
                           std::string(reinterpret_cast<const char*>(base.bytes.data()), ObjectId::kRawSize) +
                           zlib(delta));
  }

  std::string pack_bytes() const {
    std::string p = "PACK";
    p += be32(2);
    p += be32(static_cast<uint32_t>(entries_.size()));
    p += body_;
    p += std::string(20, '\xab');
    return p;
  }
  // A v2 index; offsets >= large_from go to the 8-byte table.
  std::string idx_bytes(uint64_t large_from = 0x80000000u) const {
    std::vector<std::pair<ObjectId, uint64_t>> sorted = entries_;
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& a, const auto& b) { return a.first.bytes < b.first.bytes; });
    std::string i = "\xfftOc";
    i += be32(2);
    for (int b = 0; b < 256; ++b) {
      uint32_t n = 0;
      for (const auto& e : sorted) n += e.first.bytes[0] <= b;
      i += be32(n);
    }
    for (const auto& e : sorted) i.append(reinterpret_cast<const char*>(e.first.bytes.data()), ObjectId::kRawSize);
    for (size_t k = 0; k < sorted.size(); ++k) i += be32(0);
    std::string large;
    uint32_t nlarge = 0;
    for (const auto& e : sorted) {
      if (e.second >= large_from) {
        i += be32(0x80000000u | nlarge++);
        large += be32(static_cast<uint32_t>(e.second >> 32)) + be32(static_cast<uint32_t>(e.second));
      } else {
        i += be32(static_cast<uint32_t>(e.second));
      }
    }
    i += large;
    i += std::string(20, '\xab');  // the pack's checksum, as pack_bytes() writes it
    i += std::string(20, '\xcd');
    return i;
  }
  // The pack as a PackFile in memory (the test REQUIREs it to open).
  Result<std::shared_ptr<const PackFile>> open(std::string name = "test.pack") const {
    return PackFile::from_files(MappedFile::from_bytes(name.substr(0, name.size() - 5) + ".idx", idx_bytes()),
                                MappedFile::from_bytes(name, pack_bytes()));
  }

  static std::string be32(uint32_t v) {
    std::string s(4, '\0');
    for (int k = 0; k < 4; ++k) s[k] = static_cast<char>(v >> (24 - 8 * k));
    return s;
  }

 private:
  std::string body_;
  std::vector<std::pair<ObjectId, uint64_t>> entries_;
};

}  // namespace keysweep
