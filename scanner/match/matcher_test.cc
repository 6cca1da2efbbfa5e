#include "scanner/match/matcher.h"

#include <catch2/catch.hpp>

#include <random>

#include "scanner/ruleset/config.h"
#include "tests/support/find_in_chunk.h"
#include "tests/support/test_rules.h"

namespace keysweep {
namespace {

std::vector<Finding> scan(std::shared_ptr<const RuleSet> rules, const std::string& text,
                          const std::string& path = "app/config.env") {
  auto m = Matcher::create(rules);
  REQUIRE(m);
  const Placer placer(rules);
  std::vector<Finding> out;
  REQUIRE(find_in_chunk(**m, placer, Chunk(text, Provenance{path, "dir", "", ""}), &out));
  std::sort(out.begin(), out.end(), finding_less);
  return out;
}

const char* kRules = R"(
[[rule]]
id = "tok"
description = "A token"
regex = '''\b(?P<secret>tok_[A-Za-z0-9]{20})\b'''
keywords = ["tok_"]
examples = ['x']
negative_examples = ['y']

[[rule]]
id = "generic"
description = "Generic secret assignment"
regex = '''(?i)secret\s{0,3}=\s{0,3}(?P<secret>[A-Za-z0-9_]{16,64})'''
keywords = ["secret"]
fallback = true
min_randomness = 0.7
examples = ['x']
negative_examples = ['y']

[[rule]]
id = "block"
description = "A multi-line block"
regex = '''(?s)(?P<secret>BEGIN KEY\n[A-Za-z0-9\n]{10,1000}?\nEND KEY)'''
keywords = ["begin key"]
examples = ['x']
negative_examples = ['y']
)";

}  // namespace

TEST_CASE("a secret is found with its position and fingerprint", "[matcher]") {
  auto rules = rules_from(kRules);
  auto f = scan(rules, "first line\n  token: tok_Ab3dEf6hIj9kLm2nOp5q\n");
  REQUIRE(f.size() == 1);
  CHECK(f[0].rule_id == "tok");
  CHECK(f[0].line == 2);
  CHECK(f[0].column == 10);
  CHECK(f[0].end_line == 2);
  CHECK(f[0].end_column == 34);
  CHECK(f[0].secret == "tok_Ab3dEf6hIj9kLm2nOp5q");
  CHECK(f[0].fingerprint.size() == 32);
  // The fingerprint does not depend on where the secret is.
  auto g = scan(rules, "\n\n\n\ntok_Ab3dEf6hIj9kLm2nOp5q", "other/place.txt");
  REQUIRE(g.size() == 1);
  CHECK(g[0].fingerprint == f[0].fingerprint);
}

TEST_CASE("a fallback rule yields to a specific rule on the same secret", "[matcher]") {
  auto rules = rules_from(kRules);
  auto f = scan(rules, "SECRET=tok_Ab3dEf6hIj9kLm2nOp5q\nsecret = Zq8wX2vB7nM4kL9pR3tY\n");
  REQUIRE(f.size() == 2);
  CHECK(f[0].rule_id == "tok");
  CHECK(f[1].rule_id == "generic");
  CHECK(f[1].line == 2);
}

TEST_CASE("randomness, placeholders and inline allow drop candidates", "[matcher]") {
  auto rules = rules_from(kRules);
  CHECK(scan(rules, "secret = aaaaaaaaaaaaaaaaaaaa\n").empty());
  CHECK(scan(rules, "secret = your_secret_goes_here\n").empty());
  CHECK(scan(rules, "secret = Zq8wX2vB7nM4kL9pR3tY  # keysweep:allow\n").empty());
  CHECK(scan(rules, "secret = Zq8wX2vB7nM4kL9pR3tY\n").size() == 1);
}

