// The finding stage: one chunk matched once, its matches placed at several places. What depends
// on the path (allow_paths, exclude_paths, path checks, test-fixture tags) differs per place;
// the matches themselves do not.
#include "scanner/finding/placer.h"

#include <catch2/catch.hpp>

#include <algorithm>

#include "scanner/match/matcher.h"
#include "tests/support/test_rules.h"

namespace keysweep {
namespace {

const char* kRules = R"(
[[rule]]
id = "quoted-token"
description = "A token that must be quoted in code"
regex = '''token\s{0,3}=\s{0,3}["']?(?P<secret>qt_[A-Za-z0-9]{20})'''
keywords = ["token"]
checks = ["quoted_in_code"]
examples = ['x']
negative_examples = ['y']

[[rule]]
id = "specific"
description = "A specific key, excluded under legacy/"
regex = '''\b(?P<secret>sk_[A-Za-z0-9]{20})\b'''
keywords = ["sk_"]
exclude_paths = ['^legacy/']
examples = ['x']
negative_examples = ['y']

[[rule]]
id = "generic"
description = "Generic key assignment"
regex = '''(?i)key\s{0,3}=\s{0,3}(?P<secret>[A-Za-z0-9_]{16,64})'''
keywords = ["key"]
fallback = true
examples = ['x']
negative_examples = ['y']
)";

const std::string kText =
    "token = qt_Zk29fLq8XwP3mNvR7tYb\n"
    "key = sk_Zq8wX2vB7nM4kL9pR3tY\n";

struct Placed {
  std::vector<Finding> findings;
  std::vector<std::string> rules() const {
    std::vector<std::string> out;
    for (const Finding& f : findings) out.push_back(f.rule_id);
    std::sort(out.begin(), out.end());
    return out;
  }
};

Placed place_at(const Placer& placer, const Chunk& chunk, const MatchSet& matches, const std::string& path) {
  Placed p;
  placer.place(chunk, matches, Provenance{path, "history", "c0ffee", "b10b"}, PlaceLimits{}, &p.findings);
  return p;
}

}  // namespace

TEST_CASE("one chunk matched once is placed differently at each path", "[placer]") {
  Allowlist allow;
  allow.paths = {"^vendor/"};
  auto rules = rules_from(kRules, allow);
  auto m = Matcher::create(rules);
  REQUIRE(m);
  const Placer placer(rules);
  // The chunk's own provenance is not what placement uses.
  const Chunk chunk(kText, Provenance{"ignored.txt", "dir", "", ""});
  MatchSet matches;
  REQUIRE((*m)->scan(chunk, &matches));
  REQUIRE(matches.matches.size() == 3);  // the bytes alone: every rule's match, overlaps kept

  // A config file: the unquoted token counts; the specific rule wins over the fallback one.
  Placed env = place_at(placer, chunk, matches, "deploy/app.env");
  CHECK(env.rules() == std::vector<std::string>{"quoted-token", "specific"});
  for (const Finding& f : env.findings) {
    CHECK(f.provenance.path == "deploy/app.env");
    CHECK(f.provenance.commit == "c0ffee");
    CHECK(f.provenance.blob == "b10b");
    CHECK_FALSE(f.test_fixture);
  }
  // Program source: quoted_in_code turns the unquoted token down at this path only.
  CHECK(place_at(placer, chunk, matches, "src/app.py").rules() == std::vector<std::string>{"specific"});
  // Under legacy/ the specific rule does not exist, so the fallback rule reports the secret.
  CHECK(place_at(placer, chunk, matches, "legacy/app.env").rules() ==
        std::vector<std::string>{"generic", "quoted-token"});
  // allow_paths: nothing, and the runner may skip matching altogether.
  CHECK(placer.skips_path("vendor/lib.env"));
  CHECK_FALSE(placer.skips_path("src/vendor/lib.env"));
  CHECK(place_at(placer, chunk, matches, "vendor/lib.env").findings.empty());
  // Test data is tagged per place.
  Placed fixture = place_at(placer, chunk, matches, "tests/fixtures/app.env");
  REQUIRE(fixture.findings.size() == 2);
  for (const Finding& f : fixture.findings) CHECK(f.tags == std::vector<std::string>{"test-fixture"});
}

TEST_CASE("the matcher reads bytes, never the provenance", "[placer][matcher]") {
  auto rules = rules_from(kRules);
  auto m = Matcher::create(rules);
  REQUIRE(m);
  MatchSet a, b;
  REQUIRE((*m)->scan(Chunk(kText, Provenance{"src/app.py", "dir", "", ""}), &a));
  REQUIRE((*m)->scan(Chunk(kText, Provenance{"legacy/x.env", "history", "c0ffee", "b10b"}), &b));
  REQUIRE(a.matches.size() == b.matches.size());
  for (size_t i = 0; i < a.matches.size(); ++i) {
    CHECK(a.matches[i].rule == b.matches[i].rule);
    CHECK(a.matches[i].secret_begin == b.matches[i].secret_begin);
    CHECK(a.matches[i].secret_end == b.matches[i].secret_end);
  }
  CHECK(a.masked.size() == b.masked.size());
}

TEST_CASE("suppression after overlap: an allowlisted specific finding leaves no fallback behind", "[placer]") {
  Allowlist allow;
  allow.regexes = {"^sk_Zq8w"};
  auto rules = rules_from(kRules, allow);
  auto m = Matcher::create(rules);
  REQUIRE(m);
  const Placer placer(rules);
  const Chunk chunk(kText, Provenance{"deploy/app.env", "dir", "", ""});
  MatchSet matches;
  REQUIRE((*m)->scan(chunk, &matches));
  CHECK(place_at(placer, chunk, matches, "deploy/app.env").rules() == std::vector<std::string>{"quoted-token"});
}

TEST_CASE("the per-rule cap counts what it leaves out, per place", "[placer]") {
  auto rules = rules_from(kRules);
  auto m = Matcher::create(rules);
  REQUIRE(m);
  const Placer placer(rules);
  std::string text;
  for (int i = 0; i < 5; ++i) text += "key = sk_Zq8wX2vB7nM4kL9pR3t" + std::string(1, static_cast<char>('A' + i)) + "\n";
  const Chunk chunk(text, Provenance{"a.env", "dir", "", ""});
  MatchSet matches;
  REQUIRE((*m)->scan(chunk, &matches));
  PlaceLimits limits;
  limits.max_findings_per_rule = 2;
  std::vector<Finding> out;
  CappedCounts capped;
  placer.place(chunk, matches, Provenance{"a.env", "dir", "", ""}, limits, &out, &capped);
  CHECK(out.size() == 2);
  CHECK(out[0].line == 1);
  CHECK(out[1].line == 2);
  CHECK(capped == CappedCounts{{"specific", 3}});
  out.clear();
  capped.clear();
  placer.place(chunk, matches, Provenance{"legacy/a.env", "dir", "", ""}, limits, &out, &capped);
  CHECK(out.size() == 2);
  CHECK(capped == CappedCounts{{"generic", 3}});
}

}  // namespace keysweep
