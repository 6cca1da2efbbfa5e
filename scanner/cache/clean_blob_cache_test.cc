#include "scanner/cache/clean_blob_cache.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>

#include <sstream>

#include "scanner/base/hash.h"
#include "tests/support/temp_dir.h"

namespace keysweep {
namespace {

const std::string kKey = sha256_hex("a scan key");
const std::string kOtherKey = sha256_hex("another scan key");

BlobId id_of(uint32_t n) {
  const std::string h = sha256_hex(std::to_string(n));
  return *parse_blob_id(h.substr(0, 40));
}

std::string file_of(const std::vector<CleanBlob>& blobs, const CleanBlobCache& old = {}, const std::string& key = kKey) {
  std::ostringstream out;
  write_clean_blob_cache(out, key, old, blobs);
  return out.str();
}

std::vector<CleanBlob> some_blobs(uint32_t n) {
  std::vector<CleanBlob> out;
  for (uint32_t i = 0; i < n; ++i) out.push_back({id_of(i), 1000u * i + 7});
  return out;
}

// Header, records, trailer recomputed: a well-formed file around whatever `records` holds.
std::string with_digest(const std::string& header, const std::string& records) {
  const std::string body = header + records;
  return body + sha256_hex(body) + "\n";
}

}  // namespace

TEST_CASE("parse_blob_id takes 40 hex digits of either case only", "[cache]") {
  const auto id = parse_blob_id("00ff10Aa" + std::string(32, 'e'));
  REQUIRE(id);
  CHECK((*id)[0] == 0x00);
  CHECK((*id)[1] == 0xff);
  CHECK((*id)[2] == 0x10);
  CHECK((*id)[3] == 0xaa);
  CHECK((*id)[19] == 0xee);
  CHECK_FALSE(parse_blob_id(std::string(39, 'a')));
  CHECK_FALSE(parse_blob_id(std::string(64, 'a')));  // a SHA-256 id is not a cache key
  CHECK_FALSE(parse_blob_id(std::string(39, 'a') + "g"));
  CHECK_FALSE(parse_blob_id(""));
}

TEST_CASE("a written cache reads back: every blob with its byte count, nothing else", "[cache]") {
  std::vector<CleanBlob> blobs = some_blobs(500);
  std::vector<CleanBlob> shuffled(blobs.rbegin(), blobs.rend());
  shuffled.push_back(blobs[3]);  // duplicates collapse
  const std::string file = file_of(shuffled);
  CHECK(file.rfind("keysweep-history-cache 1 " + kKey + " 500\n", 0) == 0);
  CacheRead read = parse_clean_blob_cache(file, kKey);
  REQUIRE(read.state == CacheState::kLoaded);
  CHECK(read.problem.empty());
  CHECK(read.cache.size() == 500);
  for (const CleanBlob& b : blobs) CHECK(read.cache.find(b.id) == b.bytes);
  for (uint32_t i = 500; i < 600; ++i) CHECK_FALSE(read.cache.find(id_of(i)));
  for (uint64_t i = 1; i < read.cache.size(); ++i) CHECK(read.cache.record(i - 1).id < read.cache.record(i).id);
  // The same set gives the same bytes whatever the order it was handed in.
  CHECK(file_of(blobs) == file);
}

TEST_CASE("an empty cache is a valid file that knows nothing", "[cache]") {
  const std::string file = file_of({});
  CHECK(file.size() == 25 + 64 + 3 + 65);
  CacheRead read = parse_clean_blob_cache(file, kKey);
  REQUIRE(read.state == CacheState::kLoaded);
  CHECK(read.cache.size() == 0);
  CHECK_FALSE(read.cache.find(id_of(1)));
  CHECK_FALSE(CleanBlobCache().find(id_of(1)));
}

TEST_CASE("writing joins the old cache and the new clean blobs", "[cache]") {
  std::vector<CleanBlob> all = some_blobs(300);
  CacheRead old = parse_clean_blob_cache(file_of({all.begin(), all.begin() + 200}), kKey);
  REQUIRE(old.state == CacheState::kLoaded);
  std::ostringstream out;
  const CacheWritten w = write_clean_blob_cache(out, kKey, old.cache, {all.begin() + 150, all.end()});
  CHECK(w.blobs == 300);
  CHECK(w.dropped == 0);
  CacheRead joined = parse_clean_blob_cache(out.str(), kKey);
  REQUIRE(joined.state == CacheState::kLoaded);
  CHECK(joined.cache.size() == 300);
  for (const CleanBlob& b : all) CHECK(joined.cache.find(b.id) == b.bytes);
  CHECK(out.str() == file_of(all));
}

TEST_CASE("over the record limit the lowest ids are kept and the rest counted", "[cache]") {
  std::vector<CleanBlob> blobs = some_blobs(50);
  std::ostringstream out;
  const CacheWritten w = write_clean_blob_cache(out, kKey, CleanBlobCache(), blobs, 20);
  CHECK(w.blobs == 20);
  CHECK(w.dropped == 30);
  CacheRead read = parse_clean_blob_cache(out.str(), kKey);
  REQUIRE(read.state == CacheState::kLoaded);
  REQUIRE(read.cache.size() == 20);
  std::sort(blobs.begin(), blobs.end(), [](const CleanBlob& a, const CleanBlob& b) { return a.id < b.id; });
  for (size_t i = 0; i < blobs.size(); ++i) CHECK(read.cache.find(blobs[i].id).has_value() == (i < 20));
}

TEST_CASE("a cache made under another key or format version is stale, never used", "[cache]") {
  const std::string file = file_of(some_blobs(10));
  CacheRead other = parse_clean_blob_cache(file, kOtherKey);
  CHECK(other.state == CacheState::kStale);
  CHECK(other.cache.size() == 0);
  CHECK(other.problem.find("other rules") != std::string::npos);
  const std::string header2 = "keysweep-history-cache 2 " + kKey + " 0\n";
  CacheRead v2 = parse_clean_blob_cache(with_digest(header2, ""), kKey);
  CHECK(v2.state == CacheState::kStale);
  CHECK(v2.problem.find("version 2") != std::string::npos);
}

TEST_CASE("a damaged cache is refused with a one-line reason", "[cache]") {
  const std::string file = file_of(some_blobs(10));
  auto state_of = [](const std::string& bytes) {
    CacheRead r = parse_clean_blob_cache(bytes, kKey);
    INFO(r.problem);
    CHECK(r.problem.find('\n') == std::string::npos);
    if (r.state != CacheState::kLoaded) {
      CHECK_FALSE(r.problem.empty());
      CHECK(r.cache.size() == 0);
    }
    return r.state;
  };
  SECTION("every truncation") {
    for (size_t n = 0; n < file.size(); ++n) {
      INFO("first " << n << " bytes");
      CHECK(state_of(file.substr(0, n)) == CacheState::kDamaged);
    }
  }
  SECTION("extended") {
    CHECK(state_of(file + "x") == CacheState::kDamaged);
    CHECK(state_of(file + file) == CacheState::kDamaged);
  }
  SECTION("every single changed byte") {
    for (size_t i = 0; i < file.size(); ++i) {
      std::string bad = file;
      bad[i] = static_cast<char>(bad[i] ^ 0x01);
      INFO("byte " << i);
      // A changed key digit reads as another key's cache; anything else is damage.
      CHECK(state_of(bad) != CacheState::kLoaded);
    }
  }
  SECTION("not a cache at all") {
    CHECK(state_of("") == CacheState::kDamaged);
    CHECK(state_of("{\"findings\": []}\n") == CacheState::kDamaged);
    CHECK(state_of("keysweep-history-cache x " + kKey + " 0\n") == CacheState::kDamaged);
  }
  SECTION("a malformed header with a good digest") {
    for (const std::string& header :
         {"keysweep-history-cache 1 " + kKey + " 01\n", "keysweep-history-cache 1 " + kKey + " -1\n",
          "keysweep-history-cache 1 " + kKey + "\n", "keysweep-history-cache 1 " + kKey + " 0 0\n",
          "keysweep-history-cache 1 " + kKey.substr(1) + " 0\n", "keysweep-history-cache  1 " + kKey + " 0\n",
          "keysweep-history-cache 1 " + std::string(64, 'A') + " 0\n"}) {
      INFO(header);
      CHECK(state_of(with_digest(header, "")) == CacheState::kDamaged);
    }
  }
  SECTION("records out of order or repeated, with a good digest") {
    std::string rec_a(CleanBlobCache::kRecordSize, '\x01');
    std::string rec_b(CleanBlobCache::kRecordSize, '\x02');
    const std::string header = "keysweep-history-cache 1 " + kKey + " 2\n";
    CHECK(state_of(with_digest(header, rec_a + rec_b)) == CacheState::kLoaded);
    CHECK(state_of(with_digest(header, rec_b + rec_a)) == CacheState::kDamaged);
    CHECK(state_of(with_digest(header, rec_a + rec_a)) == CacheState::kDamaged);
  }
  SECTION("a count over the limit") {
    const std::string header = "keysweep-history-cache 1 " + kKey + " " +
                               std::to_string(CleanBlobCache::kMaxBlobs + 1) + "\n";
    CacheRead r = parse_clean_blob_cache(with_digest(header, ""), kKey);
    CHECK(r.state == CacheState::kDamaged);
    CHECK(r.problem.find("limit") != std::string::npos);
  }
}

TEST_CASE("read_clean_blob_cache: a missing file is a first run, a wrong kind of file an error", "[cache]") {
  TempDir tmp;
  Result<CacheRead> missing = read_clean_blob_cache(tmp.path() + "/none", kKey);
  REQUIRE(missing);
  CHECK(missing->state == CacheState::kMissing);

  const std::string path = tmp.write("cache", file_of(some_blobs(40)));
  Result<CacheRead> good = read_clean_blob_cache(path, kKey);
  REQUIRE(good);
  CHECK(good->state == CacheState::kLoaded);
  CHECK(good->cache.size() == 40);
  Result<CacheRead> stale = read_clean_blob_cache(path, kOtherKey);
  REQUIRE(stale);
  CHECK(stale->state == CacheState::kStale);

  // A header that promises more than the limit, or more than the file holds, is refused from the
  // header and the file's size alone.
  const std::string huge = tmp.write("huge", "keysweep-history-cache 1 " + kKey + " 33554432\n" + std::string(100, 'x'));
  Result<CacheRead> r = read_clean_blob_cache(huge, kKey);
  REQUIRE(r);
  CHECK(r->state == CacheState::kDamaged);
  CHECK(r->problem.find("its header says 939524260") != std::string::npos);

  const std::string fifo = tmp.path() + "/fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  Result<CacheRead> f = read_clean_blob_cache(fifo, kKey);
  REQUIRE_FALSE(f);
  CHECK(f.status().message().find("a FIFO, not a regular file") != std::string::npos);
  Result<CacheRead> d = read_clean_blob_cache(tmp.path(), kKey);
  REQUIRE_FALSE(d);
  CHECK(d.status().message().find("a directory") != std::string::npos);
}

}  // namespace keysweep
