// The suppression files read from the root of what is scanned (finding/suppress.h):
// .keysweepignore (paths and fingerprints), and the files teams bring from other scanners:
// .secretlintignore, .gitleaksignore, .secrets.baseline. Each hides what it names and nothing
// more, is counted under its own name, and --no-foreign-allows turns the peers' files off.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "scanner/base/hash.h"
#include "tests/e2e/git_test_repo.h"

namespace keysweep {
namespace {

nlohmann::json json_of(const CommandResult& r) {
  INFO("exit " << r.exit_code << ", stderr: " << r.err_text << "\nstdout: " << r.out_text);
  nlohmann::json j = nlohmann::json::parse(r.out_text, nullptr, /*allow_exceptions=*/false);
  REQUIRE_FALSE(j.is_discarded());
  return j;
}

}  // namespace

TEST_CASE("suppression files: .keysweepignore paths and fingerprints, in dir and history", "[e2e][suppression-files]") {
  TestRepo repo;
  repo.write("vendor/lib/conf.py", token_line(401) + "\n");
  repo.write("build/out.txt", token_line(402) + "\n");
  repo.write("build/keep.txt", token_line(403) + "\n");  // re-included below
  repo.write("app/main.py", token_line(404) + "\n" + token_line(405) + "\n");
  repo.commit_all("secrets");
  const nlohmann::json before = json_of(repo.keysweep({"dir", ".", "--format", "json"}));
  REQUIRE(before.at("findings").size() == 5);
  std::string fp_405;
  for (const auto& f : before.at("findings")) {
    if (f.at("path") == "app/main.py" && f.at("line") == 2) fp_405 = f.at("fingerprint");
  }
  REQUIRE(fp_405.size() == 32);

  repo.write(".keysweepignore", "# vendored code\nvendor/\nbuild/*\n!build/keep.txt\n\n" + fp_405 + "\n");
  const nlohmann::json dir = json_of(repo.keysweep({"dir", ".", "--format", "json"}));
  CHECK(where(dir) == std::vector<std::string>{"app/main.py:1 github-pat-classic", "build/keep.txt:1 github-pat-classic"});
  CHECK(dir.at("summary").at("suppressed").at("ignore_file") == 3);
  repo.commit_all("ignore file");
  const nlohmann::json history = json_of(repo.keysweep({"history", "--format", "json"}));
  CHECK(where(history) == where(dir));
  CHECK(history.at("summary").at("suppressed").at("ignore_file") == 3);
}

TEST_CASE("suppression files: other scanners' files are honoured, and can be turned off", "[e2e][suppression-files]") {
  TestRepo repo;
  const std::string t1 = fake_github_token(411), t2 = fake_github_token(412), t3 = fake_github_token(413);
  repo.write("a.py", "GITHUB_TOKEN = '" + t1 + "'\n");
  repo.write("b.py", "x = 1\nGITHUB_TOKEN = '" + t2 + "'\n");
  repo.write("gen/c.js", "const t = '" + t3 + "';\n");
  repo.write("d.py", token_line(414) + "\n");  // named by none: reported
  repo.commit_all("secrets");
  const std::string commit = repo.git({"rev-parse", "HEAD"}).substr(0, 40);
  // detect-secrets: by the secret's SHA-1 (a.py); gitleaks: by commit, path and line (b.py);
  // secretlint: by path (gen/).
  repo.write(".secrets.baseline", R"({"version": "1.5.0", "results": {"a.py": [{"type": "GitHub Token", "filename": "a.py", "hashed_secret": ")" +
                                      sha1_hex(t1) + R"(", "is_verified": false, "line_number": 9}]}})");
  repo.write(".gitleaksignore", "# accepted\n" + commit + ":b.py:github-pat:2\n");
  repo.write(".secretlintignore", "gen/\n");
  repo.commit_all("peer files");

  const nlohmann::json history = json_of(repo.keysweep({"history", "--format", "json"}));
  CHECK(where(history) == std::vector<std::string>{"d.py:1 github-pat-classic"});
  const nlohmann::json& s = history.at("summary").at("suppressed");
  CHECK(s.at("detect_secrets_baseline") == 1);
  CHECK(s.at("gitleaks_ignore") == 1);
  CHECK(s.at("secretlint_ignore") == 1);
  // A directory scan has no commit: the gitleaks entry names one, so b.py is reported there.
  const nlohmann::json dir = json_of(repo.keysweep({"dir", ".", "--format", "json"}));
  CHECK(where(dir) == std::vector<std::string>{"b.py:2 github-pat-classic", "d.py:1 github-pat-classic"});

  const nlohmann::json off = json_of(repo.keysweep({"history", "--no-foreign-allows", "--format", "json"}));
  CHECK(off.at("findings").size() == 4);

  // A broken peer file stops the scan (exit 2, named), rather than hiding nothing silently.
  repo.write(".secrets.baseline", "{\"results\": 7}");
  const CommandResult broken = repo.keysweep({"dir", "."});
  CHECK(broken.exit_code == 2);
  CHECK(broken.err_text.find(".secrets.baseline") != std::string::npos);
}

}  // namespace keysweep

