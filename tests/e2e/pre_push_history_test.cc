// `keysweep pre-push` runs on the history engine (doc/history.md) over the commits the remote
// lacks: each blob the push introduces is scanned once, and a secret that the remote's version
// of a changed path already holds is not reported again. These are the cases where that answer
// differs from the per-commit line diff pre-push used before, and the ref updates git can send
// (a new branch, a deletion, a force push over commits we never fetched). Each repository has
// a bare "remote" that the setup pushes to with --no-verify, so refs/remotes/origin/* say what
// the remote has, as after a real push.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tests/e2e/git_test_repo.h"

namespace keysweep {
namespace {

const std::string kZeros(40, '0');

// A TestRepo with a bare remote "origin" (<tmp>/remote.git) and main pushed to it.
struct PushRepo {
  TestRepo repo;
  std::string remote;

  PushRepo() : remote(repo.tmp().path() + "/remote.git") {
    repo.git({"init", "-q", "--bare", remote}, repo.tmp().path());
    repo.git({"remote", "add", "origin", remote});
  }
  std::string head(const std::string& rev = "HEAD") const { return repo.git({"rev-parse", rev}).substr(0, 40); }
  // Publishes `branch` without any hook, as a teammate's earlier push would have.
  void publish(const std::string& branch = "main") const {
    repo.git({"push", "-q", "--no-verify", "origin", branch});
  }
  // `keysweep pre-push origin <url> --format json` fed one line per ref update.
  JsonRun pre_push(const std::string& lines) const {
    JsonRun run = pre_push_json(repo, lines, {"origin", remote});
    REQUIRE(run.exit_code != kTimedOut);
    return run;
  }
};

// git's pre-push line for pushing `local_sha` to refs/heads/<branch>, whose remote tip is `remote_sha`.
std::string update(const std::string& branch, const std::string& local_sha, const std::string& remote_sha) {
  return "refs/heads/" + branch + " " + local_sha + " refs/heads/" + branch + " " + remote_sha + "\n";
}

std::vector<std::string> commits_of(const nlohmann::json& report) {
  std::vector<std::string> out;
  for (const nlohmann::json& f : report.at("findings")) out.push_back(f.at("commit").get<std::string>());
  return out;
}

}  // namespace

TEST_CASE("pre-push: a secret the remote already has at that path is not reported again", "[e2e][pre-push][history]") {
  PushRepo p;
  const std::string old_secret = token_line(61);
  p.repo.write("config/app.env", "A=1\n" + old_secret + "\nB=2\n");
  p.repo.commit_all("config with an old secret");
  p.publish();
  const std::string remote_tip = p.head();
  const std::string new_secret = token_line(62);

  SECTION("an edit elsewhere in the file: the old secret's line is unchanged") {
    p.repo.write("config/app.env", "A=10\n" + old_secret + "\nB=2\n" + new_secret + "\n");
  }
  SECTION("the secret moves within the file: a line diff counts it as added") {
    p.repo.write("config/app.env", "A=1\nB=2\n" + old_secret + "\n" + new_secret + "\n");
  }
  SECTION("the secret's own line is edited around it: a line diff counts it as added") {
    p.repo.write("config/app.env", "A=1\n" + old_secret + "  # production\nB=2\n" + new_secret + "\n");
  }
  SECTION("the file is removed and written back in a later commit of the push") {
    p.repo.git({"rm", "-q", "config/app.env"});
    p.repo.commit_all("drop the config");
    p.repo.write("config/app.env", "A=1\n" + old_secret + "\nB=2\n" + new_secret + "\n");
  }
  p.repo.commit_all("edit the config");
  const std::string tip = p.head();

  JsonRun run = p.pre_push(update("main", tip, remote_tip));
  CHECK(run.exit_code == 1);
  // Only what the push adds: the new secret, at the commit that wrote it.
  CHECK(where(run.report) == std::vector<std::string>{"config/app.env:4 github-pat-classic"});
  CHECK(commits_of(run.report) == std::vector<std::string>{tip});
  CHECK(run.report["summary"]["errors"].empty());
}

TEST_CASE("pre-push: a file renamed in the push is not reported again", "[e2e][pre-push][history]") {
  PushRepo p;
  const std::string old_file = "A=1\n" + token_line(63) + "\nB=2\nC=3\n";
  p.repo.write("config/app.env", old_file);
  p.repo.commit_all("an old secret");
  p.publish();
  const std::string remote_tip = p.head();

  SECTION("a pure rename introduces no blob") {
    p.repo.git({"mv", "config/app.env", "config/deploy.env"});
    p.repo.commit_all("rename");
    JsonRun run = p.pre_push(update("main", p.head(), remote_tip));
    CHECK(run.exit_code == 0);
    CHECK(run.report["findings"].empty());
    CHECK(run.report["summary"]["commits"] == 1);
    CHECK(run.report["summary"]["blobs"] == 0);
  }
  SECTION("renamed and edited in one commit: the old name's version is the one before the push") {
    p.repo.git({"mv", "config/app.env", "config/deploy.env"});
    p.repo.write("config/deploy.env", old_file + "D=4\n" + token_line(72) + "\n");
    p.repo.commit_all("rename and extend");
    JsonRun run = p.pre_push(update("main", p.head(), remote_tip));
    CHECK(run.exit_code == 1);
    CHECK(where(run.report) == std::vector<std::string>{"config/deploy.env:6 github-pat-classic"});
  }
  SECTION("its folder moved and the file edited in one commit") {
    p.repo.git({"mv", "config", "settings"});
    p.repo.write("settings/app.env", "A=10\n" + token_line(63) + "\nB=2\nC=3\n");
    p.repo.commit_all("move the folder, tune A");
    JsonRun run = p.pre_push(update("main", p.head(), remote_tip));
    CHECK(run.exit_code == 0);
    CHECK(run.report["findings"].empty());
    CHECK(run.report["summary"]["blobs"] == 1);
  }
  SECTION("a copy to a new path, the old one kept, is a new place and is reported") {
    p.repo.write("deploy/app.env", old_file);
    p.repo.commit_all("copy");
    JsonRun run = p.pre_push(update("main", p.head(), remote_tip));
    CHECK(run.exit_code == 1);
    CHECK(where(run.report) == std::vector<std::string>{"deploy/app.env:2 github-pat-classic"});
  }
}

TEST_CASE("pre-push: a secret written while resolving a merge is reported at the merge", "[e2e][pre-push][history]") {
  PushRepo p;
  p.repo.write("app.env", "MODE=base\n");
  p.repo.commit_all("base");
  p.repo.git({"checkout", "-q", "-b", "feature"});
  p.repo.write("app.env", "MODE=feature\n");
  p.repo.commit_all("feature mode");
  p.repo.git({"checkout", "-q", "main"});
  p.repo.write("app.env", "MODE=main\n");
  // main has a secret of its own elsewhere, and the remote has all of main.
  p.repo.write("main.env", token_line(64) + "\n");
  p.repo.commit_all("main mode");
  p.publish("main");
  p.publish("feature");
  const std::string remote_feature = p.head("feature");
  p.repo.git({"checkout", "-q", "feature"});
  CHECK(p.repo.try_git({"merge", "-q", "--no-edit", "main"}).exit_code != 0);  // a conflict
  p.repo.write("app.env", "MODE=both\n" + token_line(65) + "\n");
  p.repo.commit_all("merge main");
  const std::string merge = p.head();

  JsonRun run = p.pre_push(update("feature", merge, remote_feature));
  CHECK(run.exit_code == 1);
  // The resolution's secret, at the merge; main's secret is on the remote already.
  CHECK(where(run.report) == std::vector<std::string>{"app.env:2 github-pat-classic"});
  CHECK(commits_of(run.report) == std::vector<std::string>{merge});
  CHECK(run.report["summary"]["commits"] == 1);
}

TEST_CASE("pre-push: a new branch is scanned only for the commits no remote-tracking ref has",
          "[e2e][pre-push][history]") {
  PushRepo p;
  p.repo.write("main.env", token_line(66) + "\n");
  p.repo.commit_all("main, with a secret the remote has");
  p.publish();
  p.repo.git({"checkout", "-q", "-b", "feature"});
  p.repo.write("notes.txt", "clean\n");
  p.repo.commit_all("clean");
  p.repo.write("feature.env", token_line(67) + "\n");
  p.repo.commit_all("a new secret");
  const std::string tip = p.head();

  JsonRun run = p.pre_push(update("feature", tip, kZeros));
  CHECK(run.exit_code == 1);
  CHECK(where(run.report) == std::vector<std::string>{"feature.env:1 github-pat-classic"});
  CHECK(run.report["summary"]["commits"] == 2);
  CHECK(run.report["summary"]["blobs"] == 2);

  SECTION("to a remote none of whose refs we track, every commit is new") {
    JsonRun mirror = pre_push_json(p.repo, update("feature", tip, kZeros), {"mirror", "/nonexistent.git"});
    CHECK(mirror.exit_code == 1);
    CHECK(where(mirror.report) ==
          std::vector<std::string>{"feature.env:1 github-pat-classic", "main.env:1 github-pat-classic"});
    CHECK(mirror.report["summary"]["commits"] == 3);
  }
}

TEST_CASE("pre-push: deleting a branch scans nothing", "[e2e][pre-push][history]") {
  PushRepo p;
  p.repo.write("main.env", token_line(68) + "\n");  // HEAD has a secret: it must not be scanned
  p.repo.commit_all("main");
  p.publish();
  const std::string tip = p.head();

  JsonRun run = p.pre_push("(delete) " + kZeros + " refs/heads/old " + tip + "\n");
  CHECK(run.exit_code == 0);
  CHECK(run.report["findings"].empty());
  CHECK(run.report["summary"]["commits"] == 0);
  CHECK(run.report["summary"]["files_scanned"] == 0);
  CHECK(run.report["summary"]["errors"].empty());
}

TEST_CASE("pre-push: a force push over remote commits we never fetched", "[e2e][pre-push][history]") {
  PushRepo p;
  p.repo.write("README.md", "# project\n");
  p.repo.commit_all("base");
  p.publish();
  // A teammate pushed a commit we never fetched; our refs/remotes/origin/main is still at base.
  const std::string teammate = p.repo.tmp().path() + "/teammate";
  p.repo.git({"clone", "-q", "-b", "main", p.remote, teammate}, p.repo.tmp().path());
  p.repo.git({"-c", "user.name=T", "-c", "user.email=t@keysweep.invalid", "commit", "-q", "--allow-empty", "-m", "theirs"},
             teammate);
  p.repo.git({"push", "-q", "origin", "main"}, teammate);
  const std::string theirs = p.repo.git({"rev-parse", "HEAD"}, teammate).substr(0, 40);
  REQUIRE(p.repo.try_git({"cat-file", "-e", theirs}).exit_code != 0);  // not here
  p.repo.write("app.env", token_line(69) + "\n");
  p.repo.commit_all("ours");
  const std::string ours = p.head();

  JsonRun run = p.pre_push(update("main", ours, theirs));
  CHECK(run.exit_code == 1);
  CHECK(where(run.report) == std::vector<std::string>{"app.env:1 github-pat-classic"});
  CHECK(run.report["summary"]["commits"] == 1);
  CHECK(run.report["summary"]["errors"].empty());
}

TEST_CASE("pre-push: the installed hook passes an edit around an old secret and refuses a new one",
          "[e2e][pre-push][history][hooks]") {
  PushRepo p;
  p.repo.write("config/app.env", "A=1\n" + token_line(70) + "\n");
  p.repo.commit_all("an old secret");
  p.publish();
  REQUIRE(p.repo.keysweep({"install-hook", "--hook", "pre-push"}).exit_code == 0);

  p.repo.write("config/app.env", token_line(70) + "\nA=2\n");  // moved and edited around
  p.repo.commit_all("tune A");
  CommandResult r = p.repo.try_git({"push", "-q", "origin", "main"});
  INFO(r.out_text << r.err_text);
  CHECK(r.exit_code == 0);
  CHECK(p.repo.git({"rev-parse", "main"}, p.remote) == p.repo.git({"rev-parse", "main"}));

  p.repo.write("config/app.env", token_line(70) + "\nA=2\n" + token_line(71) + "\n");
  p.repo.commit_all("a new secret");
  r = p.repo.try_git({"push", "-q", "origin", "main"});
  INFO(r.out_text << r.err_text);
  CHECK(r.exit_code != 0);
  // git passes the hook's report on; only the new secret's commit was scanned.
  const std::string said = r.out_text + r.err_text;
  CHECK(said.find("config/app.env\n  3:17  github-pat-classic") != std::string::npos);
  CHECK(said.find("1 finding in 1 file.\nScanned 1 commit, 1 blob (") != std::string::npos);
  CHECK(p.repo.git({"rev-parse", "main"}, p.remote) != p.repo.git({"rev-parse", "main"}));
}

}  // namespace keysweep
