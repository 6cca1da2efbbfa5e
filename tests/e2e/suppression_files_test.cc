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
