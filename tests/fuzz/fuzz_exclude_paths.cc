// trufflehog's --exclude-paths file (scanner/finding/exclude_paths.h) over arbitrary bytes:
// never a crash or a hang; when it parses, matching a few paths derived from the input gives
// the same answer twice, and an empty list matches nothing.
#include <string>
#include <string_view>

#include "scanner/finding/exclude_paths.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = keysweep::parse_exclude_paths(text, "fuzz.txt");
  if (!parsed) {
    FUZZ_CHECK(!parsed.status().message().empty());
    return 0;
  }
  FUZZ_CHECK(parsed->size() <= keysweep::kMaxExcludePatterns);
  const std::string paths[] = {"", "a.py", "src/vendor/x.js", std::string(text.substr(0, 64)),
                               std::string(text.substr(text.size() / 2, 64))};
  for (const std::string& p : paths) {
    const bool once = parsed->matches(p);
    FUZZ_CHECK(parsed->matches(p) == once);
  }
  if (parsed->size() == 0) FUZZ_CHECK(!parsed->matches("anything"));
  return 0;
}
