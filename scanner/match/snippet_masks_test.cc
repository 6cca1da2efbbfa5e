#include "scanner/match/snippet_masks.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

#include "scanner/finding/redact.h"
#include "scanner/match/matcher.h"
#include "scanner/ruleset/config.h"
#include "tests/support/find_in_chunk.h"
#include "tests/support/test_rules.h"
#include "tests/support/fake_secrets.h"

namespace keysweep {
namespace {

constexpr const char* kAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

const char* kRules = R"(
[[rule]]
id = "tok"
description = "A token"
regex = '''\b(?P<secret>tok_[A-Za-z0-9]{20})\b'''
keywords = ["tok_"]

[[rule]]
id = "key"
description = "A key"
regex = '''\b(?P<secret>key_[A-Za-z0-9]{20})\b'''
keywords = ["key_"]

[[rule]]
id = "block"
description = "A multi-line block"
regex = '''(?s)(?P<secret>BEGIN KEY\n[A-Za-z0-9\n]{10,1000}?\nEND KEY)'''
keywords = ["begin key"]
)";

std::vector<Finding> scan(std::shared_ptr<const RuleSet> rules, const std::string& text,
                          const PlaceLimits& limits = {}, CappedCounts* capped = nullptr) {
  auto m = Matcher::create(rules);
  REQUIRE(m);
  const Placer placer(rules);
  std::vector<Finding> out;
  REQUIRE(find_in_chunk(**m, placer, Chunk(text, Provenance{"app/config.env", "dir", "", ""}), &out, limits, capped));
  std::sort(out.begin(), out.end(), finding_less);
  return out;
}

// f.line_text as the reporters show it by default.
std::string masked_line(const Finding& f) {
  return redact_masked(f.line_text, 0, f.line_text.size(), f.line_masks, f.secret);
}

}  // namespace

TEST_CASE("random keys of the usual alphabets look secret; identifiers do not", "[snippet-masks]") {
  const std::string alphabets[] = {kAlnum, "0123456789abcdef", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
                                   std::string(kAlnum) + "+/", std::string(kAlnum) + "-_"};
  size_t missed = 0, tried = 0;
  for (const std::string& alphabet : alphabets) {
    for (size_t n : {16, 20, 24, 32, 40, 64}) {
      for (uint64_t seed = 0; seed < 300; ++seed) {
        const std::string token = fake_chars(seed * 131 + n, n, alphabet);
        ++tried;
        if (!looks_secret_like(token)) ++missed;
      }
    }
  }
  INFO(missed << " of " << tried << " random tokens not masked");
  // A random hex string with a 6-step run ("012345") scores 0 (randomness.h): about 1 in 10^4.
  CHECK(missed * 1000 <= tried);
  for (const char* word : {"AWS_SECRET_ACCESS_KEY", "GITHUB_TOKEN_PRODUCTION", "ConfigurationManager",
                           "node_modules/react-dom", "X-Content-Type-Options", "generic-password-unquoted",
                           "SECRET_KEY_BASE_PRODUCTION", "aaaaaaaaaaaaaaaa1", "short1Ab"}) {
    INFO(word);
    CHECK_FALSE(looks_secret_like(word));
  }
}

TEST_CASE("a token cut by the snippet window is judged whole", "[snippet-masks]") {
  const std::string key = fake_chars(5, 40);
  const std::string text = "k=" + key + " tail";
  std::vector<ByteRange> out;
  // The window starts 30 bytes into the key: only 12 characters of it are inside.
  add_secret_like_tokens(text, 32, text.size(), &out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].begin == 32);
  CHECK(out[0].end == 2 + key.size());
}

