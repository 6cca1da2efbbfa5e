#include <catch2/catch.hpp>

#include "scanner/ruleset/ruleset.h"

namespace keysweep {

TEST_CASE("count_alternatives counts bars outside classes, escapes and \\Q...\\E", "[config][limits]") {
  CHECK(count_alternatives("abc") == 0);
  CHECK(count_alternatives("a|b|c") == 2);
  CHECK(count_alternatives("(?:a|b)(?:c|d)") == 2);
  CHECK(count_alternatives(R"(a\|b)") == 0);
  CHECK(count_alternatives("[|]") == 0);
  CHECK(count_alternatives("[]|]|x") == 1);
  CHECK(count_alternatives("[^]|]x") == 0);
  CHECK(count_alternatives(R"([\]|]|x)") == 1);
  CHECK(count_alternatives("[[:alpha:]|]|x") == 1);
  CHECK(count_alternatives(R"(\Qa|b\E|c)") == 1);
  CHECK(count_alternatives(R"(\Qa|b)") == 0);
  CHECK(count_alternatives("a|") == 1);
}

TEST_CASE("the default pack is inside the rule cost limits", "[config][limits]") {
  auto rules = load_default_rules();
  REQUIRE(rules);
  for (const Rule& r : *rules) {
    INFO(r.id);
    CHECK(count_alternatives(r.regex) <= kMaxRuleAlternatives);
    auto c = compile_rule(r);
    CHECK(c);
  }
}

}  // namespace keysweep
