// install-hook and uninstall-hook on real repositories: where the hook lands (plain, from a
// subfolder, core.hooksPath relative and absolute, a linked worktree), that a hook someone else
// put there is never lost (refused, or backed up and still run), and that git really runs ours.
//
// Every command runs with a private HOME and no system git config, so the user's own settings
// (a global core.hooksPath, say) cannot leak in, and without $KEYSWEEP, so the hook uses the
// path recorded at install time.
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "scanner/app/hook_scripts.h"
#include "tests/e2e/run_command.h"
#include "tests/support/fake_secrets.h"
#include "tests/support/temp_dir.h"

namespace keysweep {
namespace {

namespace fs = std::filesystem;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

bool exists(const std::string& path) {
  std::error_code ec;
  return fs::symlink_status(path, ec).type() != fs::file_type::not_found;
}

unsigned mode_of(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 ? static_cast<unsigned>(st.st_mode & 07777) : 0;
}

// A temporary folder holding `repo/` (a fresh git repository) and a private `home/`.
class Scratch {
 public:
  Scratch() {
    fs::create_directories(home());
    REQUIRE(git({"init", "-q", "-b", "main", repo()}, tmp_.path()).exit_code == 0);
  }
  std::string home() const { return tmp_.path() + "/home"; }
  std::string repo() const { return tmp_.path() + "/repo"; }
  std::string path(const std::string& rel) const { return tmp_.path() + "/" + rel; }
  std::string write(const std::string& rel, const std::string& content) const {
    return tmp_.write(rel, content);
  }

  CommandResult run(std::vector<std::string> argv, const std::string& cwd) const {
    std::vector<std::string> full = {"env", "-u", "KEYSWEEP", "-u", "GIT_DIR", "-u", "GIT_INDEX_FILE",
                                     "HOME=" + home(), "XDG_CONFIG_HOME=" + home() + "/.config",
                                     "GIT_CONFIG_NOSYSTEM=1", "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
                                     "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com"};
    full.insert(full.end(), argv.begin(), argv.end());
    return run_command(full, cwd);
  }
  CommandResult git(std::vector<std::string> args, const std::string& cwd) const {
    args.insert(args.begin(), "git");
    return run(args, cwd);
  }
  CommandResult keysweep(std::vector<std::string> args, const std::string& cwd) const {
    args.insert(args.begin(), KEYSWEEP_BINARY);
    return run(args, cwd);
  }
  // Where git itself will look for `hook` when run in `cwd`.
  std::string git_hook_path(const std::string& hook, const std::string& cwd) const {
    CommandResult r = git({"rev-parse", "--path-format=absolute", "--git-path", "hooks/" + hook}, cwd);
    REQUIRE(r.exit_code == 0);
    return fs::path(r.out_text.substr(0, r.out_text.find('\n'))).lexically_normal().string();
  }
  // Stages `rel` with `content` and commits it; returns git commit's result.
  CommandResult commit(const std::string& rel, const std::string& content, const std::string& repo_dir = "") const {
    const std::string dir = repo_dir.empty() ? repo() : repo_dir;
    std::ofstream(dir + "/" + rel, std::ios::binary) << content;
    REQUIRE(git({"add", rel}, dir).exit_code == 0);
    return git({"commit", "-q", "-m", "add " + rel}, dir);
  }

 private:
  TempDir tmp_;
};

// A hook someone else installed: writes a marker (and its stdin) beside the repository.
std::string foreign_hook(const Scratch& s, int exit_code = 0) {
  return "#!/bin/sh\n# another tool's hook\ncat > '" + s.path("foreign-ran") + "'\nexit " +
         std::to_string(exit_code) + "\n";
}

void put_hook(const std::string& path, const std::string& content) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << content;
  fs::permissions(path, fs::perms(0755));
}

std::string our_hook(const std::string& hook) {
  Result<std::string> s = render_hook_script(hook, fs::canonical(KEYSWEEP_BINARY).string());
  REQUIRE(s);
  return *s;
}

}  // namespace

