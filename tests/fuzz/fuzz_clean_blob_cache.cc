// The history cache file parser (scanner/cache/clean_blob_cache.h) over arbitrary bytes: never a
// crash, an accepted file is exactly what the writer writes for its records (so every check the
// writer's output passes is also what acceptance means), every recorded blob is found, and a
// refused file knows no blob and says why in one line.
#include <string>
#include <string_view>

#include "scanner/cache/clean_blob_cache.h"
#include "tests/fuzz/fuzz_check.h"

#include <sstream>

namespace {

// The key the seeds were written under (tests/fuzz/seeds/clean_blob_cache/), the SHA-256 of "".
constexpr std::string_view kKey = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace keysweep;
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  CacheRead read = parse_clean_blob_cache(bytes, kKey);
  FUZZ_CHECK(read.problem.find('\n') == std::string::npos);
  if (read.state != CacheState::kLoaded) {
    FUZZ_CHECK(!read.problem.empty());
    FUZZ_CHECK(read.cache.size() == 0);
    return 0;
  }
  FUZZ_CHECK(read.problem.empty());
  FUZZ_CHECK(read.cache.size() <= CleanBlobCache::kMaxBlobs);
  for (uint64_t i = 0; i < read.cache.size(); ++i) {
    const CleanBlob b = read.cache.record(i);
    FUZZ_CHECK(read.cache.find(b.id) == b.bytes);
    if (i > 0) FUZZ_CHECK(read.cache.record(i - 1).id < b.id);
  }
  // Written back with nothing new, an accepted file gives the same bytes.
  std::ostringstream out;
  const CacheWritten w = write_clean_blob_cache(out, kKey, read.cache, {});
  FUZZ_CHECK(w.blobs == read.cache.size() && w.dropped == 0);
  FUZZ_CHECK(out.str() == bytes);
  // Under another key it is never used.
  FUZZ_CHECK(parse_clean_blob_cache(bytes, std::string(64, '0')).state == CacheState::kStale);
  return 0;
}
