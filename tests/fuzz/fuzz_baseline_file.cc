// The `.keysweep-baseline.json` reader (scanner/finding/baseline_file.h) over arbitrary bytes:
// never a crash; a refused file gives one line naming the file; an accepted one is recognised by
// baseline_kind, holds only well-formed, sorted, unique entries within the caps, and written back
// reads back to the same baseline and the same bytes; merging it with itself changes nothing.
#include <string>
#include <string_view>

#include "scanner/finding/baseline_file.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace keysweep;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const BaselineKind kind = baseline_kind(text);
  keysweep::Result<BaselineFile> parsed = parse_baseline_file(text, "fuzz.json");
  if (!parsed) {
    const std::string m = parsed.status().message();
    FUZZ_CHECK(m.rfind("baseline 'fuzz.json'", 0) == 0);
    FUZZ_CHECK(m.find('\n') == std::string::npos);
    return 0;
  }
  FUZZ_CHECK(kind == BaselineKind::kFile);
  const BaselineFile& file = parsed.value();
  FUZZ_CHECK(check_kdf_params(file.kdf).is_ok());
  for (size_t i = 0; i < file.entries.size(); ++i) {
    const BaselineEntry& e = file.entries[i];
    FUZZ_CHECK(e.fp.size() == 32 && e.fp.find_first_not_of("0123456789abcdef") == std::string::npos);
    if (i > 0) FUZZ_CHECK(file.entries[i - 1].fp < e.fp);
    FUZZ_CHECK(e.rules.size() <= kMaxRules && e.paths.size() <= kMaxPaths);
    for (const std::string& p : e.paths) FUZZ_CHECK(!p.empty() && p.size() <= kMaxPathBytes);
    FUZZ_CHECK(find_in_baseline(file, e.fp) == &e);
  }
  const std::string written = format_baseline_file(file);
  FUZZ_CHECK(baseline_kind(written) == BaselineKind::kFile);
  keysweep::Result<BaselineFile> again = parse_baseline_file(written, "fuzz.json");
  FUZZ_CHECK(again.is_ok());
  FUZZ_CHECK(again.value() == file);
  FUZZ_CHECK(format_baseline_file(again.value()) == written);
  keysweep::Result<BaselineFile> self = merge_baselines(file, file);
  FUZZ_CHECK(self.is_ok() && self.value() == file);
  return 0;
}
