// `keysweep history`: every distinct blob once, each finding at the commit that introduced the
// blob at that path. Built on real repositories made with the git CLI.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "tests/e2e/git_test_repo.h"

namespace keysweep {
namespace {

JsonRun history_json(const TestRepo& repo, std::vector<std::string> extra = {}, const std::string& cwd = "") {
  std::vector<std::string> args = {"history"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.insert(args.end(), {"--format", "json"});
  CommandResult r = repo.keysweep(args, cwd);
  INFO("exit " << r.exit_code << ", stderr: " << r.err_text << "\nstdout: " << r.out_text);
  REQUIRE(r.exit_code != kTimedOut);
  nlohmann::json j = nlohmann::json::parse(r.out_text, nullptr, /*allow_exceptions=*/false);
  REQUIRE_FALSE(j.is_discarded());
  return {r.exit_code, j, r.err_text};
}

std::string head(const TestRepo& repo, const std::string& rev = "HEAD") {
  return repo.git({"rev-parse", rev}).substr(0, 40);
}

// "path@commit12 rule" per finding, in report order.
std::vector<std::string> placed(const nlohmann::json& report) {
  std::vector<std::string> out;
  for (const nlohmann::json& f : report.at("findings")) {
    out.push_back(f.at("path").get<std::string>() + "@" + f.at("commit").get<std::string>().substr(0, 12) + " " +
                  f.at("rule_id").get<std::string>());
  }
  return out;
}

std::string at(const std::string& path, const std::string& commit, const std::string& rule = "github-pat-classic") {
  return path + "@" + commit.substr(0, 12) + " " + rule;
}

}  // namespace

TEST_CASE("history: a secret added then removed is found at the commit that added it", "[e2e][git][history]") {
  TestRepo repo;
  repo.write("README.md", "hello\n");
  repo.write("config/app.env", token_line(11) + "\n");
  repo.commit_all("root");
  const std::string root = head(repo);
  repo.write("config/app.env", "GITHUB_TOKEN=\n");
  repo.commit_all("remove the token");
  repo.write("README.md", "hello again\n");
  repo.commit_all("docs");

  JsonRun run = history_json(repo);
  CHECK(run.exit_code == 1);
  CHECK(placed(run.report) == std::vector<std::string>{at("config/app.env", root)});
  const nlohmann::json& f = run.report["findings"][0];
  CHECK(f["source"] == "history");
  CHECK(f["line"] == 1);
  CHECK(run.report["summary"]["errors"].empty());
  // Four distinct blobs in three commits: each read once.
  CHECK(run.report["summary"]["files_scanned"] == 4);
}

TEST_CASE("history: a rename is one finding, a copy is two", "[e2e][git][history]") {
  TestRepo repo;
  repo.write("a.env", token_line(21) + "\n");
  repo.commit_all("add");
  const std::string added = head(repo);
  SECTION("renamed") {
    repo.git({"mv", "a.env", "b.env"});
    repo.commit_all("rename");
    JsonRun run = history_json(repo);
    CHECK(run.exit_code == 1);
    CHECK(placed(run.report) == std::vector<std::string>{at("a.env", added)});
  }
  SECTION("copied, the old path keeping it") {
    repo.write("b.env", token_line(21) + "\n");
    repo.commit_all("copy");
    const std::string copied = head(repo);
    JsonRun run = history_json(repo);
    CHECK(run.exit_code == 1);
    CHECK(placed(run.report) == std::vector<std::string>{at("a.env", added), at("b.env", copied)});
    CHECK(run.report["summary"]["blobs"] == 1);
    // Blobs go out in batches (history_source.cc): the copy joined its blob before it went out.
    CHECK(run.report["summary"]["files_scanned"] == 1);
    for (const nlohmann::json& f : run.report["findings"]) CHECK(f["occurrences"] == 2);
    // With batches of one blob it went out first: scanned once more for the place it gained
    // after, with the same report.
    std::vector<std::string> argv = keysweep_argv({"history", "--format", "json"});
    argv.insert(argv.begin(), "KEYSWEEP_TEST_PACK_ORDER_BATCH=1");
    const CommandResult r = run_command(hermetic(repo.home(), argv), repo.root());
    nlohmann::json one = nlohmann::json::parse(r.out_text, nullptr, /*allow_exceptions=*/false);
    REQUIRE_FALSE(one.is_discarded());
    CHECK(one["summary"]["files_scanned"] == 2);
    one["summary"]["files_scanned"] = 1;
    one["summary"]["bytes_scanned"] = run.report["summary"]["bytes_scanned"];
    CHECK(one == run.report);
  }
  SECTION("the same blob at two paths of one commit") {
    TestRepo two;
    two.write("x/app.env", token_line(22) + "\n");
    two.write("y/app.env", token_line(22) + "\n");
    two.commit_all("twice");
    const std::string c = head(two);
    JsonRun run = history_json(two);
    CHECK(placed(run.report) == std::vector<std::string>{at("x/app.env", c), at("y/app.env", c)});
    CHECK(run.report["summary"]["files_scanned"] == 1);
  }
}

TEST_CASE("history: a secret written in a merge resolution belongs to the merge", "[e2e][git][history]") {
  TestRepo repo;
  repo.write("settings.env", "MODE=dev\n");
  repo.commit_all("root");
  repo.git({"checkout", "-q", "-b", "feature"});
  repo.write("settings.env", "MODE=feature\n");
  repo.commit_all("feature");
  repo.git({"checkout", "-q", "main"});
  repo.write("settings.env", "MODE=main\n");
  repo.commit_all("main");
  CHECK(repo.try_git({"merge", "-q", "feature"}).exit_code != 0);  // a conflict
  repo.write("settings.env", "MODE=merged\n" + token_line(31) + "\n");
  repo.commit_all("merge feature");
  const std::string merge = head(repo);
  REQUIRE(repo.git({"rev-list", "--parents", "-n", "1", "HEAD"}).size() > 3 * 40);

  JsonRun run = history_json(repo);
  CHECK(run.exit_code == 1);
  CHECK(placed(run.report) == std::vector<std::string>{at("settings.env", merge)});
  CHECK(run.report["findings"][0]["line"] == 2);
}

TEST_CASE("history: the same file added on two branches belongs to the older commit, whatever the refs' names",
          "[e2e][git][history]") {
  TestRepo repo;
  repo.write("README.md", "root\n");
  repo.git({"add", "-A"});
  repo.git({"commit", "-q", "--date", "2019-01-01T00:00:00Z", "-m", "root"});
  // Both branches add the same blob at the same path: one introduction is reported, the
  // first in the walk, which takes the oldest ready commit first. "aaa" sorts first by name
  // and is the newer, so a walk in ref order would pick it.
  repo.git({"checkout", "-q", "-b", "aaa-newer"});
  repo.write("deploy/app.env", token_line(33) + "\n");
  repo.git({"add", "-A"});
  repo.git({"commit", "-q", "--date", "2024-06-01T00:00:00Z", "-m", "newer"});
  const std::string newer = head(repo);
  repo.git({"checkout", "-q", "main"});
  repo.git({"checkout", "-q", "-b", "zzz-older"});
  repo.write("deploy/app.env", token_line(33) + "\n");
  repo.git({"add", "-A"});
  repo.git({"commit", "-q", "--date", "2020-06-01T00:00:00Z", "-m", "older"});
  const std::string older = head(repo);
  JsonRun all = history_json(repo, {"--all"});
  CHECK(placed(all.report) == std::vector<std::string>{at("deploy/app.env", older)});
  CHECK(all.report["findings"][0]["occurrences"] == 2);
  // Named the other way round on the command line, the answer is the same.
  CHECK(placed(history_json(repo, {"aaa-newer", "zzz-older"}).report) == placed(all.report));
  CHECK(placed(history_json(repo, {"zzz-older", "aaa-newer"}).report) == placed(all.report));
  CHECK(placed(history_json(repo, {"aaa-newer"}).report) == std::vector<std::string>{at("deploy/app.env", newer)});
}

TEST_CASE("history: a clean merge introduces nothing new", "[e2e][git][history]") {
  TestRepo repo;
  repo.write("README.md", "root\n");
  repo.commit_all("root");
  repo.git({"checkout", "-q", "-b", "feature"});
  repo.write("deploy/app.env", token_line(32) + "\n");
  repo.commit_all("feature adds a token");
  const std::string feature = head(repo);
  repo.git({"checkout", "-q", "main"});
  repo.write("README.md", "main\n");
  repo.commit_all("main");
  repo.git({"merge", "-q", "--no-edit", "feature"});
  JsonRun run = history_json(repo);
  CHECK(placed(run.report) == std::vector<std::string>{at("deploy/app.env", feature)});
}

TEST_CASE("history: other branches, tags and the stash only with --all", "[e2e][git][history]") {
  TestRepo repo;
  repo.write("README.md", "root\n");
  repo.commit_all("root");
  const std::string root = head(repo);
  repo.git({"checkout", "-q", "-b", "unmerged"});
  repo.write("branch.env", token_line(41) + "\n");
  repo.commit_all("on a branch");
  const std::string branch = head(repo);
  repo.git({"checkout", "-q", "--detach", root});
  repo.write("tagged.env", token_line(42) + "\n");
  repo.commit_all("only a tag reaches this");
  const std::string tagged = head(repo);
  repo.git({"tag", "-a", "-m", "release", "v1", tagged});
  repo.git({"checkout", "-q", "main"});
  repo.write("README.md", "work in progress\n" + token_line(43) + "\n");
  repo.git({"stash", "-q"});
  const std::string stash = head(repo, "refs/stash");

  JsonRun plain = history_json(repo);
  CHECK(plain.exit_code == 0);
  CHECK(plain.report["findings"].empty());

  JsonRun all = history_json(repo, {"--all"});
  CHECK(all.exit_code == 1);
  std::vector<std::string> got = placed(all.report);
  CHECK(got == std::vector<std::string>{at("README.md", stash), at("branch.env", branch), at("tagged.env", tagged)});

  // A revision names what to walk; ^X and A..B leave X's history out.
  CHECK(placed(history_json(repo, {"unmerged"}).report) == std::vector<std::string>{at("branch.env", branch)});
  CHECK(history_json(repo, {"main..unmerged"}).report["summary"]["files_scanned"] == 1);
  CHECK(placed(history_json(repo, {"v1", "^unmerged"}).report) == std::vector<std::string>{at("tagged.env", tagged)});
  CHECK(history_json(repo, {"--all", "--since-commit", "unmerged"}).report["findings"].size() == 2);
}

TEST_CASE("history: --since-commit scans only what a pull request adds", "[e2e][git][history]") {
  TestRepo repo;
  repo.write("old.env", token_line(51) + "\n");
  repo.commit_all("old secret");
  const std::string base = head(repo);
  repo.git({"mv", "old.env", "renamed.env"});
  repo.write("new.env", hex_key_line(52) + "\n");
  repo.commit_all("pull request");
  const std::string pr = head(repo);
  JsonRun run = history_json(repo, {"--since-commit", base});
  // The renamed old secret was introduced before the range; only the new one is reported.
  CHECK(placed(run.report) == std::vector<std::string>{at("new.env", pr, run.report["findings"].at(0).at("rule_id").get<std::string>())});
}

TEST_CASE("regression: --since-commit does not report again a secret the pull request only edits around",
          "[e2e][git][history][regression]") {
  TestRepo repo;
  repo.write("config/app.env", "A=1\n" + token_line(91) + "\nB=2\n");
  repo.write("settings.py", "DEBUG = False\n");
  repo.commit_all("base with an old secret");
  const std::string base = head(repo);
  repo.git({"checkout", "-q", "-b", "feature"});
  // The pull request edits the file beside the old secret (a new blob at the same path)...
  repo.write("config/app.env", "A=10\n" + token_line(91) + "\nB=2\n");
  repo.commit_all("tune A");
  // ...then, in a later commit, edits it again and adds a new secret to another file.
  repo.write("config/app.env", "A=10\n" + token_line(91) + "\nB=20\n");
  repo.write("settings.py", "DEBUG = False\n" + hex_key_line(92) + "\n");
  repo.commit_all("tune B, add a key");
  const std::string added = head(repo);
  // main moves on and the branch merges it; then the old file is copied to a new place.
  repo.git({"checkout", "-q", "main"});
  repo.write("README.md", "docs\n");
  repo.commit_all("docs on main");
  repo.git({"checkout", "-q", "feature"});
  repo.git({"merge", "-q", "--no-edit", "main"});
  repo.write("deploy/app.env", "A=10\n" + token_line(91) + "\nB=20\n");
  repo.commit_all("copy the config");
  const std::string copied = head(repo);

  JsonRun run = history_json(repo, {"--since-commit", base});
  CHECK(run.exit_code == 1);
  const std::string key_rule = run.report["findings"].size() == 2 ? run.report["findings"].at(1).at("rule_id").get<std::string>() : "";
  // Not config/app.env: its secret was there before the range. The copy is a new place.
  CHECK(placed(run.report) == std::vector<std::string>{at("deploy/app.env", copied), at("settings.py", added, key_rule)});
  // The versions before the range are read for context only: not counted, never reported.
  CHECK(run.report["summary"]["blobs"] == 4);
  // The same with a range, and in every shard of a sharded run.
  CHECK(placed(history_json(repo, {base + "..feature"}).report) == placed(run.report));
  std::vector<std::string> sharded;
  for (const char* shard : {"1/3", "2/3", "3/3"}) {
    for (const std::string& p : placed(history_json(repo, {"--since-commit", base, "--shard", shard}).report)) sharded.push_back(p);
  }
  std::sort(sharded.begin(), sharded.end());
  CHECK(sharded == placed(run.report));
  // Without a boundary the whole history is walked: the secret is reported where it entered.
  CHECK(placed(history_json(repo, {"feature"}).report) ==
        std::vector<std::string>{at("config/app.env", base), at("deploy/app.env", copied), at("settings.py", added, key_rule)});
}

TEST_CASE("history: the report does not depend on threads or on how the objects are packed", "[e2e][git][history]") {
  // Two packs and loose objects first (the pack reader reads the packs, libgit2 the loose
  // objects), then one deep-delta pack (the reader reads everything).
  TestRepo repo;
  for (int i = 0; i < 12; ++i) {
    repo.write("svc" + std::to_string(i % 4) + "/app.env",
               "N=" + std::to_string(i) + "\n" + token_line(60 + static_cast<uint64_t>(i)) + "\n");
    repo.write("svc" + std::to_string(i % 3) + "/key.py", hex_key_line(80 + static_cast<uint64_t>(i)) + "\n");
    repo.commit_all("change " + std::to_string(i));
    if (i == 5 || i == 9) repo.git({"repack", "-q", "-d"});
  }
  auto report = [&](const std::string& threads, const std::string& format = "sarif") {
    CommandResult r = repo.keysweep({"history", "--all", "--format", format, "--threads", threads});
    INFO(r.err_text);
    REQUIRE(r.exit_code == 1);
    return r.out_text;
  };
  const std::string one = report("1");
  CHECK(report("2") == one);
  CHECK(report("8") == one);
  CHECK(report("2", "json") == report("1", "json"));
  CHECK_THAT(report("2", "text"), Catch::Contains("through libgit2"));  // the loose objects
  repo.git({"gc", "-q", "--aggressive"});
  repo.git({"repack", "-q", "-a", "-d", "-f", "--depth=250", "--window=250"});
  CHECK(report("2") == one);
  CHECK(report("1") == one);
  CHECK_THAT(report("2", "text"), !Catch::Contains("through libgit2"));  // all in one pack now
}

TEST_CASE("history: a blob damaged in its pack is reported by id and path, and the rest is scanned",
          "[e2e][git][history]") {
  TestRepo repo;
  repo.write("a/app.env", token_line(301) + "\n");
  repo.commit_all("one");
  repo.write("b/app.env", token_line(302) + "\n");
  repo.commit_all("two");
  CommandResult clean = repo.keysweep({"history", "--format", "json"});
  REQUIRE(clean.exit_code == 1);
  const std::string blob = repo.git({"rev-parse", "HEAD:b/app.env"}).substr(0, 40);
  repo.git({"repack", "-q", "-a", "-d"});
  const std::string listed = repo.git({"rev-parse", "--git-path", "objects/pack"});
  std::string pack_dir = listed.substr(0, listed.find('\n'));
  if (pack_dir[0] != '/') pack_dir = repo.root() + "/" + pack_dir;
  std::string pack;
  for (const auto& e : std::filesystem::directory_iterator(pack_dir)) {
    if (e.path().extension() == ".pack") pack = e.path().string();
  }
  REQUIRE_FALSE(pack.empty());
  // The blob's entry offset ("<id> blob <size> <size in pack> <offset>"); its zlib data starts
  // after a 1-2 byte header, so 4 bytes in is inside the compressed data.
  const std::string listing = repo.git({"verify-pack", "-v", pack});
  uint64_t offset = 0;
  if (const size_t at = listing.find(blob + " blob "); at != std::string::npos) {
    std::istringstream fields(listing.substr(at, listing.find('\n', at) - at));
    std::string id, type;
    uint64_t size = 0, packed = 0;
    fields >> id >> type >> size >> packed >> offset;
  }
  REQUIRE(offset > 0);
  {
    std::fstream f(pack, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(offset + 4));
    f.write("\xff\xff\xff\xff", 4);
  }
  // The pack reader fails on the blob, so does libgit2 (it does not look for another copy):
  // the error names the blob, its path and both complaints; the other blob is scanned.
  CommandResult r = repo.keysweep({"history", "--format", "json"});
  INFO(r.out_text);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.out_text, Catch::Contains(blob) && Catch::Contains("b/app.env") && Catch::Contains("the pack reader"));
  CHECK_THAT(r.out_text, Catch::Contains("\"path\": \"a/app.env\""));
}

TEST_CASE("history: a SHA-256 repository is a one-line error, exit 2", "[e2e][git][history]") {
  TestRepo repo;
  repo.write("app.env", token_line(311) + "\n");
  const std::string dir = repo.tmp().path() + "/sha256";
  CommandResult init = repo.try_git({"init", "-q", "--object-format=sha256", dir});
  REQUIRE(init.exit_code == 0);  // git 2.29 and later
  CommandResult r = repo.keysweep({"history", "--repo", dir});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err_text, Catch::Contains("SHA-256"));
  CHECK(r.out_text.empty());
}

