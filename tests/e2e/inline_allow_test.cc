// Inline allow markers (finding/inline_allow.h) on real files: keysweep's own and those of other
// scanners, on the line and on the line before, in dir, staged and history scans.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tests/e2e/git_test_repo.h"

namespace keysweep {
namespace {

std::string aws_line(uint64_t seed) { return "aws_secret_access_key = \"" + fake_chars(seed, 40) + "\""; }

// A PEM private key block of random base64 lines.
std::string pem_block(uint64_t seed) {
  std::string pem = "-----BEGIN RSA PRIVATE KEY-----\n";
  for (int i = 0; i < 8; ++i) pem += fake_chars(seed + i, 64, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") + "\n";
  return pem + "-----END RSA PRIVATE KEY-----\n";
}

size_t count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("inline markers: every known marker hides its finding, others' markers can be turned off", "[e2e][inline-allow]") {
  TestRepo repo;
  struct Case {
    std::string file;
    std::string text;
    bool foreign;
  };
  const std::vector<Case> cases = {
      {"a.py", aws_line(1) + "  # keysweep:allow\n", false},
      {"b.py", "# keysweep:allow-next-line\n" + aws_line(2) + "\n", false},
      {"c.py", aws_line(3) + "  # gitleaks:allow\n", true},
      {"d.py", aws_line(4) + "  # betterleaks:allow\n", true},
      {"e.py", aws_line(5) + "  # pragma: allowlist secret\n", true},
      {"f.py", "# pragma: allowlist nextline secret\n" + aws_line(6) + "\n", true},
      {"g.js", "const k = \"" + fake_github_token(7) + "\"; // trufflehog:ignore\n", true},
      {"h.js", "const k = \"" + fake_github_token(8) + "\"; // kingfisher:ignore\n", true},
      {"i.js", "const k = \"" + fake_github_token(9) + "\"; // secretlint-disable-line\n", true},
      {"j.js", "// secretlint-disable-next-line\nconst k = \"" + fake_github_token(10) + "\";\n", true},
  };
  for (const Case& c : cases) repo.write(c.file, c.text);
  repo.write("z.py", aws_line(11) + "\n");  // no marker: found
  const CommandResult r = repo.keysweep({"dir", ".", "--format", "json"});
  INFO(r.out_text + r.err_text);
  REQUIRE(r.exit_code == 1);
  CHECK(count(r.out_text, "\"rule_id\"") == 1);
  CHECK(r.out_text.find("z.py") != std::string::npos);

  const CommandResult strict = repo.keysweep({"dir", ".", "--format", "json", "--no-foreign-allows"});
  INFO(strict.out_text);
  REQUIRE(strict.exit_code == 1);
  for (const Case& c : cases) {
    INFO(c.file);
    CHECK((strict.out_text.find("\"" + c.file + "\"") != std::string::npos) == c.foreign);
  }
  // The same from the config.
  const std::string cfg = repo.tmp().write("strict.toml", "[allowlist]\nforeign_markers = false\n");
  CHECK(repo.keysweep({"dir", ".", "--format", "json", "--config", cfg}).out_text == strict.out_text);
  const std::string bad = repo.tmp().write("bad.toml", "[allowlist]\nforeign_markers = \"no\"\n");
  const CommandResult err = repo.keysweep({"dir", ".", "--config", bad});
  CHECK(err.exit_code == 2);
  CHECK(err.err_text.find("foreign_markers") != std::string::npos);
}

TEST_CASE("inline markers: a rule list allows only those rules; a marker two lines up allows nothing", "[e2e][inline-allow]") {
  TestRepo repo;
  repo.write("a.py", aws_line(21) + "  # keysweep:allow aws-secret-access-key\n");
  repo.write("b.py", aws_line(22) + "  # keysweep:allow github-pat-classic\n");
  repo.write("c.py", "# keysweep:allow-next-line\n\n" + aws_line(23) + "\n");
  const CommandResult r = repo.keysweep({"dir", ".", "--format", "json"});
  INFO(r.out_text + r.err_text);
  REQUIRE(r.exit_code == 1);
  CHECK(r.out_text.find("\"a.py\"") == std::string::npos);
  CHECK(r.out_text.find("\"b.py\"") != std::string::npos);
  CHECK(r.out_text.find("\"c.py\"") != std::string::npos);
}

TEST_CASE("inline markers: a PEM block is allowed from its first line or the line before", "[e2e][inline-allow]") {
  TestRepo repo;
  repo.write("a.pem", "# keysweep:allow-next-line\n" + pem_block(31));
  repo.write("b.pem", "-----BEGIN RSA PRIVATE KEY----- keysweep:allow\n" + pem_block(41).substr(32));
  repo.write("c.pem", pem_block(51));  // no marker: found
  const CommandResult r = repo.keysweep({"dir", ".", "--format", "json"});
  INFO(r.out_text + r.err_text);
  CHECK(r.exit_code == 1);
  CHECK(count(r.out_text, "\"rule_id\"") == 1);
  CHECK(r.out_text.find("\"c.pem\"") != std::string::npos);
}

TEST_CASE("inline markers in history: a marker added later does not hide the earlier blob", "[e2e][inline-allow][history]") {
  TestRepo repo;
  const std::string line = aws_line(41);
  repo.write("app.py", line + "\n");
  repo.commit_all("leak");
  repo.write("app.py", line + "  # keysweep:allow\n");
  repo.commit_all("allow it");
  const CommandResult h = repo.keysweep({"history", "--format", "json"});
  INFO(h.out_text + h.err_text);
  CHECK(h.exit_code == 1);
  CHECK(count(h.out_text, "\"rule_id\"") == 1);
  // The work tree's copy carries the marker.
  CHECK(repo.keysweep({"dir", ".", "--format", "json"}).exit_code == 0);
}

}  // namespace keysweep
