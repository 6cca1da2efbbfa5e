// A git index overwritten with garbage: `staged` cannot know what would be committed, so it
// stops with one clear line and exit 2 (never a crash or a hang); `pre-push` does not read the
// index and still works.
#include <catch2/catch.hpp>

#include "tests/e2e/git_test_repo.h"

namespace keysweep {

TEST_CASE("git: a corrupt (garbage) index stops staged with one line and exit 2", "[e2e][git][exit]") {
  TestRepo repo;
  repo.write("README.md", "# project\n");
  repo.commit_all("initial");
  const std::string base = repo.git({"rev-parse", "HEAD"}).substr(0, 40);
  repo.write("app.env", token_line(90) + "\n");
  repo.commit_all("add app.env");
  const std::string tip = repo.git({"rev-parse", "HEAD"}).substr(0, 40);
  repo.write(".git/index", "this is not an index file, just some garbage bytes\n");

  CommandResult r = repo.keysweep({"staged"});
  REQUIRE(r.exit_code != kTimedOut);
  check_one_line_error(r);
  CHECK(r.err_text.find("index") != std::string::npos);

  JsonRun push = pre_push_json(repo, "refs/heads/main " + tip + " refs/heads/main " + base + "\n");
  CHECK(push.exit_code == 1);
  CHECK(where(push.report) == std::vector<std::string>{"app.env:1 github-pat-classic"});
}

}  // namespace keysweep
