// The .keysweep-baseline.json workflow on real repositories (app/baseline_command.h,
// finding/suppress.h): create, scan with it (explicitly and read automatically), a moved line
// stays suppressed and a new secret on the same line does not, prune, show, stale entries,
// suppression counts in JSON and SARIF, fingerprints salted per repository, and bad baselines.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <sys/stat.h>

#include <cstdio>

#include "scanner/base/hash.h"
#include "scanner/finding/fingerprint.h"
#include "tests/e2e/git_test_repo.h"

namespace keysweep {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

nlohmann::json json_of(const CommandResult& r) {
  INFO("exit " << r.exit_code << ", stderr: " << r.err_text << "\nstdout: " << r.out_text);
  nlohmann::json j = nlohmann::json::parse(r.out_text, nullptr, /*allow_exceptions=*/false);
  REQUIRE_FALSE(j.is_discarded());
  return j;
}

std::set<std::string> fingerprints(const nlohmann::json& report) {
  std::set<std::string> out;
  for (const auto& f : report.at("findings")) out.insert(f.at("fingerprint").get<std::string>());
  return out;
}

}  // namespace

TEST_CASE("baseline: create, then only new secrets are reported, in every scan", "[e2e][baseline-file]") {
  TestRepo repo;
  const std::string token = fake_github_token(301);
  const std::string key = fake_hex_key(302);
  repo.write("app/settings.py", "GITHUB_TOKEN = '" + token + "'\nSECRET_KEY = \"" + key + "\"\n");
  repo.write("deploy/.env", "SECRET_KEY=" + key + "\n");  // the same secret in a second file
  repo.commit_all("old secrets");

  const CommandResult created = repo.keysweep({"baseline", "create"});
  INFO(created.out_text + created.err_text);
  REQUIRE(created.exit_code == 0);
  CHECK(created.out_text.find("2 entries") != std::string::npos);  // one per secret, not per finding
  CHECK(created.out_text.find("merge=union") != std::string::npos);  // the .gitattributes advice
  const std::string file = read_file(repo.root() + "/.keysweep-baseline.json");
  CHECK(file.find(token) == std::string::npos);
  CHECK(file.find(key) == std::string::npos);
  // No unsalted hash of the secret either.
  CHECK(file.find(content_fingerprint("github-pat-classic", token)) == std::string::npos);
  CHECK(file.find(sha256_hex(token).substr(0, 32)) == std::string::npos);

  // Regenerating on an unchanged repository gives the same bytes (the salt is kept).
  REQUIRE(repo.keysweep({"baseline", "create"}).exit_code == 0);
  CHECK(read_file(repo.root() + "/.keysweep-baseline.json") == file);
  repo.git({"add", ".keysweep-baseline.json"});
  repo.git({"commit", "-q", "-m", "baseline"});

  // history and dir read it (history automatically, dir with --baseline): nothing reported.
  const nlohmann::json history = json_of(repo.keysweep({"history", "--format", "json"}));
  CHECK(history.at("findings").empty());
  CHECK(history.at("summary").at("suppressed").at("baseline") == 3);
  CHECK(history.at("summary").at("baseline_entries") == 2);
  CHECK(history.at("summary").at("baseline_stale") == 0);
  const nlohmann::json dir = json_of(repo.keysweep({"dir", ".", "--baseline", ".keysweep-baseline.json", "--format", "json"}));
  CHECK(dir.at("findings").empty());
  // --no-baseline: the audit sees everything again.
  const nlohmann::json all = json_of(repo.keysweep({"history", "--no-baseline", "--format", "json"}));
  CHECK(all.at("findings").size() == 3);
  CHECK(all.at("summary").at("suppressed").at("baseline") == 0);

  // A moved line stays suppressed; a different secret on the same kind of line is reported.
  const std::string other = fake_github_token(303);
  repo.write("app/settings.py", "# moved down\n\nSECRET_KEY = \"" + key + "\"\nGITHUB_TOKEN = '" + token +
                                    "'\nOTHER_TOKEN = '" + other + "'\n");
  repo.git({"add", "app/settings.py"});
  const JsonRun staged = staged_json(repo);
  CHECK(staged.exit_code == 1);
  CHECK(where(staged.report) == std::vector<std::string>{"app/settings.py:5 github-pat-classic"});
  CHECK(staged.report.at("summary").at("baseline_stale").is_null());  // a change, not the whole tree
}

