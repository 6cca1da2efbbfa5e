// git's delta format (scanner/source/git/pack/git_delta.h) over an arbitrary base and delta:
// the first two bytes give the base's length (mod the input left), the base follows, the rest
// is the delta. An applied delta must give exactly the result size its header declares, for a
// base of exactly the size it declares; a rejected one leaves the limit unexceeded.
#include <string>
#include <string_view>

#include "scanner/source/git/pack/git_delta.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace keysweep;
  if (size < 2) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 2, size - 2);
  const size_t base_len = ((size_t{data[0]} << 8) | data[1]) % (input.size() + 1);
  const std::string_view base = input.substr(0, base_len);
  const std::string_view delta = input.substr(base_len);
  constexpr uint64_t kMax = 1 << 20;
  std::string out = "previous";
  const Status st = apply_delta(base, delta, kMax, &out);
  Result<DeltaSizes> sizes = parse_delta_sizes(delta);
  if (st) {
    FUZZ_CHECK(sizes.is_ok());
    FUZZ_CHECK(sizes->base_size == base.size());
    FUZZ_CHECK(sizes->result_size == out.size());
    FUZZ_CHECK(out.size() <= kMax);
  } else {
    FUZZ_CHECK(st.message().rfind("delta: ", 0) == 0);
    FUZZ_CHECK(out.size() <= kMax);
  }
  return 0;
}
