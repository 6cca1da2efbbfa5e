// Bad pre-push input is quoted in the error with control bytes and invalid UTF-8 escaped and
// its length bounded: the old message echoed the line raw, so an ESC sequence on stdin reached
// the terminal and a CR could hide the rest of the message.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/e2e/run_command.h"
#include "tests/support/temp_dir.h"

namespace keysweep {
namespace {

CommandResult pre_push(const std::string& repo, const std::string& stdin_text) {
  return run_command({"env", "-u", "GIT_DIR", "-u", "GIT_WORK_TREE", "-u", "GIT_INDEX_FILE", "-u", "PRE_COMMIT",
                      "-u", "PRE_COMMIT_TO_REF", "-u", "PRE_COMMIT_FROM_REF", "-u", "PRE_COMMIT_LOCAL_BRANCH",
                      "-u", "PRE_COMMIT_REMOTE_NAME", "HOME=" + repo, "GIT_CONFIG_NOSYSTEM=1",
                      "timeout", "120", KEYSWEEP_BINARY, "pre-push", "origin", "--repo", repo},
                     "", stdin_text);
}

bool has_raw_control(const std::string& s) {
  // The message's own final newline is the only control byte allowed.
  return std::any_of(s.begin(), s.end() - (s.empty() ? 0 : 1), [](char c) {
    const unsigned char u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

}  // namespace

TEST_CASE("regression: control bytes in bad pre-push input are escaped, not echoed raw", "[e2e][pre-push]") {
  TempDir repo;
  REQUIRE(run_command({"git", "init", "-q", repo.path()}).exit_code == 0);

  SECTION("ESC, BEL and CR") {
    CommandResult r = pre_push(repo.path(), "\x1b]0;owned\x07\x1b[2J\rfake ok\n");
    CHECK(r.exit_code == 2);
    CHECK(r.err_text.rfind("keysweep: error: unexpected pre-push input line", 0) == 0);
    CHECK(r.err_text.find("'\\x1b]0;owned\\x07\\x1b[2J\\x0dfake ok'") != std::string::npos);
    CHECK_FALSE(has_raw_control(r.err_text));
    CHECK(std::count(r.err_text.begin(), r.err_text.end(), '\n') == 1);
  }
  SECTION("invalid UTF-8 and a bidi override") {
    CommandResult r = pre_push(repo.path(), "bad \xff\xfe \xe2\x80\xae\n");
    CHECK(r.exit_code == 2);
    CHECK(r.err_text.find("'bad \\xff\\xfe \\u{202E}'") != std::string::npos);
  }
  SECTION("a long line is cut") {
    CommandResult r = pre_push(repo.path(), std::string(5000, 'x') + "\n");
    CHECK(r.exit_code == 2);
    CHECK(r.err_text.find(std::string(120, 'x') + "...'") != std::string::npos);
    CHECK(r.err_text.size() < 400);
  }
  SECTION("a line longer than git ever sends is refused without being read whole") {
    CommandResult r = pre_push(repo.path(), std::string(1 << 20, '\x1b'));
    CHECK(r.exit_code == 2);
    CHECK(r.err_text.find("pre-push input line longer than 16384 bytes") != std::string::npos);
    CHECK_FALSE(has_raw_control(r.err_text));
    CHECK(r.err_text.size() < 1000);
  }
}

}  // namespace keysweep
