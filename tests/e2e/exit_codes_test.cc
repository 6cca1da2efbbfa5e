// Exit status and one-line errors for bad input: bad flags, missing paths, invalid configs
// (file:line:column) and invalid regexes (rule id and RE2's message) all exit 2.
#include <catch2/catch.hpp>

#include "tests/e2e/run_command.h"
#include "tests/support/fake_secrets.h"
#include "tests/support/temp_dir.h"

namespace keysweep {
namespace {

size_t lines(const std::string& s) { return static_cast<size_t>(std::count(s.begin(), s.end(), '\n')); }

}  // namespace

TEST_CASE("exit 0 when clean, 1 with findings", "[e2e][exit]") {
  TempDir dir;
  dir.write("README.md", "nothing to see\n");
  CHECK(run_command({KEYSWEEP_BINARY, "dir", dir.path()}).exit_code == 0);
  dir.write("app/.env", "GITHUB_TOKEN=" + fake_github_token(1) + "\n");
  CHECK(run_command({KEYSWEEP_BINARY, "dir", dir.path()}).exit_code == 1);
}

TEST_CASE("bad flags exit 2 with one line", "[e2e][exit]") {
  for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
           {"dir", ".", "--bogus"},
           {"dir", ".", "--format", "xml"},
           {"dir", ".", "--threads", "0"},
           {"dir", ".", "--max-file-size", "ten"},
           {"nosuchcommand"},
           {}}) {
    args.insert(args.begin(), KEYSWEEP_BINARY);
    CommandResult r = run_command(args);
    INFO(r.err_text);
    CHECK(r.exit_code == 2);
    CHECK(lines(r.err_text) == 1);
    CHECK(r.err_text.rfind("keysweep: error: ", 0) == 0);
  }
}

TEST_CASE("a missing path exits 2 before scanning anything", "[e2e][exit]") {
  TempDir dir;
  dir.write("a.env", "GITHUB_TOKEN=" + fake_github_token(2) + "\n");
  CommandResult r = run_command({KEYSWEEP_BINARY, "dir", dir.path(), dir.path() + "/missing"});
  CHECK(r.exit_code == 2);
  CHECK(r.out_text.empty());
  CHECK(r.err_text.find("missing' does not exist") != std::string::npos);
}

TEST_CASE("an invalid config names file, line and column", "[e2e][exit]") {
  TempDir dir;
  const std::string cfg = dir.write("ks.toml", "[allowlist]\npaths = [\"ok\"]\nstopwords = 3\n");
  CommandResult r = run_command({KEYSWEEP_BINARY, "dir", dir.path(), "--config", cfg});
  CHECK(r.exit_code == 2);
  CHECK(r.err_text.find(cfg + ":3:") != std::string::npos);
  CHECK(lines(r.err_text) == 1);

  const std::string broken = dir.write("broken.toml", "[[rule]\nid = 'x'\n");
  r = run_command({KEYSWEEP_BINARY, "dir", dir.path(), "--config", broken});
  CHECK(r.exit_code == 2);
  CHECK(r.err_text.find(broken + ":1:") != std::string::npos);

  r = run_command({KEYSWEEP_BINARY, "dir", dir.path(), "--config", dir.path() + "/none.toml"});
  CHECK(r.exit_code == 2);
  CHECK(r.err_text.find("cannot read config file") != std::string::npos);
}

TEST_CASE("an invalid regex names the rule and RE2's message", "[e2e][exit]") {
  TempDir dir;
  const std::string cfg = dir.write("ks.toml",
      "[[rule]]\nid = 'my-broken'\ndescription = 'd'\nregex = '''key=([a-z]+'''\n");
  CommandResult r = run_command({KEYSWEEP_BINARY, "dir", dir.path(), "--config", cfg});
  CHECK(r.exit_code == 2);
  CHECK(r.err_text.find("rule 'my-broken'") != std::string::npos);
  CHECK(r.err_text.find("missing )") != std::string::npos);
  r = run_command({KEYSWEEP_BINARY, "rules", "check", cfg});
  CHECK(r.exit_code == 2);
}

TEST_CASE("config rules extend the defaults and disabled rules are gone", "[e2e][config]") {
  TempDir dir;
  dir.write("src/app.py", "INTERNAL = 'acme_" + fake_chars(3, 24) + "'\n");
  const std::string cfg = dir.write("cfg/ks.toml", R"(
[extend]
disabled_rules = ["github-pat-classic"]
[[rule]]
id = "acme-internal-token"
description = "ACME internal token"
regex = '''\b(?P<secret>acme_[A-Za-z0-9]{24})\b'''
keywords = ["acme_"]
)");
  CommandResult r = run_command({KEYSWEEP_BINARY, "dir", dir.path() + "/src", "--config", cfg, "--format", "json"});
  INFO(r.err_text);
  CHECK(r.exit_code == 1);
  CHECK(r.out_text.find("\"acme-internal-token\"") != std::string::npos);
  r = run_command({KEYSWEEP_BINARY, "rules", "list", "--config", cfg});
  CHECK(r.out_text.find("acme-internal-token") != std::string::npos);
  CHECK(r.out_text.find("github-pat-classic\t") == std::string::npos);
}

}  // namespace keysweep
