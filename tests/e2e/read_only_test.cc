// The scanner never writes into the tree or repository it scans. A repository with a work tree,
// staged changes, several commits, a remote-tracking ref, a .keysweep.toml with a user rule (so
// a rule cache is built) and a rule file is fingerprinted (every path under the work tree and
// .git: its type, mode and bytes, or a symlink's target) before and after each keysweep command
// but install-hook/uninstall-hook, and the fingerprints must be identical: no byte changed, no
// file added (a lock file, a refreshed index, a cache, a log) and none removed.
//
// keysweep runs with HOME and XDG_CACHE_HOME outside the repository, and again with HOME being
// the work tree itself (a dotfiles repository, where $HOME/.cache is inside the scanned tree).
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "tests/e2e/git_test_repo.h"

namespace keysweep {
namespace {

// path -> "mode bytes" (or "mode -> target" for a symlink) for everything under `root`.
std::map<std::string, std::string> fingerprint(const std::string& root) {
  std::map<std::string, std::string> out;
  namespace fs = std::filesystem;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    const std::string path = it->path().string();
    struct stat st;
    REQUIRE(::lstat(path.c_str(), &st) == 0);
    std::string value = std::to_string(st.st_mode) + " ";
    if (S_ISLNK(st.st_mode)) {
      value += "-> " + fs::read_symlink(it->path()).string();
    } else if (S_ISREG(st.st_mode)) {
      std::ifstream in(path, std::ios::binary);
      value.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    out[path.substr(root.size())] = std::move(value);
  }
  return out;
}

// The paths whose fingerprint differs between `before` and `after` (added, removed or changed).
std::vector<std::string> changed(const std::map<std::string, std::string>& before,
                                 const std::map<std::string, std::string>& after) {
  std::vector<std::string> out;
  for (const auto& [path, value] : before) {
    auto it = after.find(path);
    if (it == after.end()) out.push_back("removed " + path);
    else if (it->second != value) out.push_back("changed " + path);
  }
  for (const auto& [path, value] : after) {
    if (!before.count(path)) out.push_back("added " + path);
  }
  return out;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A repository with everything a scan could be tempted to touch; see the file comment.
struct ReadOnlyFixture {
  TestRepo repo;
  std::string base, tip;

  ReadOnlyFixture() {
    repo.write("README.md", "# project\n");
    repo.write("src/app.py", "DEBUG = False\n");
    repo.commit_all("initial");
    base = repo.git({"rev-parse", "HEAD"}).substr(0, 40);
    repo.write(".keysweep.toml", R"(
[[rule]]
id = "acme-internal-token"
description = "ACME internal token"
regex = '''\b(?P<secret>acme_[A-Za-z0-9]{24})\b'''
keywords = ["acme_"]
)");
    // A real rule file (the default Fernet rules) under ids of its own: a user rule may not take
    // a default rule's id (doc/config.md).
    std::string fernet = slurp(std::string(KEYSWEEP_SOURCE_DIR) + "/rules/30-fernet.toml");
    for (size_t at = 0; (at = fernet.find("id = \"", at)) != std::string::npos; at += 6) fernet.insert(at + 6, "custom-");
    repo.write("rules/custom.toml", fernet);
    repo.write("src/settings.py", token_line(110) + "\nINTERNAL = 'acme_" + fake_chars(111, 24) + "'\n");
    repo.commit_all("settings");
    repo.write("deploy/app.env", hex_key_line(112) + "\n");
    repo.commit_all("deploy");
    tip = repo.git({"rev-parse", "HEAD"}).substr(0, 40);
    // What the remote has: a remote-tracking ref (and its reflog) at the first commit.
    repo.git({"update-ref", "refs/remotes/origin/main", base});
    // Staged and unstaged changes, and an untracked file.
    repo.write("src/app.py", "DEBUG = False\n" + token_line(113) + "\n");
    repo.git({"add", "src/app.py"});
    repo.write("src/app.py", "DEBUG = True\n" + token_line(113) + "\n");
    repo.write("notes.txt", token_line(114) + "\n");
    ::symlink("src/app.py", (repo.root() + "/current.py").c_str());
  }

  // keysweep ARGS in the repository root with HOME = home and XDG_CACHE_HOME = cache (unset when
  // empty), fed `input`.
  CommandResult run(const std::vector<std::string>& args, const std::string& home, const std::string& cache,
                    const std::string& input = "") const {
    std::vector<std::string> argv = keysweep_argv(args);
    if (!cache.empty()) argv.insert(argv.begin(), "XDG_CACHE_HOME=" + cache);
    return run_command(hermetic(home, argv), repo.root(), input);
  }

  // Runs every read-only command and checks that none changed the repository.
  void check_every_command(const std::string& home, const std::string& cache) const {
    const std::string push_lines = "refs/heads/main " + tip + " refs/heads/main " + base + "\n";
    const std::string config = repo.root() + "/.keysweep.toml";
    struct Case {
      std::vector<std::string> args;
      std::string input;
    };
    const std::vector<Case> cases = {
        {{"dir", "."}, ""},
        {{"dir", repo.root(), "--config", config, "--format", "json"}, ""},
        {{"staged"}, ""},
        {{"staged", "--config", config, "--format", "sarif"}, ""},
        {{"pre-push", "origin"}, push_lines},
        {{"pre-push", "origin", "--config", config, "--format", "json"}, push_lines},
        {{"history"}, ""},
        {{"history", "--all", "--config", config, "--format", "sarif", "--threads", "2"}, ""},
        // Twice: the first run writes the cache (outside the repository), the second reads it.
        {{"history", "--cache", repo.tmp().path() + "/history.cache"}, ""},
        {{"history", "--cache", repo.tmp().path() + "/history.cache", "--format", "json"}, ""},
        {{"rules", "list"}, ""},
        {{"rules", "list", "--config", config}, ""},
        {{"rules", "check"}, ""},
        {{"rules", "check", repo.root() + "/rules/custom.toml"}, ""},
        {{"stdin", "--label", "pasted.env"}, token_line(115) + "\n"},
        {{"stdin", "--config", config}, "INTERNAL = 'acme_" + fake_chars(116, 24) + "'\n"},
        {{"version"}, ""},
        {{"--help"}, ""},
    };
    const auto before = fingerprint(repo.root());
    REQUIRE(before.count("/.git/index"));
    REQUIRE(before.count("/.git/refs/remotes/origin/main"));
    for (const Case& c : cases) {
      std::string shown;
      for (const std::string& a : c.args) shown += " " + a;
      CommandResult r = run(c.args, home, cache, c.input);
      INFO("keysweep" << shown << ": exit " << r.exit_code << ", stderr: " << r.err_text);
      CHECK(r.exit_code != kTimedOut);
      CHECK(r.exit_code != 2);
      CHECK(changed(before, fingerprint(repo.root())) == std::vector<std::string>{});
    }
  }
};

}  // namespace

TEST_CASE("read-only: no command but the hook installers writes into the scanned repository", "[e2e][read-only]") {
  ReadOnlyFixture f;
  TempDir home;
  f.check_every_command(home.path(), home.path() + "/cache");
  // The user rule was compiled and cached, outside the repository.
  CHECK(std::filesystem::exists(home.path() + "/cache/keysweep"));

  // The hook commands are the exception: they write the hook, and only the hook.
  const auto before = fingerprint(f.repo.root());
  CommandResult install = f.run({"install-hook"}, home.path(), home.path() + "/cache");
  INFO(install.err_text);
  CHECK(install.exit_code == 0);
  CHECK(changed(before, fingerprint(f.repo.root())) == std::vector<std::string>{"added /.git/hooks/pre-commit"});
  CHECK(f.run({"uninstall-hook"}, home.path(), home.path() + "/cache").exit_code == 0);
  CHECK(changed(before, fingerprint(f.repo.root())) == std::vector<std::string>{});
}

// The user-rule cache falls back to $HOME/.cache, which a dotfiles repository holds: the cache
// must notice it is inside the scanned tree and stay in memory (ruleset/rule_cache.h).
TEST_CASE("read-only: with HOME inside the work tree (a dotfiles repository) the tree is untouched",
          "[e2e][read-only][cache-in-tree]") {
  ReadOnlyFixture f;
  f.check_every_command(f.repo.root(), "");
}

}  // namespace keysweep