TEST_CASE("allowlists drop by path, regex, stopword and fingerprint", "[matcher]") {
  const std::string text = "token tok_Ab3dEf6hIj9kLm2nOp5q\n";
  const std::string fp = scan(rules_from(kRules), text)[0].fingerprint;
  Allowlist a;
  a.paths = {"^vendor/"};
  CHECK(scan(rules_from(kRules, a), text, "vendor/x.txt").empty());
  CHECK(scan(rules_from(kRules, a), text, "src/vendor/x.txt").size() == 1);
  Allowlist b;
  b.regexes = {"^tok_Ab3d"};
  CHECK(scan(rules_from(kRules, b), text).empty());
  Allowlist c;
  c.stopwords = {"TOK"};  // a whole word of the secret (tok_...)
  CHECK(scan(rules_from(kRules, c), text).empty());
  c.stopwords = {"EF6HIJ"};  // only inside a run of letters and digits: not a word of it
  CHECK(scan(rules_from(kRules, c), text).size() == 1);
  Allowlist d;
  d.fingerprints = {fp};
  CHECK(scan(rules_from(kRules, d), text).empty());
}

TEST_CASE("test fixture paths are tagged, not dropped", "[matcher]") {
  auto f = scan(rules_from(kRules), "tok_Ab3dEf6hIj9kLm2nOp5q", "tests/fixtures/creds.txt");
  REQUIRE(f.size() == 1);
  CHECK(f[0].test_fixture);
  CHECK(f[0].tags == std::vector<std::string>{"test-fixture"});
}

TEST_CASE("multi-line secrets are found through the prefilter window", "[matcher]") {
  auto rules = rules_from(kRules);
  std::string text(5000, 'x');
  text += "\nBEGIN KEY\nAbCdEf0123\nGhIjKl4567\nEND KEY\n";
  auto f = scan(rules, text);
  REQUIRE(f.size() == 1);
  CHECK(f[0].rule_id == "block");
  CHECK(f[0].line == 2);
  CHECK(f[0].end_line == 5);
}

TEST_CASE("the prefilter engine and the reference engine agree on random text", "[matcher][differential]") {
  auto rules = rules_from(kRules);
  auto m = Matcher::create(rules);
  REQUIRE(m);
  const Placer placer(rules);
  std::mt19937_64 rng(1234);
  const std::string pieces[] = {"tok_", "secret", " = ", "SECRET=", "\n", "BEGIN KEY\n", "\nEND KEY",
                                "Ab3dEf6hIj9kLm2nOp5q", "Zq8wX2vB7nM4kL9pR3tY", "xyz ", "0123456789", "_"};
  for (int round = 0; round < 300; ++round) {
    std::string text;
    const int n = std::uniform_int_distribution<int>(1, 80)(rng);
    for (int i = 0; i < n; ++i) text += pieces[rng() % std::size(pieces)];
    Chunk chunk(text, Provenance{"f.txt", "dir", "", ""});
    std::vector<Finding> fast, slow;
    REQUIRE(find_in_chunk(**m, placer, chunk, &fast));
    find_in_chunk_reference(**m, placer, chunk, &slow);
    std::sort(fast.begin(), fast.end(), finding_less);
    std::sort(slow.begin(), slow.end(), finding_less);
    INFO(text);
    REQUIRE(fast.size() == slow.size());
    for (size_t i = 0; i < fast.size(); ++i) {
      CHECK(fast[i].rule_id == slow[i].rule_id);
      CHECK(fast[i].line == slow[i].line);
      CHECK(fast[i].column == slow[i].column);
      CHECK(fast[i].secret == slow[i].secret);
    }
  }
}

namespace {

// One-line rules of every prefilter mode: exact (with a tail that may take the line break),
// (?m) anchors, keywords (Vectorscan refuses (?U)) and a prefilter pattern.
const char* kOneLineRules = R"(
[[rule]]
id = "tk"
description = "A token with a boundary tail"
regex = '''\b(?P<secret>tk_[A-Za-z0-9]{12})(?:[^A-Za-z0-9_]|$)'''
keywords = ["tk_"]

[[rule]]
id = "line"
description = "A whole-line assignment"
regex = '''(?m)^[ \t]{0,4}(?P<name>[a-z_]{1,20}key)=(?P<secret>[A-Za-z0-9]{10,40})\r?$'''
keywords = ["key="]

[[rule]]
id = "odd"
description = "Keywords only"
regex = '''odd_(?P<secret>(?U)[a-z]{4}.[a-z]{4})'''
keywords = ["odd_"]

[[rule]]
id = "pre"
description = "A prefilter pattern"
regex = '''(?P<name>[a-z]{0,10})pw:(?P<secret>[A-Za-z0-9]{8,20})(?:[;\s]|$)'''
prefilter = '''pw:[A-Za-z0-9]{8}'''
keywords = ["pw:"]
)";

