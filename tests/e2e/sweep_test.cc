// keysweep sweep end to end: a repository with planted secrets in every state (removed, still in
// HEAD, on an unmerged branch, pushed to a local bare remote or not, staged only, in the work
// tree only, the same secret in two files under two rules), and what the sweep says of each.
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "tests/e2e/git_test_repo.h"

namespace keysweep {
namespace {

nlohmann::json sweep_json(const TestRepo& repo, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"sweep", "--format", "json", "--no-progress"};
  args.insert(args.end(), extra.begin(), extra.end());
  CommandResult r = repo.keysweep(args);
  INFO("exit " << r.exit_code << ", stderr: " << r.err_text << "\nstdout: " << r.out_text);
  REQUIRE((r.exit_code == 0 || r.exit_code == 1));
  nlohmann::json j = nlohmann::json::parse(r.out_text, nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  return j;
}

// The entry whose first path is `path` (each planted secret has a path of its own).
const nlohmann::json* entry_at(const nlohmann::json& report, const std::string& path) {
  for (const auto& s : report["secrets"]) {
    for (const auto& p : s["paths"]) {
      if (p["path"] == path) return &s;
    }
  }
  return nullptr;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST_CASE("sweep: one entry per secret with its exposure, urgency order and a 0600 purge plan", "[e2e][sweep]") {
  TestRepo repo;
  repo.git({"init", "-q", "--bare", repo.tmp().path() + "/remote.git"});
  repo.git({"remote", "add", "origin", repo.tmp().path() + "/remote.git"});
  const std::string removed_key = fake_hex_key(101);
  const std::string head_key = fake_hex_key(102);
  const std::string branch_token = fake_github_token(103);
  const std::string local_key = fake_hex_key(104);
  const std::string staged_key = fake_hex_key(105);
  const std::string tree_key = fake_hex_key(106);
  const std::string shared_pw = "Vq7#pL2m!xR9@tK4wZ";

  // Pushed, then removed.
  repo.write("old.env", "SECRET_KEY=" + removed_key + "\n");
  repo.commit_all("old");
  // Pushed and still in HEAD; the same password in two files under two rules.
  repo.write("config/app.env", "SECRET_KEY=" + head_key + "\n");
  repo.write("config/db.env", "DATABASE_URL=postgresql://app:" + shared_pw + "@db.prod.acme-corp.io:5432/app\n");
  repo.write("deploy/settings.py", "DB_PASSWORD = \"" + shared_pw + "\"\n");
  repo.commit_all("config");
  repo.git({"rm", "-q", "old.env"});
  repo.commit_all("drop old");
  repo.git({"push", "-q", "origin", "main"});
  // An unmerged branch, never pushed.
  repo.git({"checkout", "-q", "-b", "feature"});
  repo.write("feature/gh.sh", "export GITHUB_TOKEN=" + branch_token + "\n");
  repo.commit_all("feature");
  repo.git({"checkout", "-q", "main"});
  // Committed on main after the push: local only, in HEAD.
  repo.write("local.env", "SIGNING_KEY=" + local_key + "\n");
  repo.commit_all("local");
  // Staged only, and in the work tree only (untracked).
  repo.write("staged.env", "SECRET_KEY=" + staged_key + "\n");
  repo.git({"add", "staged.env"});
  repo.write("untracked.env", "SECRET_KEY=" + tree_key + "\n");

  const std::string plan = repo.tmp().path() + "/purge.txt";
  CommandResult text = repo.keysweep({"sweep", "--no-progress", "--purge-plan", plan});
  INFO(text.err_text << text.out_text);
  CHECK(text.exit_code == 1);
  const nlohmann::json j = sweep_json(repo);
  INFO(j.dump(2));
  REQUIRE(j["secrets"].size() == 7);

  const nlohmann::json* removed = entry_at(j, "old.env");
  const nlohmann::json* head = entry_at(j, "config/app.env");
  const nlohmann::json* shared = entry_at(j, "config/db.env");
  const nlohmann::json* branch = entry_at(j, "feature/gh.sh");
  const nlohmann::json* local = entry_at(j, "local.env");
  const nlohmann::json* staged = entry_at(j, "staged.env");
  const nlohmann::json* tree = entry_at(j, "untracked.env");
  REQUIRE(removed);
  REQUIRE(head);
  REQUIRE(shared);
  REQUIRE(branch);
  REQUIRE(local);
  REQUIRE(staged);
  REQUIRE(tree);

  // The shared password: one entry, both paths, both rules.
  CHECK(shared == entry_at(j, "deploy/settings.py"));
  CHECK((*shared)["rules"].size() >= 2);
  CHECK((*shared)["kind"] == "database-password");
  CHECK((*shared)["exposure"]["pushed"] == true);
  CHECK((*shared)["exposure"]["in_head"] == true);

  CHECK((*removed)["exposure"]["pushed"] == true);
  CHECK((*removed)["exposure"]["in_head"] == false);
  CHECK((*removed)["urgency"] == 1);
  CHECK((*removed)["introduced"]["path"] == "old.env");
  CHECK((*removed)["exposure"]["exposed_until"].is_string());
  CHECK((*removed)["paths"][0]["removed_in"].is_string());
  CHECK((*removed)["paths"][0]["mainline_commits"] == 2);
  CHECK((*head)["exposure"]["exposed_until"].is_null());
  CHECK((*head)["paths"][0]["removed_in"].is_null());
  CHECK((*head)["urgency"] == 0);
  CHECK((*head)["exposure"]["remotes"] == nlohmann::json::array({"origin/main"}));

  CHECK((*branch)["exposure"]["pushed"] == false);
  CHECK((*branch)["exposure"]["branches"] == nlohmann::json::array({"feature"}));
  CHECK((*branch)["exposure"]["in_head"] == false);
  CHECK((*branch)["kind"] == "provider-token");
  CHECK((*branch)["urgency"] == 3);

  CHECK((*local)["exposure"]["pushed"] == false);
  CHECK((*local)["exposure"]["in_head"] == true);
  CHECK((*local)["exposure"]["branches"] == nlohmann::json::array({"main"}));
  CHECK((*local)["urgency"] == 2);

  CHECK((*staged)["introduced"].is_null());
  CHECK((*staged)["exposure"]["in_index"] == true);
  CHECK((*staged)["exposure"]["in_head"] == false);
  CHECK((*tree)["introduced"].is_null());
  CHECK((*tree)["exposure"]["in_worktree"] == true);
  CHECK((*tree)["exposure"]["in_index"] == false);

  // Urgency order: never increasing.
  int last = 0;
  for (const auto& s : j["secrets"]) {
    CHECK(s["urgency"].get<int>() >= last);
    last = s["urgency"].get<int>();
  }

  // No raw secret in any report; the purge plan holds each once, mode 0600.
  CommandResult md = repo.keysweep({"sweep", "--no-progress", "--format", "markdown"});
  for (const std::string& secret : {removed_key, head_key, branch_token, local_key, staged_key, tree_key, shared_pw}) {
    CHECK(text.out_text.find(secret) == std::string::npos);
    CHECK(text.err_text.find(secret) == std::string::npos);
    CHECK(j.dump().find(secret) == std::string::npos);
    CHECK(md.out_text.find(secret) == std::string::npos);
  }
  struct stat st {};
  REQUIRE(::stat(plan.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  const std::string expressions = read_all(plan);
  for (const std::string& secret : {removed_key, head_key, branch_token, local_key, staged_key, tree_key, shared_pw}) {
    CHECK(expressions.find("literal:" + secret + "==>***REMOVED***\n") != std::string::npos);
  }
  CHECK(count_lines(expressions) == 7);

  // SARIF: one result per secret, valid against the OASIS schema and GitHub's rules (exit 77:
  // the schema or python3-jsonschema is missing), every path a location.
  const std::string sarif = repo.tmp().path() + "/sweep.sarif";
  CommandResult wrote_sarif = repo.keysweep({"sweep", "--no-progress", "--format", "sarif", "-o", sarif});
  CHECK(wrote_sarif.exit_code == 1);
  CommandResult valid = run_command(
      {"python3", std::string(KEYSWEEP_SOURCE_DIR) + "/tests/sarif_schema_check.py", "--log", sarif, KEYSWEEP_SOURCE_DIR});
  INFO(valid.out_text << valid.err_text);
  CHECK((valid.exit_code == 0 || valid.exit_code == 77));
  const nlohmann::json log = nlohmann::json::parse(read_all(sarif));
  REQUIRE(log["runs"][0]["results"].size() == 7);
  size_t locations = 0;
  for (const auto& r : log["runs"][0]["results"]) locations += r["locations"].size();
  CHECK(locations == 8);  // the shared password at two paths
  for (const std::string& secret : {removed_key, head_key, branch_token, local_key, staged_key, tree_key, shared_pw}) {
    CHECK(read_all(sarif).find(secret) == std::string::npos);
  }

  // --show-secrets shows them.
  CommandResult shown = repo.keysweep({"sweep", "--no-progress", "--format", "json", "--show-secrets"});
  CHECK(shown.out_text.find(shared_pw) != std::string::npos);

  // Deterministic: the same bytes at 1 and 4 threads.
  CommandResult one = repo.keysweep({"sweep", "--no-progress", "--format", "json", "-j", "1"});
  CommandResult four = repo.keysweep({"sweep", "--no-progress", "--format", "json", "-j", "4"});
  CHECK(one.out_text == four.out_text);

  // The sweep writes nothing into the repository.
  CHECK(repo.git({"status", "--porcelain", "--ignored"}) == "A  staged.env\n?? untracked.env\n");
}

TEST_CASE("sweep --unreachable: reflog-only and dangling commits, loose blobs; the purge plan applied with git filter-repo",
          "[e2e][sweep]") {
  TestRepo repo;
  const std::string kept_key = fake_hex_key(201);
  const std::string reset_key = fake_hex_key(202);
  const std::string blob_key = fake_hex_key(203);
  const std::string pem = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + fake_chars(204, 70) + "\n" + fake_chars(205, 70) +
                          "\n-----END OPENSSH PRIVATE KEY-----\n";
  repo.write("app.env", "SECRET_KEY=" + kept_key + "\n");
  repo.write("deploy/id_ed25519", pem);
  repo.commit_all("one");
  // Committed, then reset away: only HEAD's reflog holds it.
  repo.write("reset.env", "SECRET_KEY=" + reset_key + "\n");
  repo.commit_all("two");
  repo.git({"reset", "-q", "--hard", "HEAD~1"});
  // A commit no ref and no reflog has ever pointed at (git commit-tree): dangling.
  const std::string dangling_key = fake_hex_key(206);
  repo.write("dangling.env", "SECRET_KEY=" + dangling_key + "\n");
  repo.git({"add", "dangling.env"});
  std::string tree = repo.git({"write-tree"});
  tree.pop_back();
  repo.git({"commit-tree", tree, "-p", "HEAD", "-m", "dangling"});
  repo.git({"rm", "-q", "--cached", "dangling.env"});
  std::remove((repo.root() + "/dangling.env").c_str());
  // Written to the object database, never committed.
  repo.write("loose.txt", "SECRET_KEY=" + blob_key + "\n");
  repo.git({"hash-object", "-w", "loose.txt"});
  std::remove((repo.root() + "/loose.txt").c_str());

  // Without --unreachable only what the refs reach.
  const nlohmann::json plain = sweep_json(repo);
  CHECK(plain["secrets"].size() == 2);
  const nlohmann::json j = sweep_json(repo, {"--unreachable"});
  INFO(j.dump(2));
  REQUIRE(j["secrets"].size() == 5);
  const nlohmann::json* dangling = entry_at(j, "dangling.env");
  REQUIRE(dangling);
  CHECK((*dangling)["exposure"]["reflogs"].empty());
  CHECK((*dangling)["exposure"]["branches"].empty());
  CHECK((*dangling)["introduced"]["path"] == "dangling.env");
  CHECK((*dangling)["exposure"]["summary"].get<std::string>().find("dangling") != std::string::npos);
  const nlohmann::json* reset = entry_at(j, "reset.env");
  REQUIRE(reset);
  CHECK((*reset)["exposure"]["branches"].empty());
  CHECK((*reset)["exposure"]["reflogs"].size() == 1);
  CHECK((*reset)["urgency"] == 3);
  bool loose = false;
  for (const auto& s : j["secrets"]) {
    if (s["exposure"]["unreachable_blob"] == true) {
      loose = true;
      CHECK(s["paths"][0]["path"].get<std::string>().rfind("<unreachable>/", 0) == 0);
    }
    // A reflog is named only where no ref reaches the secret.
    if (!s["exposure"]["branches"].empty()) CHECK(s["exposure"]["reflogs"].empty());
  }
  CHECK(loose);

  // The plan: a private key (several lines) as an escaped regex, the rest as literals.
  const std::string plan = repo.tmp().path() + "/purge.txt";
  CommandResult wrote = repo.keysweep({"sweep", "--no-progress", "--unreachable", "--purge-plan", plan});
  CHECK(wrote.exit_code == 1);
  const std::string expressions = read_all(plan);
  CHECK(expressions.find("literal:" + kept_key + "==>***REMOVED***\n") != std::string::npos);
  CHECK(expressions.find("regex:") != std::string::npos);
  CHECK(expressions.find(pem) == std::string::npos);

  // The Markdown report renders: python3-markdown with tables gives a table and the checklist.
  CommandResult md = repo.keysweep({"sweep", "--no-progress", "--unreachable", "--format", "markdown"});
  const std::string md_path = repo.tmp().write("sweep.md", md.out_text);
  // Debian's interpreter, which python3-markdown is installed for (a PATH python3 may be another).
  CommandResult html = run_command(
      {"/usr/bin/python3", "-c",
       "import markdown,sys; h=markdown.markdown(open(sys.argv[1]).read(), extensions=['tables']); "
       "assert h.count('<tr>') == 6, h; assert '<h2>Plan</h2>' in h; assert '[ ]' in h; print(len(h))",
       md_path},
      repo.tmp().path());
  INFO(html.err_text);
  CHECK(html.exit_code == 0);

  // Apply it to a fresh clone with git filter-repo, expire the reflogs, collect garbage: the
  // sweep of the rewritten repository, unreachable objects included, finds nothing.
  const std::string clone = repo.tmp().path() + "/clone";
  repo.git({"clone", "-q", "--no-local", repo.root(), clone}, repo.tmp().path());
  CommandResult filtered = repo.try_git({"filter-repo", "--replace-text", plan}, clone);
  INFO(filtered.err_text);
  REQUIRE(filtered.exit_code == 0);
  repo.git({"reflog", "expire", "--expire=now", "--all"}, clone);
  repo.git({"gc", "-q", "--prune=now"}, clone);
  CommandResult after = run_command(
      hermetic(repo.home(), keysweep_argv({"sweep", "--no-progress", "--unreachable", "--format", "json"})), clone);
  INFO(after.err_text << after.out_text);
  CHECK(after.exit_code == 0);
  const nlohmann::json a = nlohmann::json::parse(after.out_text, nullptr, false);
  REQUIRE_FALSE(a.is_discarded());
  CHECK(a["secrets"].empty());
  CHECK(read_all(clone + "/app.env") == "SECRET_KEY=***REMOVED***\n");
}

TEST_CASE("sweep: a clean repository exits 0; a path outside a repository exits 2", "[e2e][sweep]") {
  TestRepo repo;
  repo.write("README.md", "nothing to see\n");
  repo.commit_all("init");
  CommandResult clean = repo.keysweep({"sweep", "--no-progress"});
  INFO(clean.err_text << clean.out_text);
  CHECK(clean.exit_code == 0);
  CHECK(clean.out_text.find("0 unique secrets") != std::string::npos);
  // A secret only in the work tree: nothing to purge, and the report says so.
  repo.write("local.env", "SECRET_KEY=" + fake_hex_key(301) + "\n");
  CommandResult local = repo.keysweep({"sweep", "--no-progress"});
  CHECK(local.exit_code == 1);
  CHECK(local.out_text.find("no history to purge") != std::string::npos);
  CHECK(local.out_text.find("git filter-repo") == std::string::npos);
  TempDir plain;
  CommandResult outside = repo.keysweep({"sweep", "--no-progress", plain.path()});
  CHECK(outside.exit_code == 2);
  CHECK(outside.err_text.find("not a git repository") != std::string::npos);
}

}  // namespace
}  // namespace keysweep
