// The decoder's region finder (scanner/decode/encoded_regions.h) over arbitrary bytes: never a
// crash; regions are in text order, inside the chunk and the derived text, within the decode
// budget; every derived offset maps into its region's chunk range, monotonically; base64 bodies
// are text.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/decode/encoded_regions.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static std::unique_ptr<keysweep::RegionFinder> finder = [] {
    auto f = keysweep::RegionFinder::create();
    FUZZ_CHECK(f);
    return std::move(f).value();
  }();
  // A copy whose end is the allocation's end, so ASan sees any read past the chunk.
  const std::string copy(reinterpret_cast<const char*>(data), size);
  // Candidate starts as the rules might capture them: after a blank, '=', ':' or a quote, and
  // the first byte.
  std::vector<uint32_t> starts{0};
  for (size_t p = 1; p < size; ++p) {
    const char c = copy[p - 1];
    if (c == ' ' || c == '=' || c == ':' || c == '"' || c == '\'') starts.push_back(static_cast<uint32_t>(p));
  }
  keysweep::EncodedRegions out;
  FUZZ_CHECK(finder->find(copy, starts, &out));
  size_t taken = 0;
  size_t prev_text_end = 0;
  for (const keysweep::EncodedRegion& r : out.regions) {
    FUZZ_CHECK(r.kind != keysweep::DecodeKind::kNone);
    FUZZ_CHECK(r.text_begin >= prev_text_end && r.text_begin <= r.text_end && r.text_end < out.text.size());
    FUZZ_CHECK(out.text[r.text_end] == '\n');
    FUZZ_CHECK(r.raw_begin <= r.raw_end && r.raw_end <= size);
    prev_text_end = r.text_end + 1;
    taken += r.raw_end - r.raw_begin;
    if (r.kind == keysweep::DecodeKind::kBase64) {
      FUZZ_CHECK(r.raw_begin <= r.run_begin && r.run_begin < r.run_end && r.run_end <= r.raw_end);
      FUZZ_CHECK(r.text_begin <= r.body_begin && r.body_begin < r.body_end && r.body_end <= r.text_end);
      FUZZ_CHECK(r.run_end - r.run_begin <= keysweep::RegionFinder::kMaxBase64Run);
      FUZZ_CHECK(keysweep::is_text(std::string_view(out.text).substr(r.body_begin, r.body_end - r.body_begin)));
    } else {
      FUZZ_CHECK(r.points_begin <= r.points_end && r.points_end <= out.points.size());
      FUZZ_CHECK(r.text_end - r.text_begin <= r.raw_end - r.raw_begin);  // unescaping never grows
    }
    size_t prev = r.raw_begin;
    for (size_t o = r.text_begin; o <= r.text_end; ++o) {
      const size_t b = out.chunk_offset(r, o, false);
      const size_t e = out.chunk_offset(r, o, true);
      FUZZ_CHECK(b >= prev && b <= e && e <= r.raw_end);
      prev = b;
      FUZZ_CHECK(out.region_at(o) == &r);
    }
    FUZZ_CHECK(out.chunk_offset(r, r.text_end, true) == r.raw_end);
  }
  FUZZ_CHECK(taken <= keysweep::RegionFinder::kMaxEncodedBytes);
  return 0;
}
