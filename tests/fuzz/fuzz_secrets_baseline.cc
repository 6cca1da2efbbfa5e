// The detect-secrets `.secrets.baseline` reader (scanner/finding/peer_suppressions.h) over
// arbitrary bytes: never a crash or a hang; a refused file gives one line naming the file; an
// accepted one holds only well-formed entries, sorted, and each entry suppresses a finding on
// its own line in its own file, but nothing in a file the baseline does not name.
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "scanner/finding/peer_suppressions.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace keysweep;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Result<DetectSecretsBaseline> parsed = parse_detect_secrets_baseline(text, ".secrets.baseline");
  if (!parsed) {
    const std::string m = parsed.status().message();
    FUZZ_CHECK(m.rfind("detect-secrets baseline '.secrets.baseline'", 0) == 0);
    FUZZ_CHECK(m.find('\n') == std::string::npos);
    return 0;
  }
  const DetectSecretsBaseline& baseline = parsed.value();
  const std::vector<DetectSecretsEntry>& entries = baseline.entries();
  FUZZ_CHECK(entries.size() <= kMaxPeerSuppressionEntries);
  for (size_t i = 0; i < entries.size(); ++i) {
    const DetectSecretsEntry& e = entries[i];
    const std::string_view hash(e.hashed_secret.data(), e.hashed_secret.size());
    FUZZ_CHECK(hash.find_first_not_of("0123456789abcdef") == std::string_view::npos);
    if (i > 0) {
      const DetectSecretsEntry& p = entries[i - 1];
      FUZZ_CHECK(std::tie(p.filename, p.hashed_secret, p.line_number) <=
                 std::tie(e.filename, e.hashed_secret, e.line_number));
    }
    if (i >= 64) continue;  // a few lookups per input keep the fuzzer fast
    if (e.line_number != 0) {
      std::optional<DetectSecretsMatch> m = baseline.find(e.filename, e.line_number, "no baseline hashes this");
      FUZZ_CHECK(m.has_value() && m->entry != nullptr && m->entry->filename == e.filename);
      FUZZ_CHECK(m->by_hash || m->entry->line_number == e.line_number);
      FUZZ_CHECK(m->is_secret == m->entry->is_secret);
    }
    const std::string other = e.filename + "/not-listed";
    bool listed = false;
    for (const DetectSecretsEntry& x : entries) listed = listed || x.filename == other;
    if (!listed) FUZZ_CHECK(!baseline.suppresses(other, e.line_number, "x"));
  }
  if (entries.empty()) FUZZ_CHECK(!baseline.suppresses("a.py", 1, ""));
  return 0;
}
