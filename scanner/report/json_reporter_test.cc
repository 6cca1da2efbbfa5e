#include "scanner/report/json_reporter.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "scanner/finding/redact.h"
#include "scanner/report/report_test_data.h"

namespace keysweep {
namespace {

using Json = nlohmann::ordered_json;
using report_test::github_token;
using report_test::make_finding;
using report_test::render;
using report_test::sample_rules;

std::vector<std::string> keys_of(const Json& object) {
  std::vector<std::string> keys;
  for (auto it = object.begin(); it != object.end(); ++it) keys.push_back(it.key());
  return keys;
}

struct JsonCase {
  std::string token = github_token(1);
  std::vector<Finding> findings;
  ScanSummary summary;
  ReportOptions options;

  JsonCase() {
    Finding f = make_finding("github-pat-classic", "GitHub personal access token (classic)",
                             Severity::kHigh, "deploy/app.env", 3, "GITHUB_TOKEN=", token,
                             "  # again: " + token);
    Finding fixture = make_finding("github-pat-classic", "GitHub personal access token (classic)",
                                   Severity::kHigh, "tests/data/t.env", 1, "T=", github_token(2));
    fixture.tags = {"test-fixture"};
    fixture.test_fixture = true;
    findings = {f, fixture};
    summary.files_scanned = 12;
    summary.bytes_scanned = 34567;
    summary.skipped = {{"img/logo.png", "binary", "NUL byte in the first 8000 bytes"}};
    options.tool_version = "0.1.0";
  }