TEST_CASE("install-hook writes an executable keysweep hook into a fresh repository", "[e2e][hooks]") {
  Scratch s;
  CommandResult r = s.keysweep({"install-hook", "--repo", s.repo()}, "");
  INFO(r.err_text);
  REQUIRE(r.exit_code == 0);
  const std::string hook = s.repo() + "/.git/hooks/pre-commit";
  CHECK(s.git_hook_path("pre-commit", s.repo()) == hook);
  CHECK(slurp(hook) == our_hook("pre-commit"));
  CHECK(mode_of(hook) == 0755);
  CHECK(r.out_text == "keysweep: installed the pre-commit hook at " + hook + "\n");
  CHECK(r.err_text.empty());
}

TEST_CASE("install-hook defaults to the repository holding the current folder", "[e2e][hooks]") {
  Scratch s;
  fs::create_directories(s.repo() + "/src/deep");
  REQUIRE(s.keysweep({"install-hook", "--hook", "pre-push"}, s.repo() + "/src/deep").exit_code == 0);
  CHECK(slurp(s.repo() + "/.git/hooks/pre-push") == our_hook("pre-push"));
  CHECK(!exists(s.repo() + "/.git/hooks/pre-commit"));
}

TEST_CASE("re-installing over our own hook is fine and makes no backup", "[e2e][hooks]") {
  Scratch s;
  REQUIRE(s.keysweep({"install-hook", "--repo", s.repo()}, "").exit_code == 0);
  CommandResult r = s.keysweep({"install-hook", "--repo", s.repo()}, "");
  CHECK(r.exit_code == 0);
  CHECK(r.out_text.find("updated the pre-commit hook") != std::string::npos);
  CHECK(slurp(s.repo() + "/.git/hooks/pre-commit") == our_hook("pre-commit"));
  CHECK(!exists(s.repo() + "/.git/hooks/pre-commit.keysweep-backup"));
  for (const fs::directory_entry& e : fs::directory_iterator(s.repo() + "/.git/hooks")) {
    INFO(e.path());
    CHECK(e.path().filename().string().find(".keysweep-") == std::string::npos);  // no temporary left
  }
}

TEST_CASE("the installed pre-commit hook refuses a commit that adds a secret", "[e2e][hooks]") {
  Scratch s;
  REQUIRE(s.keysweep({"install-hook", "--repo", s.repo()}, "").exit_code == 0);
  CHECK(s.commit("README.md", "hello\n").exit_code == 0);
  CommandResult r = s.commit("app.env", "GITHUB_TOKEN=" + fake_github_token(41) + "\n");
  INFO(r.out_text << r.err_text);
  CHECK(r.exit_code != 0);
  CHECK((r.out_text + r.err_text).find("github") != std::string::npos);
  CHECK(s.git({"rev-list", "--count", "HEAD"}, s.repo()).out_text == "1\n");
}

TEST_CASE("install-hook honours a relative core.hooksPath", "[e2e][hooks]") {
  Scratch s;
  REQUIRE(s.git({"config", "core.hooksPath", ".githooks"}, s.repo()).exit_code == 0);
  fs::create_directories(s.repo() + "/src");
  REQUIRE(s.keysweep({"install-hook"}, s.repo() + "/src").exit_code == 0);
  const std::string hook = s.repo() + "/.githooks/pre-commit";
  CHECK(s.git_hook_path("pre-commit", s.repo() + "/src") == hook);
  CHECK(slurp(hook) == our_hook("pre-commit"));
  CHECK(!exists(s.repo() + "/.git/hooks/pre-commit"));
  CHECK(!exists(s.repo() + "/src/.githooks"));
}

TEST_CASE("install-hook honours an absolute core.hooksPath", "[e2e][hooks]") {
  Scratch s;
  const std::string dir = s.path("shared-hooks");
  REQUIRE(s.git({"config", "core.hooksPath", dir}, s.repo()).exit_code == 0);
  REQUIRE(s.keysweep({"install-hook", "--repo", s.repo(), "--hook", "pre-push"}, "").exit_code == 0);
  CHECK(s.git_hook_path("pre-push", s.repo()) == dir + "/pre-push");
  CHECK(slurp(dir + "/pre-push") == our_hook("pre-push"));
  CHECK(!exists(s.repo() + "/.git/hooks/pre-push"));
}

