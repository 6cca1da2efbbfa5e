// A blob the index or a pushed commit references is missing from the object database (a
// damaged clone, a deleted loose object). The scan names the blob id and the path it was
// needed for, scans everything else, and exits 2: the run is incomplete.
#include <catch2/catch.hpp>

#include <filesystem>

#include "tests/e2e/git_test_repo.h"

namespace keysweep {
namespace {

// Deletes loose object `id` from the repository at `root`.
void delete_loose_object(const std::string& root, const std::string& id) {
  const std::string path = root + "/.git/objects/" + id.substr(0, 2) + "/" + id.substr(2);
  REQUIRE(std::filesystem::remove(path));
}

bool mentions(const nlohmann::json& errors, const std::string& a, const std::string& b) {
  for (const nlohmann::json& e : errors) {
    const std::string text = e.get<std::string>();
    if (text.find(a) != std::string::npos && text.find(b) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("git: a missing staged blob is reported with its id and path; the rest is scanned, exit 2",
          "[e2e][git][staged]") {
  TestRepo repo;
  repo.write("README.md", "# project\n");
  repo.commit_all("initial");
  repo.write("a.env", token_line(92) + "\n");
  repo.write("b.env", token_line(93) + "\n");
  repo.git({"add", "-A"});
  const std::string lost = repo.git({"rev-parse", ":b.env"}).substr(0, 40);
  delete_loose_object(repo.root(), lost);

  JsonRun run = staged_json(repo);
  CHECK(run.exit_code == 2);
  CHECK(where(run.report) == std::vector<std::string>{"a.env:1 github-pat-classic"});
  const nlohmann::json& errors = run.report["summary"]["errors"];
  CHECK(errors.size() == 1);
  CHECK(mentions(errors, lost, "b.env"));
  CHECK(run.report["summary"]["incomplete"] == true);
  CHECK(run.err_text.find(lost) != std::string::npos);
}

TEST_CASE("git: a missing blob of a pushed commit is reported with its id and path; the rest is scanned, exit 2",
          "[e2e][git][pre-push]") {
  TestRepo repo;
  repo.write("README.md", "# project\n");
  repo.commit_all("initial");
  const std::string base = repo.git({"rev-parse", "HEAD"}).substr(0, 40);
  repo.write("a.env", token_line(94) + "\n");
  repo.write("b.env", token_line(95) + "\n");
  repo.commit_all("add env files");
  repo.write("c.env", token_line(96) + "\n");
  repo.commit_all("add c.env");
  const std::string tip = repo.git({"rev-parse", "HEAD"}).substr(0, 40);
  const std::string lost = repo.git({"rev-parse", "HEAD:b.env"}).substr(0, 40);
  delete_loose_object(repo.root(), lost);

  JsonRun run = pre_push_json(repo, "refs/heads/main " + tip + " refs/heads/main " + base + "\n");
  CHECK(run.exit_code == 2);
  CHECK(where(run.report) == std::vector<std::string>{"a.env:1 github-pat-classic", "c.env:1 github-pat-classic"});
  const nlohmann::json& errors = run.report["summary"]["errors"];
  CHECK(errors.size() == 1);
  CHECK(mentions(errors, lost, "b.env"));
  CHECK(run.report["summary"]["incomplete"] == true);
}

}  // namespace keysweep
