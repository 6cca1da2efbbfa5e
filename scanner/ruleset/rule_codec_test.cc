#include "scanner/ruleset/rule_codec.h"

#include <catch2/catch.hpp>

namespace keysweep {
namespace {

std::vector<Rule> tricky_rules() {
  Rule a;
  a.id = "a-rule";
  a.description = std::string("colons: 12:34, a NUL \0 and newlines\n\n", 38);
  a.regex = R"((?P<secret>[A-Z]{4}:\d+))";
  a.keywords = {"akia", "", "3:x"};
  a.prefilter = R"([A-Z]{4}:)";
  a.severity = Severity::kCritical;
  a.min_randomness = 1.0 / 3.0;
  a.min_entropy = 3.25;
  a.checks = {"fernet"};
  a.placeholder_filter = false;
  a.fallback = true;
  a.exclude_paths = {"(^|/)vendor/"};
  a.examples = {RuleExample{"KEY=ABCD:1234", ".env", "ABCD:1234"}, RuleExample{"\xff\xfe latin-1", "", ""}};
  a.negative_examples = {RuleExample{"KEY=${VAR}", "", ""}};
  a.defined_at = SourcePos{"rules/10-x.toml", 12, 3};
  Rule b;  // all defaults, no optional value
  b.id = "b";
  return {a, b};
}

void check_same(const Rule& x, const Rule& y) {
  CHECK(x.id == y.id);
  CHECK(x.description == y.description);
  CHECK(x.regex == y.regex);
  CHECK(x.keywords == y.keywords);
  CHECK(x.prefilter == y.prefilter);
  CHECK(x.severity == y.severity);
  CHECK(x.min_randomness == y.min_randomness);
  CHECK(x.min_entropy == y.min_entropy);
  CHECK(x.checks == y.checks);
  CHECK(x.placeholder_filter == y.placeholder_filter);
  CHECK(x.fallback == y.fallback);
  CHECK(x.exclude_paths == y.exclude_paths);
  REQUIRE(x.examples.size() == y.examples.size());
  for (size_t i = 0; i < x.examples.size(); ++i) {
    CHECK(x.examples[i].text == y.examples[i].text);
    CHECK(x.examples[i].path == y.examples[i].path);
    CHECK(x.examples[i].secret == y.examples[i].secret);
  }
  CHECK(x.negative_examples.size() == y.negative_examples.size());
  CHECK(x.defined_at.str() == y.defined_at.str());
}

}  // namespace

TEST_CASE("rules survive encoding byte for byte, including NULs, colons and exact doubles", "[rules]") {
  const std::vector<Rule> rules = tricky_rules();
  auto decoded = decode_rules(encode_rules(rules));
  REQUIRE(decoded);
  REQUIRE(decoded->size() == rules.size());
  for (size_t i = 0; i < rules.size(); ++i) check_same((*decoded)[i], rules[i]);
  CHECK_FALSE((*decoded)[1].min_randomness.has_value());
  CHECK(decode_rules(encode_rules({}))->empty());
}

TEST_CASE("a damaged or foreign rule encoding is an error, never a partial rule set", "[rules]") {
  const std::string good = encode_rules(tricky_rules());
  // Every truncation fails cleanly (no crash, no out-of-range read; ASan checks the latter).
  for (size_t n = 0; n < good.size(); ++n) {
    INFO("truncated to " << n << " bytes");
    CHECK_FALSE(decode_rules(std::string_view(good).substr(0, n)));
  }
  CHECK_FALSE(decode_rules(good + "1:x"));                       // trailing bytes
  CHECK_FALSE(decode_rules("keysweep-rules/1\n" + good.substr(17)));  // another version
  std::string bad_severity = encode_rules(tricky_rules());
  const size_t at = bad_severity.find("1:3");  // rule a's severity (kCritical = 3)
  REQUIRE(at != std::string::npos);
  bad_severity[at + 2] = '7';
  auto res = decode_rules(bad_severity);
  REQUIRE_FALSE(res);
  CHECK_THAT(res.status().message(), Catch::Matchers::Contains("damaged at byte"));
}

}  // namespace keysweep