  std::string write() {
    JsonReporter reporter;
    return render(reporter, sample_rules(), findings, summary, options);
  }
};

TEST_CASE("json: keys, order and values follow format version 1", "[report]") {
  JsonCase c;
  const std::string text = c.write();
  REQUIRE(text.back() == '\n');
  REQUIRE(text.rfind("{\n  \"keysweep_json_version\": 1,\n", 0) == 0);  // 2-space indent
  const Json doc = Json::parse(text);

  CHECK(keys_of(doc) ==
        std::vector<std::string>{"keysweep_json_version", "tool", "findings", "summary"});
  CHECK(doc["keysweep_json_version"] == 1);
  CHECK(doc["tool"] == Json::parse(R"({"name": "keysweep", "version": "0.1.0"})"));

  REQUIRE(doc["findings"].size() == 2);
  const Json& f = doc["findings"][0];
  CHECK(keys_of(f) == std::vector<std::string>{"rule_id", "description", "severity", "path",
                                               "source", "commit", "line", "column", "end_line",
                                               "end_column", "secret", "redacted", "line_text",
                                               "fingerprint", "tags", "blob", "author", "email",
                                               "date", "occurrences", "sequence",
                                               "column_utf16", "end_column_utf16", "line_text_column",
                                               "secret_in_line", "confidence", "aws_account_id"});
  CHECK(f["rule_id"] == "github-pat-classic");
  CHECK(f["description"] == "GitHub personal access token (classic)");
  CHECK(f["severity"] == "high");
  CHECK(f["path"] == "deploy/app.env");
  CHECK(f["source"] == "dir");
  CHECK(f["commit"] == "");
  CHECK(f["line"] == 3);
  CHECK(f["column"] == 14);
  CHECK(f["end_line"] == 3);
  CHECK(f["end_column"] == 14 + 40);
  CHECK(f["secret"] == redact_secret(c.token));
  CHECK(f["redacted"] == true);
  CHECK(f["fingerprint"] == c.findings[0].fingerprint);
  CHECK(f["tags"] == Json::array());
  CHECK(doc["findings"][1]["tags"] == Json::array({"test-fixture"}));
  // History fields are always there; outside history they are empty.
  CHECK(f["blob"] == "");
  CHECK(f["author"] == "");
  CHECK(f["email"] == "");
  CHECK(f["date"] == "");
  CHECK(f["occurrences"] == 0);

  const Json& s = doc["summary"];
  CHECK(keys_of(s) == std::vector<std::string>{"files_scanned", "bytes_scanned", "findings",
                                               "skipped", "errors", "incomplete",
                                               "max_findings_per_file", "capped",
                                               "findings_not_reported", "commits", "blobs",
                                               "shard_index", "shard_count", "suppressed", "baseline_entries", "baseline_stale", "rules_digest"});
  CHECK(s["files_scanned"] == 12);
  CHECK(s["bytes_scanned"] == 34567);
  CHECK(s["findings"] == 2);
  CHECK(s["skipped"] == Json::parse(R"([{"path": "img/logo.png", "reason": "binary",
                                         "detail": "NUL byte in the first 8000 bytes"}])"));
  CHECK(keys_of(s["skipped"][0]) == std::vector<std::string>{"path", "reason", "detail"});
  CHECK(s["errors"] == Json::array());
  CHECK(s["incomplete"] == false);
  CHECK(s["capped"] == Json::array());
  CHECK(s["findings_not_reported"] == 0);
  CHECK(s["commits"] == 0);
  CHECK(s["blobs"] == 0);
}

TEST_CASE("json: secrets are redacted by default, everywhere on the line", "[report]") {
  JsonCase c;
  const std::string text = c.write();
  CHECK(text.find(c.token) == std::string::npos);
  CHECK(text.find(c.findings[1].secret) == std::string::npos);
  const Json doc = Json::parse(text);
  const std::string mask = redact_secret(c.token);
  CHECK(doc["findings"][0]["line_text"] == "GITHUB_TOKEN=" + mask + "  # again: " + mask);
}

TEST_CASE("json: show_secrets prints the raw secret and line", "[report]") {
  JsonCase c;
  c.options.show_secrets = true;
  const Json doc = Json::parse(c.write());
  CHECK(doc["findings"][0]["secret"] == c.token);
  CHECK(doc["findings"][0]["redacted"] == false);
  CHECK(doc["findings"][0]["line_text"] == c.findings[0].line_text);
}

TEST_CASE("json: same input gives the same bytes", "[report]") {
  JsonCase a;
  JsonCase b;
  b.summary.seconds = 42.5;
  b.summary.cache_hits = 7;       // nor does a history cache (text only: its output must not change)
  b.summary.libgit2_reads = 3;    // nor the pack layout  // wall time never reaches the JSON
  CHECK(a.write() == b.write());
}

TEST_CASE("json: errors make the report incomplete", "[report]") {
  JsonCase c;
  c.findings.clear();
  c.summary.errors = {"reading a.py: Permission denied", "reading b.py: Input/output error"};
  const Json doc = Json::parse(c.write());
  CHECK(doc["findings"] == Json::array());
  CHECK(doc["summary"]["findings"] == 0);
  CHECK(doc["summary"]["incomplete"] == true);
  CHECK(doc["summary"]["errors"].size() == 2);
}

TEST_CASE("json: bytes that are not UTF-8 still give valid JSON", "[report]") {
  JsonCase c;
  c.findings[0].provenance.path = "latin1-\xE9t\xE9.txt";
  c.findings[0].line_text = "caf\xE9 GITHUB_TOKEN=" + c.token;
  c.findings[0].column = 20;
  c.findings[0].end_column = 60;
  std::string text;
  REQUIRE_NOTHROW(text = c.write());
  const Json doc = Json::parse(text);
  CHECK(doc["findings"][0]["path"] == "latin1-\xEF\xBF\xBDt\xEF\xBF\xBD.txt");
  CHECK(text.find(c.token) == std::string::npos);
}

TEST_CASE("json: a line window that does not start at column 1 is still redacted", "[report]") {
  JsonCase c;
  Finding& f = c.findings[0];
  f.line_text = "xt = 1; GITHUB_TOKEN=" + c.token;
  f.column = 700;
  f.end_column = 740;
  const std::string text = c.write();
  CHECK(text.find(c.token) == std::string::npos);
  CHECK(Json::parse(text)["findings"][0]["line_text"] ==
        "xt = 1; GITHUB_TOKEN=" + redact_secret(c.token));
}

TEST_CASE("json: a secret running past its line leaks no part of itself", "[report]") {
  JsonCase c;
  const std::string body1 = report_test::random_alnum(64, 7);
  const std::string body2 = report_test::random_alnum(64, 8);
  Finding& f = c.findings[0];
  f.secret = "key: " + body1 + "\n" + body2;
  f.line_text = "config " + f.secret.substr(0, f.secret.find('\n'));
  f.column = 8;
  f.end_line = f.line + 1;
  f.end_column = static_cast<uint32_t>(body2.size() + 1);
  const std::string text = c.write();
  CHECK(text.find(body1) == std::string::npos);
  CHECK(text.find(body2) == std::string::npos);
  const Json doc = Json::parse(text);
  CHECK(doc["findings"][0]["line_text"] == "config " + redact_secret(f.secret));
}

}  // namespace
}  // namespace keysweep

namespace keysweep {

TEST_CASE("json: the per-file cap is in the summary", "[report][finding-cap]") {
  JsonCase c;
  c.summary.max_findings_per_file = 100;
  c.summary.capped = {{"gen/dense.env", "", "generic-password", 2500}, {"gen/x.env", "", "tok", 3}};
  const Json s = Json::parse(c.write())["summary"];
  CHECK(s["max_findings_per_file"] == 100);
  CHECK(s["capped"] == Json::parse(R"([
    {"path": "gen/dense.env", "commit": "", "rule_id": "generic-password", "not_reported": 2500},
    {"path": "gen/x.env", "commit": "", "rule_id": "tok", "not_reported": 3}])"));
  CHECK(s["findings_not_reported"] == 2503);
}

TEST_CASE("json: line_text masks every range the matcher marked", "[report][snippet-masks]") {
  JsonCase c;
  Finding& f = c.findings[0];
  const std::string other = report_test::random_alnum(20, 77);
  f.line_text = "GITHUB_TOKEN=" + c.token + " OTHER=" + other;
  const uint32_t other_at = static_cast<uint32_t>(f.line_text.size() - other.size());
  f.line_masks = {{13, static_cast<uint32_t>(13 + c.token.size())}, {other_at, other_at + 20}};
  Json doc = Json::parse(c.write());
  CHECK(doc["findings"][0]["line_text"] ==
        "GITHUB_TOKEN=" + redact_secret(c.token) + " OTHER=" + redact_secret(other));
  c.options.show_secrets = true;
  doc = Json::parse(c.write());
  CHECK(doc["findings"][0]["line_text"] == f.line_text);
}

}  // namespace keysweep