TEST_CASE("history: an empty repository has no history, not an error", "[e2e][git][history]") {
  TestRepo repo;
  JsonRun run = history_json(repo);
  CHECK(run.exit_code == 0);
  CHECK(run.report["findings"].empty());
}

TEST_CASE("history: a revision that does not exist is a one-line error", "[e2e][git][history]") {
  TestRepo repo;
  repo.write("a.txt", "a\n");
  repo.commit_all("root");
  check_one_line_error(repo.keysweep({"history", "no-such-branch"}));
  check_one_line_error(repo.keysweep({"history", "HEAD..no-such-branch"}));
}

TEST_CASE("history: shards partition the blobs; together they make the unsharded report", "[e2e][git][history]") {
  TestRepo repo;
  for (int i = 0; i < 10; ++i) {
    repo.write("s" + std::to_string(i) + ".env", token_line(300 + static_cast<uint64_t>(i)) + "\n");
    repo.commit_all("c" + std::to_string(i));
  }
  JsonRun whole = history_json(repo);
  REQUIRE(whole.report["findings"].size() == 10);
  std::multiset<std::string> joined;
  uint64_t scanned = 0;
  for (const std::string shard : {"1/3", "2/3", "3/3"}) {
    JsonRun part = history_json(repo, {"--shard", shard});
    CHECK(part.report["summary"]["commits"] == 10);
    scanned += part.report["summary"]["files_scanned"].get<uint64_t>();
    for (const std::string& w : placed(part.report)) joined.insert(w);
  }
  const std::vector<std::string> all = placed(whole.report);
  CHECK(joined == std::multiset<std::string>(all.begin(), all.end()));
  CHECK(scanned == whole.report["summary"]["files_scanned"].get<uint64_t>());
  for (const std::string bad : {"0/3", "4/3", "1/0", "x/2", "1-2", "1/", "/2", "99999999/99999999"}) {
    check_one_line_error(repo.keysweep({"history", "--shard", bad}));
  }
}