TEST_CASE("install-hook in a linked worktree uses the hooks folder all worktrees share", "[e2e][hooks]") {
  Scratch s;
  REQUIRE(s.commit("README.md", "hello\n").exit_code == 0);
  const std::string wt = s.path("wt");
  REQUIRE(s.git({"worktree", "add", "-q", "-b", "side", wt}, s.repo()).exit_code == 0);
  REQUIRE(s.keysweep({"install-hook"}, wt).exit_code == 0);
  const std::string hook = s.repo() + "/.git/hooks/pre-commit";
  CHECK(s.git_hook_path("pre-commit", wt) == hook);
  CHECK(slurp(hook) == our_hook("pre-commit"));
  CHECK(!exists(s.repo() + "/.git/worktrees/wt/hooks"));
  // git runs it for commits in the worktree too.
  CHECK(s.commit("notes.txt", "fine\n", wt).exit_code == 0);
  CHECK(s.commit("app.env", "GITHUB_TOKEN=" + fake_github_token(43) + "\n", wt).exit_code != 0);
}

TEST_CASE("an existing foreign hook is refused without --force and left untouched", "[e2e][hooks]") {
  Scratch s;
  const std::string hook = s.repo() + "/.git/hooks/pre-commit";
  put_hook(hook, foreign_hook(s));
  const std::string before = slurp(hook);
  CommandResult r = s.keysweep({"install-hook", "--repo", s.repo()}, "");
  CHECK(r.exit_code == 2);
  CHECK(r.out_text.empty());
  CHECK(std::count(r.err_text.begin(), r.err_text.end(), '\n') == 1);
  CHECK(r.err_text.find("already exists at " + hook) != std::string::npos);
  CHECK(r.err_text.find("--force") != std::string::npos);
  CHECK(r.err_text.find(hook + ".keysweep-backup") != std::string::npos);
  CHECK(slurp(hook) == before);
  CHECK(mode_of(hook) == 0755);
  CHECK(!exists(hook + ".keysweep-backup"));
}

TEST_CASE("a foreign symlinked hook counts as existing and is left untouched", "[e2e][hooks]") {
  Scratch s;
  const std::string hook = s.repo() + "/.git/hooks/pre-commit";
  fs::create_directories(fs::path(hook).parent_path());
  fs::create_symlink(s.path("nowhere"), hook);
  CHECK(s.keysweep({"install-hook", "--repo", s.repo()}, "").exit_code == 2);
  CHECK(fs::is_symlink(hook));
  CHECK(fs::read_symlink(hook) == s.path("nowhere"));
}

TEST_CASE("with --force a foreign hook is backed up and still runs before keysweep", "[e2e][hooks]") {
  Scratch s;
  const std::string hook = s.repo() + "/.git/hooks/pre-commit";
  put_hook(hook, foreign_hook(s));
  const std::string before = slurp(hook);
  CommandResult r = s.keysweep({"install-hook", "--repo", s.repo(), "--force"}, "");
  INFO(r.err_text);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out_text.find(hook + ".keysweep-backup") != std::string::npos);
  CHECK(slurp(hook + ".keysweep-backup") == before);
  CHECK(mode_of(hook + ".keysweep-backup") == 0755);
  CHECK(slurp(hook) == our_hook("pre-commit"));

  CHECK(s.commit("README.md", "hello\n").exit_code == 0);
  CHECK(exists(s.path("foreign-ran")));
  fs::remove(s.path("foreign-ran"));
  CHECK(s.commit("app.env", "GITHUB_TOKEN=" + fake_github_token(44) + "\n").exit_code != 0);
  CHECK(exists(s.path("foreign-ran")));
}

TEST_CASE("a failing backed-up hook still refuses the commit", "[e2e][hooks]") {
  Scratch s;
  const std::string hook = s.repo() + "/.git/hooks/pre-commit";
  put_hook(hook, foreign_hook(s, 3));
  REQUIRE(s.keysweep({"install-hook", "--repo", s.repo(), "--force"}, "").exit_code == 0);
  CHECK(s.commit("README.md", "hello\n").exit_code != 0);
  CHECK(exists(s.path("foreign-ran")));
}

