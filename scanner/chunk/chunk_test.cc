#include "scanner/chunk/chunk.h"

#include <catch2/catch.hpp>

namespace keysweep {
namespace {

Chunk text_chunk(std::string s, ChunkOrigin origin = {}) { return Chunk(std::move(s), Provenance{"f", "dir", "", ""}, origin); }

std::pair<uint32_t, uint32_t> at(const Chunk& c, size_t offset) {
  const LineCol lc = c.line_col(offset);
  return {lc.line, lc.column};
}

}  // namespace

TEST_CASE("regression: a lone CR is a line break (old Mac line endings)", "[chunk][regression]") {
  const Chunk c = text_chunk("a\rbb\rKEY");
  CHECK(at(c, 0) == std::pair<uint32_t, uint32_t>{1, 1});
  CHECK(at(c, 2) == std::pair<uint32_t, uint32_t>{2, 1});
  CHECK(at(c, 5) == std::pair<uint32_t, uint32_t>{3, 1});
  CHECK(at(c, 7) == std::pair<uint32_t, uint32_t>{3, 3});
  CHECK(c.line_start(6) == 5);
  CHECK(c.line_end(2) == 4);
  CHECK(c.line_end(5) == 8);
}

TEST_CASE("regression: CRLF is one line break, not two, and not part of the line", "[chunk][regression]") {
  const Chunk c = text_chunk("a\r\nbb\r\n\r\nKEY\r\n");
  CHECK(at(c, 3) == std::pair<uint32_t, uint32_t>{2, 1});
  CHECK(at(c, 7) == std::pair<uint32_t, uint32_t>{3, 1});
  CHECK(at(c, 9) == std::pair<uint32_t, uint32_t>{4, 1});
  CHECK(at(c, 11) == std::pair<uint32_t, uint32_t>{4, 3});
  // The line [start, end) holds no '\r'.
  CHECK(c.line_start(4) == 3);
  CHECK(c.line_end(4) == 5);
  CHECK(c.line_end(9) == 12);
  // The CR and LF of a break still belong to the line they end.
  CHECK(at(c, 1).first == 1);
  CHECK(at(c, 2).first == 1);
}

TEST_CASE("mixed LF, CRLF and CR endings count one line each", "[chunk]") {
  const Chunk c = text_chunk("1\n2\r\n3\r4\n\r5");
  CHECK(at(c, 11).first == 6);  // "\n\r" is two breaks: an LF, then a lone CR
  CHECK(c.origin_at(11).line == 6);
}

TEST_CASE("a chunk with an origin reports the whole input's lines and columns", "[chunk]") {
  const Chunk c = text_chunk("tail of line\nnext", ChunkOrigin{1000, 41, 7});
  CHECK(at(c, 0) == std::pair<uint32_t, uint32_t>{41, 7});
  CHECK(at(c, 5) == std::pair<uint32_t, uint32_t>{41, 12});
  CHECK(at(c, 13) == std::pair<uint32_t, uint32_t>{42, 1});
  CHECK(c.file_offset(13) == 1013);
  const ChunkOrigin o = c.origin_at(15);
  CHECK(o.offset == 1015);
  CHECK(o.line == 42);
  CHECK(o.column == 3);
}

TEST_CASE("origin_at agrees with line_col with and without the index", "[chunk]") {
  const std::string s = "ab\r\ncd\ref\n\ngh\r";
  const Chunk fresh = text_chunk(s, ChunkOrigin{0, 3, 5});
  const Chunk indexed = text_chunk(s, ChunkOrigin{0, 3, 5});
  (void)indexed.line_col(0);
  for (size_t i = 0; i <= s.size(); ++i) {
    INFO(i);
    const LineCol lc = indexed.line_col(i);
    CHECK(fresh.origin_at(i).line == lc.line);
    CHECK(fresh.origin_at(i).column == lc.column);
  }
}

TEST_CASE("line and column saturate instead of wrapping", "[chunk]") {
  const Chunk c = text_chunk("x\ny", ChunkOrigin{0, 0xFFFFFFFFull, 0x1FFFFFFFFull});
  CHECK(at(c, 0) == std::pair<uint32_t, uint32_t>{0xFFFFFFFFu, 0xFFFFFFFFu});
  CHECK(at(c, 2) == std::pair<uint32_t, uint32_t>{0xFFFFFFFFu, 1});
}

}  // namespace keysweep
