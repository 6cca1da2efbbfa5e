// PackIndex: a pack's .idx file (version 2, SHA-1), read in place from its mapping: object id ->
// offset in the .pack, and the pack's objects in pack order.
//
// Layout (git's Documentation/gitformat-pack.txt): magic "\377tOc", version 2, a 256-entry
// fanout (fanout[b] = number of ids whose first byte is <= b; fanout[255] = N), N sorted 20-byte
// ids, N CRC32s, N 4-byte offsets (MSB set: index into the next table), M 8-byte offsets, the
// pack's checksum, the index's own checksum. So the file is 1072 + 28 N + 8 M bytes, M < N.
//
// parse() validates the whole structure against the file size before anything is read: the
// fanout is non-decreasing, the size matches the layout exactly, ids are strictly increasing and
// each sits in its fanout bucket, large-offset indexes are in range, offsets are past the
// 12-byte pack header and pairwise distinct. No later lookup can read out of bounds or loop.
// The checksums are not verified (hashing a 300 MB index would cost more than the whole open;
// git does not verify them on open either); PackFile compares the pack checksum with the
// .pack's trailer. Not supported, each with an error that says so: version 1 indexes (no magic;
// git has not written them since 2009), version 3, and SHA-256 repositories' indexes.
//
// Memory: the mapping (shared) plus 4 bytes per object for the offset order (a permutation of
// positions sorted by offset, built once in parse(): O(N log N), ~30 ms for git.git's ~350k
// objects). Thread safety: immutable after parse(); share between threads via shared_ptr.
// Errors: every message names the file.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "scanner/base/status.h"
#include "scanner/source/git/object_id.h"
#include "scanner/source/git/pack/mapped_file.h"

namespace keysweep {

class PackIndex {
 public:
  static constexpr size_t kHeaderSize = 8;            // magic + version
  static constexpr size_t kFanoutSize = 256 * 4;
  static constexpr size_t kTrailerSize = 2 * ObjectId::kRawSize;
  static constexpr uint64_t kPackHeaderSize = 12;     // "PACK", version, count

  struct Entry {
    uint64_t offset;
    ObjectId id;
  };

  // Maps and parses `path`.
  static Result<std::shared_ptr<const PackIndex>> open(const std::string& path);
  // Parses bytes already mapped (or held in memory: tests, fuzzing).
  static Result<std::shared_ptr<const PackIndex>> parse(std::shared_ptr<const MappedFile> file);

  const std::string& name() const { return file_->name(); }
  uint32_t count() const { return count_; }

  // The offset in the pack of object `id`, or nullopt when this pack does not hold it.
  // O(log(bucket size)) comparisons of 20 bytes.
  std::optional<uint64_t> find(const ObjectId& id) const;
  // Position (0 <= pos < count(), in id order) of `id`, or nullopt.
  std::optional<uint32_t> position(const ObjectId& id) const;

  ObjectId id_at(uint32_t pos) const;
  uint64_t offset_at(uint32_t pos) const;
  uint32_t crc32_at(uint32_t pos) const;

  // Every (offset, id), sorted by offset: reading in this order keeps the pack's access
  // sequential and meets delta bases before (most of) their deltas. 28 bytes per object.
  std::vector<Entry> entries_by_offset() const;

  // For the object starting at `offset`: the offset where the next object starts, or nullopt
  // when it is the last (its data then ends at the pack's trailer) -- wrapped in an error when
  // no object of this index starts at `offset`. O(log N).
  Result<std::optional<uint64_t>> next_offset(uint64_t offset) const;
  // The largest object offset (0 for an empty index).
  uint64_t max_offset() const { return max_offset_; }
  // The 20-byte checksum of the .pack this index describes.
  const unsigned char* pack_checksum() const;

 private:
  PackIndex() = default;
  std::shared_ptr<const MappedFile> file_;
  uint32_t count_ = 0;
  uint64_t large_count_ = 0;
  const unsigned char* fanout_ = nullptr;
  const unsigned char* ids_ = nullptr;
  const unsigned char* crcs_ = nullptr;
  const unsigned char* offsets_ = nullptr;
  const unsigned char* large_offsets_ = nullptr;
  uint64_t max_offset_ = 0;
  std::vector<uint32_t> by_offset_;  // positions sorted by offset
};

}  // namespace keysweep
