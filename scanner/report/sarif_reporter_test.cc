#include "scanner/report/sarif_reporter.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "scanner/finding/redact.h"
#include "scanner/report/report_test_data.h"
#include "tests/e2e/run_command.h"
#include "tests/support/temp_dir.h"

namespace keysweep {
namespace {

using Json = nlohmann::ordered_json;
using report_test::github_token;
using report_test::make_finding;
using report_test::render;
using report_test::sample_rules;

struct SarifCase {
  std::string token = github_token(11);
  std::vector<Rule> rules = sample_rules();
  std::vector<Finding> findings;
  ScanSummary summary;
  ReportOptions options;

  SarifCase() {
    findings = {
        make_finding("github-pat-classic", "GitHub personal access token (classic)",
                     Severity::kHigh, "app/my config+v1%.env", 3, "GITHUB_TOKEN=", token),
        make_finding("private-key", "Private key", Severity::kCritical, "keys/a.pem", 1, "",
                     report_test::random_alnum(70, 12)),
        make_finding("generic-password", "Password assigned in code", Severity::kMedium,
                     "src/db.py", 10, "password = '", report_test::random_alnum(20, 13), "'"),
        make_finding("low-thing", "Low severity test rule", Severity::kLow, "src/z.txt", 2, "x=",
                     report_test::random_alnum(24, 14)),
        make_finding("github-pat-classic", "GitHub personal access token (classic)",
                     Severity::kHigh, "tests/fixtures/t.env", 1, "T=", github_token(15)),
    };
    findings[4].test_fixture = true;
    findings[4].tags = {"test-fixture"};
    summary.files_scanned = 5;
    summary.bytes_scanned = 1000;
    options.tool_version = "0.1.0";
  }