TEST_CASE("baseline: fingerprints are salted per repository and stable from run to run", "[e2e][baseline-file]") {
  TestRepo a, b;
  const std::string token = fake_github_token(311);
  for (TestRepo* r : {&a, &b}) {
    r->write("a.py", "GITHUB_TOKEN = '" + token + "'\n");
    r->write(r == &a ? "one.txt" : "two.txt", "different root commits\n");
    r->commit_all("root");
  }
  const std::set<std::string> fa = fingerprints(json_of(a.keysweep({"dir", ".", "--format", "json"})));
  const std::set<std::string> fa2 = fingerprints(json_of(a.keysweep({"history", "--format", "json"})));
  const std::set<std::string> fb = fingerprints(json_of(b.keysweep({"dir", ".", "--format", "json"})));
  REQUIRE(fa.size() == 1);
  CHECK(fa == fa2);  // one salt per repository, whatever the scan
  CHECK(fa != fb);   // another repository, another salt
  CHECK(*fa.begin() != content_fingerprint("github-pat-classic", token));

  // SARIF carries the same fingerprint, and a SARIF report works as --baseline.
  const CommandResult sarif = a.keysweep({"dir", ".", "--format", "sarif", "-o", a.tmp().path() + "/r.sarif"});
  REQUIRE(sarif.exit_code == 1);
  const nlohmann::json log = nlohmann::json::parse(read_file(a.tmp().path() + "/r.sarif"));
  CHECK(log["runs"][0]["results"][0]["partialFingerprints"]["keysweep/v1"] == *fa.begin());
  const nlohmann::json again = json_of(a.keysweep({"dir", ".", "--baseline", a.tmp().path() + "/r.sarif", "--format", "json"}));
  CHECK(again.at("findings").empty());
  CHECK(again.at("summary").at("suppressed").at("fingerprint") == 1);
  // An old-style (unsalted) fingerprint in a config allowlist still works.
  a.tmp().write("old.toml", "[allowlist]\nfingerprints = [\"" + content_fingerprint("github-pat-classic", token) + "\"]\n");
  const nlohmann::json old = json_of(a.keysweep({"dir", ".", "--config", a.tmp().path() + "/old.toml", "--format", "json"}));
  CHECK(old.at("findings").empty());
}

TEST_CASE("baseline: prune drops what matches nothing, show lists entries, stale entries are counted",
          "[e2e][baseline-file]") {
  TestRepo repo;
  const std::string keep = fake_github_token(321);
  const std::string gone = fake_github_token(322);
  repo.write("a.py", "GITHUB_TOKEN = '" + keep + "'\n");
  repo.write("b.py", "GITHUB_TOKEN = '" + gone + "'\n");
  REQUIRE(repo.keysweep({"baseline", "create", "--gitattributes"}).exit_code == 0);
  CHECK(read_file(repo.root() + "/.gitattributes") == "/.keysweep-baseline.json merge=union\n");
  // Asked again, the line is not added twice.
  REQUIRE(repo.keysweep({"baseline", "create", "--gitattributes"}).exit_code == 0);
  CHECK(read_file(repo.root() + "/.gitattributes") == "/.keysweep-baseline.json merge=union\n");

  repo.write("b.py", "# fixed\n");
  const nlohmann::json scan = json_of(repo.keysweep({"dir", ".", "--baseline", ".keysweep-baseline.json", "--format", "json"}));
  CHECK(scan.at("findings").empty());
  CHECK(scan.at("summary").at("baseline_stale") == 1);
  const CommandResult text = repo.keysweep({"dir", ".", "--baseline", ".keysweep-baseline.json"});
  CHECK(text.out_text.find("Baseline: 2 entries, 1 of them matched nothing") != std::string::npos);

  const CommandResult pruned = repo.keysweep({"baseline", "prune"});
  INFO(pruned.out_text + pruned.err_text);
  REQUIRE(pruned.exit_code == 0);
  CHECK(pruned.out_text.find("dropped 1 of 2 entries") != std::string::npos);
  const CommandResult shown = repo.keysweep({"baseline", "show"});
  REQUIRE(shown.exit_code == 0);
  CHECK(shown.out_text.find("1 entry") != std::string::npos);
  CHECK(shown.out_text.find("github-pat-classic  a.py") != std::string::npos);
  CHECK(shown.out_text.find(keep) == std::string::npos);
  // Still suppresses what it kept.
  CHECK(json_of(repo.keysweep({"dir", ".", "--baseline", ".keysweep-baseline.json", "--format", "json"}))
            .at("findings")
            .empty());
}

