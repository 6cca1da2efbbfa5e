// Parses and validates a .idx v2 file; see pack_index.h for the layout and what is checked.
#include "scanner/source/git/pack/pack_index.h"

#include <algorithm>
#include <cstring>

#include "scanner/source/git/pack/big_endian.h"

namespace keysweep {

namespace {

constexpr unsigned char kMagic[4] = {0xff, 't', 'O', 'c'};
constexpr uint32_t kLargeFlag = 0x80000000u;

Status bad(const std::string& name, const std::string& what) {
  return Status::error("pack index " + name + ": " + what);
}

// 1072 + per_object * n + 8 * m for hash size h: the fixed part of a v2 index.
uint64_t fixed_size(uint64_t hash_size) { return PackIndex::kHeaderSize + PackIndex::kFanoutSize + 2 * hash_size; }

}  // namespace

Result<std::shared_ptr<const PackIndex>> PackIndex::open(const std::string& path) {
  Result<std::shared_ptr<const MappedFile>> file = MappedFile::open(path);
  if (!file) return file.status();
  return parse(std::move(file.value()));
}

Result<std::shared_ptr<const PackIndex>> PackIndex::parse(std::shared_ptr<const MappedFile> file) {
  const std::string& name = file->name();
  const unsigned char* p = file->data();
  const uint64_t size = file->size();
  if (size < kHeaderSize) return bad(name, "truncated (" + std::to_string(size) + " bytes)");
  if (std::memcmp(p, kMagic, sizeof kMagic) != 0) {
    return bad(name, "no \\377tOc magic: not a version 2 index (version 1 indexes are not supported)");
  }
  const uint32_t version = load_be32(p + 4);
  if (version != 2) {
    return bad(name, "version " + std::to_string(version) + " is not supported (only version 2)");
  }
  if (size < fixed_size(ObjectId::kRawSize)) {
    return bad(name, "truncated (" + std::to_string(size) + " bytes, a version 2 index has at least " +
                         std::to_string(fixed_size(ObjectId::kRawSize)) + ")");
  }
  const unsigned char* fanout = p + kHeaderSize;
  uint32_t prev = 0;
  for (int b = 0; b < 256; ++b) {
    const uint32_t v = load_be32(fanout + 4 * b);
    if (v < prev) return bad(name, "fanout entry " + std::to_string(b) + " decreases");
    prev = v;
  }
  const uint64_t n = prev;
  if (n > kLargeFlag - 1) return bad(name, "claims " + std::to_string(n) + " objects, more than 2^31 - 1");
  const uint64_t min_size = fixed_size(ObjectId::kRawSize) + (ObjectId::kRawSize + 8) * n;
  if (size < min_size) {
    return bad(name, "truncated (" + std::to_string(size) + " bytes, " + std::to_string(n) + " objects need " +
                         std::to_string(min_size) + ")");
  }
  const uint64_t extra = size - min_size;
  if (extra % 8 != 0 || extra / 8 > n) {
    // A SHA-256 repository's index has the same header with 32-byte ids and checksums.
    constexpr uint64_t kSha256 = 32;
    const uint64_t sha256_min = fixed_size(kSha256) + (kSha256 + 8) * n;
    if (size >= sha256_min && (size - sha256_min) % 8 == 0 && (size - sha256_min) / 8 <= n) {
      return bad(name, "its size fits 32-byte object ids: SHA-256 repositories are not supported");
    }
    return bad(name, std::to_string(size) + " bytes does not fit the layout of " + std::to_string(n) + " objects");
  }

  std::shared_ptr<PackIndex> idx(new PackIndex());
  idx->count_ = static_cast<uint32_t>(n);
  idx->large_count_ = extra / 8;
  idx->fanout_ = fanout;
  idx->ids_ = fanout + kFanoutSize;
  idx->crcs_ = idx->ids_ + ObjectId::kRawSize * n;
  idx->offsets_ = idx->crcs_ + 4 * n;
  idx->large_offsets_ = idx->offsets_ + 4 * n;

  // Ids: strictly increasing, each in the bucket of its first byte (so find() is exact).
  uint32_t pos = 0;
  for (int b = 0; b < 256; ++b) {
    const uint32_t end = load_be32(fanout + 4 * b);
    for (; pos < end; ++pos) {
      const unsigned char* id = idx->ids_ + ObjectId::kRawSize * pos;
      if (id[0] != b) return bad(name, "object " + std::to_string(pos) + " is outside its fanout bucket");
      if (pos > 0 && std::memcmp(id - ObjectId::kRawSize, id, ObjectId::kRawSize) >= 0) {
        return bad(name, "object ids are not strictly increasing at position " + std::to_string(pos));
      }
    }
  }

  // Offsets: large-offset indexes in range, every offset past the pack header, no two alike.
  std::vector<uint64_t> offsets(n);
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t v = load_be32(idx->offsets_ + 4 * i);
    if (v & kLargeFlag) {
      const uint32_t li = v & ~kLargeFlag;
      if (li >= idx->large_count_) {
        return bad(name, "object " + std::to_string(i) + " names large offset " + std::to_string(li) + " of " +
                             std::to_string(idx->large_count_));
      }
      offsets[i] = load_be64(idx->large_offsets_ + 8 * uint64_t{li});
      if (offsets[i] >> 63) return bad(name, "object " + std::to_string(i) + " has an offset over 2^63");
    } else {
      offsets[i] = v;
    }
    if (offsets[i] < kPackHeaderSize) {
      return bad(name, "object " + std::to_string(i) + " has offset " + std::to_string(offsets[i]) +
                           ", inside the 12-byte pack header");
    }
  }
  idx->by_offset_.resize(n);
  for (uint32_t i = 0; i < n; ++i) idx->by_offset_[i] = i;
  std::sort(idx->by_offset_.begin(), idx->by_offset_.end(),
            [&](uint32_t a, uint32_t b) { return offsets[a] < offsets[b]; });
  for (uint32_t k = 1; k < n; ++k) {
    if (offsets[idx->by_offset_[k]] == offsets[idx->by_offset_[k - 1]]) {
      return bad(name, "two objects at offset " + std::to_string(offsets[idx->by_offset_[k]]));
    }
  }
  idx->max_offset_ = n ? offsets[idx->by_offset_[n - 1]] : 0;
  idx->file_ = std::move(file);
  return std::shared_ptr<const PackIndex>(std::move(idx));
}

