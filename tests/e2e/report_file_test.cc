// --output FILE is written atomically (a temporary file beside it, then rename) with mode 0600:
// a report can hold raw secrets (--show-secrets) and always holds fingerprints and paths.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/e2e/run_command.h"
#include "tests/support/fake_secrets.h"
#include "tests/support/temp_dir.h"

namespace keysweep {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> names_in(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("regression: --show-secrets --output wrote a world-readable report in place (report-file-mode)",
          "[e2e][report-file]") {
  TempDir tree;
  TempDir out;
  const std::string token = fake_github_token(41);
  tree.write("a.env", "GITHUB_TOKEN=" + token + "\n");
  const std::string report = out.path() + "/report.json";
  // umask 022 would give 0644 to a file opened the usual way.
  CommandResult r = run_command({"sh", "-c", "umask 022; exec \"$0\" \"$@\"", KEYSWEEP_BINARY, "dir", tree.path(),
                                 "--format", "json", "--show-secrets", "--output", report});
  REQUIRE(r.exit_code == 1);
  struct stat st {};
  REQUIRE(stat(report.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(slurp(report).find(token) != std::string::npos);
  CHECK(names_in(out.path()) == std::vector<std::string>{"report.json"});  // no temporary left

  // Without --show-secrets too (fingerprints confirm a guessed secret).
  r = run_command({KEYSWEEP_BINARY, "dir", tree.path(), "--format", "sarif", "--output", out.path() + "/r.sarif"});
  REQUIRE(stat((out.path() + "/r.sarif").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("regression: a failed --output write left a partial report (report-file-atomic)", "[e2e][report-file]") {
  TempDir tree;
  TempDir out;
  std::string text;
  for (int i = 0; i < 60; ++i) text += "GITHUB_TOKEN=" + fake_github_token(100 + i) + "\n";
  tree.write("a.env", text);
  const std::string report = out.path() + "/report.json";
  const std::string old_report = "{\"an\": \"earlier report\"}\n";
  out.write("report.json", old_report);
  // A 4 KiB file-size limit (ulimit -f counts 512-byte blocks here... and 1024 in bash: both are
  // far below the report's size) makes the write fail part-way.
  CommandResult r = run_command({"sh", "-c", "ulimit -f 4; exec \"$0\" \"$@\"", KEYSWEEP_BINARY, "dir", tree.path(),
                                 "--format", "json", "--show-secrets", "--output", report});
  INFO(r.err_text);
  CHECK(r.exit_code == 2);
  CHECK(r.err_text.find("writing --output '" + report + "' failed") != std::string::npos);
  CHECK(slurp(report) == old_report);  // the earlier report is untouched
  CHECK(names_in(out.path()) == std::vector<std::string>{"report.json"});  // and no partial temporary

  // A folder that does not exist: a clear error, nothing written.
  r = run_command({KEYSWEEP_BINARY, "dir", tree.path(), "--output", out.path() + "/missing/r.txt"});
  CHECK(r.exit_code == 2);
  CHECK(r.err_text.find("cannot write --output") != std::string::npos);
}

TEST_CASE("--output refuses a FIFO instead of blocking on it", "[e2e][report-file]") {
  TempDir tree;
  TempDir out;
  tree.write("a.env", "GITHUB_TOKEN=" + fake_github_token(42) + "\n");
  const std::string fifo = out.path() + "/pipe";
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  CommandResult r = run_command({"timeout", "60", KEYSWEEP_BINARY, "dir", tree.path(), "--output", fifo});
  CHECK(r.exit_code == 2);
  CHECK(r.err_text.find("not a regular file") != std::string::npos);
}

TEST_CASE("--output /dev/null discards the report and keeps the exit status", "[e2e][report-file]") {
  TempDir tree;
  tree.write("a.env", "GITHUB_TOKEN=" + fake_github_token(43) + "\n");
  CommandResult r = run_command({"timeout", "60", KEYSWEEP_BINARY, "dir", tree.path(), "--output", "/dev/null"});
  INFO(r.err_text);
  CHECK(r.exit_code == 1);  // findings
  CHECK(r.out_text.empty());
  CHECK(r.err_text.empty());
  // Other devices are still refused.
  r = run_command({"timeout", "60", KEYSWEEP_BINARY, "dir", tree.path(), "--output", "/dev/zero"});
  CHECK(r.exit_code == 2);
  CHECK(r.err_text.find("not a regular file") != std::string::npos);
}

}  // namespace keysweep
