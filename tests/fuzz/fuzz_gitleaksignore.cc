// The `.gitleaksignore` reader (scanner/finding/peer_suppressions.h) over arbitrary bytes: never
// a crash or a hang; a refused file gives one line naming the file; an accepted one holds only
// well-formed entries, sorted, and each entry suppresses a finding at its own place (with its
// own commit, and with none when it has none) but not one line further on.
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "scanner/finding/peer_suppressions.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace keysweep;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Result<GitleaksIgnore> parsed = parse_gitleaksignore(text, ".gitleaksignore");
  if (!parsed) {
    const std::string m = parsed.status().message();
    FUZZ_CHECK(m.rfind("gitleaks ignore file '.gitleaksignore'", 0) == 0);
    FUZZ_CHECK(m.find('\n') == std::string::npos);
    return 0;
  }
  const GitleaksIgnore& ignore = parsed.value();
  const std::vector<GitleaksIgnoreEntry>& entries = ignore.entries();
  FUZZ_CHECK(entries.size() <= kMaxPeerSuppressionEntries);
  for (size_t i = 0; i < entries.size(); ++i) {
    const GitleaksIgnoreEntry& e = entries[i];
    FUZZ_CHECK(!e.path.empty() && !e.rule_id.empty() && e.line >= 1);
    FUZZ_CHECK(e.rule_id.find(':') == std::string::npos);
    FUZZ_CHECK(e.commit.empty() ||
               (e.commit.size() == 40 && e.commit.find_first_not_of("0123456789abcdef") == std::string::npos));
    if (i > 0) {
      const GitleaksIgnoreEntry& p = entries[i - 1];
      FUZZ_CHECK(std::tie(p.path, p.line, p.commit, p.rule_id) <= std::tie(e.path, e.line, e.commit, e.rule_id));
    }
    if (i >= 64) continue;  // a few lookups per input keep the fuzzer fast
    FUZZ_CHECK(ignore.suppresses(e.commit, e.path, e.line));
    const GitleaksIgnoreEntry* found = ignore.find(e.commit, e.path, e.line);
    FUZZ_CHECK(found != nullptr && found->path == e.path && found->line == e.line);
    FUZZ_CHECK(found->commit.empty() || found->commit == e.commit);
    if (e.commit.empty()) FUZZ_CHECK(ignore.suppresses("0123456789abcdef0123456789abcdef01234567", e.path, e.line));
    if (e.line < 4294967295u && ignore.suppresses(e.commit, e.path, e.line + 1)) {
      const GitleaksIgnoreEntry* next = ignore.find(e.commit, e.path, e.line + 1);
      FUZZ_CHECK(next != nullptr && next->line == e.line + 1);
    }
  }
  FUZZ_CHECK(!ignore.suppresses("", "", 1));
  return 0;
}