TEST_CASE("history: a secret kept through later edits of its file is one finding, where it entered", "[e2e][git][history]") {
  TestRepo repo;
  std::string text = token_line(401) + "\n";
  repo.write("config/app.env", text);
  repo.commit_all("add the token");
  const std::string entered = head(repo);
  for (int i = 0; i < 5; ++i) {
    text = "# edit " + std::to_string(i) + "\n" + text;  // the token moves down a line each time
    repo.write("config/app.env", text);
    repo.commit_all("edit " + std::to_string(i));
  }
  text += hex_key_line(402) + "\n";
  repo.write("config/app.env", text);
  repo.commit_all("a second secret");
  const std::string second = head(repo);
  JsonRun run = history_json(repo);
  CHECK(run.exit_code == 1);
  REQUIRE(run.report["findings"].size() == 2);
  std::set<std::string> got;
  for (const nlohmann::json& f : run.report["findings"]) {
    got.insert(f["commit"].get<std::string>().substr(0, 12) + ":" + std::to_string(f["line"].get<int>()));
  }
  CHECK(got == std::set<std::string>{entered.substr(0, 12) + ":1", second.substr(0, 12) + ":7"});
  CHECK(run.report["summary"]["files_scanned"] == 7);  // every version was read once
}

TEST_CASE("history: --since-commit does not report again a secret in a file the range moves and edits",
          "[e2e][git][history]") {
  TestRepo repo;
  repo.write("config/app.env", "A=1\n" + token_line(93) + "\nB=2\nC=3\n");
  repo.write("keep.env", "K=1\n");
  repo.commit_all("base with an old secret");
  const std::string base = head(repo);
  // git would pair these as renames (most lines are the same); the walk reads no blob to say
  // so, but a removed file of the same name, or in the same folder, counts as the origin.
  repo.git({"rm", "-q", "config/app.env"});
  repo.write("deploy/app.env", "A=10\n" + token_line(93) + "\nB=2\nC=3\n");
  repo.commit_all("move and tune");
  repo.git({"mv", "deploy/app.env", "deploy/prod.env"});
  repo.write("deploy/prod.env", "A=10\n" + token_line(93) + "\nB=2\nC=3\n" + hex_key_line(94) + "\n");
  repo.commit_all("rename and add a key");
  const std::string added = head(repo);

  JsonRun run = history_json(repo, {"--since-commit", base});
  CHECK(run.exit_code == 1);
  REQUIRE(run.report["findings"].size() == 1);
  CHECK(placed(run.report) ==
        std::vector<std::string>{at("deploy/prod.env", added, run.report["findings"][0]["rule_id"].get<std::string>())});
  CHECK(run.report["findings"][0]["line"] == 5);
}

}  // namespace keysweep
