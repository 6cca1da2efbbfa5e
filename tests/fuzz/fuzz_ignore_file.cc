// The `.keysweepignore` / `.secretlintignore` reader and matcher (scanner/finding/ignore_file.h)
// over arbitrary bytes, in both syntaxes: never a crash and never a slow match (the NFA's bound;
// the paths tried are at most kMaxPath bytes, so one call is at most 257 x 8,193 state steps for
// an 8 KiB input); a refused file gives one line naming the file; an accepted one holds sorted,
// unique, well-formed fingerprints, and a file without fingerprint lines means the same paths in
// both syntaxes.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/finding/ignore_file.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

constexpr size_t kMaxPath = 256;

// Paths to try: fixed ones, and each input line made a path (wildcards and escapes dropped, so
// a line that is a literal pattern meets its own path), cut to kMaxPath bytes.
std::vector<std::string> derived_paths(std::string_view text) {
  std::vector<std::string> paths = {"a", "a/b", "a/b/c.log", "build/x.o", ".env", "src/main.cc"};
  size_t pos = 0;
  while (pos < text.size() && paths.size() < 16) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string p;
    for (char c : text.substr(pos, nl - pos)) {
      if (c != '*' && c != '?' && c != '[' && c != ']' && c != '\\' && c != '!' && c != '\r')
        p += c;
    }
    pos = nl + 1;
    while (!p.empty() && p.front() == '/') p.erase(0, 1);
    p.resize(std::min(p.size(), kMaxPath));
    if (!p.empty()) paths.push_back(p);
  }
  return paths;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace keysweep;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::vector<std::string> paths = derived_paths(text);
  Result<IgnoreFile> results[2] = {parse_ignore_file(text, "fuzz", IgnoreSyntax::kKeysweep),
                                   parse_ignore_file(text, "fuzz", IgnoreSyntax::kGitignoreOnly)};
  std::vector<bool> answers[2];
  for (int syntax = 0; syntax < 2; ++syntax) {
    const Result<IgnoreFile>& r = results[syntax];
    if (!r) {
      const std::string m = r.status().message();
      FUZZ_CHECK(m.rfind("ignore file 'fuzz' line ", 0) == 0);
      FUZZ_CHECK(m.find('\n') == std::string::npos);
      continue;
    }
    const std::vector<std::string>& fps = r->fingerprints();
    for (size_t i = 0; i < fps.size(); ++i) {
      FUZZ_CHECK(fps[i].size() == 32 &&
                 fps[i].find_first_not_of("0123456789abcdef") == std::string::npos);
      if (i > 0) FUZZ_CHECK(fps[i - 1] < fps[i]);
      FUZZ_CHECK(r->has_fingerprint(fps[i]));
    }
    FUZZ_CHECK(r->pattern_count() <= kMaxIgnorePatterns);
    FUZZ_CHECK(!r->ignores_path(""));
    for (const std::string& p : paths) answers[syntax].push_back(r->ignores_path(p));
  }
  if (results[1]) FUZZ_CHECK(results[1]->fingerprints().empty());
  if (results[0] && results[1] && results[0]->fingerprints().empty()) {
    FUZZ_CHECK(answers[0] == answers[1]);
  }
  return 0;
}
