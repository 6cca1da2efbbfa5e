#include "scanner/ruleset/config.h"

#include <catch2/catch.hpp>

namespace keysweep {

TEST_CASE("a rule file parses into rules with examples", "[config]") {
  auto cfg = parse_config(R"(
[[rule]]
id = "demo-token"
description = "Demo token"
regex = '''demo_(?P<secret>[a-z0-9]{20})'''
keywords = ["DEMO_"]
severity = "medium"
min_randomness = 0.5
checks = ["mixed_case"]
fallback = true
examples = ['''x = demo_abcdefghij0123456789''', { text = "y", secret = "z", path = "a/b.env" }]
negative_examples = ['''nothing''']
)", "demo.toml");
  REQUIRE(cfg);
  REQUIRE(cfg->rules.size() == 1);
  const Rule& r = cfg->rules[0];
  CHECK(r.id == "demo-token");
  CHECK(r.keywords == std::vector<std::string>{"demo_"});  // lower-cased
  CHECK(r.severity == Severity::kMedium);
  CHECK(*r.min_randomness == Approx(0.5));
  CHECK(r.fallback);
  REQUIRE(r.examples.size() == 2);
  CHECK(r.examples[1].path == "a/b.env");
  CHECK(r.defined_at.str() == "demo.toml:2:1");
}

TEST_CASE("config errors name file, line and column", "[config]") {
  SECTION("syntax error") {
    auto cfg = parse_config("[[rule]]\nid = \"x\nregex = 'a'\n", "bad.toml");
    REQUIRE_FALSE(cfg);
    CHECK(cfg.status().message().rfind("bad.toml:2:", 0) == 0);
  }
  SECTION("unknown key") {
    auto cfg = parse_config("[[rule]]\nid = \"x\"\ndescription = \"d\"\nregex = 'a'\nregx = 'b'\n", "k.toml");
    REQUIRE_FALSE(cfg);
    CHECK(cfg.status().message().rfind("k.toml:5:", 0) == 0);
    CHECK(cfg.status().message().find("unknown rule key 'regx'") != std::string::npos);
  }
  SECTION("wrong type") {
    auto cfg = parse_config("[allowlist]\npaths = \"vendor/\"\n", "t.toml");
    REQUIRE_FALSE(cfg);
    CHECK(cfg.status().message().rfind("t.toml:2:", 0) == 0);
  }
  SECTION("bad severity") {
    auto cfg = parse_config("[[rule]]\nid='x'\ndescription='d'\nregex='a'\nseverity='urgent'\n", "s.toml");
    REQUIRE_FALSE(cfg);
    CHECK(cfg.status().message().find("severity must be one of") != std::string::npos);
  }
  SECTION("duplicate id") {
    auto cfg = parse_config("[[rule]]\nid='x'\ndescription='d'\nregex='a'\n[[rule]]\nid='x'\ndescription='d'\nregex='b'\n", "d.toml");
    REQUIRE_FALSE(cfg);
    CHECK(cfg.status().message().find("duplicate rule id 'x'") != std::string::npos);
  }
}

TEST_CASE("extend and allowlist sections", "[config]") {
  auto cfg = parse_config(R"(
[extend]
use_default = false
disabled_rules = ["a", "b"]
[allowlist]
paths = ['''^vendor/''']
stopwords = ["dummy"]
fingerprints = ["0123"]
)", "c.toml");
  REQUIRE(cfg);
  CHECK_FALSE(cfg->use_default_rules);
  CHECK(cfg->disabled_rules.size() == 2);
  CHECK(cfg->allowlist.paths.size() == 1);
  CHECK(cfg->allowlist.stopwords[0] == "dummy");
}

}  // namespace keysweep
