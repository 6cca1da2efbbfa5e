// The matcher and the finding stage with the default pack over arbitrary bytes
// (scanner/match/matcher.h, scanner/finding/placer.h), as a scan runs them. Never a crash or a
// hang, the matches depend on the bytes alone (the same bytes under another path give the same
// MatchSet), and every finding must be where it says it is:
//   - the secret is non-empty and sits in the chunk at (line, column);
//   - (end_line, end_column) is the position one past its last byte;
//   - line_text is a piece of the secret's first line, and the fingerprint is 32 hex digits, the
//     same for the same secret (the salted hash itself is tested in secret_hash_test.cc);
//   - a second scan with the same (reused) Matcher gives the same findings.
// The first byte picks the path the chunk is scanned under (paths change which rules apply).
#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/match/matcher.h"
#include "scanner/ruleset/embedded_db.h"
#include "scanner/ruleset/ruleset.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/support/find_in_chunk.h"

namespace {

keysweep::Matcher& matcher() {
  static const std::unique_ptr<keysweep::Matcher> m = [] {
    keysweep::RuleSetOptions opts;
    opts.embedded_db = keysweep::embedded_prefilter_db();
    opts.validate_defaults = false;
    auto rules = keysweep::RuleSet::build(keysweep::Config{}, opts);
    FUZZ_CHECK(rules);
    auto made = keysweep::Matcher::create(*rules);
    FUZZ_CHECK(made);
    return std::move(made).value();
  }();
  return *m;
}

const keysweep::Placer& placer() {
  static const keysweep::Placer p = [] {
    keysweep::RuleSetOptions opts;
    opts.embedded_db = keysweep::embedded_prefilter_db();
    opts.validate_defaults = false;
    auto rules = keysweep::RuleSet::build(keysweep::Config{}, opts);
    FUZZ_CHECK(rules);
    return keysweep::Placer(*rules);
  }();
  return p;
}

bool same_matches(const keysweep::MatchSet& a, const keysweep::MatchSet& b) {
  if (a.matches.size() != b.matches.size() || a.masked.size() != b.masked.size()) return false;
  for (size_t i = 0; i < a.matches.size(); ++i) {
    const keysweep::Match& x = a.matches[i];
    const keysweep::Match& y = b.matches[i];
    if (x.rule != y.rule || x.match_begin != y.match_begin || x.match_end != y.match_end ||
        x.secret_begin != y.secret_begin || x.secret_end != y.secret_end || x.name_begin != y.name_begin ||
        x.name_end != y.name_end) {
      return false;
    }
  }
  for (size_t i = 0; i < a.masked.size(); ++i) {
    if (a.masked[i].begin != b.masked[i].begin || a.masked[i].end != b.masked[i].end) return false;
  }
  return true;
}

constexpr const char* kPaths[] = {
    "notes.txt", ".env", "config/settings.py", "deploy/values.yaml", "src/main/resources/application.properties",
    "tests/fixtures/keys.json", "id_rsa", "wp-config.php", ".npmrc", "docker-compose.yml", "web.config",
    "scripts/deploy.sh", ".pgpass", "Dockerfile", "app.min.js", "README.md",
};

bool same(const keysweep::Finding& a, const keysweep::Finding& b) {
  return a.rule_id == b.rule_id && a.line == b.line && a.column == b.column && a.end_line == b.end_line &&
         a.end_column == b.end_column && a.secret == b.secret && a.line_text == b.line_text &&
         a.tags == b.tags;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const char* path = kPaths[size ? data[0] % (sizeof kPaths / sizeof kPaths[0]) : 0];
  const keysweep::Chunk chunk(bytes, keysweep::Provenance{path, "dir", "", ""});
  std::vector<keysweep::Finding> found;
  FUZZ_CHECK(keysweep::find_in_chunk(matcher(), placer(), chunk, &found));

  // Start offset of each line, to turn (line, column) back into an offset. Worked out here
  // independently of Chunk, by the rule chunk/chunk.h states: "\n", "\r\n" (one break) or a
  // lone "\r" ends a line.
  std::vector<size_t> line_starts{0};
  for (size_t i = 0; i < size; ++i) {
    if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 == size || bytes[i + 1] != '\n'))) {
      line_starts.push_back(i + 1);
    }
  }
  std::map<std::string, std::string> fingerprint_of;
  for (const keysweep::Finding& f : found) {
    FUZZ_CHECK(!f.rule_id.empty());
    FUZZ_CHECK(!f.secret.empty());
    FUZZ_CHECK(f.line >= 1 && f.line <= line_starts.size());
    const size_t begin = line_starts[f.line - 1] + f.column - 1;
    FUZZ_CHECK(f.column >= 1 && begin + f.secret.size() <= size);
    FUZZ_CHECK(std::string_view(bytes).substr(begin, f.secret.size()) == f.secret);
    const keysweep::LineCol end = chunk.line_col(begin + f.secret.size());
    FUZZ_CHECK(f.end_line == end.line && f.end_column == end.column);
    const size_t ls = chunk.line_start(begin);
    const std::string_view line = std::string_view(bytes).substr(ls, chunk.line_end(begin) - ls);
    FUZZ_CHECK(line.find(f.line_text) != std::string_view::npos);
    FUZZ_CHECK(f.fingerprint.size() == 32 && f.fingerprint.find_first_not_of("0123456789abcdef") == std::string::npos);
    FUZZ_CHECK(fingerprint_of.emplace(f.secret, f.fingerprint).first->second == f.fingerprint);
    FUZZ_CHECK(f.provenance.path == path);
  }

  std::vector<keysweep::Finding> again;
  FUZZ_CHECK(keysweep::find_in_chunk(matcher(), placer(), chunk, &again));
  FUZZ_CHECK(again.size() == found.size());
  for (size_t i = 0; i < found.size(); ++i) FUZZ_CHECK(same(found[i], again[i]));

  // Bytes in, matches out: the provenance plays no part.
  keysweep::MatchSet here, elsewhere;
  FUZZ_CHECK(matcher().scan(chunk, &here));
  const keysweep::Chunk moved(bytes, keysweep::Provenance{"other/place.py", "history", "c0ffee", "b10b"});
  FUZZ_CHECK(matcher().scan(moved, &elsewhere));
  FUZZ_CHECK(same_matches(here, elsewhere));
  return 0;
}
