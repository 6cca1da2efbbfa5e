// Only the first 8000 bytes decide "binary": NUL bytes and invalid UTF-8 later in a text file are
// scanned through, and secrets after them are found at their line.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/e2e/run_measured.h"
#include "tests/support/fake_secrets.h"
#include "tests/support/temp_dir.h"

namespace keysweep {

TEST_CASE("NUL bytes and invalid UTF-8 after the probe do not stop the scan", "[e2e][invalid-bytes]") {
  TempDir dir;
  const std::string token = fake_github_token(71);
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "plain text line " + std::to_string(i) + "\n";  // > 8000 bytes
  static const char kGarbage[] = "garbage \xC3\x28 \xFF\xFE \xF0\x9F and \0\0\0 NULs\n";
  text += std::string(kGarbage, sizeof kGarbage - 1);
  text += "GITHUB_TOKEN=" + token + "\n";
  dir.write("mixed.log", text);
  MeasuredOptions opts;
  opts.deadline_seconds = 60;
  MeasuredRun r = run_measured({KEYSWEEP_BINARY, "dir", dir.path(), "--format", "json"}, opts);
  INFO(r.err_text);
  REQUIRE_FALSE(r.timed_out);
  CHECK(r.exit_code == 1);
  auto j = nlohmann::json::parse(r.out_text);  // the report is valid JSON despite the bytes
  REQUIRE(j["findings"].size() == 1);
  CHECK(j["findings"][0]["line"] == 1002);
  CHECK(j["findings"][0]["column"] == 14);
}

}  // namespace keysweep
