#include "scanner/source/git/pack/delta_base_cache.h"

namespace keysweep {

std::optional<DeltaBaseCache::Entry> DeltaBaseCache::find(uint32_t pack, uint64_t offset) {
  auto it = map_.find(Key{pack, offset});
  if (it == map_.end()) return std::nullopt;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->entry;
}

void DeltaBaseCache::insert(uint32_t pack, uint64_t offset, ObjectType type, std::shared_ptr<const std::string> bytes) {
  const size_t charge = bytes->size() + kEntryOverhead;
  if (bytes->size() > capacity_ / 4 || charge > capacity_ / 4) return;
  const Key key{pack, offset};
  if (auto it = map_.find(key); it != map_.end()) {
    charged_ -= it->second->charge;
    lru_.erase(it->second);
    map_.erase(it);
  }
  while (charged_ + charge > capacity_ && !lru_.empty()) evict_one();
  lru_.push_front(Node{key, Entry{type, std::move(bytes)}, charge});
  map_.emplace(key, lru_.begin());
  charged_ += charge;
}

void DeltaBaseCache::evict_one() {
  Node& cold = lru_.back();
  charged_ -= cold.charge;
  map_.erase(cold.key);
  lru_.pop_back();
}

}  // namespace keysweep
