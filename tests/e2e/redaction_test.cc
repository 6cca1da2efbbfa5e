// Secrets stay secret: no output format prints a raw secret unless --show-secrets is given.
#include <catch2/catch.hpp>

#include "tests/e2e/run_command.h"
#include "tests/support/fake_secrets.h"
#include "tests/support/temp_dir.h"

namespace keysweep {

TEST_CASE("every format redacts by default and --show-secrets reveals", "[e2e][redaction]") {
  TempDir dir;
  const std::string token = fake_github_token(9);
  const std::string key = fake_hex_key(10);
  dir.write("settings.py", "GITHUB_TOKEN = '" + token + "'\nSECRET_KEY = \"" + key + "\"\n");
  for (const char* format : {"text", "json", "sarif"}) {
    INFO(format);
    CommandResult r = run_command({KEYSWEEP_BINARY, "dir", dir.path(), "--format", format});
    CHECK(r.exit_code == 1);
    CHECK(r.out_text.find(token) == std::string::npos);
    CHECK(r.out_text.find(token.substr(4, 12)) == std::string::npos);
    CHECK(r.out_text.find(key) == std::string::npos);
    CHECK(r.out_text.find(key.substr(8, 16)) == std::string::npos);
    CHECK(r.err_text.find(token) == std::string::npos);
    r = run_command({KEYSWEEP_BINARY, "dir", dir.path(), "--format", format, "--show-secrets"});
    CHECK(r.out_text.find(token) != std::string::npos);
  }
}

}  // namespace keysweep
