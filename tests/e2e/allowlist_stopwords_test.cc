// Config stop words ([allowlist] stopwords, doc/config.md) hide a secret that is one of them or
// holds one as a whole word, never one that merely contains it inside a run of letters and
// digits (gitleaks' substring stop words hide real passwords that contain "test").
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/e2e/git_test_repo.h"

namespace keysweep {

TEST_CASE("stop words match whole secrets or whole words of them, not substrings", "[e2e][allowlist]") {
  TestRepo repo;
  const std::string word_secret = "acme/" + fake_chars(61, 35);                       // a word of it
  const std::string inside_secret = fake_chars(62, 17) + "acme" + fake_chars(63, 19);  // inside a run
  repo.write("a.env", "aws_secret_access_key = \"" + word_secret + "\"\n");
  repo.write("b.env", "aws_secret_access_key = \"" + inside_secret + "\"\n");
  const CommandResult plain = repo.keysweep({"dir", ".", "--format", "json"});
  INFO(plain.out_text + plain.err_text);
  REQUIRE(plain.exit_code == 1);
  REQUIRE(plain.out_text.find("\"a.env\"") != std::string::npos);
  REQUIRE(plain.out_text.find("\"b.env\"") != std::string::npos);

  const std::string cfg = repo.tmp().write("stop.toml", "[allowlist]\nstopwords = [\"ACME\"]\n");
  const CommandResult r = repo.keysweep({"dir", ".", "--format", "json", "--config", cfg});
  INFO(r.out_text + r.err_text);
  CHECK(r.exit_code == 1);
  CHECK(r.out_text.find("\"a.env\"") == std::string::npos);
  CHECK(r.out_text.find("\"b.env\"") != std::string::npos);
}

}  // namespace keysweep

namespace keysweep {

// Config allowlists beyond stop words: path globs, regexes on the line, and the same keys for
// one rule only ([allowlist.rules.ID]), each counted in the summary.
TEST_CASE("allowlists: globs, line regexes and per-rule allowlists", "[e2e][allowlist]") {
  TestRepo repo;
  repo.write("vendor/x/a.py", token_line(71) + "\n");
  repo.write("src/b.py", token_line(72) + "  # rotated-2024\n");
  repo.write("src/c.py", hex_key_line(73) + "\n");
  repo.write("docs/d.md", token_line(74) + "\n" + hex_key_line(75) + "\n");
  repo.write("src/e.py", token_line(76) + "\n");
  const std::string cfg = repo.tmp().write("allow.toml",
                                           "[allowlist]\n"
                                           "globs = [\"vendor/**\"]\n"
                                           "line_regexes = ['''rotated-\\d{4}''']\n"
                                           "[allowlist.rules.github-pat-classic]\n"
                                           "globs = [\"docs/\"]\n");
  const CommandResult r = repo.keysweep({"dir", ".", "--format", "json", "--config", cfg});
  INFO(r.out_text + r.err_text);
  REQUIRE(r.exit_code == 1);
  const nlohmann::json j = nlohmann::json::parse(r.out_text);
  std::vector<std::string> got = where(j);
  // Only the token rule is allowed under docs/: the hex key there is still reported.
  CHECK(got.size() == 3);
  const auto at = [&](const std::string& prefix) {
    return std::any_of(got.begin(), got.end(), [&](const std::string& w) { return w.rfind(prefix, 0) == 0; });
  };
  CHECK(at("docs/d.md:2 "));
  CHECK_FALSE(at("docs/d.md:1 "));
  CHECK(r.out_text.find("\"src/e.py\"") != std::string::npos);
  CHECK(r.out_text.find("\"src/c.py\"") != std::string::npos);
  CHECK(r.out_text.find("\"vendor/x/a.py\"") == std::string::npos);
  CHECK(r.out_text.find("\"src/b.py\"") == std::string::npos);
  const nlohmann::json& s = j["summary"]["suppressed"];
  CHECK(s["allowlist_path"] == 2);   // vendor/ (global glob) and docs/ (the rule's own)
  CHECK(s["allowlist_regex"] == 1);  // the line regex

  // A per-rule allowlist naming no rule is an error, not a silent no-op.
  const std::string bad = repo.tmp().write("bad.toml", "[allowlist.rules.no-such-rule]\nstopwords = [\"x\"]\n");
  const CommandResult e = repo.keysweep({"dir", ".", "--config", bad});
  check_one_line_error(e);
  CHECK(e.err_text.find("no-such-rule") != std::string::npos);
}

}  // namespace keysweep
