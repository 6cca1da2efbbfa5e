// The baseline reader (scanner/finding/baseline.h) over arbitrary bytes: never a crash, an
// accepted baseline holds only well-formed fingerprints, and a refused one names its file and
// adds nothing.
#include <string>
#include <string_view>
#include <vector>

#include "scanner/finding/baseline.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> fps{"sentinel"};
  keysweep::Status st = keysweep::parse_baseline(text, "fuzz.json", &fps);
  FUZZ_CHECK(!fps.empty() && fps[0] == "sentinel");
  if (!st) {
    FUZZ_CHECK(fps.size() == 1);
    FUZZ_CHECK(st.message().rfind("baseline 'fuzz.json'", 0) == 0);
    FUZZ_CHECK(st.message().find('\n') == std::string::npos);  // one-line errors
    return 0;
  }
  for (size_t i = 1; i < fps.size(); ++i) {
    FUZZ_CHECK(fps[i].size() == 32);
    FUZZ_CHECK(fps[i].find_first_not_of("0123456789abcdef") == std::string::npos);
  }
  return 0;
}
