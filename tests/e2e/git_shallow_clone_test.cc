// A shallow clone (git clone --depth): the parents of its oldest commits are not there.
// `staged` needs only HEAD's tree and works as usual. `pre-push` treats the boundary commits as
// git does, as having no parents: a push whose range stops at what the remote has is scanned
// as usual, and one that reaches the boundary scans the boundary commit's files whole and says
// so in one note on stderr. libgit2 1.5's own walk failed on the first missing parent.
#include <catch2/catch.hpp>

#include "tests/e2e/git_test_repo.h"

namespace keysweep {

TEST_CASE("git: staged and pre-push work in a shallow clone and say what they could not see", "[e2e][git]") {
  TestRepo origin;
  for (int i = 1; i <= 4; ++i) {
    origin.write("app.py", "VERSION = " + std::to_string(i) + "\n");
    origin.commit_all("version " + std::to_string(i));
  }
  const std::string clone = origin.tmp().path() + "/clone";
  origin.git({"clone", "-q", "--depth", "1", "file://" + origin.root(), clone}, origin.tmp().path());
  origin.git({"config", "user.name", "Keysweep Test"}, clone);
  origin.git({"config", "user.email", "test@keysweep.invalid"}, clone);
  REQUIRE(origin.try_git({"rev-parse", "--is-shallow-repository"}, clone).out_text == "true\n");
  const std::string boundary = origin.git({"rev-parse", "HEAD"}, clone).substr(0, 40);

  origin.tmp().write("clone/deploy/app.env", token_line(97) + "\n");
  origin.git({"add", "deploy/app.env"}, clone);
  JsonRun staged = staged_json(origin, {}, clone);
  CHECK(staged.exit_code == 1);
  CHECK(where(staged.report) == std::vector<std::string>{"deploy/app.env:1 github-pat-classic"});
  CHECK(staged.report["summary"]["errors"].empty());

  origin.git({"commit", "-q", "-m", "add deploy env"}, clone);
  const std::string tip = origin.git({"rev-parse", "HEAD"}, clone).substr(0, 40);

  SECTION("a push on top of what the remote has") {
    JsonRun push = pre_push_json(origin, "refs/heads/main " + tip + " refs/heads/main " + boundary + "\n",
                                 {"origin"}, clone);
    REQUIRE(push.exit_code != kTimedOut);
    CHECK(push.exit_code == 1);
    CHECK(where(push.report) == std::vector<std::string>{"deploy/app.env:1 github-pat-classic"});
    CHECK(push.report["summary"]["errors"].empty());
    CHECK(push.err_text.find("shallow") == std::string::npos);
  }
  SECTION("a push to a remote with none of it reaches the boundary") {
    JsonRun push = pre_push_json(
        origin, "refs/heads/main " + tip + " refs/heads/main 0000000000000000000000000000000000000000\n",
        {"mirror"}, clone);
    REQUIRE(push.exit_code != kTimedOut);
    CHECK(push.exit_code == 1);
    CHECK(where(push.report) == std::vector<std::string>{"deploy/app.env:1 github-pat-classic"});
    CHECK(push.report["summary"]["errors"].empty());
    CHECK(push.report["summary"]["files_scanned"] == 2);  // app.py, whole, at the boundary
    CHECK(push.err_text.find("keysweep: note: this is a shallow clone without the parents of commit " +
                             boundary.substr(0, 12)) != std::string::npos);
    CHECK(count_lines(push.err_text) >= 1);
  }
}

}  // namespace keysweep
