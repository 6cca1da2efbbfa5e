// A user rule whose id is a default rule's id ("shadows" it): `rules check FILE` and
// `dir --config FILE` used to disagree (the first ignored the default pack and passed, the
// second refused). Both now judge the file the same way (doc/config.md).
#include <catch2/catch.hpp>

#include <string>

#include "tests/e2e/run_command.h"
#include "tests/support/fake_secrets.h"
#include "tests/support/temp_dir.h"

namespace keysweep {
namespace {

std::string shadowing_rule(const std::string& extend) {
  return extend + R"(
[[rule]]
id = "github-pat-classic"
description = "My own take on GitHub tokens"
regex = '''\b(?P<secret>ghp_[A-Za-z0-9]{36})\b'''
keywords = ["ghp_"]
examples = ['''token = )" + fake_github_token(9) + R"(''']
negative_examples = ['''token = ghp_xxx''']
)";
}

}  // namespace

TEST_CASE("regression: rules check and dir --config agree on a rule id that shadows a default rule",
          "[e2e][config]") {
  TempDir t;
  t.write("scan/a.txt", "nothing\n");
  const std::string scan = t.path() + "/scan";

  SECTION("with the default pack loaded, both refuse it with the same message") {
    const std::string cfg = t.write("ks.toml", shadowing_rule(""));
    CommandResult check = run_command({KEYSWEEP_BINARY, "rules", "check", cfg});
    CommandResult dir = run_command({KEYSWEEP_BINARY, "dir", scan, "--config", cfg});
    CHECK(check.exit_code == 2);
    CHECK(dir.exit_code == 2);
    CHECK(check.err_text.find("ks.toml:2:1: rule id 'github-pat-classic' is already a default rule") != std::string::npos);
    CHECK(check.err_text == dir.err_text);
  }
  SECTION("a disabled default's id is still taken") {
    const std::string cfg = t.write("ks.toml", shadowing_rule("[extend]\ndisabled_rules = [\"github-pat-classic\"]\n"));
    CommandResult check = run_command({KEYSWEEP_BINARY, "rules", "check", cfg});
    CommandResult dir = run_command({KEYSWEEP_BINARY, "dir", scan, "--config", cfg});
    CHECK(check.exit_code == 2);
    CHECK(dir.exit_code == 2);
    CHECK(check.err_text == dir.err_text);
  }
  SECTION("with use_default = false the id is free, for both") {
    const std::string cfg = t.write("ks.toml", shadowing_rule("[extend]\nuse_default = false\n"));
    CommandResult check = run_command({KEYSWEEP_BINARY, "rules", "check", cfg});
    INFO(check.out_text + check.err_text);
    CHECK(check.exit_code == 0);
    t.write("scan/b.txt", "token = " + fake_github_token(5) + "\n");
    CommandResult dir = run_command({KEYSWEEP_BINARY, "dir", scan, "--config", cfg, "--format", "json"});
    INFO(dir.err_text);
    CHECK(dir.exit_code == 1);
    CHECK(dir.out_text.find("github-pat-classic") != std::string::npos);
  }
  SECTION("an unknown disabled_rules id is refused by both, with the same message") {
    std::string rules = shadowing_rule("[extend]\ndisabled_rules = [\"no-such-rule\"]\n");
    rules.replace(rules.find("id = \"github-pat-classic\""), 25, "id = \"my-github-pat\"");
    const std::string cfg = t.write("ks.toml", rules);
    CommandResult check = run_command({KEYSWEEP_BINARY, "rules", "check", cfg});
    CommandResult dir = run_command({KEYSWEEP_BINARY, "dir", scan, "--config", cfg});
    CHECK(check.exit_code == 2);
    CHECK(dir.exit_code == 2);
    CHECK(check.err_text.find("no-such-rule") != std::string::npos);
    CHECK(check.err_text == dir.err_text);
  }
}

}  // namespace keysweep
