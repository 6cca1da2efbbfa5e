// The decoding stage end to end (match/decoded_scan.h): secrets inside base64 values of a
// Kubernetes Secret, a docker config.json "auth", and JSON-escaped code in a notebook and a log
// are found with the full rule set, placed at the encoded text in the original file, tagged, and
// never printed, raw or encoded, without --show-secrets.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "tests/e2e/run_measured.h"
#include "tests/support/fake_secrets.h"
#include "tests/support/temp_dir.h"
#include "tests/support/base64_encode.h"

namespace keysweep {
namespace {


// Random values (python3 secrets); the hosts are invented.
const std::string kDbPassword = "cRqGSJhPYnxWBEE3jbX3";
const std::string kUri = "postgresql://billing_svc:" + kDbPassword + "@db.quarry-ledger.internal:5432/billing";
const std::string kToken = "blEpvyTX0i2nqdL1kN89F0v4SzkDOiohM8uHDgGs";
const std::string kDockerAuth = b64("deploy-bot:Bq13cgW53YIQE0CXQp6H5S");
const std::string kAwsSecret = "YRlABCLTf3Aqu6RgI43O5n/nicN6lLJ81UjDCLPH";
const std::string kLogPassword = "goTBMccmrbRGski4oU7v";
const std::string kGithubToken = fake_github_token(909);

struct Tree {
  TempDir dir;
  std::string yaml_line_url;    // the lines as written, to work out columns
  std::string yaml_line_token;
};

void write_tree(Tree* t) {
  t->yaml_line_url = "  DATABASE_URL: " + b64(kUri);
  t->yaml_line_token = "  API_TOKEN: " + b64(kToken);
  t->dir.write("deploy/billing-secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: billing-db\n"
                                             "  namespace: payments\ntype: Opaque\ndata:\n" +
                                                 t->yaml_line_url + "\n" + t->yaml_line_token + "\n");
  t->dir.write("home/ci/.docker/config.json", "{\n  \"auths\": {\n    \"registry.quarry-ledger.internal:5000\": {\n"
                                              "      \"auth\": \"" + kDockerAuth + "\"\n    }\n  }\n}\n");
  t->dir.write("notebooks/explore.ipynb",
               "{\n \"cells\": [\n  {\n   \"cell_type\": \"code\",\n   \"metadata\": {},\n   \"source\": [\n"
               "    \"import boto3\\n\",\n"
               "    \"aws_secret_access_key = \\\"" + kAwsSecret + "\\\"\\n\",\n"
               "    \"s3 = boto3.client('s3')\"\n   ]\n  }\n ],\n \"nbformat\": 4\n}\n");
  t->dir.write("logs/api.log", "2026-12-01T10:00:00Z INFO {\"event\":\"config\",\"body\":\"{\\\"db\\\": "
                               "{\\\"password\\\": \\\"" + kLogPassword + "\\\"}}\"}\n"
                               "2026-12-01T10:00:01Z INFO {\"msg\":\"{\\\"env\\\": \\\"GITHUB_TOKEN=" +
                                   kGithubToken + "\\\"}\"}\n");
}

MeasuredRun scan(const std::string& path, const std::string& format, bool show) {
  std::vector<std::string> argv{KEYSWEEP_BINARY, "dir", path, "--format", format};
  if (show) argv.push_back("--show-secrets");
  MeasuredOptions opts;
  opts.deadline_seconds = 60;
  MeasuredRun r = run_measured(argv, opts);
  INFO(r.err_text);
  REQUIRE_FALSE(r.timed_out);
  REQUIRE(r.exit_code == 1);
  return r;
}

const nlohmann::json* find(const nlohmann::json& findings, const std::string& rule, const std::string& path_end) {
  for (const nlohmann::json& f : findings) {
    const std::string path = f["path"];
    if (f["rule_id"] == rule && path.size() >= path_end.size() &&
        path.compare(path.size() - path_end.size(), path_end.size(), path_end) == 0) {
      return &f;
    }
  }
  return nullptr;
}

bool has_tag(const nlohmann::json& f, const std::string& tag) {
  for (const auto& t : f["tags"]) {
    if (t == tag) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("e2e: secrets in base64 values and JSON escapes are found at the encoded text", "[e2e][decode]") {
  Tree t;
  write_tree(&t);
  const nlohmann::json j = nlohmann::json::parse(scan(t.dir.path(), "json", true).out_text);
  INFO(j.dump(1));
  const nlohmann::json& fs = j["findings"];

  // The postgres URI in base64: the credential-uri rule, on line 8, at the 4-character group
  // that holds the password's first byte.
  const nlohmann::json* uri = find(fs, "credential-uri", "billing-secret.yaml");
  REQUIRE(uri);
  CHECK((*uri)["secret"] == kDbPassword);
  CHECK((*uri)["line"] == 8);
  const size_t run_col = t.yaml_line_url.find(": ") + 3;
  CHECK((*uri)["column"] == run_col + 4 * (kUri.find(kDbPassword) / 3));
  CHECK(has_tag(*uri, "decoded:base64"));

  // The random token under API_TOKEN: found by the generic rules, decoded.
  bool token_found = false;
  for (const nlohmann::json& f : fs) {
    if (f["secret"] == kToken) {
      token_found = true;
      CHECK(f["line"] == 9);
      CHECK(f["column"] == t.yaml_line_token.find(": ") + 3);
      CHECK(has_tag(f, "decoded:base64"));
    }
  }
  CHECK(token_found);

  // docker config.json: the auth value, judged by the Basic-credential check.
  const nlohmann::json* docker = find(fs, "docker-config-auth", "config.json");
  REQUIRE(docker);
  CHECK((*docker)["secret"] == kDockerAuth);
  CHECK((*docker)["line"] == 4);
  CHECK((*docker)["column"] == 16);

  // The notebook: the AWS secret behind \" is found as if unescaped, at its own column.
  const nlohmann::json* aws = find(fs, "aws-secret-access-key", "explore.ipynb");
  REQUIRE(aws);
  CHECK((*aws)["secret"] == kAwsSecret);
  CHECK((*aws)["line"] == 8);
  CHECK((*aws)["column"] == std::string("    \"aws_secret_access_key = \\\"").size() + 1);
  CHECK(has_tag(*aws, "decoded:json-escape"));

  // The log: a password in JSON-escaped JSON.
  bool log_found = false;
  for (const nlohmann::json& f : fs) {
    if (f["secret"] == kLogPassword) {
      log_found = true;
      CHECK(f["line"] == 1);
      CHECK(has_tag(f, "decoded:json-escape"));
    }
  }
  CHECK(log_found);

  // A secret that needs no unescaping, on a line that has escapes: found raw and decoded, one
  // finding, the raw one (not tagged decoded).
  size_t github_count = 0;
  for (const nlohmann::json& f : fs) {
    if (f["secret"] == kGithubToken) {
      ++github_count;
      CHECK(f["line"] == 2);
      CHECK_FALSE(has_tag(f, "decoded:json-escape"));
    }
  }
  CHECK(github_count == 1);

  // One finding per secret and place.
  size_t uri_count = 0;
  for (const nlohmann::json& f : fs) uri_count += f["secret"] == kDbPassword;
  CHECK(uri_count == 1);
}

TEST_CASE("e2e: decoded secrets are printed in no format, raw or encoded", "[e2e][decode]") {
  Tree t;
  write_tree(&t);
  const std::vector<std::string> secrets{kDbPassword, kToken, kAwsSecret, kLogPassword, kGithubToken, "Bq13cgW53YIQE0CXQp6H5S",
                                         b64(kUri), b64(kToken), kDockerAuth};
  for (const std::string format : {"text", "json", "sarif"}) {
    const MeasuredRun r = scan(t.dir.path(), format, false);
    INFO(format << ":\n" << r.out_text);
    CHECK(r.out_text.find("billing-secret.yaml") != std::string::npos);
    for (const std::string& s : secrets) {
      INFO(s);
      CHECK(r.out_text.find(s) == std::string::npos);
      // Nor a long piece of an encoded value (a snippet shows at most a 4-character prefix).
      if (s.size() > 16) CHECK(r.out_text.find(s.substr(4, 12)) == std::string::npos);
    }
  }
}

}  // namespace keysweep

namespace keysweep {

TEST_CASE("e2e: keysweep:allow on the encoded text's line suppresses a decoded finding", "[e2e][decode]") {
  TempDir dir;
  dir.write("k8s/secret.yaml", "kind: Secret\ndata:\n  DATABASE_URL: " + b64(kUri) + "  # keysweep:allow\n"
                               "  OTHER_URL: " + b64(kUri) + "\n");
  const nlohmann::json j = nlohmann::json::parse(scan(dir.path(), "json", true).out_text);
  REQUIRE(j["findings"].size() == 1);
  CHECK(j["findings"][0]["line"] == 4);
  CHECK(j["findings"][0]["secret"] == kDbPassword);
}

}  // namespace keysweep

namespace keysweep {

// A decoded match that exists only at some paths (a credential-file rule) must not displace the
// raw finding of a base64 value elsewhere: the secret would be lost (gitleaks' Kubernetes Secret
// example, a random 12-character password, was lost that way).
TEST_CASE("e2e: a base64 value stays found when its decoded form matches only a path-limited rule", "[e2e][decode]") {
  TempDir dir;
  dir.write("k8s/db.yaml", "apiVersion: v1\ndata:\n\tpassword: UyFCXCpkJHpEc2I9\n\tusername: YWRtaW4=\nkind: Secret\n"
                           "metadata:\n\tname: db\n");
  const nlohmann::json j = nlohmann::json::parse(scan(dir.path(), "json", true).out_text);
  INFO(j.dump(1));
  bool found = false;
  for (const nlohmann::json& f : j["findings"]) found = found || (f["line"] == 3 && f["path"] == "k8s/db.yaml");
  CHECK(found);
}

}  // namespace keysweep
