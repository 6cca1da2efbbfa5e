// The per-file finding cap (--max-findings-per-file, default 100): a file dense with matches
// reports the first N per rule and counts the rest, in every format, whatever the thread count.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/e2e/run_command.h"
#include "tests/support/fake_secrets.h"
#include "tests/support/temp_dir.h"

namespace keysweep {
namespace {

// `lines` lines of `GITHUB_TOKEN=<fresh token>`.
std::string dense(size_t lines, uint64_t seed) {
  std::string text;
  for (size_t i = 0; i < lines; ++i) text += "GITHUB_TOKEN=" + fake_github_token(seed + i) + "\n";
  return text;
}

}  // namespace

TEST_CASE("regression: memory and time grew with the number of findings; a file reports at most N per rule (memory-grows-with-findings)",
          "[e2e][finding-cap]") {
  TempDir dir;
  dir.write("gen/a.env", dense(250, 1000));
  dir.write("gen/b.env", dense(30, 5000));
  for (int i = 0; i < 8; ++i) dir.write("gen/more" + std::to_string(i) + ".env", dense(120, 9000 + 1000 * i));

  CommandResult r = run_command({KEYSWEEP_BINARY, "dir", dir.path() + "/gen", "--format", "json", "-j", "1"});
  REQUIRE(r.exit_code == 1);
  nlohmann::json doc = nlohmann::json::parse(r.out_text);
  CHECK(doc["summary"]["max_findings_per_file"] == 100);
  // 100 of a.env, all 30 of b.env, 100 of each of the 8 others.
  CHECK(doc["findings"].size() == 100 + 30 + 8 * 100);
  CHECK(doc["summary"]["findings_not_reported"] == 150 + 8 * 20);
  REQUIRE(doc["summary"]["capped"].size() == 9);
  CHECK(doc["summary"]["capped"][0] == nlohmann::json::parse(
      R"({"path": "a.env", "commit": "", "rule_id": "github-pat-classic", "not_reported": 150})"));
  // The first 100 in file order are kept.
  uint32_t last_a = 0;
  for (const auto& f : doc["findings"]) {
    if (f["path"] == "a.env") last_a = std::max(last_a, f["line"].get<uint32_t>());
  }
  CHECK(last_a == 100);

  // Same report with more threads.
  CommandResult many = run_command({KEYSWEEP_BINARY, "dir", dir.path() + "/gen", "--format", "json", "-j", "4"});
  CHECK(many.out_text == r.out_text);

  // The text summary says what was left out; SARIF has a notification per file and rule.
  r = run_command({KEYSWEEP_BINARY, "dir", dir.path() + "/gen/a.env", "--max-findings-per-file", "7"});
  CHECK(r.out_text.find("7 findings in 1 file.\n") != std::string::npos);
  CHECK(r.out_text.find("Capped: 243 more findings not shown (at most 7 per rule per file; "
                        "--max-findings-per-file 0 shows all):\n") != std::string::npos);
  CHECK(r.out_text.find("a.env  github-pat-classic: 243 more\n") != std::string::npos);
  r = run_command({KEYSWEEP_BINARY, "dir", dir.path() + "/gen/a.env", "--format", "sarif"});
  doc = nlohmann::json::parse(r.out_text);
  CHECK(doc["runs"][0]["results"].size() == 100);
  const auto& n = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"];
  REQUIRE(n.size() == 1);
  CHECK(n[0]["level"] == "warning");

  // 0: no cap.
  r = run_command({KEYSWEEP_BINARY, "dir", dir.path() + "/gen/a.env", "--format", "json", "--max-findings-per-file", "0"});
  doc = nlohmann::json::parse(r.out_text);
  CHECK(doc["findings"].size() == 250);
  CHECK(doc["summary"]["capped"].empty());

  // Bad values are one-line errors.
  r = run_command({KEYSWEEP_BINARY, "dir", dir.path(), "--max-findings-per-file", "-3"});
  CHECK(r.exit_code == 2);
  r = run_command({KEYSWEEP_BINARY, "dir", dir.path(), "--max-findings-per-file", "lots"});
  CHECK(r.exit_code == 2);
}

}  // namespace keysweep
