// Test fixtures for the git end-to-end tests: a throwaway repository built with the git CLI under
// a hermetic environment (no system or user git config, HOME inside the temporary folder, no
// GIT_DIR & co. inherited from a hook that runs this test binary), and helpers to run keysweep
// on it and read its JSON report.
//
// keysweep is run under coreutils' `timeout` with a generous limit, so a hang fails the test
// with exit status 124 instead of stalling the suite; no test asserts a time.
//
// Thread safety: a TestRepo is used by one test. Errors: git commands that must succeed stop
// the test (REQUIRE); keysweep's own results are returned for the test to check.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/e2e/run_command.h"
#include "tests/support/fake_secrets.h"
#include "tests/support/temp_dir.h"

namespace keysweep {

// Exit status of a keysweep run that `timeout` killed: it hung.
inline constexpr int kTimedOut = 124;

// argv for KEYSWEEP_BINARY ARGS..., killed after two minutes (a hang, never a slow run).
inline std::vector<std::string> keysweep_argv(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"timeout", "-k", "10", "120", KEYSWEEP_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

// Variables git sets for hooks (or a user may set) that would point git or libgit2 at another
// repository, index or config than the test's own.
inline constexpr const char* kInheritedGitVariables[] = {
    "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_CEILING_DIRECTORIES",
    "GIT_PREFIX", "GIT_NAMESPACE", "GIT_CONFIG", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM",
    "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"};

// argv prefixed with `env` so the program runs with a clean git environment and HOME = home.
inline std::vector<std::string> hermetic(const std::string& home, const std::vector<std::string>& argv) {
  std::vector<std::string> cmd = {"env"};
  for (const char* name : kInheritedGitVariables) {
    cmd.push_back("-u");
    cmd.push_back(name);
  }
  cmd.push_back("GIT_CONFIG_NOSYSTEM=1");
  cmd.push_back("HOME=" + home);
  cmd.insert(cmd.end(), argv.begin(), argv.end());
  return cmd;
}

inline size_t count_lines(const std::string& s) {
  return static_cast<size_t>(std::count(s.begin(), s.end(), '\n'));
}

// A temporary folder holding a home directory (the folder itself) and a fresh non-bare
// repository at <folder>/repo with an unborn HEAD on branch main.
class TestRepo {
 public:
  TestRepo() : root_(tmp_.path() + "/repo") {
    git_in(tmp_.path(), {"-c", "init.defaultBranch=main", "init", "-q", "repo"});
    git({"config", "user.name", "Keysweep Test"});
    git({"config", "user.email", "test@keysweep.invalid"});
    git({"config", "commit.gpgsign", "false"});
  }

  const TempDir& tmp() const { return tmp_; }
  const std::string& root() const { return root_; }
  const std::string& home() const { return tmp_.path(); }

  // Writes a file of the work tree (path relative to the repository root).
  void write(const std::string& rel, const std::string& content) const { tmp_.write("repo/" + rel, content); }

  // Runs git in `cwd` (default: the repository root); the test stops unless it succeeds.
  std::string git(const std::vector<std::string>& args, const std::string& cwd = "") const {
    return git_in(cwd.empty() ? root_ : cwd, args);
  }
  // Runs git in `cwd` (default: the repository root), whatever its exit status.
  CommandResult try_git(const std::vector<std::string>& args, const std::string& cwd = "") const {
    std::vector<std::string> argv = {"git"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(hermetic(home(), argv), cwd.empty() ? root_ : cwd);
  }
  void commit_all(const std::string& message) const {
    git({"add", "-A"});
    git({"commit", "-q", "-m", message});
  }

  // Runs `keysweep ARGS...` in `cwd` (default: the repository root).
  CommandResult keysweep(const std::vector<std::string>& args, const std::string& cwd = "") const {
    return run_command(hermetic(home(), keysweep_argv(args)), cwd.empty() ? root_ : cwd);
  }

 private:
  std::string git_in(const std::string& cwd, const std::vector<std::string>& args) const {
    std::vector<std::string> argv = {"git"};
    argv.insert(argv.end(), args.begin(), args.end());
    CommandResult r = run_command(hermetic(tmp_.path(), argv), cwd);
    INFO("git " << args.at(0) << " in " << cwd << ": " << r.err_text);
    REQUIRE(r.exit_code == 0);
    return r.out_text;
  }

  TempDir tmp_;
  std::string root_;
};

struct JsonRun {
  int exit_code = 0;
  nlohmann::json report;
  std::string err_text;
};

// `keysweep staged [extra...] --format json` in `cwd`; the test stops unless stdout is JSON.
inline JsonRun staged_json(const TestRepo& repo, std::vector<std::string> extra = {}, const std::string& cwd = "") {
  std::vector<std::string> args = {"staged"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.insert(args.end(), {"--format", "json"});
  CommandResult r = repo.keysweep(args, cwd);
  INFO("exit " << r.exit_code << ", stderr: " << r.err_text << "\nstdout: " << r.out_text);
  nlohmann::json j = nlohmann::json::parse(r.out_text, nullptr, /*allow_exceptions=*/false);
  REQUIRE_FALSE(j.is_discarded());
  return {r.exit_code, j, r.err_text};
}

// "path:line rule" for each finding, in report order: compact and readable in failures.
inline std::vector<std::string> where(const nlohmann::json& report) {
  std::vector<std::string> out;
  for (const nlohmann::json& f : report.at("findings")) {
    out.push_back(f.at("path").get<std::string>() + ":" + std::to_string(f.at("line").get<int>()) + " " +
                  f.at("rule_id").get<std::string>());
  }
  return out;
}

// A hard error: exit 2, nothing on stdout, one line on stderr.
inline void check_one_line_error(const CommandResult& r) {
  INFO("stdout: " << r.out_text << "\nstderr: " << r.err_text);
  CHECK(r.exit_code == 2);
  CHECK(r.out_text.empty());
  CHECK(count_lines(r.err_text) == 1);
  CHECK(r.err_text.rfind("keysweep: error: ", 0) == 0);
}

inline std::string token_line(uint64_t seed) { return "GITHUB_TOKEN = '" + fake_github_token(seed) + "'"; }
inline std::string hex_key_line(uint64_t seed) { return "SECRET_KEY = \"" + fake_hex_key(seed) + "\""; }

// `keysweep pre-push [extra...] --format json` in the repository root, fed git's pre-push
// `lines`; the test stops unless stdout is JSON.
inline JsonRun pre_push_json(const TestRepo& repo, const std::string& lines, std::vector<std::string> extra = {},
                             const std::string& cwd = "") {
  std::vector<std::string> args = {"pre-push"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.insert(args.end(), {"--format", "json"});
  CommandResult r = run_command(hermetic(repo.home(), keysweep_argv(args)), cwd.empty() ? repo.root() : cwd, lines);
  INFO("exit " << r.exit_code << ", stderr: " << r.err_text << "\nstdout: " << r.out_text);
  nlohmann::json j = nlohmann::json::parse(r.out_text, nullptr, /*allow_exceptions=*/false);
  REQUIRE_FALSE(j.is_discarded());
  return {r.exit_code, j, r.err_text};
}

// The reasons of the report's skipped[] entries as "path reason", in report order.
inline std::vector<std::string> skipped_of(const nlohmann::json& report) {
  std::vector<std::string> out;
  for (const nlohmann::json& s : report.at("summary").at("skipped")) {
    out.push_back(s.at("path").get<std::string>() + " " + s.at("reason").get<std::string>());
  }
  return out;
}

// True when this project's source folder (KEYSWEEP_SOURCE_DIR) is a git checkout, for the tests
// that read its own history; a source tarball has none (they warn and skip). `fixture` gives
// the hermetic home.
inline bool source_is_checkout(const TestRepo& fixture) {
  CommandResult r = run_command(hermetic(fixture.home(), {"git", "rev-parse", "--git-dir"}), KEYSWEEP_SOURCE_DIR);
  if (r.exit_code != 0) WARN("the source folder is not a git checkout: skipped");
  return r.exit_code == 0;
}

}  // namespace keysweep
