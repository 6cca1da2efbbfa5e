// A pack index (scanner/source/git/pack/pack_index.h) from arbitrary bytes. An accepted index
// must be self-consistent: every id is found at its own offset, the offset order is strictly
// increasing, and next_offset() walks it; a rejected one names the file.
#include <string>

#include "scanner/source/git/pack/pack_index.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace keysweep;
  Result<std::shared_ptr<const PackIndex>> idx =
      PackIndex::parse(MappedFile::from_bytes("f.idx", std::string(reinterpret_cast<const char*>(data), size)));
  if (!idx) {
    FUZZ_CHECK(idx.status().message().rfind("pack index f.idx: ", 0) == 0);
    return 0;
  }
  const PackIndex& ix = **idx;
  const std::vector<PackIndex::Entry> entries = ix.entries_by_offset();
  FUZZ_CHECK(entries.size() == ix.count());
  for (size_t k = 0; k < entries.size(); ++k) {
    FUZZ_CHECK(entries[k].offset >= PackIndex::kPackHeaderSize);
    if (k > 0) FUZZ_CHECK(entries[k - 1].offset < entries[k].offset);
    FUZZ_CHECK(ix.find(entries[k].id) == entries[k].offset);
    Result<std::optional<uint64_t>> next = ix.next_offset(entries[k].offset);
    FUZZ_CHECK(next.is_ok());
    FUZZ_CHECK(*next == (k + 1 < entries.size() ? std::optional<uint64_t>(entries[k + 1].offset) : std::nullopt));
    FUZZ_CHECK(!ix.next_offset(entries[k].offset + 1).is_ok() ||
               (k + 1 < entries.size() && entries[k + 1].offset == entries[k].offset + 1));
  }
  if (!entries.empty()) FUZZ_CHECK(ix.max_offset() == entries.back().offset);
  return 0;
}
