// One git blob held at several places is loaded and scanned once and reported at each place
// (source.h, Place): the same file staged at two paths, or added at two paths by one commit.
// A blob that one pushed commit adds and a later one copies is reported at both places, each at
// the commit that put it there (history_source.h: the copy is read once more).
// summary.files_scanned counts what was loaded and scanned: unique blobs, not paths, except
// for such a later copy.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/e2e/git_test_repo.h"

namespace keysweep {
namespace {

std::string commit_of(const nlohmann::json& finding) { return finding.at("commit").get<std::string>(); }

}  // namespace

TEST_CASE("staged: one blob staged at two paths is scanned once and reported at both", "[e2e][staged][places]") {
  TestRepo repo;
  repo.write("README.md", "# project\n");
  repo.commit_all("initial");
  const std::string secret_file = "APP=shop\n" + token_line(41) + "\n";
  repo.write("config/app.env", secret_file);
  repo.write("deploy/app.env", secret_file);
  repo.git({"add", "-A"});

  JsonRun run = staged_json(repo);
  CHECK(run.exit_code == 1);
  CHECK(where(run.report) ==
        std::vector<std::string>{"config/app.env:2 github-pat-classic", "deploy/app.env:2 github-pat-classic"});
  CHECK(run.report["summary"]["files_scanned"] == 1);
  CHECK(run.report["summary"]["errors"].empty());
}

TEST_CASE("staged: one blob at two paths is reported at each on the lines that path adds", "[e2e][staged][places]") {
  TestRepo repo;
  const std::string old_file = "A=1\n" + hex_key_line(42) + "\nB=2\n";
  repo.write("settings.env", old_file);
  repo.commit_all("initial");
  // settings.env gains line 4; copy.env is new, so all its lines count (with the same content
  // both paths hold one blob).
  const std::string new_file = old_file + token_line(43) + "\n";
  repo.write("settings.env", new_file);
  repo.write("copy.env", new_file);
  repo.git({"add", "-A"});

  JsonRun run = staged_json(repo);
  CHECK(run.exit_code == 1);
  CHECK(where(run.report) == std::vector<std::string>{"copy.env:2 hex-key-assignment",
                                                      "copy.env:4 github-pat-classic",
                                                      "settings.env:4 github-pat-classic"});
  CHECK(run.report["summary"]["files_scanned"] == 1);
}

TEST_CASE("staged: a HEAD blob that cannot be read costs its path only; the blob is reported at the others",
          "[e2e][staged][places]") {
  TestRepo repo;
  repo.write("a.env", "A=1\n");
  repo.commit_all("initial");
  const std::string lost = repo.git({"rev-parse", "HEAD:a.env"}).substr(0, 40);
  const std::string new_file = "A=1\n" + token_line(49) + "\n";
  repo.write("a.env", new_file);
  repo.write("b.env", new_file);
  repo.git({"add", "-A"});
  REQUIRE(std::filesystem::remove(repo.root() + "/.git/objects/" + lost.substr(0, 2) + "/" + lost.substr(2)));

  JsonRun run = staged_json(repo);
  CHECK(run.exit_code == 2);
  CHECK(where(run.report) == std::vector<std::string>{"b.env:2 github-pat-classic"});
  const nlohmann::json& errors = run.report["summary"]["errors"];
  REQUIRE(errors.size() == 1);
  const std::string error = errors[0].get<std::string>();
  CHECK(error.find(lost) != std::string::npos);
  CHECK(error.find("a.env") != std::string::npos);
  CHECK(run.report["summary"]["files_scanned"] == 1);
}

TEST_CASE("staged: a binary blob staged at two paths is listed as skipped at both", "[e2e][staged][places]") {
  TestRepo repo;
  repo.write("README.md", "# project\n");
  repo.commit_all("initial");
  repo.write("a.bin", std::string("\0\1\2", 3) + token_line(44) + "\n");
  repo.write("b.bin", std::string("\0\1\2", 3) + token_line(44) + "\n");
  repo.git({"add", "-A"});

  JsonRun run = staged_json(repo);
  CHECK(run.exit_code == 0);
  CHECK(skipped_of(run.report) == std::vector<std::string>{"a.bin binary", "b.bin binary"});
  CHECK(run.report["summary"]["files_scanned"] == 0);
}

TEST_CASE("pre-push: one blob added at two paths by one commit is reported at both", "[e2e][pre-push][places]") {
  TestRepo repo;
  repo.write("README.md", "# project\n");
  repo.commit_all("initial");
  const std::string base = repo.git({"rev-parse", "HEAD"}).substr(0, 40);
  const std::string secret_file = "APP=shop\n" + token_line(45) + "\n";
  repo.write("config/app.env", secret_file);
  repo.write("deploy/app.env", secret_file);
  repo.commit_all("add env files");
  const std::string tip = repo.git({"rev-parse", "HEAD"}).substr(0, 40);

  JsonRun run = pre_push_json(repo, "refs/heads/main " + tip + " refs/heads/main " + base + "\n");
  CHECK(run.exit_code == 1);
  CHECK(where(run.report) ==
        std::vector<std::string>{"config/app.env:2 github-pat-classic", "deploy/app.env:2 github-pat-classic"});
  for (const nlohmann::json& f : run.report["findings"]) CHECK(commit_of(f) == tip);
  CHECK(run.report["summary"]["files_scanned"] == 1);
  CHECK(run.report["summary"]["errors"].empty());
}

// The copy is a second place the push publishes the secret at: rewriting only the commit that
// added it would leave the copy's commit carrying it (the line diff used to report the first
// place only, so a second push found the copy). `keysweep history` reports it the same way.
TEST_CASE("pre-push: a file added and copied by a later commit is reported at both, each where it entered",
          "[e2e][pre-push][places]") {
  TestRepo repo;
  repo.write("README.md", "# project\n");
  repo.commit_all("initial");
  const std::string base = repo.git({"rev-parse", "HEAD"}).substr(0, 40);
  const std::string secret_file = "APP=shop\n" + token_line(46) + "\n";
  repo.write("config/app.env", secret_file);
  repo.commit_all("add config/app.env");
  const std::string first = repo.git({"rev-parse", "HEAD"}).substr(0, 40);
  repo.write("deploy/app.env", secret_file);
  repo.commit_all("copy it to deploy/");
  const std::string tip = repo.git({"rev-parse", "HEAD"}).substr(0, 40);

  JsonRun run = pre_push_json(repo, "refs/heads/main " + tip + " refs/heads/main " + base + "\n");
  CHECK(run.exit_code == 1);
  CHECK(where(run.report) ==
        std::vector<std::string>{"config/app.env:2 github-pat-classic", "deploy/app.env:2 github-pat-classic"});
  REQUIRE(run.report["findings"].size() == 2);
  CHECK(commit_of(run.report["findings"][0]) == first);
  CHECK(commit_of(run.report["findings"][1]) == tip);
  CHECK(run.report["summary"]["blobs"] == 1);

  SECTION("pushed on its own, the copy is reported: the earlier commit is not in the range") {
    JsonRun copy = pre_push_json(repo, "refs/heads/main " + tip + " refs/heads/main " + first + "\n");
    CHECK(copy.exit_code == 1);
    CHECK(where(copy.report) == std::vector<std::string>{"deploy/app.env:2 github-pat-classic"});
  }
}

TEST_CASE("pre-push: a blob that an earlier commit only modified is reported in full where a later one adds it",
          "[e2e][pre-push][places]") {
  TestRepo repo;
  const std::string old_file = "A=1\n" + hex_key_line(47) + "\n";
  repo.write("settings.env", old_file);
  repo.commit_all("initial");
  const std::string base = repo.git({"rev-parse", "HEAD"}).substr(0, 40);
  const std::string new_file = old_file + token_line(48) + "\n";
  repo.write("settings.env", new_file);  // adds line 3 only: not every line was reported
  repo.commit_all("add a token");
  repo.write("copy.env", new_file);
  repo.commit_all("copy it");
  const std::string tip = repo.git({"rev-parse", "HEAD"}).substr(0, 40);

  JsonRun run = pre_push_json(repo, "refs/heads/main " + tip + " refs/heads/main " + base + "\n");
  CHECK(run.exit_code == 1);
  CHECK(where(run.report) == std::vector<std::string>{"copy.env:2 hex-key-assignment",
                                                      "copy.env:3 github-pat-classic",
                                                      "settings.env:3 github-pat-classic"});
  // One read: the copy joined its blob's batch before it went out (history_source.cc).
  CHECK(run.report["summary"]["files_scanned"] == 1);
}

}  // namespace keysweep