  std::string write() {
    SarifReporter reporter;
    return render(reporter, rules, findings, summary, options);
  }
  Json doc() { return Json::parse(write()); }
};

const Json* result_for(const Json& run, const std::string& path_uri) {
  for (const Json& r : run["results"]) {
    if (r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == path_uri) return &r;
  }
  return nullptr;
}

TEST_CASE("sarif: log, run and driver", "[report]") {
  SarifCase c;
  const std::string text = c.write();
  REQUIRE(text.back() == '\n');
  const Json doc = Json::parse(text);
  CHECK(doc["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json");
  CHECK(doc["version"] == "2.1.0");
  REQUIRE(doc["runs"].size() == 1);
  const Json& driver = doc["runs"][0]["tool"]["driver"];
  CHECK(driver["name"] == "keysweep");
  CHECK(driver["semanticVersion"] == "0.1.0");
  CHECK(driver["informationUri"].get<std::string>().rfind("https://", 0) == 0);
  CHECK(doc["runs"][0]["columnKind"] == "utf16CodeUnits");
  // No timestamps anywhere.
  CHECK(text.find("Utc") == std::string::npos);
}

TEST_CASE("sarif: rules are sorted, complete, and tagged for GitHub", "[report]") {
  SarifCase c;
  std::swap(c.rules[0], c.rules[4]);  // the reporter sorts whatever it is given
  const Json rules = c.doc()["runs"][0]["tool"]["driver"]["rules"];
  REQUIRE(rules.size() == 5);
  for (size_t i = 1; i < rules.size(); ++i) {
    CHECK(rules[i - 1]["id"].get<std::string>() < rules[i]["id"].get<std::string>());
  }
  const Json& gh = rules[2];
  CHECK(gh["id"] == "github-pat-classic");
  CHECK(gh["name"] == "GithubPatClassic");
  CHECK(gh["shortDescription"]["text"] == "GitHub personal access token (classic)");
  CHECK(!gh["fullDescription"]["text"].get<std::string>().empty());
  CHECK(gh["help"]["text"].get<std::string>().find("keysweep:allow") != std::string::npos);
  CHECK(gh["help"]["text"].get<std::string>().find("Rotate") != std::string::npos);
  CHECK(gh["defaultConfiguration"]["level"] == "error");
  CHECK(gh["properties"]["tags"] == Json::array({"security", "secret"}));
  CHECK(gh["properties"]["security-severity"] == "8.0");
  CHECK(gh["properties"]["precision"] == "high");

  CHECK(rules[4]["properties"]["security-severity"] == "9.5");  // private-key, critical
  CHECK(rules[1]["properties"]["security-severity"] == "5.0");  // generic-password, medium
  CHECK(rules[1]["properties"]["precision"] == "medium");       // a fallback rule
  CHECK(rules[1]["defaultConfiguration"]["level"] == "warning");
  CHECK(rules[3]["properties"]["security-severity"] == "3.0");  // low-thing
  CHECK(rules[3]["defaultConfiguration"]["level"] == "note");
}

TEST_CASE("sarif: ruleId and ruleIndex agree", "[report]") {
  SarifCase c;
  // A finding whose rule the caller did not list still gets a descriptor and a valid index.
  c.findings.push_back(make_finding("zz-unlisted", "Unlisted rule", Severity::kMedium,
                                    "src/q.txt", 1, "k=", report_test::random_alnum(30, 16)));
  const Json doc = c.doc();
  const Json& rules = doc["runs"][0]["tool"]["driver"]["rules"];
  const Json& results = doc["runs"][0]["results"];
  REQUIRE(results.size() == c.findings.size());
  REQUIRE(rules.size() == 6);
  for (const Json& r : results) {
    const size_t index = r["ruleIndex"].get<size_t>();
    REQUIRE(index < rules.size());
    CHECK(rules[index]["id"] == r["ruleId"]);
  }
}

TEST_CASE("sarif: levels follow severity; test data is a note", "[report]") {
  SarifCase c;
  const Json run = c.doc()["runs"][0];
  CHECK((*result_for(run, "app/my%20config%2Bv1%25.env"))["level"] == "error");  // high
  CHECK((*result_for(run, "keys/a.pem"))["level"] == "error");                    // critical
  CHECK((*result_for(run, "src/db.py"))["level"] == "warning");                   // medium
  CHECK((*result_for(run, "src/z.txt"))["level"] == "note");                      // low
  const Json& fixture = *result_for(run, "tests/fixtures/t.env");
  CHECK(fixture["level"] == "note");  // high, but in test data
  CHECK(fixture["properties"]["tags"] == Json::array({"test-fixture"}));
}

TEST_CASE("sarif: locations, uris and fingerprints", "[report]") {
  SarifCase c;
  c.findings[0].provenance.source = "history";
  c.findings[0].provenance.commit = report_test::random_hex(40, 17);
  const Json run = c.doc()["runs"][0];
  const Json* r = result_for(run, "app/my%20config%2Bv1%25.env");
  REQUIRE(r != nullptr);
  const Json& loc = (*r)["locations"][0]["physicalLocation"];
  CHECK(loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%");
  CHECK(loc["region"]["startLine"] == 3);
  CHECK(loc["region"]["startColumn"] == 14);
  CHECK(loc["region"]["endLine"] == 3);
  CHECK(loc["region"]["endColumn"] == 54);
  CHECK_FALSE(loc["region"].contains("snippet"));
  CHECK((*r)["partialFingerprints"] == Json{{"keysweep/v1", c.findings[0].fingerprint}});
  CHECK((*r)["properties"]["commit"] == c.findings[0].provenance.commit);
  CHECK((*r)["ruleId"] == "github-pat-classic");
}

TEST_CASE("sarif: path_uri percent-encodes per RFC 3986", "[report]") {
  CHECK(SarifReporter::path_uri("src/app.py") == "src/app.py");
  CHECK(SarifReporter::path_uri("./src/a b.py") == "src/a%20b.py");
  CHECK(SarifReporter::path_uri("we#ird?na&me[1]:x.txt") == "we%23ird%3Fna%26me%5B1%5D%3Ax.txt");
  CHECK(SarifReporter::path_uri("C:x") == "C%3Ax");  // never read as a scheme
  CHECK(SarifReporter::path_uri("caf\xC3\xA9/~_-.txt") == "caf%C3%A9/~_-.txt");
  CHECK(SarifReporter::path_uri("/abs/a b") == "file:///abs/a%20b");
  CHECK(SarifReporter::path_uri("") == "-");
}

TEST_CASE("sarif: absolute paths need no uriBaseId", "[report]") {
  SarifCase c;
  c.findings.resize(1);
  c.findings[0].provenance.path = "/srv/app/a.env";
  const Json run = c.doc()["runs"][0];
  const Json& loc = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
  CHECK(loc["uri"] == "file:///srv/app/a.env");
  CHECK_FALSE(loc.contains("uriBaseId"));
}

TEST_CASE("sarif: rule_name is UpperCamel of the id", "[report]") {
  CHECK(SarifReporter::rule_name("github-pat-classic") == "GithubPatClassic");
  CHECK(SarifReporter::rule_name("aws-access-key-id") == "AwsAccessKeyId");
  CHECK(SarifReporter::rule_name("x509-key") == "X509Key");
}

TEST_CASE("sarif: columns are UTF-16 code units", "[report]") {
  SarifCase c;
  c.findings.resize(1);
  // "é" is 2 bytes, 1 UTF-16 unit; U+1F511 is 4 bytes, 2 units.
  c.findings[0] = make_finding("github-pat-classic", "GitHub personal access token (classic)",
                               Severity::kHigh, "a.txt", 1, "\xC3\xA9\xF0\x9F\x94\x91=", c.token);
  const Json region =
      c.doc()["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
  CHECK(region["startColumn"] == 5);  // byte column 8
  CHECK(region["endColumn"] == 45);
}

TEST_CASE("sarif: columns when the line text is a window of the line", "[report]") {
  SarifCase c;
  c.findings.resize(1);
  Finding& f = c.findings[0];
  // The matcher kept only part of a long line: 300 bytes precede the secret, 10 of them (one
  // of which is the 2-byte "\xC3\xA9") are in line_text.
  f.line_text = "abcd\xC3\xA9" "fgh=" + c.token + " tail";
  f.column = 301;
  f.end_column = 341;
  const Json region =
      c.doc()["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
  CHECK(region["startColumn"] == 300);  // 290 unknown bytes + 9 units + 1
  CHECK(region["endColumn"] == 340);
}

TEST_CASE("sarif: a multi-line secret ends on its last line", "[report]") {
  SarifCase c;
  c.findings.resize(1);
  Finding& f = c.findings[0];
  const std::string body = report_test::random_alnum(64, 18);
  f.secret = "-----BEGIN KEY-----\n" + body + "\n-----END KEY-----";
  f.line_text = "key: -----BEGIN KEY-----";
  f.line = 4;
  f.column = 6;
  f.end_line = 6;
  f.end_column = 18;
  const std::string text = c.write();
  CHECK(text.find(body) == std::string::npos);
  const Json region = Json::parse(text)["runs"][0]["results"][0]["locations"][0]
                                       ["physicalLocation"]["region"];
  CHECK(region["startLine"] == 4);
  CHECK(region["startColumn"] == 6);
  CHECK(region["endLine"] == 6);
  CHECK(region["endColumn"] == 18);
}

TEST_CASE("sarif: secrets redacted by default, shown on request", "[report]") {
  SarifCase c;
  std::string text = c.write();
  for (const Finding& f : c.findings) CHECK(text.find(f.secret) == std::string::npos);
  const Json doc = Json::parse(text);
  const Json* r = result_for(doc["runs"][0], "app/my%20config%2Bv1%25.env");
  CHECK((*r)["message"]["text"] ==
        "GitHub personal access token (classic): " + redact_secret(c.token));

  c.options.show_secrets = true;
  text = c.write();
  CHECK(text.find(c.token) != std::string::npos);
  const Json shown = Json::parse(text);
  r = result_for(shown["runs"][0], "app/my%20config%2Bv1%25.env");
  CHECK((*r)["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] == c.token);
}

TEST_CASE("sarif: same input gives the same bytes", "[report]") {
  SarifCase a;
  SarifCase b;
  b.summary.seconds = 99;
  b.summary.cache_hits = 7;       // nor does a history cache (text only: its output must not change)
  b.summary.libgit2_reads = 3;    // nor the pack layout
  CHECK(a.write() == b.write());
}

TEST_CASE("sarif: errors and skipped files become notifications", "[report]") {
  SarifCase c;
  SECTION("complete run") {
    const Json inv = c.doc()["runs"][0]["invocations"];
    REQUIRE(inv.size() == 1);
    CHECK(inv[0]["executionSuccessful"] == true);
    CHECK_FALSE(inv[0].contains("toolExecutionNotifications"));
  }
  SECTION("incomplete run") {
    c.summary.errors = {"reading x.py: Permission denied"};
    c.summary.skipped = {{"img/a b.png", "binary", "NUL byte"}};
    const Json inv = c.doc()["runs"][0]["invocations"][0];
    CHECK(inv["executionSuccessful"] == false);
    const Json& n = inv["toolExecutionNotifications"];
    REQUIRE(n.size() == 2);
    CHECK(n[0]["level"] == "error");
    CHECK(n[0]["message"]["text"] == "reading x.py: Permission denied");
    CHECK(n[1]["level"] == "note");
    CHECK(n[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "img/a%20b.png");
  }
}

TEST_CASE("sarif: zero findings still list the rules", "[report]") {
  SarifCase c;
  c.findings.clear();
  const Json run = c.doc()["runs"][0];
  CHECK(run["results"] == Json::array());
  CHECK(run["tool"]["driver"]["rules"].size() == 5);
}

}  // namespace
}  // namespace keysweep

namespace keysweep {

TEST_CASE("sarif: the per-file cap is a warning notification of the invocation", "[report][finding-cap]") {
  SarifCase c;
  c.summary.max_findings_per_file = 100;
  c.summary.capped = {{"gen/dense.env", "", "generic-password", 2500}};
  const Json inv = c.doc()["runs"][0]["invocations"][0];
  CHECK(inv["executionSuccessful"] == true);
  const Json& n = inv["toolExecutionNotifications"];
  REQUIRE(n.size() == 1);
  CHECK(n[0]["level"] == "warning");
  CHECK(n[0]["message"]["text"] ==
        "Reported only the first 100 findings of rule generic-password in gen/dense.env: 2500 more "
        "not reported (--max-findings-per-file; 0 reports all)");
  CHECK(n[0]["associatedRule"]["id"] == "generic-password");
  CHECK(n[0]["associatedRule"]["index"] == 1);  // sample_rules sorted: aws, generic-password, ...
  CHECK(n[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "gen/dense.env");
}

}  // namespace keysweep

namespace keysweep {

TEST_CASE("sarif: the streamed log is byte for byte one dump of the document", "[report]") {
  SarifCase c;
  const std::string text = c.write();
  CHECK(Json::parse(text).dump(2) + "\n" == text);
  c.findings.clear();
  const std::string empty = c.write();
  CHECK(Json::parse(empty).dump(2) + "\n" == empty);
}

}  // namespace keysweep

namespace keysweep {

namespace {

// Validates `log` with tests/sarif_schema_check.py --log (the OASIS schema plus GitHub's needs).
// Returns false, with a warning, when the schema or python3-jsonschema is not there (the check's
// exit 77), as the sarif_schema CTest test skips then.
bool schema_valid(const std::string& log) {
  TempDir dir;
  const std::string path = dir.write("log.sarif", log);
  const CommandResult r = run_command({"python3", std::string(KEYSWEEP_SOURCE_DIR) + "/tests/sarif_schema_check.py",
                                       "--log", path, KEYSWEEP_SOURCE_DIR});
  INFO(r.out_text << r.err_text);
  if (r.exit_code == 77) {
    WARN("SARIF schema not available: " << r.out_text);
    return true;
  }
  CHECK(r.exit_code == 0);
  return r.exit_code == 0;
}

SarifCase history_case() {
  SarifCase c;
  report_test::make_history(c.findings[0], 41);
  c.findings[0].provenance.author = report_test::kHostileAuthor;
  c.findings[0].provenance.email = "eve\x1b]0;t\x07@\xC0\x80" "example.com";
  report_test::make_history(c.findings[2], 43);
  c.findings[2].provenance.occurrences = 1;
  c.summary.commits = 250;
  c.summary.blobs = 1800;
  return c;
}

}  // namespace

TEST_CASE("sarif: a history finding carries its provenance in result properties", "[report][history]") {
  SarifCase c = history_case();
  const std::string text = c.write();
  for (const Finding& f : c.findings) CHECK(text.find(f.secret) == std::string::npos);
  CHECK(text.find('\x1b') == std::string::npos);  // JSON-escaped
  CHECK(Json::parse(text).dump(2) + "\n" == text);
  const Json run = Json::parse(text)["runs"][0];

  const Json& db = *result_for(run, "src/db.py");
  const Provenance& p = c.findings[2].provenance;
  CHECK(db["properties"] == Json{{"commit", p.commit},
                                 {"author", "Jane Doe"},
                                 {"email", "jane@example.com"},
                                 {"date", "2026-12-02T03:04:05Z"},
                                 {"blob", p.blob},
                                 {"occurrences", 1}});
  CHECK(db["partialFingerprints"] == Json{{"keysweep/v1", c.findings[2].fingerprint}});
  CHECK(db["message"]["text"].get<std::string>().find(" (commit " + p.commit + ")") !=
        std::string::npos);

  const Json& hostile = *result_for(run, "app/my%20config%2Bv1%25.env");
  const std::string author = hostile["properties"]["author"];
  CHECK(author.rfind("Eve \x1b[2J\x1b[31mred\x07 \xEF\xBF\xBD", 0) == 0);  // U+FFFD for \xFF
  CHECK(hostile["properties"]["email"].get<std::string>().find('\xC0') == std::string::npos);
  CHECK(hostile["properties"]["occurrences"] == 3);

  // Results from other sources keep only what they had.
  CHECK_FALSE(result_for(run, "keys/a.pem")->contains("properties"));
  CHECK((*result_for(run, "tests/fixtures/t.env"))["properties"] ==
        Json{{"tags", Json::array({"test-fixture"})}});

  CHECK(run["invocations"][0]["properties"] == Json{{"commits", 250}, {"blobs", 1800}});
  CHECK(schema_valid(text));
}

TEST_CASE("sarif: a run that is not a history scan has no commit counts", "[report][history]") {
  SarifCase c;
  const std::string text = c.write();
  CHECK_FALSE(Json::parse(text)["runs"][0]["invocations"][0].contains("properties"));
  CHECK(schema_valid(text));
}

TEST_CASE("sarif: the secret is masked in the history properties too", "[report][history]") {
  SarifCase c;
  report_test::make_history(c.findings[0], 44);
  c.findings[0].provenance.author = "bot " + c.token;
  c.findings[0].provenance.email = c.token + "@example.com";
  const std::string text = c.write();
  CHECK(text.find(c.token) == std::string::npos);
  const Json doc = Json::parse(text);
  const Json& props = (*result_for(doc["runs"][0], "app/my%20config%2Bv1%25.env"))["properties"];
  CHECK(props["author"] == "bot " + redact_secret(c.token));
  CHECK(props["email"] == redact_secret(c.token) + "@example.com");
}

}  // namespace keysweep
