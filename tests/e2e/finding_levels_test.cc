// What checks learn about a secret reaches every report: checksum confidence, the AWS account,
// weak passwords and documentation hosts, each with its level (doc/output.md).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "scanner/check/token_checksum.h"
#include "tests/e2e/run_command.h"
#include "tests/support/fake_secrets.h"
#include "tests/support/temp_dir.h"

namespace keysweep {
namespace {

using Json = nlohmann::json;

const Json* finding_with(const Json& report, const std::string& path) {
  for (const Json& f : report["findings"]) {
    if (f["path"] == path) return &f;
  }
  return nullptr;
}

const Json* result_with(const Json& sarif, const std::string& uri) {
  for (const Json& r : sarif["runs"][0]["results"]) {
    if (r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri) return &r;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("checksums, AWS accounts, weak passwords and documentation hosts in every format", "[e2e][levels]") {
  TempDir dir;
  const std::string body = fake_chars(41, 30);
  const std::string valid = "ghp_" + body + base62_crc32(body);
  std::string invalid = valid;
  invalid[10] = invalid[10] == 'a' ? 'b' : 'a';
  REQUIRE(token_checksum(valid) == Checksum::kValid);
  REQUIRE(token_checksum(invalid) == Checksum::kInvalid);
  dir.write("valid.env", "GITHUB_TOKEN=" + valid + "\n");
  dir.write("invalid.env", "GITHUB_TOKEN=" + invalid + "\n");
  // The published example of the encoding (token_checksum.h).
  dir.write("aws.env", "AWS_ACCESS_KEY_ID=ASIAY34FZKBOKMUTVV7A\n");
  dir.write("remote.env", "MONGO_URL=mongodb://app:testpass@ds048537.mongolab.com:48537/main\n");
  dir.write("docs.md", "Connect with `postgres://admin:Kq8Zt2Wn5Lp3xR@db.example.com:5432/app`.\n");
  dir.write("quiet.md", "postgres://admin:home-pass@db.example.com/app and "
                        "postgresql://admin:dev_password_123@localhost:5432/app\n");

  CommandResult r = run_command({KEYSWEEP_BINARY, "dir", dir.path(), "--format", "json"});
  REQUIRE(r.exit_code == 1);
  const Json report = Json::parse(r.out_text);
  CHECK(finding_with(report, "quiet.md") == nullptr);

  const Json* f = finding_with(report, "valid.env");
  REQUIRE(f);
  CHECK((*f)["confidence"] == "checksum-valid");
  CHECK((*f)["severity"] == "high");
  f = finding_with(report, "invalid.env");
  REQUIRE(f);
  CHECK((*f)["confidence"] == "checksum-invalid");
  CHECK((*f)["severity"] == "low");
  CHECK((*f)["tags"] == Json::array({"checksum-invalid"}));
  f = finding_with(report, "aws.env");
  REQUIRE(f);
  CHECK((*f)["aws_account_id"] == "609629065308");
  CHECK((*f)["confidence"] == "");
  f = finding_with(report, "remote.env");
  REQUIRE(f);
  CHECK((*f)["severity"] == "medium");
  CHECK((*f)["tags"] == Json::array({"weak-password"}));
  f = finding_with(report, "docs.md");
  REQUIRE(f);
  CHECK((*f)["severity"] == "low");
  CHECK((*f)["tags"] == Json::array({"documentation-host"}));

  r = run_command({KEYSWEEP_BINARY, "dir", dir.path(), "--format", "sarif"});
  REQUIRE(r.exit_code == 1);
  const Json sarif = Json::parse(r.out_text);
  const Json* res = result_with(sarif, "valid.env");
  REQUIRE(res);
  CHECK((*res)["level"] == "error");
  CHECK((*res)["properties"]["confidence"] == "checksum-valid");
  res = result_with(sarif, "invalid.env");
  REQUIRE(res);
  CHECK((*res)["level"] == "note");
  res = result_with(sarif, "aws.env");
  REQUIRE(res);
  CHECK((*res)["properties"]["awsAccountId"] == "609629065308");
  res = result_with(sarif, "remote.env");
  REQUIRE(res);
  CHECK((*res)["level"] == "warning");
  res = result_with(sarif, "docs.md");
  REQUIRE(res);
  CHECK((*res)["level"] == "note");

  r = run_command({KEYSWEEP_BINARY, "dir", dir.path()});
  CHECK(r.out_text.find("confidence: checksum-valid") != std::string::npos);
  CHECK(r.out_text.find("account: 609629065308") != std::string::npos);
  CHECK(r.out_text.find("testpass") == std::string::npos);  // still redacted
}

}  // namespace keysweep
