#include "scanner/source/chunk_stream.h"

#include <catch2/catch.hpp>

#include <random>

#include "scanner/decode/transcode.h"

namespace keysweep {
namespace {

WindowGeometry small(size_t w, size_t v) {
  WindowGeometry g;
  g.window_size = w;
  g.overlap = v;
  return g;
}

struct Cut {
  uint64_t owned_begin, owned_end, chunk_begin;
  ChunkOrigin origin;
  std::string bytes;
  std::vector<uint64_t> file_offsets;  // file_offset() of each chunk byte
};

std::vector<Cut> windows_of(const std::string& input, DetectedEncoding enc, WindowGeometry g, size_t head = 0) {
  ChunkStream stream(Provenance{"f", "dir", "", ""}, enc, input.substr(0, head),
                     std::make_unique<MemoryReader>(input.substr(head)), g, input.size(), false);
  std::vector<Cut> cuts;
  while (true) {
    auto w = stream.next();
    REQUIRE(w);
    if (!*w) break;
    Cut c{(*w)->owned_begin, (*w)->owned_end, (*w)->chunk->file_offset(0), (*w)->chunk->origin(),
          std::string((*w)->chunk->bytes()), {}};
    for (size_t i = 0; i < c.bytes.size(); ++i) c.file_offsets.push_back((*w)->chunk->file_offset(i));
    cuts.push_back(std::move(c));
    REQUIRE(cuts.size() < 100000);
  }
  CHECK(stream.bytes_read() == input.size());
  return cuts;
}

std::string random_text(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  const char* pieces[] = {"\n", "\r\n", "\r", "key=value ", "x", "\xC3\xA9", "  "};
  std::string s;
  while (s.size() < n) s += pieces[rng() % 7];
  return s;
}

}  // namespace

TEST_CASE("windows tile the input and each chunk starts at the input's own line and column", "[chunk-stream]") {
  const std::string input = random_text(60000, 1);
  const Chunk whole(input, Provenance{});
  const WindowGeometry g = small(4096, 1024);
  const std::vector<Cut> cuts = windows_of(input, DetectedEncoding{}, g);
  REQUIRE(cuts.size() > 10);
  uint64_t expect_begin = 0;
  for (const Cut& c : cuts) {
    CHECK(c.owned_begin == expect_begin);
    expect_begin = c.owned_end;
    CHECK(c.bytes.size() <= g.window_size + 2 * g.overlap);
    // The chunk holds the overlap before and after its owned range (clipped to the input).
    CHECK(c.chunk_begin <= (c.owned_begin > g.overlap ? c.owned_begin - g.overlap : 0));
    CHECK(c.chunk_begin + c.bytes.size() >= std::min<uint64_t>(input.size(), c.owned_end + g.overlap));
    CHECK(c.bytes == input.substr(c.chunk_begin, c.bytes.size()));
    const LineCol lc = whole.line_col(c.chunk_begin);
    CHECK(c.origin.line == lc.line);
    CHECK(c.origin.column == lc.column);
  }
  CHECK(expect_begin == input.size());
}

TEST_CASE("a stream over a short input, an empty one, and one with a probe already read", "[chunk-stream]") {
  const std::vector<Cut> one = windows_of("a=1\n", DetectedEncoding{}, small(4096, 1024), 2);
  REQUIRE(one.size() == 1);
  CHECK(one[0].bytes == "a=1\n");
  const std::vector<Cut> none = windows_of("", DetectedEncoding{}, small(4096, 1024));
  REQUIRE(none.size() == 1);
  CHECK(none[0].bytes.empty());
}

TEST_CASE("a UTF-8 byte-order mark is left out of the chunk and its columns", "[chunk-stream]") {
  const std::vector<Cut> cuts = windows_of("\xEF\xBB\xBFk=v", DetectedEncoding{TextEncoding::kUtf8, 3}, small(4096, 1024));
  REQUIRE(cuts.size() == 1);
  CHECK(cuts[0].bytes == "k=v");
  CHECK(cuts[0].origin.offset == 3);
  CHECK(cuts[0].origin.column == 1);
}

TEST_CASE("UTF-16 input is transcoded window by window, surrogate pairs are never split", "[chunk-stream]") {
  // Text with line breaks and supplementary characters, long enough for many windows.
  std::mt19937 rng(3);
  std::u16string s;
  while (s.size() < 30000) {
    switch (rng() % 6) {
      case 0: s += u"\r\n"; break;
      case 1: s += u'\r'; break;
      case 2: s += u"\U0001F600"; break;
      case 3: s += u'\u4e2d'; break;
      default: s += u"token "; break;
    }
  }
  std::string raw = "\xFF\xFE";
  for (char16_t c : s) {
    raw.push_back(static_cast<char>(c & 0xFF));
    raw.push_back(static_cast<char>(c >> 8));
  }
  std::string whole_text;
  Transcoded whole_t = transcode_to_utf8(std::string_view(raw).substr(2), TextEncoding::kUtf16Le, 0, &whole_text);
  const Chunk whole(whole_text, Provenance{}, ChunkOrigin{2, 1, 1}, whole_t.map);
  const std::vector<Cut> cuts = windows_of(raw, DetectedEncoding{TextEncoding::kUtf16Le, 2}, small(4096, 1024), 100);
  REQUIRE(cuts.size() > 5);
  const std::string fffd = "\xEF\xBF\xBD";
  for (const Cut& c : cuts) {
    INFO(c.chunk_begin);
    // Never a replacement character: no window edge splits a surrogate pair.
    CHECK(c.bytes.find(fffd) == std::string::npos);
    // The chunk's text is the whole text's from the same input offset, and lines and columns agree.
    size_t start = 0;
    while (start < whole_text.size() && whole.file_offset(start) < c.chunk_begin) ++start;
    CHECK(whole_text.compare(start, c.bytes.size(), c.bytes) == 0);
    const LineCol lc = whole.line_col(start);
    CHECK(c.origin.line == lc.line);
    CHECK(c.origin.column == lc.column);
    for (size_t i = 0; i < c.bytes.size(); i += 97) CHECK(c.file_offsets[i] == whole.file_offset(start + i));
  }
}

TEST_CASE("standard input past its limit stops there and says so", "[chunk-stream]") {
  const std::string input(10000, 'a');
  ChunkStream stream(Provenance{"-", "stdin", "", ""}, DetectedEncoding{}, "", std::make_unique<MemoryReader>(input),
                     small(4096, 1024), 6000, /*check_overflow=*/true);
  uint64_t last_end = 0;
  while (true) {
    auto w = stream.next();
    REQUIRE(w);
    if (!*w) break;
    last_end = (*w)->owned_end;
  }
  CHECK(last_end == 6000);
  CHECK(stream.bytes_read() == 6000);
  CHECK(stream.over_limit());
}

}  // namespace keysweep
