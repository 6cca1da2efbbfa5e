#include "scanner/source/git/pack/pack_index.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <sstream>

#include "scanner/base/hash.h"
#include "scanner/source/git/git_objects.h"
#include "tests/e2e/git_test_repo.h"
#include "tests/support/pack_builder.h"

namespace keysweep {
namespace {

ObjectId id_from_hex(const std::string& hex) {
  ObjectId id;
  for (size_t i = 0; i < ObjectId::kRawSize; ++i) id.bytes[i] = static_cast<unsigned char>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
  return id;
}

// A repository with one pack of a few dozen objects; returns the .idx path.
std::string one_pack(const TestRepo& repo) {
  for (int i = 0; i < 12; ++i) {
    repo.write("f" + std::to_string(i % 4) + ".txt", "version " + std::to_string(i) + "\n" + std::string(200, 'a' + i % 26));
    repo.commit_all("c" + std::to_string(i));
  }
  repo.git({"repack", "-a", "-d", "-q"});
  for (const auto& e : std::filesystem::directory_iterator(repo.root() + "/.git/objects/pack")) {
    if (e.path().extension() == ".idx") return e.path().string();
  }
  FAIL("no .idx after git repack");
  return "";
}

// `git show-index` of an index: offset -> hex id.
std::map<uint64_t, std::string> show_index(const TestRepo& repo, const std::string& idx) {
  CommandResult r = run_command(hermetic(repo.home(), {"sh", "-c", "git show-index < '" + idx + "'"}), repo.root());
  REQUIRE(r.exit_code == 0);
  std::map<uint64_t, std::string> out;
  std::istringstream in(r.out_text);
  uint64_t off;
  std::string hex, crc;
  while (in >> off >> hex >> crc) out[off] = hex;
  return out;
}

void check_against_git(const PackIndex& idx, const std::map<uint64_t, std::string>& git) {
  REQUIRE(idx.count() == git.size());
  std::vector<PackIndex::Entry> entries = idx.entries_by_offset();
  REQUIRE(entries.size() == git.size());
  auto it = git.begin();
  for (size_t k = 0; k < entries.size(); ++k, ++it) {
    CHECK(entries[k].offset == it->first);
    CHECK(entries[k].id.hex() == it->second);
    CHECK(idx.find(id_from_hex(it->second)) == it->first);
    Result<std::optional<uint64_t>> next = idx.next_offset(it->first);
    REQUIRE(next.is_ok());
    auto after = std::next(it);
    CHECK(*next == (after == git.end() ? std::nullopt : std::optional<uint64_t>(after->first)));
  }
  ObjectId absent = id_from_hex(git.begin()->second);
  absent.bytes[19] ^= 1;
  CHECK_FALSE(idx.find(absent));
  CHECK_FALSE(idx.next_offset(git.begin()->first + 1).is_ok());
}

}  // namespace

TEST_CASE("PackIndex: finds every object git's index lists, in offset order", "[pack][idx]") {
  TestRepo repo;
  const std::string path = one_pack(repo);
  Result<std::shared_ptr<const PackIndex>> idx = PackIndex::open(path);
  REQUIRE(idx.is_ok());
  check_against_git(**idx, show_index(repo, path));
}

TEST_CASE("PackIndex: reads 8-byte offsets", "[pack][idx]") {
  TestRepo repo;
  const std::string path = one_pack(repo);
  const std::string pack = path.substr(0, path.size() - 4) + ".pack";
  const std::string big = repo.tmp().path() + "/big.idx";
  // --index-version=2,0: every offset goes to the large-offset table.
  repo.git({"index-pack", "--index-version=2,0", "-o", big, pack});
  Result<std::shared_ptr<const PackIndex>> idx = PackIndex::open(big);
  REQUIRE(idx.is_ok());
  CHECK(std::filesystem::file_size(big) == std::filesystem::file_size(path) + 8 * (*idx)->count());
  check_against_git(**idx, show_index(repo, path));
}

TEST_CASE("PackIndex: a version 1 index is not supported, clearly", "[pack][idx]") {
  TestRepo repo;
  const std::string path = one_pack(repo);
  const std::string v1 = repo.tmp().path() + "/v1.idx";
  repo.git({"index-pack", "--index-version=1", "-o", v1, path.substr(0, path.size() - 4) + ".pack"});
  Result<std::shared_ptr<const PackIndex>> idx = PackIndex::open(v1);
  REQUIRE_FALSE(idx.is_ok());
  CHECK(idx.status().message() == "pack index " + v1 +
                                      ": no \\377tOc magic: not a version 2 index (version 1 indexes are not supported)");
}

TEST_CASE("PackIndex: every truncation of an index is an error naming the file", "[pack][idx]") {
  PackBuilder b;
  for (uint32_t i = 0; i < 5; ++i) b.add_object(PackBuilder::id_of(i * 0x01000000u), 3, "blob " + std::to_string(i));
  const std::string full = b.idx_bytes(/*large_from=*/40);  // some in the large-offset table
  REQUIRE(PackIndex::parse(MappedFile::from_bytes("t.idx", full)).is_ok());
  for (size_t n = 0; n < full.size(); ++n) {
    Result<std::shared_ptr<const PackIndex>> idx = PackIndex::parse(MappedFile::from_bytes("t.idx", full.substr(0, n)));
    INFO(n);
    REQUIRE_FALSE(idx.is_ok());
    CHECK(idx.status().message().rfind("pack index t.idx: ", 0) == 0);
  }
}

TEST_CASE("PackIndex: structural damage is an error", "[pack][idx]") {
  PackBuilder b;
  for (uint32_t i = 0; i < 3; ++i) b.add_object(PackBuilder::id_of(i * 0x01000000u), 3, "blob " + std::to_string(i));
  const std::string good = b.idx_bytes(/*large_from=*/30);
  auto error_of = [](std::string bytes) {
    Result<std::shared_ptr<const PackIndex>> idx = PackIndex::parse(MappedFile::from_bytes("t.idx", std::move(bytes)));
    return idx.is_ok() ? std::string("ok") : idx.status().message();
  };
  CHECK(error_of(good) == "ok");
  std::string v3 = good;
  v3[7] = 3;
  CHECK(error_of(v3) == "pack index t.idx: version 3 is not supported (only version 2)");
  std::string decreasing = good;
  decreasing[8 + 4 * 10 + 3] = 9;  // fanout[10] = 9 > fanout[11]
  CHECK(error_of(decreasing) == "pack index t.idx: fanout entry 11 decreases");
  std::string unsorted = good;
  std::swap_ranges(unsorted.begin() + 1032, unsorted.begin() + 1052, unsorted.begin() + 1052);
  CHECK(error_of(unsorted).find("outside its fanout bucket") != std::string::npos);
  std::string bad_large = good;
  bad_large[1032 + 3 * 24 + 4 * 2 + 3] = 7;  // the third offset names large offset 7 of 2 (or more)
  CHECK(error_of(bad_large).find("names large offset") != std::string::npos);
  std::string in_header = good;
  in_header[1032 + 3 * 24 + 3] = 4;  // first offset 4: inside the pack header
  CHECK(error_of(in_header).find("inside the 12-byte pack header") != std::string::npos);
  std::string dup = good;
  for (int k = 0; k < 4; ++k) dup[1032 + 3 * 24 + 4 + k] = dup[1032 + 3 * 24 + k];  // two objects, one offset
  CHECK(error_of(dup).find("two objects at offset") != std::string::npos);
  CHECK(error_of(good + "x").find("does not fit the layout of 3 objects") != std::string::npos);
  // The same header with 32-byte ids: a SHA-256 repository's index.
  std::string sha256 = good.substr(0, 1032) + std::string(3 * (32 + 8) + 64, '\0');
  CHECK(error_of(sha256).find("SHA-256 repositories are not supported") != std::string::npos);
}

}  // namespace keysweep

