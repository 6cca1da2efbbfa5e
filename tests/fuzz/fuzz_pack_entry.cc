// Pack entries (scanner/source/git/pack/) from arbitrary bytes: the input is a pack's body (what
// follows the 12-byte header). It is walked entry by entry from offset 12, each entry's end
// found by inflating its stream with zlib, and an index is written for the entries found (ids
// PackBuilder::id_of(0..n-1), so a REF_DELTA can name another entry), the first damaged entry
// included. Then every entry is read through ObjectReader, twice (the second time with a warm
// delta-base cache). Invariants: the pack opens; a read that succeeds agrees with read_header
// on type and size and again with itself; errors name the pack.
#include <zlib.h>

#include <string>

#include "scanner/source/git/pack/object_reader.h"
#include "scanner/source/git/pack/pack_entry.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/support/pack_builder.h"

namespace {

constexpr size_t kMaxEntries = 64;
constexpr uint64_t kMaxObject = 1 << 20;

// Where the zlib stream at data[0, size) ends, inflating at most 4 * kMaxObject bytes; 0 when
// it does not end cleanly.
size_t stream_end(const unsigned char* data, size_t size) {
  z_stream zs{};
  if (inflateInit(&zs) != Z_OK) return 0;
  unsigned char sink[16384];
  zs.next_in = const_cast<unsigned char*>(data);
  zs.avail_in = static_cast<uInt>(size);
  size_t produced = 0;
  size_t end = 0;
  for (;;) {
    zs.next_out = sink;
    zs.avail_out = sizeof sink;
    const int rc = inflate(&zs, Z_NO_FLUSH);
    produced += sizeof sink - zs.avail_out;
    if (rc == Z_STREAM_END) {
      end = size - zs.avail_in;
      break;
    }
    if (rc != Z_OK || produced > 4 * kMaxObject) break;
  }
  inflateEnd(&zs);
  return end;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace keysweep;
  const std::string body(reinterpret_cast<const char*>(data), size);
  PackBuilder b;
  const std::string name = "f.pack";
  // Offsets are relative to the pack: the body starts at 12.
  const std::string pack_view = std::string(12, '\0') + body;
  const auto* p = reinterpret_cast<const unsigned char*>(pack_view.data());
  uint64_t at = 0;
  for (uint32_t n = 0; n < kMaxEntries && at < body.size(); ++n) {
    Result<EntryHeader> h = parse_entry_header(p, 12 + at, pack_view.size(), name);
    size_t end = 0;
    if (h) end = stream_end(p + h->data_offset, pack_view.size() - h->data_offset);
    if (!h || end == 0) {
      b.add_raw(PackBuilder::id_of(n), body.substr(at));  // the damaged entry runs to the end
      at = body.size();
      break;
    }
    const uint64_t next = h->data_offset + end - 12;
    b.add_raw(PackBuilder::id_of(n), body.substr(at, next - at));
    at = next;
  }
  Result<std::shared_ptr<const PackFile>> pack = b.open(name);
  if (size == 0) {
    FUZZ_CHECK(pack.is_ok());  // an empty pack
    return 0;
  }
  FUZZ_CHECK(pack.is_ok());
  ObjectReader reader(ObjectDatabase::from_packs({*pack}),
                      ObjectReaderOptions{.cache_bytes = 1 << 20, .max_object_size = kMaxObject});
  const uint32_t count = (*pack)->index().count();
  for (int round = 0; round < 2; ++round) {
    for (uint32_t n = 0; n < count; ++n) {
      const ObjectId id = PackBuilder::id_of(n);
      Result<std::optional<ObjectHeader>> header = reader.read_header(id);
      Result<std::optional<Object>> object = reader.read(id, kMaxObject);
      if (!object) {
        FUZZ_CHECK(object.status().message().rfind("reading object " + id.hex() + ": pack f.pack: ", 0) == 0);
        continue;
      }
      FUZZ_CHECK(header.is_ok());
      FUZZ_CHECK(header->has_value() == object->has_value());
      if (!object->has_value()) continue;
      FUZZ_CHECK(header->value().type == object->value().type);
      FUZZ_CHECK(header->value().size == object->value().bytes.size());
      FUZZ_CHECK(object->value().bytes.size() <= kMaxObject);
      Result<std::optional<Object>> again = reader.read(id, kMaxObject);
      FUZZ_CHECK(again.is_ok() && again->has_value() && again->value().bytes == object->value().bytes);
    }
  }
  return 0;
}