TEST_CASE("regression: a snippet masks every secret on its line, whatever became of it (snippet-leaks-neighbour)",
          "[snippet-masks][matcher]") {
  const std::string tok = "tok_" + fake_chars(1, 20);
  const std::string key = "key_" + fake_chars(2, 20);
  const std::string allowed = "key_" + fake_chars(3, 20);
  const std::string unknown = fake_chars(4, 32);  // no rule knows it
  const std::string capped = "tok_" + fake_chars(6, 20);
  Allowlist allow;
  allow.regexes = {"^" + allowed + "$"};
  const std::string line = "A=" + tok + " B=" + key + " C=" + allowed + " D=" + unknown + " E=" + capped;
  PlaceLimits limits;
  limits.max_findings_per_rule = 1;
  std::map<std::string, uint64_t> counts;
  const auto found = scan(rules_from(kRules, allow), line + "\n", limits, &counts);
  REQUIRE(found.size() == 2);  // tok (the second one is capped) and key (the other allowlisted)
  CHECK(counts["tok"] == 1);
  for (const Finding& f : found) {
    INFO(f.rule_id);
    const std::string shown = masked_line(f);
    CHECK(shown == "A=" + redact_secret(tok) + " B=" + redact_secret(key) + " C=" + redact_secret(allowed) +
                       " D=" + redact_secret(unknown) + " E=" + redact_secret(capped));
    for (const std::string& s : {tok, key, allowed, unknown, capped}) CHECK(shown.find(s.substr(4, 12)) == std::string::npos);
  }
}

TEST_CASE("regression: a capture a check turned down is still masked on its neighbour's line (rejected-capture-leak)",
          "[snippet-masks][matcher]") {
  // A rule whose randomness threshold turns down a real-looking value (here: digits only, which
  // score low): the value is not reported, but another finding's snippet must not print it.
  const char* rules = R"(
[[rule]]
id = "num"
description = "A numeric key"
regex = '''\b(?P<secret>num_[0-9]{24})\b'''
keywords = ["num_"]
min_randomness = 0.99

[[rule]]
id = "tok"
description = "A token"
regex = '''\b(?P<secret>tok_[A-Za-z0-9]{20})\b'''
keywords = ["tok_"]
)";
  const std::string num = "num_" + fake_chars(7, 24, "0123456789");
  const std::string tok = "tok_" + fake_chars(8, 20);
  const auto found = scan(rules_from(rules), "A=" + num + " B=" + tok + "\n", PlaceLimits{}, nullptr);
  REQUIRE(found.size() == 1);
  CHECK(found[0].rule_id == "tok");
  const std::string shown = masked_line(found[0]);
  CHECK(shown.find(num.substr(4, 12)) == std::string::npos);
  CHECK(shown.find(tok.substr(4, 12)) == std::string::npos);
}

TEST_CASE("a multi-line secret is masked on every line another finding shows", "[snippet-masks][matcher]") {
  const std::string tok = "tok_" + fake_chars(7, 20);
  const std::string body1 = fake_chars(8, 10), body2 = fake_chars(9, 10);
  const std::string text = "BEGIN KEY\n" + body1 + "\n" + body2 + "\nEND KEY " + tok + "\n";
  const auto found = scan(rules_from(kRules), text);
  REQUIRE(found.size() == 2);
  const Finding& block = found[0].rule_id == "block" ? found[0] : found[1];
  const Finding& t = found[0].rule_id == "tok" ? found[0] : found[1];
  CHECK(block.line == 1);
  CHECK(masked_line(block) == redact_secret("BEGIN KEY"));
  // The token's line is the block's last line: its part of the block is masked too.
  CHECK(t.line == 4);
  CHECK(masked_line(t) == redact_secret("END KEY") + " " + redact_secret(tok));
}

TEST_CASE("regression: findings past the cap are counted, not built (memory-grows-with-findings)",
          "[snippet-masks][matcher]") {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "tok_" + fake_chars(100 + i, 20) + "\n";
  PlaceLimits limits;
  limits.max_findings_per_rule = 10;
  std::map<std::string, uint64_t> capped;
  auto found = scan(rules_from(kRules), text, limits, &capped);
  REQUIRE(found.size() == 10);
  for (size_t i = 0; i < found.size(); ++i) CHECK(found[i].line == i + 1);  // the first ten, in order
  CHECK(capped == std::map<std::string, uint64_t>{{"tok", 990}});

  // Only matches on the report lines are reported and counted, so a cap cannot hide a change.
  const std::vector<uint32_t> lines = {995, 996, 997, 998, 999, 1000};
  limits.max_findings_per_rule = 3;
  limits.report_lines = &lines;
  capped.clear();
  found = scan(rules_from(kRules), text, limits, &capped);
  REQUIRE(found.size() == 3);
  CHECK(found[0].line == 995);
  CHECK(found[2].line == 997);
  CHECK(capped == std::map<std::string, uint64_t>{{"tok", 3}});
}

}  // namespace keysweep
