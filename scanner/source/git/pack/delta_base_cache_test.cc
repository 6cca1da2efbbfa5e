#include "scanner/source/git/pack/delta_base_cache.h"

#include <catch2/catch.hpp>

namespace keysweep {

TEST_CASE("DeltaBaseCache: evicts the least recently used to stay within its byte budget", "[pack][cache]") {
  constexpr size_t kCharge = 1000 + DeltaBaseCache::kEntryOverhead;
  DeltaBaseCache cache(4 * 4 * kCharge);  // room for 16 entries of 1000 bytes; a quarter is 4 of them
  for (uint64_t i = 0; i < 16; ++i) {
    cache.insert(0, i, ObjectType::kBlob, std::make_shared<const std::string>(1000, 'a'));
  }
  CHECK(cache.entries() == 16);
  CHECK(cache.charged_bytes() == 16 * kCharge);
  REQUIRE(cache.find(0, 0));  // now the most recent
  cache.insert(1, 99, ObjectType::kTree, std::make_shared<const std::string>(1000, 'b'));
  CHECK(cache.entries() == 16);
  CHECK_FALSE(cache.find(0, 1));  // the coldest went
  REQUIRE(cache.find(0, 0));
  CHECK(cache.find(1, 99)->type == ObjectType::kTree);
  CHECK(cache.charged_bytes() <= cache.capacity_bytes());
}

TEST_CASE("DeltaBaseCache: an object over a quarter of the budget is not cached", "[pack][cache]") {
  DeltaBaseCache cache(4000);
  cache.insert(0, 12, ObjectType::kBlob, std::make_shared<const std::string>(1000, 'a'));
  CHECK(cache.entries() == 0);
  cache.insert(0, 12, ObjectType::kBlob, std::make_shared<const std::string>(100, 'a'));
  CHECK(cache.entries() == 1);
  cache.insert(0, 12, ObjectType::kBlob, std::make_shared<const std::string>(200, 'a'));  // replaces
  CHECK(cache.entries() == 1);
  CHECK(cache.charged_bytes() == 200 + DeltaBaseCache::kEntryOverhead);
  DeltaBaseCache none(0);
  none.insert(0, 12, ObjectType::kBlob, std::make_shared<const std::string>());
  CHECK(none.entries() == 0);
}

TEST_CASE("DeltaBaseCache: an entry held by the caller survives its eviction", "[pack][cache]") {
  DeltaBaseCache cache(4 * (100 + DeltaBaseCache::kEntryOverhead));
  cache.insert(0, 1, ObjectType::kBlob, std::make_shared<const std::string>(100, 'x'));
  std::optional<DeltaBaseCache::Entry> held = cache.find(0, 1);
  for (uint64_t i = 2; i < 10; ++i) cache.insert(0, i, ObjectType::kBlob, std::make_shared<const std::string>(100, 'y'));
  CHECK_FALSE(cache.find(0, 1));
  CHECK(*held->bytes == std::string(100, 'x'));
}

}  // namespace keysweep
