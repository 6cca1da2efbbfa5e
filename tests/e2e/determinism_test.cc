// The same input gives byte-identical JSON and SARIF whatever the thread count.
#include <catch2/catch.hpp>

#include "tests/e2e/run_command.h"
#include "tests/support/fake_secrets.h"
#include "tests/support/temp_dir.h"

namespace keysweep {

TEST_CASE("JSON and SARIF bytes are identical for --threads 1 and --threads 8", "[e2e][determinism]") {
  TempDir dir;
  for (int i = 0; i < 200; ++i) {
    std::string body = "# file " + std::to_string(i) + "\n";
    if (i % 7 == 0) body += "GITHUB_TOKEN=" + fake_github_token(100 + i) + "\n";
    if (i % 11 == 0) body += "SECRET_KEY = \"" + fake_hex_key(200 + i) + "\"\n";
    if (i % 13 == 0) body += "DATABASE_URL=postgresql://app:" + fake_chars(300 + i, 20) + "@db.internal:5432/app\n";
    dir.write("d" + std::to_string(i % 9) + "/f" + std::to_string(i) + ".env", body);
  }
  for (const char* format : {"json", "sarif"}) {
    CommandResult one = run_command({KEYSWEEP_BINARY, "dir", dir.path(), "--format", format, "--threads", "1"});
    CommandResult eight = run_command({KEYSWEEP_BINARY, "dir", dir.path(), "--format", format, "--threads", "8"});
    INFO(format);
    CHECK(one.exit_code == 1);
    CHECK(eight.exit_code == 1);
    CHECK(one.out_text.size() > 1000);
    CHECK(one.out_text == eight.out_text);
  }
}

}  // namespace keysweep
