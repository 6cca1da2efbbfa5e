// Huge files cost what their binary probe costs: nothing is sized from the file's length, and a
// binary file is skipped after its first 8000 bytes. Sparse files keep the disk cost at zero.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "tests/e2e/run_measured.h"
#include "tests/e2e/sparse_file.h"
#include "tests/support/temp_dir.h"

namespace keysweep {
namespace {

// Generous: the scanner's own footprint is ~15 MB; reading a 2 GB file whole would be 2 GB.
constexpr long kSmallRssKb = 300 * 1024;

void sparse_file(const std::string& path, off_t size) { write_sparse_file(path, "", size); }

}  // namespace

TEST_CASE("regression: a 40 GB file under a raised --max-file-size is skipped, not an abort", "[e2e][huge][regression]") {
  TempDir dir;
  sparse_file(dir.path() + "/h.bin", 40ll << 30);
  MeasuredOptions opts;
  opts.deadline_seconds = 60;
  MeasuredRun r = run_measured({KEYSWEEP_BINARY, "dir", dir.path(), "--max-file-size", "64G", "--format", "json"}, opts);
  INFO(r.err_text);
  REQUIRE_FALSE(r.timed_out);
  CHECK(r.exit_code == 0);  // was 134: std::bad_alloc from allocating 40 GB up front
  CHECK(r.max_rss_kb < kSmallRssKb);
  auto j = nlohmann::json::parse(r.out_text);
  REQUIRE(j["summary"]["skipped"].size() == 1);
  CHECK(j["summary"]["skipped"][0]["reason"] == "binary");
}

TEST_CASE("regression: binary files are skipped after their probe, not read whole", "[e2e][huge][regression]") {
  TempDir dir;
  sparse_file(dir.path() + "/a.bin", 2ll << 30);
  sparse_file(dir.path() + "/b.bin", 2ll << 30);
  MeasuredOptions opts;
  opts.deadline_seconds = 60;
  MeasuredRun r = run_measured({KEYSWEEP_BINARY, "dir", dir.path(), "--max-file-size", "4G", "--format", "json"}, opts);
  INFO(r.err_text);
  REQUIRE_FALSE(r.timed_out);
  CHECK(r.exit_code == 0);
  CHECK(r.max_rss_kb < kSmallRssKb);  // was 4.2 GB: both files read whole before the NUL test
  auto j = nlohmann::json::parse(r.out_text);
  REQUIRE(j["summary"]["skipped"].size() == 2);
  CHECK(j["summary"]["skipped"][0]["detail"] == "NUL byte in the first 8000 bytes");
  CHECK(j["summary"]["bytes_scanned"] == 0);
}

TEST_CASE("regression: binary standard input is skipped after its probe, not buffered", "[e2e][huge][stdin][regression]") {
  TempDir dir;
  sparse_file(dir.path() + "/z.bin", 1ll << 30);
  MeasuredOptions opts;
  opts.deadline_seconds = 60;
  opts.stdin_path = dir.path() + "/z.bin";
  MeasuredRun r = run_measured({KEYSWEEP_BINARY, "stdin", "--max-file-size", "2G", "--format", "json"}, opts);
  INFO(r.err_text);
  REQUIRE_FALSE(r.timed_out);
  CHECK(r.exit_code == 2);  // stdin is a named input: skipping it leaves the run incomplete
  CHECK(r.max_rss_kb < kSmallRssKb);
  CHECK(r.err_text.find("binary") != std::string::npos);
}

}  // namespace keysweep
