#include "scanner/report/report_reader.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "scanner/report/json_reporter.h"
#include "scanner/report/report_test_data.h"
#include "scanner/report/sarif_reporter.h"
#include "scanner/report/text_reporter.h"

namespace keysweep {
namespace {

using Json = nlohmann::ordered_json;
using report_test::github_token;
using report_test::make_finding;
using report_test::make_history;
using report_test::render;
using report_test::sample_rules;

constexpr const char* kVersion = "0.1.0";

// Findings that exercise every way a line is shown: a second copy of the secret and another
// secret on the line (masks), non-ASCII before the secret (UTF-16 columns), a line window that
// starts mid-line, a secret not on its line, a multi-line secret, invalid UTF-8, test data.
struct Sample {
  std::vector<Finding> findings;
  ScanSummary summary;

  Sample() {
    const std::string token = github_token(1);
    Finding masks = make_finding("github-pat-classic", "GitHub personal access token (classic)", Severity::kHigh,
                                 "deploy/app.env", 3, "GITHUB_TOKEN=", token, "  # again: " + token + " k=" + github_token(9));
    masks.line_masks = {{static_cast<uint32_t>(masks.line_text.size() - 40), static_cast<uint32_t>(masks.line_text.size())}};
    make_history(masks, 5);
    masks.provenance.sequence = 4;
    masks.provenance.author = "Eve " + token;  // the secret in the author name is redacted
    Finding wide = make_finding("github-pat-classic", "GitHub personal access token (classic)", Severity::kHigh,
                                "src/\xC3\xA9t\xC3\xA9.py", 7, "    caf\xC3\xA9 = \xF0\x9F\x94\x91 '", github_token(2), "'");
    Finding window = make_finding("aws-access-key-id", "AWS access key id", Severity::kHigh, "src/min.js", 1,
                                  "x=1;", "AKIA" + report_test::random_alnum(16, 3), ";y");
    window.column += 5000;  // line_text is a window of a long line
    window.end_column += 5000;
    Finding elsewhere = make_finding("generic-password", "Password assigned in code", Severity::kMedium, "b.py", 2,
                                     "password = ", "Qe7v" + report_test::random_alnum(12, 4));
    elsewhere.line_text = "a line without the secret";
    Finding pem = make_finding("private-key", "Private key", Severity::kCritical, "k.pem", 1, "",
                               "-----BEGIN KEY-----\nabc\n-----END KEY-----");
    pem.line_text = "-----BEGIN KEY-----";
    pem.end_line = 3;
    pem.end_column = 18;
    Finding latin1 = make_finding("low-thing", "Low severity test rule", Severity::kLow, "l\xE9.txt", 1, "caf\xE9 ",
                                  report_test::random_alnum(20, 6));
    make_history(latin1, 8);
    latin1.provenance.author = report_test::kHostileAuthor;
    Finding fixture = make_finding("github-pat-classic", "GitHub personal access token (classic)", Severity::kHigh,
                                   "tests/data/t.env", 1, "T=", github_token(7));
    fixture.tags = {"test-fixture"};
    fixture.test_fixture = true;
    findings = {masks, wide, window, elsewhere, pem, latin1, fixture};
    std::sort(findings.begin(), findings.end(), finding_less);
    summary.files_scanned = 12;
    summary.bytes_scanned = 34567;
    summary.commits = 9;
    summary.blobs = 11;
    summary.skipped = {{"img/logo.png", "binary", "NUL byte in the first 8000 bytes"}};
    summary.errors = {"reading x.py: Permission denied"};
    summary.max_findings_per_file = 100;
    summary.capped = {{"gen/dense.env", "abc", "generic-password", 2500}};
    summary.shard_index = 2;
    summary.shard_count = 3;
  }
};

std::string write(Reporter& reporter, const std::vector<Finding>& findings, const ScanSummary& summary,
                  bool show_secrets = false) {
  ReportOptions options;
  options.tool_version = kVersion;
  options.show_secrets = show_secrets;
  options.advice = "advice\n";
  return render(reporter, sample_rules(), findings, summary, options);
}

ReadReport read_back(const std::string& text) {
  Result<ReadReport> read = parse_json_report(text, "report 'r.json'", kVersion);
  INFO(read.status().message());
  REQUIRE(read);
  return std::move(read).value();
}

std::string error_of(const std::string& text) {
  Result<ReadReport> read = parse_json_report(text, "report 'r.json'", kVersion);
  REQUIRE_FALSE(read);
  CHECK(read.status().message().rfind("report 'r.json': ", 0) == 0);
  return read.status().message();
}

}  // namespace

TEST_CASE("report reader: JSON read back and written again is the same bytes, and so are SARIF and text", "[report][merge]") {
  for (const bool show : {false, true}) {
    Sample s;
    JsonReporter json;
    SarifReporter sarif;
    TextReporter text;
    const std::string original = write(json, s.findings, s.summary, show);
    ReadReport read = read_back(original);
    CHECK(read.tool_version == kVersion);
    CHECK(read.rules_digest == rules_digest(sample_rules()));
    CHECK(read.summary.shard_index == 2);
    CHECK(read.summary.shard_count == 3);
    REQUIRE(read.findings.size() == s.findings.size());
    CHECK(write(json, read.findings, read.summary, show) == original);
    // SARIF and text from the report equal the ones from the scan, except where the scan had
    // bytes that are not UTF-8 (JSON holds U+FFFD instead; text would show \xNN escapes).
    std::vector<Finding> utf8_only;
    std::vector<Finding> utf8_read;
    for (size_t i = 0; i < s.findings.size(); ++i) {
      if (s.findings[i].provenance.path.find('\xE9') != std::string::npos) continue;
      utf8_only.push_back(s.findings[i]);
      utf8_read.push_back(read.findings[i]);
    }
    REQUIRE(utf8_only.size() == s.findings.size() - 1);
    CHECK(write(sarif, utf8_read, read.summary, show) == write(sarif, utf8_only, s.summary, show));
    CHECK(write(text, utf8_read, read.summary, show) == write(text, utf8_only, s.summary, show));
  }
}

TEST_CASE("report reader: a finding read back keeps what a reporter needs", "[report][merge]") {
  Sample s;
  JsonReporter json;
  ReadReport read = read_back(write(json, s.findings, s.summary));
  for (const Finding& f : read.findings) {
    REQUIRE(f.shown);
    CHECK(f.shown->redacted);
    CHECK(f.secret.find("********") != std::string::npos);
    CHECK(f.test_fixture == (f.provenance.path.rfind("tests/", 0) == 0));
  }
  const Finding& masked = read.findings[1];
  REQUIRE(masked.provenance.path == "deploy/app.env");
  CHECK(masked.provenance.sequence == 4);
  CHECK(masked.shown->located);
  CHECK(masked.line_text.substr(masked.shown->secret_begin, masked.shown->secret_end - masked.shown->secret_begin) ==
        masked.secret);
}

TEST_CASE("report reader: what is not a keysweep report of this version is refused, naming the field", "[report][merge]") {
  Sample s;
  JsonReporter json;
  const std::string good = write(json, s.findings, s.summary);
  CHECK(error_of("").find("not a JSON report") != std::string::npos);
  CHECK(error_of(good.substr(0, good.size() / 2)).find("not a JSON report") != std::string::npos);
  CHECK(error_of("[1, 2]").find("not an object") != std::string::npos);
  CHECK(error_of(R"({"runs": []})").find("no keysweep_json_version") != std::string::npos);
  auto edited = [&](const std::function<void(Json&)>& edit) {
    Json doc = Json::parse(good);
    edit(doc);
    return error_of(doc.dump(2));
  };
  CHECK(edited([](Json& d) { d["keysweep_json_version"] = 2; }).find("keysweep_json_version 2 is not supported") !=
        std::string::npos);
  CHECK(edited([](Json& d) { d["tool"]["name"] = "other"; }).find("written by 'other'") != std::string::npos);
  CHECK(edited([](Json& d) { d["tool"]["version"] = "9.9.9"; }).find("keysweep 9.9.9, not 0.1.0") != std::string::npos);
  CHECK(edited([](Json& d) { d["findings"][3]["line"] = "7"; }) ==
        "report 'r.json': findings[3].line is a string, not an integer of 0 or more");
  CHECK(edited([](Json& d) { d["findings"][0]["line"] = -1; }).find("findings[0].line is a negative integer") !=
        std::string::npos);
  CHECK(edited([](Json& d) { d["findings"][0]["column"] = 1ull << 33; }).find("more than 4294967295") !=
        std::string::npos);
  CHECK(edited([](Json& d) { d["findings"][1].erase("fingerprint"); }) == "report 'r.json': findings[1] has no fingerprint");
  CHECK(edited([](Json& d) { d["findings"][1]["severity"] = "huge"; }).find("findings[1].severity 'huge'") !=
        std::string::npos);
  CHECK(edited([](Json& d) { d["findings"][2]["secret_in_line"] = Json::array({3, 100000}); })
            .find("findings[2].secret_in_line") != std::string::npos);
  CHECK(edited([](Json& d) { d["findings"][2] = 5; }).find("findings[2] is an integer, not an object") !=
        std::string::npos);
  CHECK(edited([](Json& d) { d["findings"][0]["tags"] = Json::array({Json::array({Json::array({1})})}); })
            .find("nested deeper") != std::string::npos);
  CHECK(edited([](Json& d) { d["summary"]["findings"] = 3; }).find("summary.findings is 3 but the report lists 7") !=
        std::string::npos);
  CHECK(edited([](Json& d) { d["summary"]["incomplete"] = false; }).find("summary.incomplete") != std::string::npos);
  CHECK(edited([](Json& d) { d["summary"]["capped"][0]["not_reported"] = 1; }).find("findings_not_reported") !=
        std::string::npos);
  CHECK(edited([](Json& d) { d["summary"]["shard_index"] = 4; }).find("summary.shard_index 4") != std::string::npos);
  CHECK(edited([](Json& d) { d["summary"]["skipped"][0].erase("reason"); }) ==
        "report 'r.json': summary.skipped[0] has no reason");
  CHECK(edited([](Json& d) { d.erase("summary"); }) == "report 'r.json': no summary");
  // A duplicated key: the parser would keep the last; the reader refuses.
  std::string twice = good;
  twice.insert(twice.rfind("\n}"), ",\n  \"findings\": []");
  CHECK(error_of(twice).find("findings appears more than once") != std::string::npos);
}

}  // namespace keysweep