std::string matches_str(const MatchSet& set) {
  std::string out;
  for (const Match& m : set.matches) {
    out += std::to_string(m.rule) + "@" + std::to_string(m.match_begin) + "-" + std::to_string(m.match_end) + " s" +
           std::to_string(m.secret_begin) + "-" + std::to_string(m.secret_end) + " n" + std::to_string(m.name_begin) +
           "-" + std::to_string(m.name_end) + "\n";
  }
  for (const ByteRange& r : set.masked) out += "masked " + std::to_string(r.begin) + "-" + std::to_string(r.end) + "\n";
  return out;
}

}  // namespace

TEST_CASE("one-line rules searched line by line agree with the reference engine", "[matcher][differential]") {
  auto rules = rules_from(kOneLineRules);
  for (const CompiledRule& c : rules->rules()) {
    INFO(c.rule.id);
    CHECK(c.one_line);
  }
  CHECK(rules->rules()[2].plan.mode == PrefilterMode::kKeywords);
  CHECK(rules->rules()[3].plan.mode == PrefilterMode::kPattern);
  auto m = Matcher::create(rules);
  REQUIRE(m);
  std::mt19937_64 rng(4321);
  const std::string pieces[] = {"tk_", "Ab3dEf6hIj9k", "aeskey=", "apikey=", "Zq8wX2vB7nM4kL9pR3tY", "odd_",
                                "abcd-efgh", "abcdzefgh", "pw:", "dbpw:", "Hu7Yt5Rr4Ee3", "\n", "\r\n", "\r",
                                "  ", "\t", ";", "x", "_", "="};
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const int n = std::uniform_int_distribution<int>(1, 60)(rng);
    for (int i = 0; i < n; ++i) text += pieces[rng() % std::size(pieces)];
    Chunk chunk(text, Provenance{"f.txt", "dir", "", ""});
    MatchSet fast, slow;
    REQUIRE((*m)->scan(chunk, &fast));
    (*m)->scan_reference(chunk, &slow);
    INFO(text);
    REQUIRE(matches_str(fast) == matches_str(slow));
  }
}

TEST_CASE("hits on lines longer than kMaxSnap find what the reference engine finds", "[matcher][differential]") {
  // One-line rules of every prefilter mode, and rules whose windows are not lines.
  for (const char* toml : {kOneLineRules, kRules}) {
    auto rules = rules_from(toml);
    auto m = Matcher::create(rules);
    REQUIRE(m);
    std::mt19937_64 rng(777);
    size_t found = 0;
    const std::string pieces[] = {"tk_Ab3dEf6hIj9k", "aeskey=Zq8wX2vB7nM4kL9pR3tY", "odd_abcd-efgh", "dbpw:Hu7Yt5Rr4Ee3;",
                                  "tok_Ab3dEf6hIj9kLm2nOp5q", "secret = Zq8wX2vB7nM4kL9pR3tY", "BEGIN KEY\nAbCdEf0123\nEND KEY",
                                  "\n", " ", ";"};
    for (int round = 0; round < 40; ++round) {
      std::string text;
      while (text.size() < 3 * Matcher::kMaxSnap + 5000) {
        const size_t filler = std::uniform_int_distribution<size_t>(0, 2 * Matcher::kMaxSnap)(rng);
        for (size_t i = 0; i < filler; ++i) text.push_back("abcxyz0123 ._-"[rng() % 14]);
        text += " " + pieces[rng() % std::size(pieces)] + (rng() % 4 ? " " : "\n");
      }
      Chunk chunk(text, Provenance{"f.txt", "dir", "", ""});
      MatchSet fast, slow;
      REQUIRE((*m)->scan(chunk, &fast));
      (*m)->scan_reference(chunk, &slow);
      found += slow.matches.size();
      REQUIRE(matches_str(fast) == matches_str(slow));
    }
    CHECK(found >= 40);  // the windows were put to work
  }
}