namespace keysweep {
namespace {

// An index of `ids` (one tiny blob each), parsed.
std::shared_ptr<const PackIndex> index_of(std::vector<ObjectId> ids) {
  std::sort(ids.begin(), ids.end(), [](const ObjectId& a, const ObjectId& b) { return a.bytes < b.bytes; });
  ids.erase(std::unique(ids.begin(), ids.end(), [](const ObjectId& a, const ObjectId& b) { return a.bytes == b.bytes; }),
            ids.end());
  PackBuilder b;
  for (const ObjectId& id : ids) b.add_raw(id, "x");
  Result<std::shared_ptr<const PackIndex>> idx = PackIndex::parse(MappedFile::from_bytes("t.idx", b.idx_bytes()));
  REQUIRE(idx.is_ok());
  return *idx;
}

// Every id is found at its offset; ids next to each (one lower or higher in some byte) are not.
void check_lookups(const PackIndex& idx) {
  const std::vector<PackIndex::Entry> entries = idx.entries_by_offset();
  OidSet present;
  for (const PackIndex::Entry& e : entries) present.insert(to_git_oid(e.id));
  for (const PackIndex::Entry& e : entries) {
    REQUIRE(idx.find(e.id) == e.offset);
    for (size_t byte : {1u, 7u, 8u, 19u}) {
      for (int delta : {-1, 1}) {
        ObjectId near = e.id;
        near.bytes[byte] = static_cast<unsigned char>(near.bytes[byte] + delta);
        if (present.count(to_git_oid(near))) continue;
        INFO(near.hex());
        CHECK_FALSE(idx.find(near));
      }
    }
  }
}

}  // namespace

TEST_CASE("PackIndex: lookups in large fanout buckets, of hash-spread and of clustered ids", "[pack][idx]") {
  std::vector<ObjectId> spread;  // spread like real ids: a hash of a counter
  for (uint32_t i = 0; i < 20000; ++i) spread.push_back(id_from_hex(sha256_hex("blob " + std::to_string(i)).substr(0, 40)));
  check_lookups(*index_of(spread));

  std::vector<ObjectId> clustered;  // a hostile index: most ids in one bucket, bunched at its ends
  for (uint32_t i = 0; i < 3000; ++i) {
    ObjectId id;
    id.bytes[0] = 0x42;
    id.bytes[1] = i < 1500 ? 0x00 : 0xff;
    id.bytes[6] = static_cast<unsigned char>(i >> 8);
    id.bytes[7] = static_cast<unsigned char>(i);
    id.bytes[12] = static_cast<unsigned char>(i * 7);
    clustered.push_back(id);
    ObjectId twin = id;  // the same first 8 bytes, another tail
    twin.bytes[19] = 0x99;
    clustered.push_back(twin);
  }
  ObjectId low, high;
  low.bytes[0] = 0x42;
  high.bytes.fill(0xff);
  high.bytes[0] = 0x42;
  clustered.push_back(low);
  clustered.push_back(high);
  check_lookups(*index_of(clustered));
}

}  // namespace keysweep