namespace keysweep {

TEST_CASE("json: the streamed report is byte for byte one dump of the document", "[report]") {
  JsonCase c;
  c.summary.capped = {{"gen/dense.env", "", "generic-password", 2500}};
  const std::string text = c.write();
  CHECK(Json::parse(text).dump(2) + "\n" == text);
  c.findings.clear();
  const std::string empty = c.write();
  CHECK(Json::parse(empty).dump(2) + "\n" == empty);
  CHECK(empty.find("\"findings\": [],\n") != std::string::npos);
}

}  // namespace keysweep

namespace keysweep {

TEST_CASE("json: a history finding carries its commit, blob, author, date and occurrences",
          "[report][history]") {
  JsonCase c;
  report_test::make_history(c.findings[0], 31);
  c.summary.commits = 250;
  c.summary.blobs = 1800;
  const std::string text = c.write();
  CHECK(text.find(c.token) == std::string::npos);
  CHECK(Json::parse(text).dump(2) + "\n" == text);
  const Json doc = Json::parse(text);
  const Json& f = doc["findings"][0];
  const Provenance& p = c.findings[0].provenance;
  CHECK(f["source"] == "history");
  CHECK(f["commit"] == p.commit);
  CHECK(f["commit"].get<std::string>().size() == 40);  // the full id
  CHECK(f["blob"] == p.blob);
  CHECK(f["author"] == "Jane Doe");
  CHECK(f["email"] == "jane@example.com");
  CHECK(f["date"] == "2026-12-02T03:04:05Z");
  CHECK(f["occurrences"] == 3);
  CHECK(f["fingerprint"] == c.findings[0].fingerprint);
  CHECK(f["secret"] == redact_secret(c.token));
  // The dir finding next to it keeps empty history fields.
  CHECK(doc["findings"][1]["commit"] == "");
  CHECK(doc["findings"][1]["occurrences"] == 0);
  CHECK(doc["summary"]["commits"] == 250);
  CHECK(doc["summary"]["blobs"] == 1800);
}

TEST_CASE("json: commit authors with control characters and invalid UTF-8 give valid JSON",
          "[report][history]") {
  JsonCase c;
  report_test::make_history(c.findings[0], 32);
  c.findings[0].provenance.author = report_test::kHostileAuthor;
  c.findings[0].provenance.email = "eve\x1b]0;title\x07@\xC0\x80" "example.com";
  std::string text;
  REQUIRE_NOTHROW(text = c.write());
  // No raw control byte reaches the file: JSON escapes them.
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find('\x07') == std::string::npos);
  CHECK(text.find("\\u001b[2J") != std::string::npos);
  CHECK(Json::parse(text).dump(2) + "\n" == text);
  const Json doc = Json::parse(text);
  const std::string author = doc["findings"][0]["author"];
  const std::string email = doc["findings"][0]["email"];
  // Invalid bytes became U+FFFD; valid text (including the escapes, as characters) is kept.
  CHECK(author.rfind("Eve \x1b[2J\x1b[31mred\x07 \xEF\xBF\xBD", 0) == 0);
  CHECK(author.find("\xE2\x80\xAE" "evil") != std::string::npos);
  CHECK(author.find('\xFF') == std::string::npos);
  CHECK(email.rfind("eve\x1b]0;title\x07@\xEF\xBF\xBD", 0) == 0);
  CHECK(email.find('\xC0') == std::string::npos);
}

TEST_CASE("json: the secret is masked in the history fields too", "[report][history]") {
  JsonCase c;
  report_test::make_history(c.findings[0], 33);
  c.findings[0].provenance.author = "bot " + c.token;
  c.findings[0].provenance.email = c.token + "@example.com";
  std::string text = c.write();
  CHECK(text.find(c.token) == std::string::npos);
  Json doc = Json::parse(text);
  CHECK(doc["findings"][0]["author"] == "bot " + redact_secret(c.token));
  CHECK(doc["findings"][0]["email"] == redact_secret(c.token) + "@example.com");
  c.options.show_secrets = true;
  doc = Json::parse(c.write());
  CHECK(doc["findings"][0]["author"] == "bot " + c.token);
}

}  // namespace keysweep
