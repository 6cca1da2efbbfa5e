// DeltaBaseCache: objects recently rebuilt as delta bases, keyed by where their entry sits
// (pack number in the ObjectDatabase, offset), least recently used evicted first.
//
// Why: git packs chain deltas up to --depth deep (50 by default, 250 with aggressive repacks),
// and neighbouring objects share chains; without a cache, reading the k-th object of a chain
// inflates and applies k deltas, with it about one.
//
// Arithmetic: each entry is charged its bytes plus kEntryOverhead (list node, hash node, string
// and shared_ptr headers: ~100 bytes on 64-bit libstdc++, rounded up to 128), and inserts evict
// from the cold end until the charge fits `capacity_bytes`; so the cache holds at most
// capacity_bytes of charge (default 64 MiB: ObjectReaderOptions). An object whose charge exceeds
// a quarter of the capacity is not cached at all, so one large base cannot flush every other
// (git's delta_base_cache_limit plays the same role). Entries are shared_ptr<const string>: a
// caller holding one keeps it alive after eviction, so the bytes may briefly outlive the
// capacity by the objects the caller holds (one chain's base and result at a time).
//
// Thread safety: one thread (an ObjectReader's own). Errors: none.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "scanner/source/git/pack/object_type.h"

namespace keysweep {

class DeltaBaseCache {
 public:
  static constexpr size_t kEntryOverhead = 128;

  struct Entry {
    ObjectType type;
    std::shared_ptr<const std::string> bytes;
  };

  explicit DeltaBaseCache(size_t capacity_bytes) : capacity_(capacity_bytes) {}

  // The object at (pack, offset), now the most recently used; nullopt when not cached.
  std::optional<Entry> find(uint32_t pack, uint64_t offset);
  // Caches the object (replacing an entry at the same key), evicting as the arithmetic says.
  void insert(uint32_t pack, uint64_t offset, ObjectType type, std::shared_ptr<const std::string> bytes);

  size_t charged_bytes() const { return charged_; }
  size_t entries() const { return map_.size(); }
  size_t capacity_bytes() const { return capacity_; }

 private:
  struct Key {
    uint32_t pack;
    uint64_t offset;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const { return std::hash<uint64_t>()(k.offset * 0x9e3779b97f4a7c15ull ^ k.pack); }
  };
  struct Node {
    Key key;
    Entry entry;
    size_t charge;
  };
  void evict_one();

  size_t capacity_;
  size_t charged_ = 0;
  std::list<Node> lru_;  // front: most recently used
  std::unordered_map<Key, std::list<Node>::iterator, KeyHash> map_;
};

}  // namespace keysweep
