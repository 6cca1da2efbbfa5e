// Line numbers are right whatever the line endings: CRLF is one break, a lone CR (old Mac files)
// is a break, and the reported line text carries no CR.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/e2e/run_measured.h"
#include "tests/support/fake_secrets.h"
#include "tests/support/temp_dir.h"

namespace keysweep {
namespace {

nlohmann::json scan_json(const std::string& path) {
  MeasuredOptions opts;
  opts.deadline_seconds = 60;
  MeasuredRun r = run_measured({KEYSWEEP_BINARY, "dir", path, "--format", "json", "--show-secrets"}, opts);
  INFO(r.err_text);
  REQUIRE_FALSE(r.timed_out);
  CHECK(r.exit_code == 1);
  return nlohmann::json::parse(r.out_text);
}

}  // namespace

TEST_CASE("regression: CRLF files report the right line numbers", "[e2e][line-endings][regression]") {
  TempDir dir;
  const std::string token = fake_github_token(51);
  const std::string path = dir.write("win.env", "# settings\r\n\r\nNAME=app\r\nGITHUB_TOKEN=" + token + "\r\nX=1\r\n");
  auto j = scan_json(path);
  REQUIRE(j["findings"].size() == 1);
  CHECK(j["findings"][0]["line"] == 4);
  CHECK(j["findings"][0]["column"] == 14);
  CHECK(j["findings"][0]["line_text"] == "GITHUB_TOKEN=" + token);
}

TEST_CASE("regression: lone CR line endings report the right line numbers", "[e2e][line-endings][regression]") {
  TempDir dir;
  const std::string token = fake_github_token(52);
  const std::string path = dir.write("mac.cfg", "# settings\r\rNAME=app\rGITHUB_TOKEN=" + token + "\rX=1\r");
  auto j = scan_json(path);
  REQUIRE(j["findings"].size() == 1);
  CHECK(j["findings"][0]["line"] == 4);  // was 1: only '\n' counted as a line break
  CHECK(j["findings"][0]["column"] == 14);
  CHECK(j["findings"][0]["line_text"] == "GITHUB_TOKEN=" + token);
}

}  // namespace keysweep
