// .pre-commit-hooks.yaml works with the pre-commit framework (Debian's `pre-commit` package):
// `pre-commit try-repo` runs our hooks from a clone, with the built keysweep first on PATH.
//
// try-repo clones a repository's HEAD, so the manifest is copied into a scratch repository of
// its own and committed there; the test does not depend on what is committed in the source tree.
// HOME, PRE_COMMIT_HOME and XDG_CACHE_HOME point into the scratch folder, so nothing is written
// to the user's caches, and `language: system` needs no network.
//
// Without `pre-commit` on PATH each test says it is skipped (a warning) and passes; CI installs it
// (scripts/install-deps.sh).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/e2e/run_command.h"
#include "tests/support/fake_secrets.h"
#include "tests/support/temp_dir.h"

namespace keysweep {
namespace {

namespace fs = std::filesystem;

bool have_pre_commit() {
  return run_command({"pre-commit", "--version"}).exit_code == 0;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

class Framework {
 public:
  Framework() {
    fs::create_directories(tmp_.path() + "/home");
    // The hooks repository: just the manifest, committed.
    REQUIRE(run({"git", "init", "-q", hooks_repo()}, "").exit_code == 0);
    tmp_.write("hooks-repo/.pre-commit-hooks.yaml",
               slurp(std::string(KEYSWEEP_SOURCE_DIR) + "/.pre-commit-hooks.yaml"));
    REQUIRE(run({"git", "add", ".pre-commit-hooks.yaml"}, hooks_repo()).exit_code == 0);
    REQUIRE(run({"git", "commit", "-q", "-m", "hooks"}, hooks_repo()).exit_code == 0);
    // The repository under test.
    REQUIRE(run({"git", "init", "-q", work()}, "").exit_code == 0);
  }
  std::string hooks_repo() const { return tmp_.path() + "/hooks-repo"; }
  std::string work() const { return tmp_.path() + "/work"; }

  CommandResult run(std::vector<std::string> argv, const std::string& cwd) const {
    const char* path = std::getenv("PATH");
    const std::string bin_dir = fs::path(KEYSWEEP_BINARY).parent_path().string();
    std::vector<std::string> full = {
        "env", "-u", "KEYSWEEP", "HOME=" + tmp_.path() + "/home",
        "PRE_COMMIT_HOME=" + tmp_.path() + "/home/pre-commit", "XDG_CACHE_HOME=" + tmp_.path() + "/home/.cache",
        "GIT_CONFIG_NOSYSTEM=1", "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t",
        "GIT_COMMITTER_EMAIL=t@example.com", "PRE_COMMIT_COLOR=never",
        "PATH=" + bin_dir + ":" + (path && *path ? path : "/usr/bin:/bin")};
    full.insert(full.end(), argv.begin(), argv.end());
    return run_command(full, cwd);
  }
  void stage(const std::string& rel, const std::string& content) const {
    tmp_.write("work/" + rel, content);
    REQUIRE(run({"git", "add", rel}, work()).exit_code == 0);
  }
  std::string commit(const std::string& message) const {
    REQUIRE(run({"git", "commit", "-q", "--no-verify", "-m", message}, work()).exit_code == 0);
    const std::string head = run({"git", "rev-parse", "HEAD"}, work()).out_text;
    return head.substr(0, head.find('\n'));
  }
  CommandResult try_repo(std::vector<std::string> args) const {
    std::vector<std::string> argv = {"pre-commit", "try-repo", hooks_repo()};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.push_back("--verbose");
    return run(argv, work());
  }

 private:
  TempDir tmp_;
};

}  // namespace

TEST_CASE("pre-commit framework: the keysweep hook refuses a staged secret", "[e2e][hooks][pre-commit-framework]") {
  if (!have_pre_commit()) {
    WARN("SKIPPED: `pre-commit` is not on PATH (apt-get install pre-commit, or scripts/install-deps.sh)");
    return;
  }
  Framework f;
  f.stage("app.env", "GITHUB_TOKEN=" + fake_github_token(51) + "\n");
  CommandResult r = f.try_repo({"keysweep"});
  INFO(r.out_text << r.err_text);
  CHECK(r.exit_code == 1);
  CHECK(r.out_text.find("Failed") != std::string::npos);
  CHECK(r.out_text.find("app.env") != std::string::npos);
  CHECK(r.out_text.find("github-pat-classic") != std::string::npos);
  // Redacted by default, even through the framework.
  CHECK(r.out_text.find(fake_github_token(51)) == std::string::npos);
}

TEST_CASE("pre-commit framework: the keysweep hook passes a clean change", "[e2e][hooks][pre-commit-framework]") {
  if (!have_pre_commit()) {
    WARN("SKIPPED: `pre-commit` is not on PATH (apt-get install pre-commit, or scripts/install-deps.sh)");
    return;
  }
  Framework f;
  f.stage("README.md", "hello\n");
  CommandResult r = f.try_repo({"keysweep"});
  INFO(r.out_text << r.err_text);
  CHECK(r.exit_code == 0);
  CHECK(r.out_text.find("Passed") != std::string::npos);
}

// The framework gives pre-push hooks no stdin; it sets PRE_COMMIT_FROM_REF and PRE_COMMIT_TO_REF.
TEST_CASE("pre-commit framework: the keysweep-pre-push hook scans the pushed range",
          "[e2e][hooks][pre-commit-framework]") {
  if (!have_pre_commit()) {
    WARN("SKIPPED: `pre-commit` is not on PATH (apt-get install pre-commit, or scripts/install-deps.sh)");
    return;
  }
  Framework f;
  f.stage("README.md", "hello\n");
  const std::string base = f.commit("base");
  f.stage("notes.txt", "fine\n");
  const std::string clean = f.commit("clean");
  f.stage("app.env", "GITHUB_TOKEN=" + fake_github_token(52) + "\n");
  const std::string dirty = f.commit("dirty");

  CommandResult r = f.try_repo({"keysweep-pre-push", "--hook-stage", "push", "--from-ref", base, "--to-ref", clean});
  INFO(r.out_text << r.err_text);
  CHECK(r.exit_code == 0);
  CHECK(r.out_text.find("Passed") != std::string::npos);

  r = f.try_repo({"keysweep-pre-push", "--hook-stage", "push", "--from-ref", clean, "--to-ref", dirty});
  INFO(r.out_text << r.err_text);
  CHECK(r.exit_code == 1);
  CHECK(r.out_text.find("app.env") != std::string::npos);
  CHECK(r.out_text.find("github-pat-classic") != std::string::npos);
}

// For a push whose new commits reach back to a root commit (the first push of a repository) the
// framework sets no PRE_COMMIT_FROM_REF / PRE_COMMIT_TO_REF, only PRE_COMMIT_LOCAL_BRANCH,
// PRE_COMMIT_REMOTE_BRANCH, PRE_COMMIT_REMOTE_NAME and PRE_COMMIT_REMOTE_URL; stdin is empty.
TEST_CASE("pre-commit framework: the first push of a repository is scanned", "[e2e][hooks][pre-commit-framework]") {
  if (!have_pre_commit()) {
    WARN("SKIPPED: `pre-commit` is not on PATH (apt-get install pre-commit, or scripts/install-deps.sh)");
    return;
  }
  Framework f;
  const std::string rev = f.run({"git", "rev-parse", "HEAD"}, f.hooks_repo()).out_text;
  f.stage(".pre-commit-config.yaml", "repos:\n- repo: " + f.hooks_repo() + "\n  rev: " + rev.substr(0, 40) +
                                         "\n  hooks:\n  - id: keysweep-pre-push\n");
  REQUIRE(f.run({"pre-commit", "install", "--hook-type", "pre-push"}, f.work()).exit_code == 0);
  const std::string remote = f.work() + "/../remote.git";
  REQUIRE(f.run({"git", "init", "-q", "--bare", remote}, "").exit_code == 0);
  REQUIRE(f.run({"git", "remote", "add", "origin", remote}, f.work()).exit_code == 0);
  f.stage("app.env", "GITHUB_TOKEN=" + fake_github_token(53) + "\n");
  f.commit("root");

  CommandResult r = f.run({"git", "push", "origin", "HEAD:refs/heads/main"}, f.work());
  INFO(r.out_text << r.err_text);
  CHECK(r.exit_code != 0);
  CHECK((r.out_text + r.err_text).find("github-pat-classic") != std::string::npos);
  CHECK(f.run({"git", "rev-parse", "--verify", "-q", "refs/heads/main"}, remote).exit_code != 0);
}

}  // namespace keysweep
