// The user-rule cache is never written inside what a run scans, even when HOME or
// XDG_CACHE_HOME point into it (a dotfiles repository, a scan of $HOME): keysweep then compiles
// user rules in memory and still finds what they match.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/e2e/run_command.h"
#include "tests/support/fake_secrets.h"
#include "tests/support/temp_dir.h"

namespace keysweep {
namespace {

// A user rule: compiled into a Vectorscan database that keysweep would cache.
std::string acme_config() {
  return R"(
[[rule]]
id = "acme-internal-token"
description = "ACME internal token"
regex = '''\b(?P<secret>acme_[A-Za-z0-9]{24})\b'''
keywords = ["acme_"]
)";
}

std::vector<std::string> files_under(const std::string& root) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    if (!e.is_directory()) out.push_back(std::filesystem::relative(e.path(), root).generic_string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// `env -u ... VAR=value ... argv` with no inherited cache or git variables.
std::vector<std::string> with_env(const std::vector<std::string>& vars, const std::vector<std::string>& argv) {
  std::vector<std::string> cmd = {"env", "-u", "XDG_CACHE_HOME", "-u", "GIT_DIR", "-u", "GIT_WORK_TREE",
                                  "-u", "GIT_INDEX_FILE", "GIT_CONFIG_NOSYSTEM=1"};
  cmd.insert(cmd.end(), vars.begin(), vars.end());
  cmd.insert(cmd.end(), argv.begin(), argv.end());
  return cmd;
}

}  // namespace

TEST_CASE("regression: the user-rule cache is not written into a scanned folder holding HOME",
          "[e2e][config][cache]") {
  TempDir tree;
  TempDir outside;
  tree.write("src/app.py", "INTERNAL = 'acme_" + fake_chars(11, 24) + "'\n");
  const std::string cfg = outside.write("ks.toml", acme_config());
  const std::vector<std::string> before = files_under(tree.path());

  SECTION("HOME is the scanned folder") {
    CommandResult r = run_command(with_env({"HOME=" + tree.path()}, {KEYSWEEP_BINARY, "dir", tree.path(), "--config", cfg}));
    INFO(r.err_text);
    CHECK(r.exit_code == 1);  // the rule still works, compiled in memory
    CHECK(r.out_text.find("acme-internal-token") != std::string::npos);
  }
  SECTION("XDG_CACHE_HOME is inside it, reached through a symlink and '..'") {
    std::filesystem::create_directory_symlink(tree.path() + "/src", outside.path() + "/link");
    const std::string xdg = outside.path() + "/link/../src/.cache";
    CommandResult r = run_command(
        with_env({"HOME=" + outside.path(), "XDG_CACHE_HOME=" + xdg}, {KEYSWEEP_BINARY, "dir", tree.path() + "/src", "--config", cfg}));
    INFO(r.err_text);
    CHECK(r.exit_code == 1);
  }
  SECTION("one of several scanned paths holds HOME") {
    TempDir other;
    other.write("a.txt", "nothing here\n");
    CommandResult r = run_command(
        with_env({"HOME=" + tree.path() + "/src"}, {KEYSWEEP_BINARY, "dir", other.path(), tree.path(), "--config", cfg}));
    INFO(r.err_text);
    CHECK(r.exit_code == 1);
  }
  CHECK(files_under(tree.path()) == before);
}

TEST_CASE("regression: the user-rule cache is not written into a repository holding HOME",
          "[e2e][config][cache]") {
  TempDir repo;
  auto git = [&](std::vector<std::string> args) {
    std::vector<std::string> argv = {"git", "-C", repo.path(), "-c", "user.name=t", "-c", "user.email=t@example.invalid"};
    argv.insert(argv.end(), args.begin(), args.end());
    CommandResult r = run_command(with_env({"HOME=" + repo.path()}, argv));
    INFO(r.err_text);
    REQUIRE(r.exit_code == 0);
    return r.out_text;
  };
  git({"init", "-q"});
  repo.write(".keysweep.toml", acme_config());
  repo.write("app.py", "INTERNAL = 'acme_" + fake_chars(12, 24) + "'\n");
  git({"add", "app.py", ".keysweep.toml"});

  SECTION("staged, HOME = the work tree") {
    CommandResult r = run_command(with_env({"HOME=" + repo.path()}, {KEYSWEEP_BINARY, "staged", repo.path()}));
    INFO(r.err_text);
    CHECK(r.exit_code == 1);
    CHECK(r.out_text.find("acme-internal-token") != std::string::npos);
  }
  SECTION("staged, XDG_CACHE_HOME = the git folder") {
    CommandResult r = run_command(
        with_env({"HOME=" + repo.path(), "XDG_CACHE_HOME=" + repo.path() + "/.git/cache"}, {KEYSWEEP_BINARY, "staged", repo.path()}));
    INFO(r.err_text);
    CHECK(r.exit_code == 1);
  }
  SECTION("staged from a linked worktree, XDG_CACHE_HOME = the common git folder") {
    git({"commit", "-q", "-m", "init", "--no-verify"});
    TempDir wt_parent;
    const std::string wt = wt_parent.path() + "/wt";
    git({"worktree", "add", "-q", wt});
    std::filesystem::copy_file(repo.path() + "/.keysweep.toml", wt + "/.keysweep.toml",
                               std::filesystem::copy_options::overwrite_existing);
    std::ofstream(wt + "/more.py") << "MORE = 'acme_" << fake_chars(13, 24) << "'\n";
    CommandResult add = run_command(with_env({"HOME=" + repo.path()}, {"git", "-C", wt, "add", "more.py"}));
    REQUIRE(add.exit_code == 0);
    CommandResult r = run_command(
        with_env({"HOME=" + wt_parent.path(), "XDG_CACHE_HOME=" + repo.path() + "/.git/xdg"}, {KEYSWEEP_BINARY, "staged", wt}));
    INFO(r.err_text);
    CHECK(r.exit_code == 1);
    CHECK(!std::filesystem::exists(repo.path() + "/.git/xdg"));
    CHECK(!std::filesystem::exists(wt_parent.path() + "/.cache"));  // HOME was not used either
  }
  CHECK(!std::filesystem::exists(repo.path() + "/.cache"));
  CHECK(!std::filesystem::exists(repo.path() + "/.git/cache"));
  CHECK(git({"status", "--porcelain", "--ignored", "--untracked-files=all"}).find(".cache") == std::string::npos);
}

TEST_CASE("the user-rule cache is still used when HOME is outside the scanned tree", "[e2e][config][cache]") {
  TempDir tree;
  TempDir home;
  tree.write("app.py", "INTERNAL = 'acme_" + fake_chars(14, 24) + "'\n");
  const std::string cfg = home.write("ks.toml", acme_config());
  CommandResult r = run_command(with_env({"HOME=" + home.path()}, {KEYSWEEP_BINARY, "dir", tree.path(), "--config", cfg}));
  INFO(r.err_text);
  CHECK(r.exit_code == 1);
  CHECK(std::filesystem::exists(home.path() + "/.cache/keysweep"));
  CHECK(!std::filesystem::is_empty(home.path() + "/.cache/keysweep"));
}

}  // namespace keysweep