TEST_CASE("with --force the chained pre-push hook and keysweep both read git's lines", "[e2e][hooks]") {
  Scratch s;
  REQUIRE(s.git({"init", "-q", "--bare", s.path("remote.git")}, "").exit_code == 0);
  REQUIRE(s.git({"remote", "add", "origin", s.path("remote.git")}, s.repo()).exit_code == 0);
  const std::string hook = s.repo() + "/.git/hooks/pre-push";
  put_hook(hook, foreign_hook(s));
  REQUIRE(s.keysweep({"install-hook", "--repo", s.repo(), "--hook", "pre-push", "--force"}, "").exit_code == 0);

  REQUIRE(s.commit("README.md", "hello\n").exit_code == 0);
  const std::string head = s.git({"rev-parse", "HEAD"}, s.repo()).out_text;
  CommandResult r = s.git({"push", "-q", "origin", "main"}, s.repo());
  INFO(r.out_text << r.err_text);
  CHECK(r.exit_code == 0);
  CHECK(slurp(s.path("foreign-ran")) ==
        "refs/heads/main " + head.substr(0, 40) + " refs/heads/main " + std::string(40, '0') + "\n");

  REQUIRE(s.commit("app.env", "GITHUB_TOKEN=" + fake_github_token(45) + "\n").exit_code == 0);
  r = s.git({"push", "-q", "origin", "main"}, s.repo());
  INFO(r.out_text << r.err_text);
  CHECK(r.exit_code != 0);
  CHECK(slurp(s.path("foreign-ran")).find("refs/heads/main ") == 0);
  CHECK(s.git({"rev-parse", "main"}, s.path("remote.git")).out_text == head);
}

TEST_CASE("--force refuses when a different backup already exists", "[e2e][hooks]") {
  Scratch s;
  const std::string hook = s.repo() + "/.git/hooks/pre-commit";
  put_hook(hook, foreign_hook(s));
  put_hook(hook + ".keysweep-backup", "#!/bin/sh\n# an older backup\nexit 0\n");
  CommandResult r = s.keysweep({"install-hook", "--repo", s.repo(), "--force"}, "");
  CHECK(r.exit_code == 2);
  CHECK(r.err_text.find(hook + ".keysweep-backup") != std::string::npos);
  CHECK(slurp(hook) == foreign_hook(s));
  CHECK(slurp(hook + ".keysweep-backup") == "#!/bin/sh\n# an older backup\nexit 0\n");
}

TEST_CASE("uninstall-hook restores the backed-up hook", "[e2e][hooks]") {
  Scratch s;
  const std::string hook = s.repo() + "/.git/hooks/pre-push";
  put_hook(hook, foreign_hook(s));
  const std::string before = slurp(hook);
  REQUIRE(s.keysweep({"install-hook", "--repo", s.repo(), "--hook", "pre-push", "--force"}, "").exit_code == 0);
  CommandResult r = s.keysweep({"uninstall-hook", "--repo", s.repo(), "--hook", "pre-push"}, "");
  INFO(r.err_text);
  CHECK(r.exit_code == 0);
  CHECK(r.out_text.find("restored") != std::string::npos);
  CHECK(slurp(hook) == before);
  CHECK(mode_of(hook) == 0755);
  CHECK(!exists(hook + ".keysweep-backup"));
}

TEST_CASE("uninstall-hook removes our hook when there is no backup", "[e2e][hooks]") {
  Scratch s;
  REQUIRE(s.keysweep({"install-hook", "--repo", s.repo()}, "").exit_code == 0);
  CommandResult r = s.keysweep({"uninstall-hook"}, s.repo());
  CHECK(r.exit_code == 0);
  CHECK(r.out_text == "keysweep: removed the pre-commit hook at " + s.repo() + "/.git/hooks/pre-commit\n");
  CHECK(!exists(s.repo() + "/.git/hooks/pre-commit"));
  CHECK(s.commit("app.env", "GITHUB_TOKEN=" + fake_github_token(46) + "\n").exit_code == 0);
}

