// --baseline end to end: a bad baseline stops the run with exit 2 and a one-line error that
// names the file and the bad finding; a good one hides exactly its findings.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/e2e/run_command.h"
#include "tests/support/fake_secrets.h"
#include "tests/support/temp_dir.h"

namespace keysweep {

TEST_CASE("regression: a baseline whose fingerprint is a number is refused with exit 2", "[e2e][baseline]") {
  TempDir dir;
  dir.write("tree/app/.env", "GITHUB_TOKEN=" + fake_github_token(41) + "\n");
  const std::string tree = dir.path() + "/tree";
  CommandResult report = run_command({KEYSWEEP_BINARY, "dir", tree, "--format", "json"});
  REQUIRE(report.exit_code == 1);
  nlohmann::json doc = nlohmann::json::parse(report.out_text);
  REQUIRE(doc["findings"].size() == 1);

  // The good baseline hides the finding.
  const std::string good = dir.write("good.json", doc.dump());
  CHECK(run_command({KEYSWEEP_BINARY, "dir", tree, "--baseline", good}).exit_code == 0);

  // A number where the fingerprint string belongs used to be skipped, so the finding came back
  // with no word about the baseline being wrong.
  doc["findings"][0]["fingerprint"] = 12345;
  const std::string bad = dir.write("bad.json", doc.dump());
  CommandResult r = run_command({KEYSWEEP_BINARY, "dir", tree, "--baseline", bad});
  CHECK(r.exit_code == 2);
  CHECK(r.out_text.empty());
  CHECK(r.err_text == "keysweep: error: baseline '" + bad + "': findings[0].fingerprint is a number, not a string\n");

  CommandResult sarif = run_command({KEYSWEEP_BINARY, "dir", tree, "--format", "sarif"});
  nlohmann::json log = nlohmann::json::parse(sarif.out_text);
  log["runs"][0]["results"][0]["partialFingerprints"]["keysweep/v1"] = 7;
  const std::string bad_sarif = dir.write("bad.sarif", log.dump());
  r = run_command({KEYSWEEP_BINARY, "dir", tree, "--baseline", bad_sarif});
  CHECK(r.exit_code == 2);
  CHECK(r.err_text == "keysweep: error: baseline '" + bad_sarif +
                          "': runs[0].results[0].partialFingerprints[\"keysweep/v1\"] is a number, not a string\n");
}

TEST_CASE("an empty baseline file is an error, an empty report is an empty baseline", "[e2e][baseline]") {
  TempDir dir;
  dir.write("tree/app/.env", "GITHUB_TOKEN=" + fake_github_token(42) + "\n");
  const std::string tree = dir.path() + "/tree";
  CommandResult r = run_command({KEYSWEEP_BINARY, "dir", tree, "--baseline", dir.write("empty.json", "")});
  CHECK(r.exit_code == 2);
  CHECK(r.err_text.find("is empty") != std::string::npos);
  r = run_command({KEYSWEEP_BINARY, "dir", tree, "--baseline",
                   dir.write("none.json", R"({"keysweep_json_version": 1, "findings": []})")});
  CHECK(r.exit_code == 1);  // nothing hidden
}

}  // namespace keysweep
