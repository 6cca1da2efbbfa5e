// A finding's line shows no other secret: every secret on the line is masked, by whatever rule
// found it, and so is anything secret-looking that no rule knows.
#include <catch2/catch.hpp>

#include "tests/e2e/run_command.h"
#include "tests/support/fake_secrets.h"
#include "tests/support/temp_dir.h"

namespace keysweep {

TEST_CASE("regression: a finding's line printed another secret on the same line in full (snippet-leaks-neighbour)",
          "[e2e][redaction][snippet-masks]") {
  TempDir dir;
  const std::string token = fake_github_token(31);
  const std::string key_id = "AKIA" + fake_chars(32, 16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
  dir.write("x.env", "GITHUB_TOKEN=" + token + " AWS_ACCESS_KEY_ID=" + key_id + "\n");
  for (const char* format : {"text", "json", "sarif"}) {
    INFO(format);
    CommandResult r = run_command({KEYSWEEP_BINARY, "dir", dir.path(), "--format", format});
    CHECK(r.exit_code == 1);
    CHECK(r.out_text.find(token.substr(4, 12)) == std::string::npos);
    CHECK(r.out_text.find(key_id.substr(4, 12)) == std::string::npos);
    // The names stay readable.
    if (std::string(format) != "sarif") CHECK(r.out_text.find("AWS_ACCESS_KEY_ID=AKIA********") != std::string::npos);
    r = run_command({KEYSWEEP_BINARY, "dir", dir.path(), "--format", format, "--show-secrets"});
    CHECK(r.out_text.find(token) != std::string::npos);
    CHECK(r.out_text.find(key_id) != std::string::npos);
  }
}

}  // namespace keysweep