std::optional<uint32_t> PackIndex::position(const ObjectId& id) const {
  const unsigned char b = id.bytes[0];
  uint32_t lo = b == 0 ? 0 : load_be32(fanout_ + 4 * (b - 1));
  uint32_t hi = load_be32(fanout_ + 4 * b);
  // Object ids are hashes, spread evenly: guessing where the id falls between the first 8 bytes
  // of the range's ends (interpolation search) lands within a few entries of it, where halving
  // takes log2(N/256) probes (11 for git/git's packs), each a likely cache miss. A few guesses,
  // then halving, so that ids made to cluster (a hostile index) cost no more than O(log N).
  const uint64_t key = load_be64(id.bytes.data());
  const auto at = [this](uint32_t pos) { return ids_ + ObjectId::kRawSize * uint64_t{pos}; };
  int guesses = 4;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (guesses > 0 && hi - lo > 8) {
      --guesses;
      const uint64_t first = load_be64(at(lo)), last = load_be64(at(hi - 1));
      // Outside [first, last] on the first 8 bytes: outside the range altogether.
      if (key < first || key > last) return std::nullopt;
      if (last > first) {
        const unsigned __int128 scaled = static_cast<unsigned __int128>(key - first) * (hi - 1 - lo);
        mid = lo + static_cast<uint32_t>(scaled / (last - first));  // in [lo, hi - 1]
      }
    }
    const uint64_t here = load_be64(at(mid));
    int c = here < key ? -1 : here > key ? 1 : 0;
    if (c == 0) c = std::memcmp(at(mid) + 8, id.bytes.data() + 8, ObjectId::kRawSize - 8);
    if (c == 0) return mid;
    if (c < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return std::nullopt;
}

std::optional<uint64_t> PackIndex::find(const ObjectId& id) const {
  std::optional<uint32_t> pos = position(id);
  if (!pos) return std::nullopt;
  return offset_at(*pos);
}

ObjectId PackIndex::id_at(uint32_t pos) const {
  ObjectId id;
  std::memcpy(id.bytes.data(), ids_ + ObjectId::kRawSize * uint64_t{pos}, ObjectId::kRawSize);
  return id;
}

uint64_t PackIndex::offset_at(uint32_t pos) const {
  const uint32_t v = load_be32(offsets_ + 4 * uint64_t{pos});
  if (!(v & kLargeFlag)) return v;
  return load_be64(large_offsets_ + 8 * uint64_t{v & ~kLargeFlag});  // index checked in parse()
}

uint32_t PackIndex::crc32_at(uint32_t pos) const { return load_be32(crcs_ + 4 * uint64_t{pos}); }

std::vector<PackIndex::Entry> PackIndex::entries_by_offset() const {
  std::vector<Entry> out;
  out.reserve(count_);
  for (uint32_t pos : by_offset_) out.push_back(Entry{offset_at(pos), id_at(pos)});
  return out;
}

Result<std::optional<uint64_t>> PackIndex::next_offset(uint64_t offset) const {
  auto it = std::lower_bound(by_offset_.begin(), by_offset_.end(), offset,
                             [&](uint32_t pos, uint64_t off) { return offset_at(pos) < off; });
  if (it == by_offset_.end() || offset_at(*it) != offset) {
    return bad(name(), "no object starts at offset " + std::to_string(offset));
  }
  ++it;
  if (it == by_offset_.end()) return std::optional<uint64_t>();
  return std::optional<uint64_t>(offset_at(*it));
}

const unsigned char* PackIndex::pack_checksum() const {
  return file_->data() + file_->size() - kTrailerSize;
}

}  // namespace keysweep
