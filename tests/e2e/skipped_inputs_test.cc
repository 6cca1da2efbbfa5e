// Inputs that are not scanned are never silent: binary and oversized files are skipped and
// counted; an unreadable file is reported, the scan goes on, and the run is incomplete (exit 2).
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "tests/e2e/run_command.h"
#include "tests/support/fake_secrets.h"
#include "tests/support/temp_dir.h"

namespace keysweep {

TEST_CASE("binary and too-large files are skipped and counted", "[e2e][skip]") {
  TempDir dir;
  dir.write("logo.png", std::string("\x89PNG\r\n\x1a\n\0\0\0", 11) + fake_github_token(4));
  dir.write("big.sql", std::string(2048, 'a') + "\nGITHUB_TOKEN=" + fake_github_token(5) + "\n");
  dir.write("ok.txt", "hello\n");
  CommandResult r = run_command({KEYSWEEP_BINARY, "dir", dir.path(), "--max-file-size", "1K", "--format", "json"});
  INFO(r.err_text);
  CHECK(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out_text);
  CHECK(j["summary"]["files_scanned"] == 1);
  REQUIRE(j["summary"]["skipped"].size() == 2);
  CHECK(j["summary"]["skipped"][0]["path"] == "big.sql");
  CHECK(j["summary"]["skipped"][0]["reason"] == "too-large");
  CHECK(j["summary"]["skipped"][1]["path"] == "logo.png");
  CHECK(j["summary"]["skipped"][1]["reason"] == "binary");

  r = run_command({KEYSWEEP_BINARY, "dir", dir.path(), "--max-file-size", "1K", "--color", "never"});
  CHECK(r.out_text.find("big.sql") != std::string::npos);
  CHECK(r.out_text.find("logo.png") != std::string::npos);
}

TEST_CASE(".git folders are not walked", "[e2e][skip]") {
  TempDir dir;
  dir.write(".git/config", "token = " + fake_github_token(6) + "\n");
  dir.write("src/main.c", "int main(void) { return 0; }\n");
  CommandResult r = run_command({KEYSWEEP_BINARY, "dir", dir.path(), "--format", "json"});
  CHECK(r.exit_code == 0);
  CHECK(nlohmann::json::parse(r.out_text)["summary"]["files_scanned"] == 1);
}

TEST_CASE("an unreadable file is reported, the scan goes on, the run is incomplete", "[e2e][skip]") {
  TempDir dir;
  ::chmod(dir.path().c_str(), 0755);
  dir.write("a/secret.env", "GITHUB_TOKEN=" + fake_github_token(7) + "\n");
  const std::string locked = dir.write("b/locked.env", "x\n");
  ::chmod(locked.c_str(), 0);
  ::chmod((dir.path() + "/a").c_str(), 0755);
  ::chmod((dir.path() + "/b").c_str(), 0755);
  ::chmod((dir.path() + "/a/secret.env").c_str(), 0644);
  std::vector<std::string> cmd = {KEYSWEEP_BINARY, "dir", dir.path(), "--format", "json"};
  if (::geteuid() == 0) {
    // Root reads anything; drop to nobody so the permission bits mean something.
    cmd.insert(cmd.begin(), {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"});
  }
  CommandResult r = run_command(cmd);
  INFO(r.err_text);
  CHECK(r.exit_code == 2);
  auto j = nlohmann::json::parse(r.out_text);
  CHECK(j["findings"].size() == 1);  // the readable file was still scanned
  CHECK(j["summary"]["incomplete"] == true);
  REQUIRE(j["summary"]["errors"].size() == 1);
  CHECK(j["summary"]["errors"][0].get<std::string>().find("b/locked.env") != std::string::npos);
  CHECK(r.err_text.find("incomplete") != std::string::npos);
}

TEST_CASE("stdin is scanned under its label; binary stdin is an incomplete run", "[e2e][stdin]") {
  const std::string token = fake_github_token(8);
  CommandResult r = run_command({KEYSWEEP_BINARY, "stdin", "--label", "deploy/app.env", "--format", "json"}, "",
                                "x\nGITHUB_TOKEN=" + token + "\n");
  CHECK(r.exit_code == 1);
  auto j = nlohmann::json::parse(r.out_text);
  REQUIRE(j["findings"].size() == 1);
  CHECK(j["findings"][0]["path"] == "deploy/app.env");
  CHECK(j["findings"][0]["line"] == 2);
  CHECK(j["findings"][0]["source"] == "stdin");

  r = run_command({KEYSWEEP_BINARY, "stdin"}, "", std::string("a\0b", 3));
  CHECK(r.exit_code == 2);
}

}  // namespace keysweep
