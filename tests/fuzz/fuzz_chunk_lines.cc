// Chunk's byte-offset -> line/column mapping (scanner/chunk/chunk.h) over arbitrary bytes,
// checked against a plain model of its line breaks ("\n", "\r\n" as one break, a lone "\r"):
// every offset (all of them for small inputs, a spread of them for large ones) must satisfy
//   line_start(o) <= o, line_end(o) <= size, the line starts after a break (or at 0),
//   line_col(o) = (the model's line of o, o - line_start + 1), monotone in o,
// and, except for the "\n" of a "\r\n", line_end(o) >= o ends at a break or at the end with no
// break inside [line_start, line_end).
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/chunk/chunk.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

bool is_break(const std::string& b, size_t i) { return b[i] == '\n' || b[i] == '\r'; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const keysweep::Chunk chunk(bytes, keysweep::Provenance{"fuzz.txt", "dir", "", ""});
  // Large inputs: about 4096 offsets, always including the last ones.
  const size_t step = size <= 4096 ? 1 : size / 4096;
  // The model: where each line starts.
  std::vector<size_t> starts{0};
  for (size_t i = 0; i < size; ++i) {
    if (bytes[i] == '\r' && i + 1 < size && bytes[i + 1] == '\n') {
      starts.push_back(i + 2);
      ++i;
    } else if (is_break(bytes, i)) {
      starts.push_back(i + 1);
    }
  }
  keysweep::LineCol prev{0, 0};
  std::vector<size_t> offsets;
  for (size_t o = 0; o < size; o += step) offsets.push_back(o);
  offsets.push_back(size);  // one past the last byte is allowed
  for (const size_t o : offsets) {
    const size_t line0 = static_cast<size_t>(std::upper_bound(starts.begin(), starts.end(), o) - starts.begin()) - 1;
    const size_t start = chunk.line_start(o);
    const size_t end = chunk.line_end(o);
    FUZZ_CHECK(start == starts[line0]);
    FUZZ_CHECK(start <= o && end <= size);
    const bool lf_of_crlf = o > 0 && o < size && bytes[o] == '\n' && bytes[o - 1] == '\r';
    if (!lf_of_crlf) {
      FUZZ_CHECK(o <= end);
      FUZZ_CHECK(end == size || is_break(bytes, end));
      for (size_t i = start; i < end; ++i) FUZZ_CHECK(!is_break(bytes, i));
    }
    const keysweep::LineCol lc = chunk.line_col(o);
    FUZZ_CHECK(lc.line == line0 + 1);
    FUZZ_CHECK(lc.column == o - start + 1);
    FUZZ_CHECK(lc.line > prev.line || (lc.line == prev.line && lc.column > prev.column));
    prev = lc;
  }
  return 0;
}
