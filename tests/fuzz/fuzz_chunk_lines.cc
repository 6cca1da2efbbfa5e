// Chunk's byte-offset -> line/column mapping (scanner/chunk/chunk.h) over arbitrary bytes,
// checked against a plain count of '\n': every offset (all of them for small inputs, a spread
// of them for large ones) must satisfy
//   line_start(o) <= o <= line_end(o) <= size, no '\n' in [line_start, line_end),
//   line_end is a '\n' or the end, line_col(o) = (1 + newlines before o, o - line_start + 1),
// and line_col must be monotone in o.
#include <string>
#include <string_view>
#include <vector>

#include "scanner/chunk/chunk.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const keysweep::Chunk chunk(bytes, keysweep::Provenance{"fuzz.txt", "dir", "", ""});
  // Large inputs: about 4096 offsets, always including the last ones.
  const size_t step = size <= 4096 ? 1 : size / 4096;
  size_t newlines_before = 0;  // '\n' in [0, o)
  size_t counted_to = 0;
  keysweep::LineCol prev{0, 0};
  std::vector<size_t> offsets;
  for (size_t o = 0; o < size; o += step) offsets.push_back(o);
  offsets.push_back(size);  // one past the last byte is allowed
  for (const size_t o : offsets) {
    for (; counted_to < o; ++counted_to) newlines_before += bytes[counted_to] == '\n';
    const size_t start = chunk.line_start(o);
    const size_t end = chunk.line_end(o);
    FUZZ_CHECK(start <= o && o <= end && end <= size);
    FUZZ_CHECK(end == size || bytes[end] == '\n');
    FUZZ_CHECK(start == 0 || bytes[start - 1] == '\n');
    FUZZ_CHECK(std::string_view(bytes).substr(start, end - start).find('\n') == std::string_view::npos);
    const keysweep::LineCol lc = chunk.line_col(o);
    FUZZ_CHECK(lc.line == newlines_before + 1);
    FUZZ_CHECK(lc.column == o - start + 1);
    FUZZ_CHECK(lc.line > prev.line || (lc.line == prev.line && lc.column > prev.column));
    prev = lc;
  }
  return 0;
}
