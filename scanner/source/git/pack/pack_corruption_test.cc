// Hostile packs, built byte by byte (tests/support/pack_builder.h): each damage is a clear
// error naming the pack and the offset, never a crash, an out-of-bounds read or a huge
// allocation (the ASan build, scripts/test.sh --sanitize, runs these too).
#include <catch2/catch.hpp>

#include "scanner/source/git/pack/object_reader.h"
#include "tests/support/pack_builder.h"

namespace keysweep {
namespace {

using B = PackBuilder;

// Opens the builder's pack (which must open) and reads object `n` (PackBuilder::id_of(n)).
std::string read_error(const PackBuilder& b, uint32_t n, uint64_t max_size = UINT64_MAX,
                       ObjectReaderOptions options = {}) {
  Result<std::shared_ptr<const PackFile>> pack = b.open();
  REQUIRE(pack.is_ok());
  ObjectReader reader(ObjectDatabase::from_packs({*pack}), options);
  Result<std::optional<Object>> o = reader.read(B::id_of(n), max_size);
  if (o.is_ok()) return o->has_value() ? "ok: " + o->value().bytes : "not here";
  return o.status().message();
}

std::string header_error(const PackBuilder& b, uint32_t n) {
  Result<std::shared_ptr<const PackFile>> pack = b.open();
  REQUIRE(pack.is_ok());
  ObjectReader reader(ObjectDatabase::from_packs({*pack}));
  Result<std::optional<ObjectHeader>> h = reader.read_header(B::id_of(n));
  if (h.is_ok()) return h->has_value() ? "ok: " + std::to_string(h->value().size) : "not here";
  return h.status().message();
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("pack reader: a well-formed hand-made pack reads back", "[pack][corrupt]") {
  PackBuilder b;
  const uint64_t base = b.add_object(B::id_of(1), 3, "hello, world");
  b.add_ofs_delta(B::id_of(2), base, B::delta_sizes(12, 11) + B::copy_op(7, 5) + B::insert_op(", ") + B::copy_op(0, 4));
  b.add_ref_delta(B::id_of(3), B::id_of(2), B::delta_sizes(11, 5) + B::copy_op(0, 5));
  CHECK(read_error(b, 1) == "ok: hello, world");
  CHECK(read_error(b, 2) == "ok: world, hell");
  CHECK(read_error(b, 3) == "ok: world");
  CHECK(header_error(b, 3) == "ok: 5");
  CHECK(read_error(b, 4) == "not here");
}

TEST_CASE("pack reader: a truncated pack does not open", "[pack][corrupt]") {
  PackBuilder b;
  b.add_object(B::id_of(1), 3, "some content");
  const std::string pack = b.pack_bytes();
  for (size_t n = 0; n < pack.size(); ++n) {
    Result<std::shared_ptr<const PackFile>> p =
        PackFile::from_files(MappedFile::from_bytes("t.idx", b.idx_bytes()), MappedFile::from_bytes("t.pack", pack.substr(0, n)));
    INFO(n);
    REQUIRE_FALSE(p.is_ok());
    CHECK(p.status().message().rfind("pack t.pack: ", 0) == 0);
  }
}

TEST_CASE("pack reader: a pack and an index that disagree do not open", "[pack][corrupt]") {
  PackBuilder b;
  b.add_object(B::id_of(1), 3, "some content");
  std::string stale = b.idx_bytes();
  stale[stale.size() - 40] ^= 1;
  Result<std::shared_ptr<const PackFile>> p =
      PackFile::from_files(MappedFile::from_bytes("t.idx", stale), MappedFile::from_bytes("t.pack", b.pack_bytes()));
  REQUIRE_FALSE(p.is_ok());
  CHECK(p.status().message() == "pack t.pack: its checksum differs from the one its index t.idx records (a stale index?)");
  std::string bad_count = b.pack_bytes();
  bad_count[11] = 2;
  p = PackFile::from_files(MappedFile::from_bytes("t.idx", b.idx_bytes()), MappedFile::from_bytes("t.pack", bad_count));
  REQUIRE_FALSE(p.is_ok());
  CHECK(p.status().message() == "pack t.pack: holds 2 objects, its index t.idx lists 1");
}

TEST_CASE("pack reader: a truncated or corrupt zlib stream is an error", "[pack][corrupt]") {
  const std::string content(3000, 'z');
  const std::string z = B::zlib(content);
  PackBuilder cut;
  cut.add_raw(B::id_of(1), B::entry_header(3, content.size()) + z.substr(0, z.size() / 2));
  CHECK(contains(read_error(cut, 1), "pack test.pack: object at offset 12: corrupt zlib stream"));
  std::string flipped = z;
  flipped[z.size() - 2] ^= 0x55;  // the Adler-32
  PackBuilder corrupt;
  corrupt.add_raw(B::id_of(1), B::entry_header(3, content.size()) + flipped);
  CHECK(contains(read_error(corrupt, 1), "object at offset 12: corrupt zlib stream"));
  PackBuilder trailing;
  trailing.add_raw(B::id_of(1), B::entry_header(3, content.size()) + z + "junk");
  CHECK(contains(read_error(trailing, 1), "zlib stream ends after"));
  PackBuilder short_size;
  short_size.add_raw(B::id_of(1), B::entry_header(3, content.size() + 1) + z);
  CHECK(contains(read_error(short_size, 1), "inflates to fewer than the 3001 bytes"));
  PackBuilder long_size;
  long_size.add_raw(B::id_of(1), B::entry_header(3, content.size() - 1) + z);
  CHECK(contains(read_error(long_size, 1), "inflates to more than the 2999 bytes"));
  // A delta whose stream is garbage: the header read (zlib's streaming inflate) fails too.
  PackBuilder delta;
  const uint64_t base = delta.add_object(B::id_of(1), 3, "base");
  delta.add_raw(B::id_of(2), B::entry_header(6, 10) + B::ofs_encoding(delta.pack_bytes().size() - 20 - base) + "not zlib");
  CHECK(contains(read_error(delta, 2), "corrupt zlib stream"));
  CHECK(contains(header_error(delta, 2), "corrupt zlib stream"));
}

TEST_CASE("pack reader: a delta that copies outside its base is an error", "[pack][corrupt]") {
  PackBuilder b;
  const uint64_t base = b.add_object(B::id_of(1), 3, "0123456789");
  b.add_ofs_delta(B::id_of(2), base, B::delta_sizes(10, 4) + B::copy_op(8, 4));
  const std::string e = read_error(b, 2);
  CHECK(contains(e, "reading object " + B::id_of(2).hex() + ": pack test.pack: object at offset "));
  CHECK(contains(e, "delta: copies bytes [8, 12) of a base of 10"));
  PackBuilder wrong_base;
  const uint64_t b2 = wrong_base.add_object(B::id_of(1), 3, "0123456789");
  wrong_base.add_ofs_delta(B::id_of(2), b2, B::delta_sizes(11, 1) + B::insert_op("x"));
  CHECK(contains(read_error(wrong_base, 2), "made for a base of 11 bytes, the base has 10"));
}

TEST_CASE("pack reader: an OFS_DELTA base before the pack start, or not an entry, is an error", "[pack][corrupt]") {
  PackBuilder before;
  before.add_object(B::id_of(1), 3, "base");
  const uint64_t at = 12 + before.pack_bytes().size() - 32;
  before.add_raw(B::id_of(2), B::entry_header(6, 3) + B::ofs_encoding(at) + B::zlib(B::delta_sizes(4, 1) + "\x01x"));
  CHECK(contains(read_error(before, 2), "OFS_DELTA base offset " + std::to_string(at) + " points before the start of the pack"));
  CHECK(contains(header_error(before, 2), "points before the start of the pack"));
  PackBuilder self;
  self.add_raw(B::id_of(1), B::entry_header(6, 3) + std::string(1, '\0') + B::zlib("abc"));
  CHECK(contains(read_error(self, 1), "points at the entry itself"));
  PackBuilder middle;
  middle.add_object(B::id_of(1), 3, "base");
  const uint64_t at2 = 12 + middle.pack_bytes().size() - 32;
  middle.add_raw(B::id_of(2), B::entry_header(6, 3) + B::ofs_encoding(at2 - 13) + B::zlib(B::delta_sizes(4, 1) + "\x01x"));
  CHECK(contains(read_error(middle, 2), "no object starts at offset 13"));
  PackBuilder overflow;
  overflow.add_raw(B::id_of(1), B::entry_header(6, 3) + std::string(12, '\xff') + "\x01" + B::zlib("abc"));
  CHECK(contains(read_error(overflow, 1), "OFS_DELTA base offset overflows"));
}

TEST_CASE("pack reader: a size header over the limit is refused before allocating", "[pack][corrupt]") {
  const uint64_t huge = uint64_t{1} << 60;
  PackBuilder blob;
  blob.add_raw(B::id_of(1), B::entry_header(3, huge) + B::zlib("tiny"));
  CHECK(contains(read_error(blob, 1, 1 << 20), "declares 1152921504606846976 bytes, over the limit of 1048576"));
  CHECK(contains(read_error(blob, 1), "over the limit of 1073741824 (the reader's max_object_size)"));
  CHECK(header_error(blob, 1) == "ok: 1152921504606846976");  // a header read allocates nothing
  // A delta whose result claims 2^60 bytes, and one whose own data does.
  PackBuilder result;
  const uint64_t base = result.add_object(B::id_of(1), 3, "base");
  result.add_ofs_delta(B::id_of(2), base, B::delta_sizes(4, huge) + B::insert_op("x"));
  CHECK(contains(read_error(result, 2, 1 << 20), "declares 1152921504606846976 bytes, over the limit of 1048576"));
  PackBuilder data;
  const uint64_t base2 = data.add_object(B::id_of(1), 3, "base");
  data.add_raw(B::id_of(2), B::entry_header(6, huge) + B::ofs_encoding(data.pack_bytes().size() - 20 - base2) +
                                B::zlib(B::delta_sizes(4, 1) + "\x01x"));
  CHECK(contains(read_error(data, 2, 1 << 20), "data declares 1152921504606846976 bytes, over the limit of"));
  // Over 64 bits: a header error.
  PackBuilder overlong;
  overlong.add_raw(B::id_of(1), "\xbf" + std::string(10, '\xff') + "\x7f" + B::zlib("x"));
  CHECK(contains(read_error(overlong, 1), "entry size does not fit 64 bits"));
}

TEST_CASE("pack reader: REF_DELTA cycles stop at the depth limit; a missing base is not here", "[pack][corrupt]") {
  PackBuilder cycle;
  cycle.add_ref_delta(B::id_of(1), B::id_of(2), B::delta_sizes(1, 1) + B::copy_op(0, 1));
  cycle.add_ref_delta(B::id_of(2), B::id_of(1), B::delta_sizes(1, 1) + B::copy_op(0, 1));
  CHECK(contains(read_error(cycle, 1), "delta chain deeper than 10000 (a REF_DELTA cycle?)"));
  CHECK(contains(header_error(cycle, 1), "delta chain deeper than 10000"));
  PackBuilder missing;
  missing.add_ref_delta(B::id_of(1), B::id_of(9), B::delta_sizes(1, 1) + B::copy_op(0, 1));
  CHECK(read_error(missing, 1) == "not here");
  CHECK(header_error(missing, 1) == "not here");
}

TEST_CASE("pack reader: invalid types and entries without data are errors", "[pack][corrupt]") {
  for (unsigned type : {0u, 5u}) {
    PackBuilder b;
    b.add_raw(B::id_of(1), B::entry_header(type, 1) + B::zlib("x"));
    CHECK(contains(read_error(b, 1), "invalid object type " + std::to_string(type)));
  }
  PackBuilder no_data;
  no_data.add_raw(B::id_of(1), B::entry_header(3, 1));
  CHECK(contains(read_error(no_data, 1), "no room for the entry's data"));
  PackBuilder cut_header;
  cut_header.add_raw(B::id_of(1), "\xb5");
  CHECK(contains(read_error(cut_header, 1), "entry header runs past the end of the entry"));
  PackBuilder cut_ref;
  cut_ref.add_raw(B::id_of(1), B::entry_header(7, 1) + std::string(10, 'x'));
  CHECK(contains(read_error(cut_ref, 1), "REF_DELTA base id runs past the end of the entry"));
}

}  // namespace keysweep
