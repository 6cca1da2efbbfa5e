// `--config .gitleaks.toml`: a gitleaks-style config (here a generated 200-rule one) runs through
// the CLI, its rules report, and each unsupported field is one warning on stderr.
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

#include "tests/e2e/git_test_repo.h"

namespace keysweep {
namespace {

size_t count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("a generated gitleaks config runs through --config and warns on stderr", "[e2e][gitleaks_config]") {
  TestRepo repo;
  std::string cfg = "[allowlist]\ncommits = [\"0123abcd\"]\n";  // line 2: warned about
  for (int i = 0; i < 200; ++i) {
    char num[8];
    std::snprintf(num, sizeof num, "%03d", i);
    cfg += std::string("\n[[rules]]\nid = \"gen-rule-") + num + "\"\nregex = '''\\bgen" + num +
           "_[a-z0-9]{24}\\b'''\nkeywords = [\"gen" + num + "_\"]\n";
    if (i % 5 == 0) cfg += "entropy = 3.0\n";
  }
  const std::string path = repo.tmp().write("generated.toml", cfg);
  repo.write("app/a.env", "TOKEN=gen017_k3v9q2x7m1p8z4r6t0w5y2a9\n");
  repo.write("app/b.env", "TOKEN=gen020_k3m1k1m3k3k1m1m3k1k3m3m1\n");  // below gen-rule-020's entropy
  const CommandResult r = repo.keysweep({"dir", ".", "--format", "json", "--config", path});
  INFO(r.out_text + r.err_text);
  CHECK(r.exit_code == 1);
  CHECK(r.out_text.find("\"gen-rule-017\"") != std::string::npos);
  CHECK(r.out_text.find("gen-rule-020") == std::string::npos);
  const std::string warning =
      "keysweep: warning: " + path + ":2:1: gitleaks field 'allowlist.commits' is not supported: ignored\n";
  CHECK(count(r.err_text, warning) == 1);
  CHECK(count(r.err_text, "keysweep: warning:") == 1);
}

}  // namespace keysweep
