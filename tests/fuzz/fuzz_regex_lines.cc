// The reading of a rule regex's text (ruleset/regex_newlines.h) against RE2 itself. The input
// is a pattern, a NUL, then a text. Never a crash or a hang; and when RE2 accepts the pattern:
//   - matches_stay_on_one_line: no match RE2 finds in the text holds a '\n' but as its last
//     byte (the matcher would otherwise look for it on the wrong lines);
//   - wraps_cleanly: `(?s:.*?)(PATTERN)` compiles to one group more, and searched anchored at
//     each position it finds what the pattern finds searching unanchored from there, groups
//     included (LazyRegex::anchored relies on both). Only for ASCII patterns: with a byte above
//     0x7f RE2 2022-06's unanchored search can miss matches (ruleset.cc, LazyRegex::anchored).
#include <re2/re2.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/ruleset/regex_newlines.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nul = input.find('\0');
  const std::string pattern(input.substr(0, nul));
  const std::string text(nul == std::string_view::npos ? std::string_view() : input.substr(nul + 1));
  const bool one_line = keysweep::matches_stay_on_one_line(pattern);
  const bool wraps = keysweep::wraps_cleanly(pattern);
  if (pattern.size() > 512 || text.size() > 2048) return 0;  // bounded RE2 work per input
  RE2::Options opt;  // as ruleset.h's rule_re2_options(), with less memory
  opt.set_encoding(RE2::Options::EncodingLatin1);
  opt.set_log_errors(false);
  opt.set_max_mem(8 << 20);
  RE2 re(pattern, opt);
  if (!re.ok()) return 0;
  const int groups = re.NumberOfCapturingGroups();
  std::vector<re2::StringPiece> g(static_cast<size_t>(groups) + 1);
  if (one_line) {
    size_t pos = 0;
    while (pos <= text.size() && re.Match(text, pos, text.size(), RE2::UNANCHORED, g.data(), 1)) {
      const std::string_view m(g[0].data(), g[0].size());
      FUZZ_CHECK(m.empty() || m.substr(0, m.size() - 1).find('\n') == std::string_view::npos);
      const size_t begin = static_cast<size_t>(g[0].data() - text.data());
      pos = begin + (m.empty() ? 1 : m.size());
    }
  }
  const bool ascii = std::none_of(pattern.begin(), pattern.end(), [](char c) { return static_cast<unsigned char>(c) > 0x7f; });
  if (wraps && ascii) {
    RE2 wrapped("(?s:.*?)(" + pattern + ")", opt);
    FUZZ_CHECK(wrapped.ok());
    FUZZ_CHECK(wrapped.NumberOfCapturingGroups() == groups + 1);
    std::vector<re2::StringPiece> w(static_cast<size_t>(groups) + 2);
    for (size_t pos = 0; pos <= text.size(); pos += 1 + text.size() / 16) {
      const bool plain = re.Match(text, pos, text.size(), RE2::UNANCHORED, g.data(), static_cast<int>(g.size()));
      const bool anchored =
          wrapped.Match(text, pos, text.size(), RE2::ANCHOR_START, w.data(), static_cast<int>(w.size()));
      FUZZ_CHECK(plain == anchored);
      for (size_t i = 0; plain && i < g.size(); ++i) {
        FUZZ_CHECK(g[i].data() == w[i + 1].data() && g[i].size() == w[i + 1].size());
      }
    }
  }
  return 0;
}
