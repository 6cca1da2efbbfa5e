#include "scanner/ruleset/prefilter.h"

#include <catch2/catch.hpp>

#include "scanner/ruleset/config.h"
#include "scanner/ruleset/ruleset.h"

namespace keysweep {
namespace {

Result<std::shared_ptr<const RuleSet>> build(const std::string& toml) {
  auto cfg = parse_config(toml, "p.toml");
  REQUIRE(cfg);
  cfg->use_default_rules = false;
  return RuleSet::build(*cfg, RuleSetOptions{});
}

}  // namespace

TEST_CASE("a rule's prefilter pattern runs in Vectorscan in place of its regex", "[ruleset][prefilter]") {
  auto set = build(R"(
[[rule]]
id = "five"
description = "d"
regex = '''(?m)^[a-z]{1,200}:(?P<secret>[0-9]{4}):[a-z]{1,9}$'''
prefilter = ''':[0-9]{4}:'''
keywords = [":"]
examples = ['host:1234:db']
)");
  REQUIRE(set);
  const RulePlan& plan = (*set)->rules()[0].plan;
  INFO(plan.note);
  CHECK(plan.mode == PrefilterMode::kPattern);
  CHECK(plan.max_width == 200 + 1 + 4 + 1 + 9);  // the regex's width, not the pattern's
  CHECK(std::string(prefilter_mode_name(plan.mode)) == "pattern");
}

TEST_CASE("a prefilter pattern with no hit inside an example's match falls back to keywords", "[ruleset][prefilter]") {
  // The pattern matches the example's text, but after the match, where the matcher would not
  // look: the self-check must not trust it.
  auto set = build(R"(
[[rule]]
id = "outside"
description = "d"
regex = '''key=(?P<secret>[0-9]{6})'''
prefilter = ''';end'''
keywords = ["key="]
examples = ['key=123456;end']
)");
  REQUIRE(set);
  const RulePlan& plan = (*set)->rules()[0].plan;
  CHECK(plan.mode == PrefilterMode::kKeywords);
  CHECK_THAT(plan.note, Catch::Matchers::Contains("no hit inside the match of example 1"));
}

TEST_CASE("a prefilter pattern Vectorscan cannot compile is an error naming the rule", "[ruleset][prefilter]") {
  auto set = build(R"(
[[rule]]
id = "bad-pattern"
description = "d"
regex = '''key=(?P<secret>[0-9]{6})'''
prefilter = '''(?<=key)='''
keywords = ["key="]
)");
  REQUIRE_FALSE(set);
  CHECK_THAT(set.status().message(), Catch::Matchers::Contains("rule 'bad-pattern' (p.toml:2:1): Vectorscan cannot compile its prefilter"));
}

TEST_CASE("an empty prefilter is a config error", "[ruleset][prefilter][config]") {
  auto cfg = parse_config("[[rule]]\nid='x'\ndescription='d'\nregex='a'\nprefilter=''\n", "e.toml");
  REQUIRE_FALSE(cfg);
  CHECK_THAT(cfg.status().message(), Catch::Matchers::Contains("e.toml:5:11: 'prefilter' must not be empty"));
}

TEST_CASE("the prefilter pattern is part of a user group's cache key", "[ruleset][prefilter]") {
  Rule a;
  a.id = "r";
  a.regex = "x(?P<secret>[0-9]{4})";
  Rule b = a;
  b.prefilter = "x[0-9]";
  CHECK(rules_content_key({&a}) != rules_content_key({&b}));
}

}  // namespace keysweep