namespace keysweep {

TEST_CASE("suppression files: .betterleaksignore and trufflehog's --exclude-paths", "[e2e][suppression-files]") {
  TestRepo repo;
  repo.write("a.py", "x = 1\n" + token_line(421) + "\n");
  repo.write("gen/b.min.js", token_line(422) + "\n");
  repo.write("c.py", token_line(423) + "\n");
  repo.write(".betterleaksignore", "a.py:generic-api-key:2\n");
  const std::string excl = repo.tmp().write("exclude.txt", "# trufflehog style\n\\.min\\.js$\n");
  const nlohmann::json j = json_of(repo.keysweep({"dir", ".", "--exclude-paths", excl, "--format", "json"}));
  CHECK(where(j) == std::vector<std::string>{"c.py:1 github-pat-classic"});
  CHECK(j.at("summary").at("suppressed").at("gitleaks_ignore") == 1);
  CHECK(j.at("summary").at("suppressed").at("trufflehog_exclude_paths") == 1);
  // A bad pattern names its line; exit 2.
  const std::string bad = repo.tmp().write("bad.txt", "ok/\n\nbroken(\n");
  const CommandResult r = repo.keysweep({"dir", ".", "--exclude-paths", bad});
  check_one_line_error(r);
  CHECK(r.err_text.find("line 3") != std::string::npos);
}

}  // namespace keysweep

namespace keysweep {

TEST_CASE("suppression files: baseline import turns a peer's accepted findings into baseline entries",
          "[e2e][suppression-files]") {
  TestRepo repo;
  const std::string t1 = fake_github_token(431), t2 = fake_github_token(432);
  repo.write("a.py", "GITHUB_TOKEN = '" + t1 + "'\n");
  repo.write("b.py", "x = 1\nGITHUB_TOKEN = '" + t2 + "'\n");
  repo.write("c.py", token_line(433) + "\n");
  repo.commit_all("secrets");
  const std::string gl = repo.tmp().write("old.gitleaksignore", "b.py:github-pat:2\n");
  const std::string ds = repo.tmp().write(
      "old.secrets.baseline", R"({"results": {"a.py": [{"type": "x", "hashed_secret": ")" + sha1_hex(t1) + R"(", "line_number": 1}]}})");
  const CommandResult one = repo.keysweep({"baseline", "import", gl});
  INFO(one.out_text + one.err_text);
  REQUIRE(one.exit_code == 0);
  CHECK(one.out_text.find("1 new entry, 1 in all") != std::string::npos);
  const CommandResult two = repo.keysweep({"baseline", "import", ds});
  INFO(two.out_text + two.err_text);
  REQUIRE(two.exit_code == 0);
  CHECK(two.out_text.find("1 new entry, 2 in all") != std::string::npos);
  // The peers' files can go: the baseline alone now hides what they accepted.
  const nlohmann::json j = json_of(repo.keysweep({"dir", ".", "--baseline", ".keysweep-baseline.json", "--format", "json"}));
  CHECK(where(j) == std::vector<std::string>{"c.py:1 github-pat-classic"});
  CHECK(j.at("summary").at("suppressed").at("baseline") == 2);
}

}  // namespace keysweep

namespace keysweep {

TEST_CASE("suppression counts: the same numbers in text, JSON and SARIF", "[e2e][suppression-files]") {
  TestRepo repo;
  repo.write("a.py", token_line(441) + "  # keysweep:allow\n");
  repo.write("vendor/b.py", token_line(442) + "\n");
  repo.write("c.py", token_line(443) + "\n");
  repo.write(".keysweepignore", "vendor/\n");
  const CommandResult text = repo.keysweep({"dir", ".", "--color", "never"});
  CHECK(text.out_text.find("Suppressed: 2 findings (inline marker 1, ignore file 1).") != std::string::npos);
  const nlohmann::json j = json_of(repo.keysweep({"dir", ".", "--format", "json"}));
  CHECK(j.at("summary").at("suppressed").at("inline_marker") == 1);
  CHECK(j.at("summary").at("suppressed").at("ignore_file") == 1);
  const nlohmann::json s = json_of(repo.keysweep({"dir", ".", "--format", "sarif"}));
  const nlohmann::json& props = s["runs"][0]["invocations"][0]["properties"]["suppressed"];
  CHECK(props.at("inline_marker") == 1);
  CHECK(props.at("ignore_file") == 1);
  CHECK(props.at("baseline") == 0);
  // Nothing suppressed: no property bag entry in SARIF, zeros in JSON, no line in text.
  const std::string clean = repo.tmp().write("clean/x.py", token_line(444) + "\n");
  (void)clean;
  const CommandResult plain = run_command(hermetic(repo.home(), keysweep_argv({"dir", repo.tmp().path() + "/clean"})));
  CHECK(plain.out_text.find("Suppressed:") == std::string::npos);
}

}  // namespace keysweep
