// Config stop words ([allowlist] stopwords, doc/config.md) hide a secret that is one of them or
// holds one as a whole word, never one that merely contains it inside a run of letters and
// digits (gitleaks' substring stop words hide real passwords that contain "test").
#include <catch2/catch.hpp>

#include <string>

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
