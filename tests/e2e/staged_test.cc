// `keysweep staged`: what the next commit adds, judged on real repositories built with the git
// CLI. Each test builds its own repository in a temporary folder, with git and keysweep run
// under a hermetic environment (no system or user git config, HOME inside the temporary folder,
// no GIT_DIR & co. inherited from a hook that runs this test binary).
//
// The contract under test: files are read from the STAGED blob (never the working tree or
// untracked files), only findings on lines the index adds or changes against HEAD are reported
// (with rename detection), the whole blob is still scanned (PEM blocks), and the command works
// on an unborn HEAD, in linked worktrees, with core.hooksPath, during a merge and from a
// subdirectory, with the same formats, config, baseline and exit codes as `keysweep dir`.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/e2e/git_test_repo.h"
#include "tests/e2e/run_command.h"
#include "tests/support/fake_secrets.h"
#include "tests/support/temp_dir.h"

namespace keysweep {
namespace {

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

// n lines of plausible, mutually distinct Python, so that git and libgit2 see renamed copies as
// similar and line diffs stay small.
std::vector<std::string> python_lines(const std::string& tag, int n) {
  std::vector<std::string> lines;
  for (int i = 1; i <= n; ++i) {
    lines.push_back(tag + "_value_" + std::to_string(i) + " = compute_" + tag + "(" + std::to_string(i * 7) +
                    ", retries=" + std::to_string(i % 4) + ")");
  }
  return lines;
}

// A real, throwaway RSA key in PKCS#8 PEM (generated now, never stored anywhere).
std::string throwaway_private_key() {
  CommandResult r = run_command({"openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024"});
  INFO(r.err_text);
  REQUIRE(r.exit_code == 0);
  REQUIRE(r.out_text.rfind("-----BEGIN PRIVATE KEY-----\n", 0) == 0);
  return r.out_text;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

}  // namespace

// --- what is read: the staged blob, never the working tree --------------------------------------

TEST_CASE("staged: a secret only in the working tree is not reported", "[e2e][staged]") {
  TestRepo repo;
  std::vector<std::string> lines = python_lines("app", 10);
  repo.write("app.py", join_lines(lines));
  repo.commit_all("initial");

  // Stage a harmless change, then add a secret to the working copy only (what `git add -p`
  // leaves behind when the secret hunk is not picked).
  lines.push_back("LOG_LEVEL = 'debug'");
  repo.write("app.py", join_lines(lines));
  repo.git({"add", "app.py"});
  lines.push_back(token_line(1));
  repo.write("app.py", join_lines(lines));

  JsonRun run = staged_json(repo);
  CHECK(run.exit_code == 0);
  CHECK(where(run.report).empty());
  CHECK(run.report["summary"]["files_scanned"] == 1);
}

TEST_CASE("staged: a secret staged but since removed from the working tree is reported", "[e2e][staged]") {
  TestRepo repo;
  std::vector<std::string> lines = python_lines("app", 10);
  repo.write("app.py", join_lines(lines));
  repo.commit_all("initial");

  lines.insert(lines.begin() + 4, token_line(2));  // line 5
  repo.write("app.py", join_lines(lines));
  repo.git({"add", "app.py"});
  lines.erase(lines.begin() + 4);
  repo.write("app.py", join_lines(lines));  // the working tree is clean again; the index is not

  JsonRun run = staged_json(repo);
  CHECK(run.exit_code == 1);
  CHECK(where(run.report) == std::vector<std::string>{"app.py:5 github-pat-classic"});
}

TEST_CASE("staged: an untracked file with a secret is never read", "[e2e][staged]") {
  TestRepo repo;
  repo.write("README.md", "# project\n");
  repo.commit_all("initial");
  repo.write(".env", token_line(3) + "\n");
  repo.write("notes/todo.md", "- ship it\n");
  repo.git({"add", "notes/todo.md"});

  JsonRun run = staged_json(repo);
  CHECK(run.exit_code == 0);
  CHECK(where(run.report).empty());
  CHECK(run.report["summary"]["files_scanned"] == 1);  // only the staged notes/todo.md
  CHECK(run.report["summary"]["skipped"].empty());     // .env is not even listed
}

// --- which lines are reported: those the commit adds or changes ----------------------------------

TEST_CASE("staged: on the first commit (unborn HEAD) every staged line is new", "[e2e][staged]") {
  TestRepo repo;
  repo.write("config/app.env", "APP_NAME=shop\n" + token_line(4) + "\n");
  repo.write("README.md", "# shop\n");
  repo.git({"add", "-A"});
  REQUIRE(repo.try_git({"rev-parse", "--verify", "-q", "HEAD"}).exit_code != 0);  // really unborn

  JsonRun run = staged_json(repo);
  CHECK(run.exit_code == 1);
  CHECK(where(run.report) == std::vector<std::string>{"config/app.env:2 github-pat-classic"});
  CHECK(run.report["summary"]["files_scanned"] == 2);
}

TEST_CASE("staged: a secret in HEAD on an untouched line is not reported when another line changes",
          "[e2e][staged]") {
  TestRepo repo;
  std::vector<std::string> lines = python_lines("settings", 12);
  lines[2] = hex_key_line(5);  // line 3, already committed
  repo.write("settings.py", join_lines(lines));
  repo.commit_all("initial");

  lines[7] = "DEBUG = True";  // line 8 changes
  repo.write("settings.py", join_lines(lines));
  repo.git({"add", "settings.py"});

  JsonRun run = staged_json(repo);
  CHECK(run.exit_code == 0);
  CHECK(where(run.report).empty());
  CHECK(run.report["summary"]["files_scanned"] == 1);  // the file was scanned, just not reported
}

TEST_CASE("staged: a secret on a modified line (a changed value) is reported", "[e2e][staged]") {
  TestRepo repo;
  std::vector<std::string> lines = python_lines("settings", 12);
  lines[2] = hex_key_line(6);
  repo.write("settings.py", join_lines(lines));
  repo.commit_all("initial");

  lines[2] = hex_key_line(7);  // same line, new key
  repo.write("settings.py", join_lines(lines));
  repo.git({"add", "settings.py"});

  JsonRun run = staged_json(repo);
  CHECK(run.exit_code == 1);
  CHECK(where(run.report) == std::vector<std::string>{"settings.py:3 hex-key-assignment"});
}

TEST_CASE("staged: deleting a line or a file that holds a secret is clean", "[e2e][staged]") {
  TestRepo repo;
  std::vector<std::string> lines = python_lines("app", 8);
  lines.insert(lines.begin() + 3, token_line(8));
  repo.write("app.py", join_lines(lines));
  repo.write("deploy/prod.env", hex_key_line(9) + "\n");
  repo.commit_all("initial");

  lines.erase(lines.begin() + 3);
  repo.write("app.py", join_lines(lines));
  repo.git({"add", "app.py"});
  repo.git({"rm", "-q", "deploy/prod.env"});

  JsonRun run = staged_json(repo);
  CHECK(run.exit_code == 0);
  CHECK(where(run.report).empty());
}

TEST_CASE("staged: a renamed file with an old secret on an untouched line is not reported", "[e2e][staged]") {
  TestRepo repo;
  std::vector<std::string> lines = python_lines("settings", 30);
  lines[3] = hex_key_line(10);  // line 4
  repo.write("old/settings.py", join_lines(lines));
  repo.commit_all("initial");

  std::filesystem::create_directories(repo.root() + "/new");
  repo.git({"mv", "old/settings.py", "new/settings.py"});

  JsonRun run = staged_json(repo);
  CHECK(run.exit_code == 0);
  CHECK(where(run.report).empty());
}

TEST_CASE("staged: a renamed file with a new secret line is reported at the new path", "[e2e][staged]") {
  TestRepo repo;
  std::vector<std::string> lines = python_lines("settings", 30);
  lines[3] = hex_key_line(11);  // line 4, already committed
  repo.write("old/settings.py", join_lines(lines));
  repo.commit_all("initial");

  std::filesystem::create_directories(repo.root() + "/new");
  repo.git({"mv", "old/settings.py", "new/settings.py"});
  lines.push_back(token_line(12));  // line 31
  repo.write("new/settings.py", join_lines(lines));
  repo.git({"add", "new/settings.py"});

  JsonRun run = staged_json(repo);
  CHECK(run.exit_code == 1);
  CHECK(where(run.report) == std::vector<std::string>{"new/settings.py:31 github-pat-classic"});
}

TEST_CASE("staged: a PEM private key added in the middle of an existing file is reported", "[e2e][staged]") {
  TestRepo repo;
  std::vector<std::string> lines = python_lines("tls", 20);
  repo.write("deploy/tls.py", join_lines(lines));
  repo.commit_all("initial");

  const std::vector<std::string> pem = split_lines(throwaway_private_key());
  lines.insert(lines.begin() + 10, pem.begin(), pem.end());  // starts at line 11
  repo.write("deploy/tls.py", join_lines(lines));
  repo.git({"add", "deploy/tls.py"});

  JsonRun run = staged_json(repo);
  CHECK(run.exit_code == 1);
  CHECK(where(run.report) == std::vector<std::string>{"deploy/tls.py:11 private-key-pkcs8"});
  REQUIRE(run.report["findings"].size() == 1);
  CHECK(run.report["findings"][0]["end_line"] == 10 + pem.size());
}

TEST_CASE("staged: a multi-line secret is reported when only one of its lines changes", "[e2e][staged]") {
  TestRepo repo;
  std::vector<std::string> lines = python_lines("tls", 10);
  std::vector<std::string> pem = split_lines(throwaway_private_key());
  lines.insert(lines.begin() + 4, pem.begin(), pem.end());  // starts at line 5
  repo.write("deploy/key.pem.py", join_lines(lines));
  repo.commit_all("initial");

  // Change one base64 line in the middle of the block; the BEGIN and END lines are untouched.
  std::string& body_line = lines[4 + pem.size() / 2];
  body_line[0] = body_line[0] == 'A' ? 'B' : 'A';
  repo.write("deploy/key.pem.py", join_lines(lines));
  repo.git({"add", "deploy/key.pem.py"});

  JsonRun run = staged_json(repo);
  CHECK(run.exit_code == 1);
  CHECK(where(run.report) == std::vector<std::string>{"deploy/key.pem.py:5 private-key-pkcs8"});
}

TEST_CASE("staged: a staged binary file is skipped and counted, not an error", "[e2e][staged]") {
  TestRepo repo;
  repo.write("README.md", "# project\n");
  repo.commit_all("initial");
  repo.write("assets/logo.png", std::string("\x89PNG\r\n\x1a\n\0\0\0", 11) + token_line(13));
  repo.git({"add", "assets/logo.png"});

  JsonRun run = staged_json(repo);
  CHECK(run.exit_code == 0);
  CHECK(where(run.report).empty());
  const nlohmann::json& summary = run.report["summary"];
  REQUIRE(summary["skipped"].size() == 1);
  CHECK(summary["skipped"][0]["path"] == "assets/logo.png");
  CHECK(summary["skipped"][0]["reason"] == "binary");
  CHECK(summary["errors"].empty());
  CHECK(summary["incomplete"] == false);
}

// --- where it runs: worktrees, hooks, merges, subdirectories --------------------------------------

TEST_CASE("staged: in a linked worktree the worktree's own index is scanned", "[e2e][staged]") {
  TestRepo repo;
  repo.write("README.md", "# project\n");
  repo.commit_all("initial");
  repo.git({"worktree", "add", "-q", "-b", "feature", "../wt"});
  const std::string wt = repo.tmp().path() + "/wt";
  repo.tmp().write("wt/deploy/app.env", token_line(14) + "\n");
  repo.git({"add", "deploy/app.env"}, wt);

  JsonRun run = staged_json(repo, {}, wt);
  CHECK(run.exit_code == 1);
  CHECK(where(run.report) == std::vector<std::string>{"deploy/app.env:1 github-pat-classic"});

  run = staged_json(repo, {wt}, repo.root());  // the same worktree named as REPO
  CHECK(where(run.report) == std::vector<std::string>{"deploy/app.env:1 github-pat-classic"});

  run = staged_json(repo);  // the main worktree has nothing staged
  CHECK(run.exit_code == 0);
  CHECK(where(run.report).empty());
}

TEST_CASE("staged: as a pre-commit hook under core.hooksPath it blocks a commit with a secret",
          "[e2e][staged][hook]") {
  TestRepo repo;
  repo.write("README.md", "# project\n");
  repo.commit_all("initial");
  const std::string head = repo.git({"rev-parse", "HEAD"});
  repo.write("ci/hooks/pre-commit", std::string("#!/bin/sh\nexec '") + KEYSWEEP_BINARY + "' staged --color never\n");
  ::chmod((repo.root() + "/ci/hooks/pre-commit").c_str(), 0755);
  repo.git({"config", "core.hooksPath", "ci/hooks"});

  repo.write("deploy/app.env", token_line(15) + "\n");
  repo.git({"add", "deploy/app.env"});
  JsonRun run = staged_json(repo);  // core.hooksPath does not change what is scanned
  CHECK(run.exit_code == 1);
  CHECK(where(run.report) == std::vector<std::string>{"deploy/app.env:1 github-pat-classic"});

  CommandResult commit = repo.try_git({"commit", "-q", "-m", "add secret"});
  INFO("git commit: " << commit.out_text << commit.err_text);
  CHECK(commit.exit_code != 0);
  CHECK((commit.out_text + commit.err_text).find("deploy/app.env") != std::string::npos);
  CHECK(repo.git({"rev-parse", "HEAD"}) == head);

  repo.write("deploy/app.env", "APP_NAME=shop\n");
  repo.git({"add", "deploy/app.env"});
  CHECK(repo.try_git({"commit", "-q", "-m", "clean"}).exit_code == 0);
}

TEST_CASE("staged: during a merge the resolved and staged file is scanned", "[e2e][staged]") {
  TestRepo repo;
  std::vector<std::string> lines = python_lines("app", 10);
  repo.write("app.py", join_lines(lines));
  repo.commit_all("initial");

  repo.git({"checkout", "-q", "-b", "other"});
  lines[4] = "mode = 'theirs'";
  repo.write("app.py", join_lines(lines));
  repo.commit_all("theirs");
  repo.git({"checkout", "-q", "main"});
  lines[4] = "mode = 'ours'";
  repo.write("app.py", join_lines(lines));
  repo.commit_all("ours");

  CommandResult merge = repo.try_git({"merge", "-q", "other"});
  REQUIRE(merge.exit_code != 0);  // a conflict on line 5
  lines[4] = "mode = 'merged'";
  lines.insert(lines.begin() + 5, token_line(17));  // line 6, added by the resolution
  repo.write("app.py", join_lines(lines));
  repo.git({"add", "app.py"});
  REQUIRE(std::filesystem::exists(repo.root() + "/.git/MERGE_HEAD"));

  JsonRun run = staged_json(repo);
  CHECK(run.exit_code == 1);
  CHECK(where(run.report) == std::vector<std::string>{"app.py:6 github-pat-classic"});
  CHECK(run.report["summary"]["errors"].empty());
}

TEST_CASE("staged: from a subdirectory, paths stay relative to the repository root", "[e2e][staged]") {
  TestRepo repo;
  repo.write("src/app/__init__.py", "\n");
  repo.write("docs/README.md", "# docs\n");
  repo.commit_all("initial");
  repo.write("src/app/config.py", "DEBUG = False\n" + token_line(18) + "\n");
  repo.write("docs/example.env", hex_key_line(19) + "\n");
  repo.git({"add", "-A"});
  const std::string subdir = repo.root() + "/src/app";
  const std::vector<std::string> expected = {"docs/example.env:1 hex-key-assignment",
                                             "src/app/config.py:2 github-pat-classic"};

  JsonRun run = staged_json(repo, {}, subdir);  // REPO defaults to "."
  CHECK(run.exit_code == 1);
  CHECK(where(run.report) == expected);

  run = staged_json(repo, {"."}, subdir);
  CHECK(where(run.report) == expected);
}

// --- errors --------------------------------------------------------------------------------------

TEST_CASE("staged: outside any repository it exits 2 with one line", "[e2e][staged][exit]") {
  TempDir dir;
  CommandResult git = run_command(hermetic(dir.path(), {"git", "rev-parse", "--git-dir"}), dir.path());
  if (git.exit_code == 0) {
    WARN("the temporary folder " << dir.path() << " is inside a git repository; test skipped");
    return;
  }
  check_one_line_error(run_command(hermetic(dir.path(), {KEYSWEEP_BINARY, "staged"}), dir.path()));
  check_one_line_error(run_command(hermetic(dir.path(), {KEYSWEEP_BINARY, "staged", dir.path()})));
}

TEST_CASE("staged: a bare repository exits 2 with one line", "[e2e][staged][exit]") {
  TempDir dir;
  const std::string bare = dir.path() + "/bare.git";
  REQUIRE(run_command(hermetic(dir.path(), {"git", "init", "-q", "--bare", bare})).exit_code == 0);
  check_one_line_error(run_command(hermetic(dir.path(), {KEYSWEEP_BINARY, "staged", bare})));
  check_one_line_error(run_command(hermetic(dir.path(), {KEYSWEEP_BINARY, "staged"}), bare));
}

TEST_CASE("staged: a corrupt index exits 2 with one line", "[e2e][staged][exit]") {
  TestRepo repo;
  repo.write("README.md", "# project\n");
  repo.commit_all("initial");
  repo.write("app.env", token_line(20) + "\n");
  repo.git({"add", "app.env"});
  const std::string index_path = repo.root() + "/.git/index";
  std::string index;
  {
    std::ifstream in(index_path, std::ios::binary);
    index.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  REQUIRE(index.size() > 64);

  SECTION("garbage") {
    repo.write(".git/index", "this is not an index file, just some garbage bytes\n");
  }
  SECTION("truncated") {
    repo.write(".git/index", index.substr(0, index.size() / 2));  // valid header, bad checksum
  }
  check_one_line_error(repo.keysweep({"staged"}));
}

// --- output, config and baseline ------------------------------------------------------------------

TEST_CASE("staged: JSON findings have source \"staged\" and an empty commit", "[e2e][staged]") {
  TestRepo repo;
  repo.write("README.md", "# project\n");
  repo.commit_all("initial");
  repo.write("app.env", token_line(21) + "\n");
  repo.git({"add", "app.env"});

  JsonRun run = staged_json(repo);
  CHECK(run.exit_code == 1);
  REQUIRE(run.report["findings"].size() == 1);
  CHECK(run.report["findings"][0]["source"] == "staged");
  CHECK(run.report["findings"][0]["commit"] == "");
  CHECK(run.report["findings"][0]["path"] == "app.env");
  CHECK(run.report["summary"]["incomplete"] == false);
}

TEST_CASE("staged: text output names the ways forward and the one-time bypass", "[e2e][staged]") {
  TestRepo repo;
  repo.write("README.md", "# project\n");
  repo.commit_all("initial");
  repo.write("deploy/app.env", token_line(22) + "\n");
  repo.git({"add", "deploy/app.env"});

  CommandResult r = repo.keysweep({"staged", "--color", "never"});
  INFO(r.out_text << r.err_text);
  CHECK(r.exit_code == 1);
  const std::string all = r.out_text + r.err_text;
  CHECK(all.find("deploy/app.env") != std::string::npos);
  CHECK(all.find("github-pat-classic") != std::string::npos);
  CHECK(all.find("keysweep:allow") != std::string::npos);
  CHECK(all.find("keysweep baseline create --from staged") != std::string::npos);
  CHECK(all.find("git commit --no-verify") != std::string::npos);
  CHECK(all.find(fake_github_token(22)) == std::string::npos);  // redacted
}

TEST_CASE("staged: a .keysweep.toml at the work-tree root is used as the config", "[e2e][staged][config]") {
  TestRepo repo;
  repo.write(".keysweep.toml", "[allowlist]\npaths = ['''^fixtures/''']\n");
  repo.write("src/main.py", "print('hi')\n");
  repo.commit_all("initial");
  repo.write("fixtures/sample.env", token_line(23) + "\n");
  repo.write("src/app.env", token_line(24) + "\n");
  repo.git({"add", "-A"});
  const std::vector<std::string> expected = {"src/app.env:1 github-pat-classic"};

  JsonRun run = staged_json(repo);
  CHECK(run.exit_code == 1);
  CHECK(where(run.report) == expected);

  run = staged_json(repo, {}, repo.root() + "/src");  // still the root's config
  CHECK(where(run.report) == expected);
}

TEST_CASE("staged: --baseline ignores the findings of an earlier JSON report", "[e2e][staged][baseline]") {
  TestRepo repo;
  repo.write("README.md", "# project\n");
  repo.commit_all("initial");
  repo.write("app.env", token_line(25) + "\n");
  repo.git({"add", "app.env"});

  // The baseline lives outside the work tree so it is neither staged nor untracked noise.
  const std::string baseline = repo.home() + "/baseline.json";
  CommandResult first = repo.keysweep({"staged", "--format", "json", "--output", baseline});
  REQUIRE(first.exit_code == 1);

  JsonRun run = staged_json(repo, {"--baseline", baseline});
  CHECK(run.exit_code == 0);
  CHECK(where(run.report).empty());

  repo.write("app.env", token_line(25) + "\n" + hex_key_line(26) + "\n");
  repo.git({"add", "app.env"});
  run = staged_json(repo, {"--baseline", baseline});
  CHECK(run.exit_code == 1);
  CHECK(where(run.report) == std::vector<std::string>{"app.env:2 hex-key-assignment"});
}

}  // namespace keysweep