TEST_CASE("the anchored form and the plain regex find the same matches, before and after the budget", "[matcher]") {
  auto rules = rules_from(kOneLineRules);
  auto m = Matcher::create(rules);
  REQUIRE(m);
  // Candidate lines of ~20 bytes, each with one match, until the budget (in bytes searched)
  // is used up well before the end of the first scan.
  const size_t lines = 2 * Matcher::kAnchoredBudget / 16;
  std::string text;
  for (size_t i = 0; i < lines; ++i) text += i % 2 ? "x tk_Ab3dEf6hIj9k\n" : "tk_Zq8wX2vB7nM4\r\n";
  Chunk chunk(text, Provenance{"f.txt", "dir", "", ""});
  MatchStats stats;
  (*m)->set_stats(&stats);
  MatchSet first, second, slow;
  REQUIRE((*m)->scan(chunk, &first));
  const uint64_t anchored_first = stats.rules[0].anchored_calls;
  REQUIRE((*m)->scan(chunk, &second));
  (*m)->set_stats(nullptr);
  (*m)->scan_reference(chunk, &slow);
  CHECK(anchored_first > 0);
  CHECK(anchored_first < stats.rules[0].regex_calls / 2);  // the first scan switched forms midway
  CHECK(stats.rules[0].anchored_calls == anchored_first);  // and the second used the plain form only
  CHECK(first.matches.size() == lines);
  CHECK(matches_str(first) == matches_str(slow));
  CHECK(matches_str(second) == matches_str(slow));
}

TEST_CASE("an invalid regex is an error naming the rule and RE2's message", "[matcher][ruleset]") {
  auto cfg = parse_config("[[rule]]\nid='broken'\ndescription='d'\nregex='(unclosed'\n", "b.toml");
  REQUIRE(cfg);
  cfg->use_default_rules = false;
  auto set = RuleSet::build(*cfg, RuleSetOptions{});
  REQUIRE_FALSE(set);
  CHECK(set.status().message().find("rule 'broken' (b.toml:1:1): invalid regex: missing )") != std::string::npos);
}

TEST_CASE("a rule Vectorscan cannot compile falls back to keywords and still matches", "[matcher][ruleset]") {
  // (?U) (ungreedy by default) is RE2-only syntax.
  auto rules = rules_from(R"(
[[rule]]
id = "odd"
description = "d"
regex = '''odd_(?P<secret>(?U)[a-z]{4}.[a-z]{4})'''
keywords = ["odd_"]
)");
  REQUIRE(rules->rules().size() == 1);
  const RulePlan& plan = rules->rules()[0].plan;
  INFO(plan.note);
  CHECK(plan.mode == PrefilterMode::kKeywords);
  auto f = scan(rules, "x odd_abcd-efgh y");
  REQUIRE(f.size() == 1);
  CHECK(f[0].secret == "abcd-efgh");
}

}  // namespace keysweep

namespace keysweep {

// Regression: suppressing a specific finding (baseline fingerprint, keysweep:allow) let the
// fallback rule's finding on the same secret come back under a new fingerprint.
TEST_CASE("allowlisting a specific finding does not resurrect an overlapping fallback (allowlist-resurrects-fallback)",
          "[matcher]") {
  const std::string text = "SECRET=tok_Ab3dEf6hIj9kLm2nOp5q\n";
  auto plain = scan(rules_from(kRules), text);
  REQUIRE(plain.size() == 1);
  CHECK(plain[0].rule_id == "tok");
  Allowlist a;
  a.fingerprints = {plain[0].fingerprint};
  CHECK(scan(rules_from(kRules, a), text).empty());
  CHECK(scan(rules_from(kRules), "SECRET=tok_Ab3dEf6hIj9kLm2nOp5q  # keysweep:allow\n").empty());
}

}  // namespace keysweep