TEST_CASE("baseline: bad files are refused with exit 2 and left as they are", "[e2e][baseline-file]") {
  TestRepo repo;
  repo.write("a.py", token_line(331) + "\n");
  repo.commit_all("one");
  // Something that is not a baseline where create would write: not replaced.
  repo.write(".keysweep-baseline.json", "my notes\n");
  const CommandResult r = repo.keysweep({"baseline", "create"});
  check_one_line_error(r);
  CHECK(read_file(repo.root() + "/.keysweep-baseline.json") == "my notes\n");
  // A broken baseline read automatically by history: exit 2, named.
  const CommandResult h = repo.keysweep({"history"});
  CHECK(h.exit_code == 2);
  CHECK(h.err_text.find(".keysweep-baseline.json") != std::string::npos);
  // A FIFO is never opened blocking.
  repo.git({"rm", "-q", "--cached", "--ignore-unmatch", ".keysweep-baseline.json"});
  REQUIRE(std::remove((repo.root() + "/.keysweep-baseline.json").c_str()) == 0);
  REQUIRE(mkfifo((repo.root() + "/.keysweep-baseline.json").c_str(), 0600) == 0);
  const CommandResult fifo = repo.keysweep({"history"});
  CHECK(fifo.exit_code == 2);
  CHECK(fifo.err_text.find("not a regular file") != std::string::npos);
}

}  // namespace keysweep

namespace keysweep {

TEST_CASE("baseline: --include-suppressed writes suppressed results with suppressions, valid SARIF",
          "[e2e][baseline-file]") {
  TestRepo repo;
  repo.write("a.py", token_line(341) + "\n");
  repo.write("b.py", token_line(342) + "  # keysweep:allow\n");
  repo.commit_all("one");
  REQUIRE(repo.keysweep({"baseline", "create", "--from", "history"}).exit_code == 0);
  repo.write("c.py", token_line(343) + "\n");  // new: reported
  repo.commit_all("two");
  const std::string out = repo.tmp().path() + "/r.sarif";
  const CommandResult r = repo.keysweep({"history", "--format", "sarif", "--include-suppressed", "-o", out});
  INFO(r.out_text + r.err_text);
  CHECK(r.exit_code == 1);  // only c.py counts for the exit status
  const std::string text = read_file(out);
  const nlohmann::json log = nlohmann::json::parse(text);
  const nlohmann::json& results = log["runs"][0]["results"];
  REQUIRE(results.size() == 3);  // c.py reported; a.py held back by the baseline, b.py by its marker
  const CommandResult with_marker = repo.keysweep({"history", "--no-baseline", "--format", "sarif", "--include-suppressed"});
  const nlohmann::json all = nlohmann::json::parse(with_marker.out_text);
  std::map<std::string, std::string> kind;
  for (const auto& res : all["runs"][0]["results"]) {
    const std::string path = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    kind[path] = res.contains("suppressions") ? res["suppressions"][0]["kind"].get<std::string>() : "";
  }
  CHECK(kind == std::map<std::string, std::string>{{"a.py", ""}, {"b.py", "inSource"}, {"c.py", ""}});
  std::map<std::string, std::string> with_baseline;
  for (const auto& res : results) {
    const std::string path = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    with_baseline[path] = res.contains("suppressions") ? res["suppressions"][0]["kind"].get<std::string>() : "";
  }
  CHECK(with_baseline == std::map<std::string, std::string>{{"a.py", "external"}, {"b.py", "inSource"}, {"c.py", ""}});
  CHECK(text.find("keysweep: baseline") != std::string::npos);  // the justification names the mechanism
  // Valid against the OASIS schema (exit 77: the schema or python3-jsonschema is missing).
  const CommandResult check = run_command(
      {"python3", std::string(KEYSWEEP_SOURCE_DIR) + "/tests/sarif_schema_check.py", "--log", out, KEYSWEEP_SOURCE_DIR});
  INFO(check.out_text + check.err_text);
  CHECK((check.exit_code == 0 || check.exit_code == 77));
  // Only SARIF has a place for them.
  check_one_line_error(repo.keysweep({"history", "--format", "json", "--include-suppressed"}));
}

}  // namespace keysweep

namespace keysweep {

TEST_CASE("baseline: create --from staged adds to the entries already there", "[e2e][baseline-file]") {
  TestRepo repo;
  repo.write("a.py", token_line(351) + "\n");
  repo.commit_all("one");
  REQUIRE(repo.keysweep({"baseline", "create", "--from", "history"}).exit_code == 0);
  repo.write("b.py", token_line(352) + "\n");
  repo.git({"add", "b.py"});
  REQUIRE(repo.keysweep({"baseline", "create", "--from", "staged"}).exit_code == 0);
  const CommandResult shown = repo.keysweep({"baseline", "show"});
  CHECK(shown.out_text.find("2 entries") != std::string::npos);
  repo.git({"commit", "-q", "-m", "two"});
  CHECK(json_of(repo.keysweep({"history", "--format", "json"})).at("findings").empty());
}

}  // namespace keysweep
