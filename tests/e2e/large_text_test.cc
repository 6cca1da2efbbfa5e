// Large text files are scanned window by window: memory stays bounded by the window size, and a
// secret anywhere in the file is found at the file's own line and column.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/e2e/run_measured.h"
#include "tests/e2e/sparse_file.h"
#include "tests/support/fake_secrets.h"
#include "tests/support/temp_dir.h"

namespace keysweep {
namespace {

std::string header_lines(int n) {
  std::string s;
  for (int i = 1; i <= n; ++i) s += "header line " + std::to_string(i) + " of the build log\n";
  return s;
}

}  // namespace

TEST_CASE("a 200 MB single-line file with a secret near its end is scanned in bounded memory", "[e2e][large]") {
  TempDir dir;
  const std::string token = fake_github_token(41);
  std::string line(200u << 20, 'a');
  for (size_t i = 80; i < line.size(); i += 81) line[i] = ' ';  // words, like minified code
  const size_t at = line.size() - 1000;
  const std::string assignment = " TOKEN=" + token + " ";
  line.replace(at, assignment.size(), assignment);
  dir.write("min.js", line);
  line.clear();
  line.shrink_to_fit();
  MeasuredOptions opts;
  opts.deadline_seconds = 120;
  MeasuredRun r = run_measured({KEYSWEEP_BINARY, "dir", dir.path(), "--max-file-size", "1G", "--format", "json", "-j", "2"}, opts);
  INFO(r.err_text);
  REQUIRE_FALSE(r.timed_out);
  CHECK(r.exit_code == 1);
  CHECK(r.max_rss_kb < 300 * 1024);  // the file is 200 MB; windows are 16 MiB
  auto j = nlohmann::json::parse(r.out_text);
  REQUIRE(j["findings"].size() == 1);
  CHECK(j["findings"][0]["line"] == 1);
  CHECK(j["findings"][0]["column"] == at + assignment.find("ghp_") + 1);
}

// Hidden ([.]): reading the 4 GiB hole fills 4 GiB of page cache, 2-20 s on a shared machine.
// scan_runner_test.cc streams the same shape from memory in the default run. Run this one with
// `keysweep_tests "[large-4g]"`.
TEST_CASE("a secret past the 4 GiB mark of a file is found at its line", "[.][e2e][large-4g]") {
  TempDir dir;
  const std::string token = fake_github_token(42);
  // 500 lines of text (past the 8000-byte probe), a 4 GiB hole of NULs (one long line), a secret.
  write_sparse_file(dir.path() + "/huge.log", header_lines(500), (4ll << 30) + 12345, "\nAPI_TOKEN=" + token + "\n");
  MeasuredOptions opts;
  opts.deadline_seconds = 180;
  MeasuredRun r = run_measured({KEYSWEEP_BINARY, "dir", dir.path(), "--max-file-size", "8G", "--format", "json"}, opts);
  INFO(r.err_text);
  REQUIRE_FALSE(r.timed_out);
  CHECK(r.exit_code == 1);
  CHECK(r.max_rss_kb < 300 * 1024);
  auto j = nlohmann::json::parse(r.out_text);
  REQUIRE(j["findings"].size() == 1);
  CHECK(j["findings"][0]["line"] == 502);
  CHECK(j["findings"][0]["column"] == 11);
  CHECK(j["summary"]["bytes_scanned"] == (4ll << 30) + 12345 + 12 + token.size());
}

}  // namespace keysweep
