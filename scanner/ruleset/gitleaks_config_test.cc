// gitleaks / Betterleaks configs read through parse_config: the field map, secretGroup
// rewriting, the warnings for what keysweep cannot honour, and a generated 200-rule config
// compiled and scanned.
#include "scanner/ruleset/gitleaks_config.h"

#include <catch2/catch.hpp>
#include <re2/re2.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "scanner/check/randomness.h"
#include "scanner/match/matcher.h"
#include "scanner/ruleset/config.h"
#include "scanner/ruleset/ruleset.h"
#include "tests/support/find_in_chunk.h"

namespace keysweep {
namespace {

Config parse_ok(const std::string& text) {
  Result<Config> c = parse_config(text, "gl.toml");
  if (!c) FAIL(c.status().message());
  return std::move(c).value();
}

std::string parse_error(const std::string& text) {
  Result<Config> c = parse_config(text, "gl.toml");
  REQUIRE_FALSE(c);
  return c.status().message();
}

std::string secret_group(const std::string& regex, int64_t n) {
  Result<std::string> r = rewrite_secret_group(regex, n);
  if (!r) FAIL(r.status().message());
  return *r;
}

}  // namespace

TEST_CASE("a [[rules]] config is read as gitleaks', a [[rule]] one as keysweep's", "[gitleaks_config]") {
  CHECK(is_gitleaks_config(toml::parse("[[rules]]\nid = 'a'\nregex = 'x'\n")));
  CHECK(is_gitleaks_config(toml::parse("[extend]\nuseDefault = true\n")));
  CHECK(is_gitleaks_config(toml::parse("[[allowlists]]\npaths = ['x']\n")));
  CHECK_FALSE(is_gitleaks_config(toml::parse("[[rule]]\nid = 'a'\n")));
  CHECK_FALSE(is_gitleaks_config(toml::parse("[extend]\nuse_default = false\n")));
  CHECK_FALSE(is_gitleaks_config(toml::parse("rules = 3\n")));
  CHECK_FALSE(is_gitleaks_config(toml::parse("[[rule]]\nid = 'a'\n[[rules]]\nid = 'b'\n")));
}

TEST_CASE("gitleaks rule fields map onto keysweep's", "[gitleaks_config]") {
  const Config c = parse_ok(R"(
title = "my config"
description = "informational"

[[rules]]
id = "Acme Key"
description = "An acme key"
regex = '''acme_[a-z0-9]{24}'''
keywords = ["ACME_", "acme"]
entropy = 3.5
path = '''\.env$'''
tags = ["key", "acme"]

[[rules]]
id = "pair"
regex = '''pair=([a-z0-9]{16})'''
)");
  CHECK_FALSE(c.use_default_rules);  // no [extend]: the file is the whole rule set
  REQUIRE(c.rules.size() == 2);
  const Rule& a = c.rules[0];
  CHECK(a.id == "acme-key");
  CHECK(a.description == "An acme key");
  CHECK(a.regex == "(?P<secret>acme_[a-z0-9]{24})");
  CHECK(a.keywords == std::vector<std::string>{"acme_", "acme"});
  REQUIRE(a.min_entropy);
  CHECK(*a.min_entropy == Approx(3.5));
  CHECK(a.paths == std::vector<std::string>{R"(\.env$)"});
  CHECK(a.examples.empty());
  CHECK(a.defined_at.str() == "gl.toml:5:1");
  const Rule& b = c.rules[1];
  CHECK(b.description == "gitleaks rule pair");
  CHECK(b.regex == "pair=([a-z0-9]{16})");  // secretGroup 0 with groups: group 1 is the secret
  CHECK_FALSE(b.min_entropy);
  CHECK(c.warnings == std::vector<std::string>{
                          "gl.toml:5:1: gitleaks rule id 'Acme Key' is read as 'acme-key' (keysweep ids use only "
                          "a-z, 0-9, '-', '_', '.')"});
}

TEST_CASE("gitleaks [extend]: useDefault, disabledRules, path", "[gitleaks_config]") {
  const Config c = parse_ok(R"([extend]
useDefault = true
path = "base.toml"
disabledRules = ["mine", "aws-access-token"]

[[rules]]
id = "mine"
regex = 'mine_[0-9]{8}'
)");
  CHECK(c.use_default_rules);
  CHECK(c.disabled_rules == std::vector<std::string>{"mine"});
  CHECK(c.warnings == std::vector<std::string>{
                          "gl.toml:3:1: gitleaks field 'extend.path' is not supported: ignored",
                          "gl.toml:4:26: gitleaks field 'extend.disabledRules' names 'aws-access-token', not a rule "
                          "of this config (keysweep does not have gitleaks' default rules): ignored"});
  CHECK_FALSE(parse_ok("[extend]\nuseDefault = false\n[[rules]]\nid = 'a'\nregex = 'a'\n").use_default_rules);
  CHECK_FALSE(parse_ok("[extend]\ndisabledRules = []\n").use_default_rules);
}

TEST_CASE("secretGroup names the chosen capture group 'secret'", "[gitleaks_config]") {
  CHECK(secret_group("a(b)(c)", 2) == "a(b)(?P<secret>c)");
  CHECK(secret_group("a(b)(c)", 1) == "a(?P<secret>b)(c)");
  CHECK(secret_group("abc", 0) == "(?P<secret>abc)");
  CHECK(secret_group("(?i)abc", 0) == "(?P<secret>(?i)abc)");
  CHECK(secret_group("a(b)", 0) == "a(b)");
  // Escaped parentheses and classes holding them are not groups.
  CHECK(secret_group(R"(\(x\)(y))", 1) == R"(\(x\)(?P<secret>y))");
  CHECK(secret_group(R"([()](z))", 1) == R"([()](?P<secret>z))");
  CHECK(secret_group(R"([]()](z))", 1) == R"([]()](?P<secret>z))");
  CHECK(secret_group(R"([^](](z))", 1) == R"([^](](?P<secret>z))");
  CHECK(secret_group(R"([[:alpha:](](z))", 1) == R"([[:alpha:](](?P<secret>z))");
  CHECK(secret_group(R"([\]\(](z))", 1) == R"([\]\(](?P<secret>z))");
  CHECK(secret_group(R"(\Q(a)\E(b))", 1) == R"(\Q(a)\E(?P<secret>b))");
  // Non-capturing groups and flags are skipped; named groups count.
  CHECK(secret_group("(?:a)(?i)(?s:b)(c)", 1) == "(?:a)(?i)(?s:b)(?P<secret>c)");
  CHECK(secret_group("(?P<k>a)(b)", 2) == "(?P<k>a)(?P<secret>b)");
  CHECK(secret_group("(?P<k>a)(b)", 1) == "(?P<secret>a)(b)");
  CHECK(secret_group("(?<k>a)((b))", 3) == "(?P<k>a)((?P<secret>b))");  // Go's (?<name> as RE2's (?P<name>
  CHECK(secret_group("(?<k>a)", 0) == "(?P<k>a)");
  CHECK(secret_group("(?P<secret>a)(b)", 2) == "(a)(?P<secret>b)");
  CHECK(secret_group("(?P<secret>a)(b)", 1) == "(?P<secret>a)(b)");

  for (const char* re : {R"(\(x\)(y))", R"([()](z))", R"([]()](z))", R"([^](](z))", R"([[:alpha:](](z))",
                         R"([\]\(](z))", R"(\Q(a)\E(b))", "(?:a)(?i)(?s:b)(c)", "(?P<k>a)(b)", "(?P<k>a)((b))",
                         "((a)|(b))*(?i:(c))", R"([a-z\d(]+(\)))"}) {
    INFO(re);
    RE2 compiled(re);
    REQUIRE(compiled.ok());
    CHECK(static_cast<int>(capturing_groups(re).size()) == compiled.NumberOfCapturingGroups());
  }
  const std::vector<RegexGroup> g = capturing_groups("(a(?:b)(?P<nm>c))");
  REQUIRE(g.size() == 2);
  CHECK(g[0].open == 0);
  CHECK(g[1].open == 7);
  CHECK(g[1].name_len == 2);

  const std::string e = parse_error("[[rules]]\nid = 'two'\nregex = 'a(b)(c)'\nsecretGroup = 3\n");
  CHECK(e == "gl.toml:4:15: gitleaks rule 'two': secretGroup 3 but the regex has 2 capturing groups");
}

TEST_CASE("gitleaks per-rule allowlists become [allowlist.rules.ID]", "[gitleaks_config]") {
  const Config c = parse_ok(R"([[rules]]
id = "tok"
regex = 'tok_[a-z0-9]{20}'
keywords = ["tok_"]

[[rules.allowlists]]
description = "fixtures"
paths = ['''^fixtures/''']
regexes = ['''tok_0{20}''']
stopwords = ["example"]
commits = ["0123abcd"]

[[rules.allowlists]]
regexTarget = "line"
condition = "AND"
regexes = ['''# rotated''']

[[rules]]
id = "old"
regex = 'old_[a-z0-9]{20}'
[rules.allowlist]
regexTarget = "match"
regexes = ['''old_x+''']
)");
  REQUIRE(c.allowlist.rules.size() == 2);
  const RuleAllowlist& o = c.allowlist.rules[0];
  CHECK(o.rule_id == "old");
  CHECK(o.regexes == std::vector<std::string>{"old_x+"});
  const RuleAllowlist& t = c.allowlist.rules[1];
  CHECK(t.rule_id == "tok");
  CHECK(t.paths == std::vector<std::string>{"^fixtures/"});
  CHECK(t.regexes == std::vector<std::string>{"tok_0{20}"});
  CHECK(t.line_regexes == std::vector<std::string>{"# rotated"});
  CHECK(t.stopwords == std::vector<std::string>{"example"});
  CHECK(c.warnings == std::vector<std::string>{
                          "gl.toml:11:1: gitleaks field 'rules.allowlists.commits' is not supported: ignored",
                          "gl.toml:15:1: gitleaks field 'rules.allowlists.condition' = \"AND\" is not supported: "
                          "keysweep applies each list of the allowlist on its own (OR)"});
}

TEST_CASE("gitleaks global allowlists, targetRules and unknown keys", "[gitleaks_config]") {
  const Config c = parse_ok(R"(future = 1
[allowlist]
paths = ['''^vendor/''']
regexes = ['''x{8}''']
stopwords = ["dummy"]
commits = ["abc"]

[[allowlists]]
regexTarget = "line"
regexes = ['''nosecret''']

[[allowlists]]
targetRules = ["tok", "gone"]
paths = ['''^docs/''']

[[rules]]
id = "tok"
regex = 'tok_[a-z0-9]{20}'
report = false

[[rules]]
id = "keyfile"
path = '''\.pem$'''
)");
  CHECK(c.allowlist.paths == std::vector<std::string>{"^vendor/"});
  CHECK(c.allowlist.regexes == std::vector<std::string>{"x{8}"});
  CHECK(c.allowlist.stopwords == std::vector<std::string>{"dummy"});
  CHECK(c.allowlist.line_regexes == std::vector<std::string>{"nosecret"});
  REQUIRE(c.allowlist.rules.size() == 1);
  CHECK(c.allowlist.rules[0].rule_id == "tok");
  CHECK(c.allowlist.rules[0].paths == std::vector<std::string>{"^docs/"});
  REQUIRE(c.rules.size() == 1);  // the file-name-only rule is skipped
  CHECK(c.warnings == std::vector<std::string>{
                          "gl.toml:1:1: gitleaks field 'future' is not supported: ignored",
                          "gl.toml:6:1: gitleaks field 'allowlist.commits' is not supported: ignored",
                          "gl.toml:13:15: gitleaks field 'allowlists.targetRules' names 'gone', not a rule of this "
                          "config: ignored",
                          "gl.toml:19:1: gitleaks field 'rules.report' is not supported: ignored",
                          "gl.toml:21:1: gitleaks rule 'keyfile' has a 'path' but no 'regex' (a file-name rule), "
                          "which keysweep rules cannot express: skipped"});
}

TEST_CASE("gitleaks configs: wrong types are errors naming the place", "[gitleaks_config]") {
  CHECK(parse_error("[[rules]]\nid = 'a'\nregex = 5\n") == "gl.toml:3:9: gitleaks field 'rules.regex' must be a string");
  CHECK(parse_error("[[rules]]\nid = 'a'\nregex = 'a'\nkeywords = 'a'\n") ==
        "gl.toml:4:12: gitleaks field 'rules.keywords' must be an array of strings");
  CHECK(parse_error("[[rules]]\nid = 'a'\nregex = 'a'\nentropy = 'high'\n") ==
        "gl.toml:4:11: gitleaks field 'rules.entropy' must be a number from 0 to 8 (bits per character)");
  CHECK(parse_error("[[rules]]\nid = 'a'\nregex = 'a'\nsecretGroup = -1\n") ==
        "gl.toml:4:15: gitleaks field 'rules.secretGroup' must be a whole number >= 0");
  CHECK(parse_error("[extend]\nuseDefault = 'yes'\n") == "gl.toml:2:14: gitleaks field 'extend.useDefault' must be true or false");
  CHECK(parse_error("[[rules]]\nregex = 'a'\n") == "gl.toml:1:1: a gitleaks rule ([[rules]]) needs a non-empty 'id'");
  CHECK(parse_error("[[rules]]\nid = 'a'\n") == "gl.toml:1:1: gitleaks rule 'a' needs a 'regex'");
  CHECK(parse_error("[[rules]]\nid = 'a'\nregex = 'a'\n[rules.allowlist]\nregexTarget = 'path'\n").find(
            "gl.toml:5:15: gitleaks field 'rules.allowlist.regexTarget' must be") == 0);
  CHECK(parse_error("[[rules]]\nid = 'A'\nregex = 'a'\n[[rules]]\nid = 'a'\nregex = 'b'\n") ==
        "gl.toml:4:1: duplicate rule id 'a'");
}

namespace {

// gen-rule-NNN: a keyword, a regex with the secret in group 1 (secretGroup on every other
// rule), an entropy limit on every fifth, a per-rule allowlist on every seventh.
std::string generated_config(int n) {
  std::string out = "title = \"generated\"\n";
  for (int i = 0; i < n; ++i) {
    char id[8];
    std::snprintf(id, sizeof id, "%03d", i);
    const std::string num(id);
    out += "\n[[rules]]\nid = \"gen-rule-" + num + "\"\n";
    out += "description = \"Generated rule " + num + "\"\n";
    if (i % 2 == 0) {
      out += "regex = '''\\b(gen" + num + "_[a-z0-9]{24})\\b'''\n";
    } else {
      out += "regex = '''(?i)(key)\\s*=\\s*\\b(gen" + num + "_[a-z0-9]{24})\\b'''\nsecretGroup = 2\n";
    }
    out += "keywords = [\"GEN" + num + "_\"]\n";
    if (i % 5 == 0) out += "entropy = 3.0\n";
    if (i % 7 == 0) out += "[[rules.allowlists]]\nstopwords = [\"allowed" + num + "\"]\n";
  }
  return out;
}

std::vector<Finding> scan(const std::shared_ptr<const RuleSet>& rules, const std::string& text) {
  auto m = Matcher::create(rules);
  REQUIRE(m);
  const Placer placer(rules);
  std::vector<Finding> out;
  REQUIRE(find_in_chunk(**m, placer, Chunk(text, Provenance{"app/config.env", "dir", "", ""}), &out));
  return out;
}

}  // namespace

TEST_CASE("a generated 200-rule gitleaks config compiles and scans", "[gitleaks_config]") {
  const Config c = parse_ok(generated_config(200));
  CHECK(c.warnings.empty());
  REQUIRE(c.rules.size() == 200);
  CHECK(c.allowlist.rules.size() == 29);  // 0, 7, ..., 196
  CHECK(c.rules[17].regex == "(?i)(key)\\s*=\\s*\\b(?P<secret>gen017_[a-z0-9]{24})\\b");
  auto set = RuleSet::build(c, RuleSetOptions{});
  if (!set) FAIL(set.status().message());
  CHECK((*set)->rules().size() == 200);

  const std::string planted = "gen017_k3v9q2x7m1p8z4r6t0w5y2a9";
  const std::vector<Finding> found = scan(*set, "KEY = " + planted + "\n");
  REQUIRE(found.size() == 1);
  CHECK(found[0].rule_id == "gen-rule-017");
  CHECK(found[0].secret == planted);

  // gen-rule-020 wants 3 bits per character: a random-looking value passes, a dull one does not.
  const std::string dull = "k3m1k1m3k3k1m1m3k1k3m3m1";
  CHECK(shannon_entropy("gen020_" + dull) < 3.0);
  CHECK(scan(*set, "gen020_q8w2e7r4t9y1u6i3o5p0a8s2\n").size() == 1);
  CHECK(scan(*set, "gen020_" + dull + "\n").empty());
  // gen-rule-021 has no entropy limit: a value as dull is reported.
  CHECK(scan(*set, "key=gen021_" + dull + "\n").size() == 1);
}

}  // namespace keysweep
