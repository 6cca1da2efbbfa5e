// UTF-16 and UTF-32 text (what Windows tools write for .ps1, .reg and .config files) is decoded
// and scanned, not skipped as binary; findings report the line and column of the text (columns
// count the UTF-8 bytes of the line, so ASCII text has the same columns in every encoding).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/e2e/run_command.h"
#include "tests/e2e/run_measured.h"
#include "tests/support/fake_secrets.h"
#include "tests/support/temp_dir.h"

namespace keysweep {
namespace {

// ASCII `text` in UTF-16 or UTF-32, little- or big-endian, with or without a byte-order mark.
std::string encode(const std::string& text, int width, bool big_endian, bool bom) {
  std::string out;
  const auto put = [&](uint32_t cp) {
    for (int k = 0; k < width; ++k) {
      const int shift = 8 * (big_endian ? width - 1 - k : k);
      out.push_back(static_cast<char>((cp >> shift) & 0xFF));
    }
  };
  if (bom) put(0xFEFF);
  for (char c : text) put(static_cast<unsigned char>(c));
  return out;
}

MeasuredRun scan(const std::vector<std::string>& args, const std::string& stdin_path = "/dev/null") {
  MeasuredOptions opts;
  opts.deadline_seconds = 60;
  opts.stdin_path = stdin_path;
  std::vector<std::string> argv{KEYSWEEP_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_measured(argv, opts);
}

}  // namespace

TEST_CASE("regression: UTF-16 and UTF-32 files are scanned, secrets found at the right line", "[e2e][utf16][regression]") {
  TempDir dir;
  const std::string token = fake_github_token(61);
  const std::string text = "# deploy settings\r\n$name = 'app'\r\n$token = \"" + token + "\"\r\n";
  struct Case {
    std::string name;
    int width;
    bool big_endian;
    bool bom;
  };
  const std::vector<Case> cases = {{"le.ps1", 2, false, true},   {"be.ps1", 2, true, true},
                                   {"nobom.reg", 2, false, false}, {"nobom-be.reg", 2, true, false},
                                   {"le32.config", 4, false, true}, {"be32.config", 4, true, true}};
  for (const Case& c : cases) dir.write(c.name, encode(text, c.width, c.big_endian, c.bom));
  dir.write("bom8.ps1", "\xEF\xBB\xBF" + text);
  MeasuredRun r = scan({"dir", dir.path(), "--format", "json"});
  INFO(r.err_text);
  REQUIRE_FALSE(r.timed_out);
  CHECK(r.exit_code == 1);  // was 0: every one of them skipped as binary
  auto j = nlohmann::json::parse(r.out_text);
  CHECK(j["summary"]["skipped"].empty());
  REQUIRE(j["findings"].size() == cases.size() + 1);
  for (const auto& f : j["findings"]) {
    INFO(f["path"].get<std::string>());
    CHECK(f["line"] == 3);
    CHECK(f["column"] == 11);
    CHECK(f["end_column"] == 11 + token.size());
    CHECK(f["line_text"].get<std::string>().rfind("$token = \"ghp_", 0) == 0);
  }
}

TEST_CASE("UTF-16 on standard input is decoded too", "[e2e][utf16][stdin]") {
  TempDir dir;
  const std::string token = fake_github_token(62);
  const std::string in = dir.write("in.txt", encode("a\nb\nGITHUB_TOKEN=" + token + "\n", 2, false, true));
  MeasuredRun r = scan({"stdin", "--label", "x.ps1", "--format", "json"}, in);
  INFO(r.err_text);
  CHECK(r.exit_code == 1);
  auto j = nlohmann::json::parse(r.out_text);
  REQUIRE(j["findings"].size() == 1);
  CHECK(j["findings"][0]["line"] == 3);
  CHECK(j["findings"][0]["column"] == 14);
}

TEST_CASE("a UTF-16 file holding a NUL character is still binary", "[e2e][utf16]") {
  TempDir dir;
  dir.write("data.bin", encode(std::string("ab\0cd", 5), 2, false, true));
  MeasuredRun r = scan({"dir", dir.path(), "--format", "json"});
  CHECK(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out_text);
  REQUIRE(j["summary"]["skipped"].size() == 1);
  CHECK(j["summary"]["skipped"][0]["reason"] == "binary");
  CHECK(j["summary"]["skipped"][0]["detail"] == "NUL character in the first 8000 bytes (UTF-16LE)");
}

TEST_CASE("a staged UTF-16 file (a git blob) is decoded too", "[e2e][utf16][staged]") {
  TempDir dir;
  const std::string repo = dir.path() + "/repo";
  const std::string token = fake_github_token(63);
  dir.write("repo/x.txt", "x\n");
  const auto git = [&](std::vector<std::string> args) {
    std::vector<std::string> cmd = {"env", "-u", "GIT_DIR", "-u", "GIT_WORK_TREE", "-u", "GIT_INDEX_FILE",
                                    "HOME=" + dir.path(), "GIT_CONFIG_NOSYSTEM=1", "git", "-C", repo};
    cmd.insert(cmd.end(), args.begin(), args.end());
    CommandResult r = run_command(cmd);
    INFO(r.err_text);
    REQUIRE(r.exit_code == 0);
  };
  git({"init", "-q", "."});
  git({"add", "x.txt"});
  git({"-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "one"});
  dir.write("repo/setup.ps1", encode("# setup\r\n$k = 'x'\r\n$token = '" + token + "'\r\n", 2, false, true));
  git({"add", "setup.ps1"});
  CommandResult r = run_command({"env", "-u", "GIT_DIR", "-u", "GIT_WORK_TREE", "-u", "GIT_INDEX_FILE",
                                 KEYSWEEP_BINARY, "staged", "--format", "json"},
                                repo);
  INFO(r.err_text);
  CHECK(r.exit_code == 1);
  auto j = nlohmann::json::parse(r.out_text);
  REQUIRE(j["findings"].size() == 1);
  CHECK(j["findings"][0]["path"] == "setup.ps1");
  CHECK(j["findings"][0]["line"] == 3);
  CHECK(j["findings"][0]["column"] == 11);
}

}  // namespace keysweep
