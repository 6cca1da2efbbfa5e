// A linked worktree (git worktree add): its own HEAD and index, the objects and refs of the main
// repository. `staged` reads the worktree's index; `pre-push` run from the worktree walks the
// shared history.
#include <catch2/catch.hpp>

#include "tests/e2e/git_test_repo.h"

namespace keysweep {

TEST_CASE("git: staged and pre-push work from a linked worktree", "[e2e][git]") {
  TestRepo repo;
  repo.write("README.md", "# project\n");
  repo.commit_all("initial");
  const std::string base = repo.git({"rev-parse", "HEAD"}).substr(0, 40);
  repo.git({"worktree", "add", "-q", "-b", "feature", "../wt"});
  const std::string wt = repo.tmp().path() + "/wt";
  repo.tmp().write("wt/deploy/app.env", token_line(100) + "\n");
  repo.git({"add", "deploy/app.env"}, wt);

  JsonRun staged = staged_json(repo, {}, wt);
  REQUIRE(staged.exit_code != kTimedOut);
  CHECK(staged.exit_code == 1);
  CHECK(where(staged.report) == std::vector<std::string>{"deploy/app.env:1 github-pat-classic"});
  CHECK(staged_json(repo).exit_code == 0);  // the main worktree has nothing staged

  repo.git({"commit", "-q", "-m", "add deploy env"}, wt);
  const std::string tip = repo.git({"rev-parse", "HEAD"}, wt).substr(0, 40);
  const std::string lines = "refs/heads/feature " + tip + " refs/heads/feature " + base + "\n";
  JsonRun push = pre_push_json(repo, lines, {}, wt);
  REQUIRE(push.exit_code != kTimedOut);
  CHECK(push.exit_code == 1);
  CHECK(where(push.report) == std::vector<std::string>{"deploy/app.env:1 github-pat-classic"});
  CHECK(push.report["summary"]["errors"].empty());
  for (const nlohmann::json& f : push.report["findings"]) CHECK(f["commit"] == tip);

  // --repo naming the worktree from elsewhere gives the same.
  push = pre_push_json(repo, lines, {"--repo", wt}, repo.tmp().path());
  CHECK(where(push.report) == std::vector<std::string>{"deploy/app.env:1 github-pat-classic"});
}

}  // namespace keysweep