TEST_CASE("uninstall-hook refuses to remove a foreign hook", "[e2e][hooks]") {
  Scratch s;
  const std::string hook = s.repo() + "/.git/hooks/pre-commit";
  put_hook(hook, foreign_hook(s));
  CommandResult r = s.keysweep({"uninstall-hook", "--repo", s.repo()}, "");
  CHECK(r.exit_code == 2);
  CHECK(r.err_text.find("not installed by keysweep") != std::string::npos);
  CHECK(slurp(hook) == foreign_hook(s));
}

TEST_CASE("uninstall-hook with no hook says so and succeeds", "[e2e][hooks]") {
  Scratch s;
  CommandResult r = s.keysweep({"uninstall-hook", "--repo", s.repo(), "--hook", "pre-push"}, "");
  CHECK(r.exit_code == 0);
  CHECK(r.out_text.find("no pre-push hook at " + s.repo() + "/.git/hooks/pre-push") != std::string::npos);
}

TEST_CASE("install-hook and uninstall-hook outside a repository exit 2", "[e2e][hooks]") {
  Scratch s;
  const std::string outside = s.path("plain");
  fs::create_directories(outside);
  for (const std::string cmd : {"install-hook", "uninstall-hook"}) {
    CommandResult r = s.keysweep({cmd, "--repo", outside}, "");
    INFO(cmd << ": " << r.err_text);
    CHECK(r.exit_code == 2);
    CHECK(r.err_text.rfind("keysweep: error: not a git repository", 0) == 0);
    CHECK(std::count(r.err_text.begin(), r.err_text.end(), '\n') == 1);
  }
  CHECK(fs::is_empty(outside));
}

TEST_CASE("an unknown --hook is a usage error", "[e2e][hooks]") {
  Scratch s;
  CommandResult r = s.keysweep({"install-hook", "--repo", s.repo(), "--hook", "post-commit"}, "");
  CHECK(r.exit_code == 2);
  CHECK(!exists(s.repo() + "/.git/hooks/post-commit"));
}

TEST_CASE("the hook refuses to go on when keysweep cannot be found", "[e2e][hooks]") {
  Scratch s;
  for (const std::string hook : {"pre-commit", "pre-push"}) {
    // The template records no path; PATH holds no keysweep.
    const std::string script = std::string(KEYSWEEP_SOURCE_DIR) + "/hooks/" + hook;
    CommandResult r = run_command({"env", "-i", "PATH=/usr/bin:/bin", "sh", script}, s.repo());
    INFO(r.err_text);
    CHECK(r.exit_code == 1);
    CHECK(r.err_text.find("keysweep " + hook + " hook: keysweep not found") == 0);
    CHECK(std::count(r.err_text.begin(), r.err_text.end(), '\n') == 1);

    r = run_command({"env", "-i", "PATH=/usr/bin:/bin", "KEYSWEEP=" + s.path("missing"), "sh", script}, s.repo());
    CHECK(r.exit_code == 1);
    CHECK(r.err_text.find("$KEYSWEEP is set to") != std::string::npos);
  }
}

TEST_CASE("$KEYSWEEP overrides the recorded binary", "[e2e][hooks]") {
  Scratch s;
  REQUIRE(s.keysweep({"install-hook", "--repo", s.repo()}, "").exit_code == 0);
  const std::string fake = s.write("fake-keysweep", "#!/bin/sh\necho \"fake $*\" > '" + s.path("fake-ran") + "'\n");
  fs::permissions(fake, fs::perms(0755));
  std::ofstream(s.repo() + "/a.txt") << "a\n";
  REQUIRE(s.git({"add", "a.txt"}, s.repo()).exit_code == 0);
  CHECK(s.run({"env", "KEYSWEEP=" + fake, "git", "commit", "-q", "-m", "a"}, s.repo()).exit_code == 0);
  CHECK(slurp(s.path("fake-ran")) == "fake staged\n");
}

}  // namespace keysweep
