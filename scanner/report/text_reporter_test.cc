#include "scanner/report/text_reporter.h"

#include <catch2/catch.hpp>

#include "scanner/finding/redact.h"
#include "scanner/report/report_test_data.h"

namespace keysweep {
namespace {

using report_test::github_token;
using report_test::make_finding;
using report_test::render;
using report_test::sample_rules;

struct TextCase {
  std::string token = github_token(21);
  std::vector<Finding> findings;
  ScanSummary summary;
  ReportOptions options;

  TextCase() {
    findings = {
        make_finding("github-pat-classic", "GitHub personal access token (classic)",
                     Severity::kHigh, "deploy/app.env", 3, "GITHUB_TOKEN=", token),
        make_finding("generic-password", "Password assigned in code", Severity::kMedium,
                     "deploy/app.env", 9, "PASSWORD=", report_test::random_alnum(20, 22)),
        make_finding("github-pat-classic", "GitHub personal access token (classic)",
                     Severity::kHigh, "src/main.py", 1, "t = '", github_token(23), "'"),
    };
    summary.files_scanned = 12;
    summary.bytes_scanned = 34567;
    summary.seconds = 0.25;
  }

  std::string write() {
    TextReporter reporter;
    return render(reporter, sample_rules(), findings, summary, options);
  }
};

size_t count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST_CASE("text: findings grouped under one header per file", "[report]") {
  TextCase c;
  const std::string text = c.write();
  CHECK(count(text, "deploy/app.env\n") == 1);
  CHECK(count(text, "src/main.py\n") == 1);
  CHECK(text.find("  3:14  github-pat-classic  high  GitHub personal access token (classic)\n") !=
        std::string::npos);
  CHECK(text.find("  9:10  generic-password  medium  Password assigned in code\n") !=
        std::string::npos);
  CHECK(text.find("3 findings in 2 files.\n") != std::string::npos);
  CHECK(text.find("Scanned 12 files (33.8 KiB) in 0.25 s.\n") != std::string::npos);
  CHECK(text.find("INCOMPLETE") == std::string::npos);
}

TEST_CASE("text: secrets redacted by default, shown on request", "[report]") {
  TextCase c;
  std::string text = c.write();
  for (const Finding& f : c.findings) CHECK(text.find(f.secret) == std::string::npos);
  CHECK(text.find("      secret: " + redact_secret(c.token) + "\n") != std::string::npos);
  CHECK(text.find("      line:   GITHUB_TOKEN=" + redact_secret(c.token) + "\n") !=
        std::string::npos);

  c.options.show_secrets = true;
  text = c.write();
  for (const Finding& f : c.findings) CHECK(text.find(f.secret) != std::string::npos);
}

TEST_CASE("text: colour only when asked", "[report]") {
  TextCase c;
  CHECK(c.write().find('\x1b') == std::string::npos);
  c.options.color = true;
  const std::string text = c.write();
  CHECK(text.find("\x1b[") != std::string::npos);
  CHECK(text.find(c.token) == std::string::npos);
}

TEST_CASE("text: zero findings are stated", "[report]") {
  TextCase c;
  c.findings.clear();
  const std::string text = c.write();
  CHECK(text.rfind("No findings.\n", 0) == 0);
}

TEST_CASE("text: skipped files are counted per reason and listed", "[report]") {
  TextCase c;
  c.summary.skipped = {{"big.bin", "too-large", "12 MiB over the 10 MiB limit"},
                       {"img/a.png", "binary", "NUL byte in the first 8000 bytes"},
                       {"img/b.png", "binary", "NUL byte in the first 8000 bytes"}};
  const std::string text = c.write();
  CHECK(text.find("Skipped 3 files (binary: 2, too-large: 1):\n") != std::string::npos);
  CHECK(text.find("  big.bin  too-large: 12 MiB over the 10 MiB limit\n") != std::string::npos);
  CHECK(text.find("  img/a.png  binary: NUL byte in the first 8000 bytes\n") != std::string::npos);
  CHECK(text.find("  img/b.png  binary") != std::string::npos);
}

TEST_CASE("text: an incomplete scan says so and lists every error", "[report]") {
  TextCase c;
  c.summary.errors = {"reading a.py: Permission denied", "reading b.py: Input/output error"};
  std::string text = c.write();
  CHECK(text.find("INCOMPLETE: 2 errors") != std::string::npos);
  CHECK(text.find("  reading a.py: Permission denied\n") != std::string::npos);
  CHECK(text.find("  reading b.py: Input/output error\n") != std::string::npos);
  c.findings.clear();
  text = c.write();
  CHECK(text.find("No findings.") != std::string::npos);
  CHECK(text.find("INCOMPLETE: 2 errors") != std::string::npos);
}

TEST_CASE("text: long lines are trimmed around the secret", "[report]") {
  TextCase c;
  const std::string left(5000, 'a');
  const std::string right(5000, 'b');
  c.findings = {make_finding("github-pat-classic", "GitHub personal access token (classic)",
                             Severity::kHigh, "min.js", 1, left, c.token, right)};
  const std::string text = c.write();
  const size_t start = text.find("      line:   ");
  REQUIRE(start != std::string::npos);
  const std::string line = text.substr(start, text.find('\n', start) - start);
  CHECK(line.size() <= 14 + TextReporter::kExcerptWidth + redact_secret(c.token).size() + 6);
  CHECK(line.rfind("      line:   ...aaa", 0) == 0);
  CHECK(line.find(std::string(10, 'a') + redact_secret(c.token) + std::string(10, 'b')) !=
        std::string::npos);
  CHECK(line.substr(line.size() - 3) == "...");
}

TEST_CASE("text: a line already cut by the matcher is marked", "[report]") {
  TextCase c;
  c.findings.resize(1);
  Finding& f = c.findings[0];
  f.line_text = "ext = 1; GITHUB_TOKEN=" + c.token + ";";
  f.column = 500;  // the line started long before the window the matcher kept
  f.end_column = 540;
  const std::string text = c.write();
  CHECK(text.find("      line:   ...ext = 1; GITHUB_TOKEN=" + redact_secret(c.token) + ";\n") !=
        std::string::npos);
  CHECK(text.find(c.token) == std::string::npos);
}

TEST_CASE("text: terminal control sequences from files are escaped", "[report]") {
  TextCase c;
  c.findings = {make_finding("github-pat-classic", "GitHub personal access token (classic)",
                             Severity::kHigh, "evil\x1b[2Jname\xE2\x80\xAE.txt", 1,
                             "x=\x1b]0;title\x07", c.token, "\r\xC2\x9B")};
  c.summary.errors = {"reading \x1b[31mx: denied"};
  const std::string text = c.write();
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find('\x07') == std::string::npos);
  CHECK(text.find('\r') == std::string::npos);
  CHECK(text.find("evil\\x1b[2Jname\\u{202E}.txt\n") != std::string::npos);
  CHECK(text.find("\\u{009B}") != std::string::npos);
}

TEST_CASE("text: same input gives the same bytes", "[report]") {
  TextCase a;
  TextCase b;
  CHECK(a.write() == b.write());
}

TEST_CASE("text: human_bytes", "[report]") {
  CHECK(TextReporter::human_bytes(0) == "0 B");
  CHECK(TextReporter::human_bytes(1023) == "1023 B");
  CHECK(TextReporter::human_bytes(1024) == "1.0 KiB");
  CHECK(TextReporter::human_bytes(34567) == "33.8 KiB");
  CHECK(TextReporter::human_bytes(5u * 1024 * 1024 + 1) == "5.0 MiB");
}

}  // namespace
}  // namespace keysweep

namespace keysweep {

TEST_CASE("text: the per-file cap is stated with what it left out", "[report][finding-cap]") {
  TextCase c;
  c.summary.max_findings_per_file = 100;
  c.summary.capped = {{"gen/dense.env", "", "generic-password", 2500},
                      {"old.env", "3f2a", "github-pat-classic", 1}};
  const std::string text = c.write();
  CHECK(text.find("Capped: 2501 more findings not shown (at most 100 per rule per file; "
                  "--max-findings-per-file 0 shows all):\n"
                  "  gen/dense.env  generic-password: 2500 more\n"
                  "  old.env (commit 3f2a)  github-pat-classic: 1 more\n") != std::string::npos);
  c.summary.capped.clear();
  CHECK(c.write().find("Capped") == std::string::npos);
}

TEST_CASE("text: the line masks every range the matcher marked", "[report][snippet-masks]") {
  TextCase c;
  Finding& f = c.findings[0];
  const std::string other = report_test::random_alnum(20, 78);
  f.line_text = "OTHER=" + other + " GITHUB_TOKEN=" + c.token;
  f.column = static_cast<uint32_t>(f.line_text.size() - c.token.size() + 1);
  f.line_masks = {{6, 26}, {f.column - 1, static_cast<uint32_t>(f.line_text.size())}};
  const std::string text = c.write();
  CHECK(text.find("      line:   OTHER=" + redact_secret(other) + " GITHUB_TOKEN=" + redact_secret(c.token) +
                  "\n") != std::string::npos);
  CHECK(text.find(other) == std::string::npos);
}

}  // namespace keysweep

namespace keysweep {

TEST_CASE("text: a history finding shows its commit, author, date and other places", "[report][history]") {
  TextCase c;
  report_test::make_history(c.findings[0], 51);
  c.summary.commits = 250;
  c.summary.blobs = 1800;
  const std::string text = c.write();
  const std::string mask = redact_secret(c.token);
  CHECK(text.find("  3:14  github-pat-classic  high  GitHub personal access token (classic)\n"
                  "      secret: " + mask + "\n"
                  "      line:   GITHUB_TOKEN=" + mask + "\n"
                  "      commit: " + c.findings[0].provenance.commit + "\n"
                  "      author: Jane Doe <jane@example.com>\n"
                  "      date:   2026-12-02T03:04:05Z\n"
                  "      also in 2 other places (the same blob)\n"
                  "  9:10  generic-password") != std::string::npos);
  CHECK(text.find(c.token) == std::string::npos);
  CHECK(text.find("Scanned 250 commits, 1800 blobs (33.8 KiB) in 0.25 s.\n") != std::string::npos);
  CHECK(count(text, "author:") == 1);  // the dir findings show none of it

  c.findings[0].provenance.occurrences = 2;
  CHECK(c.write().find("      also in 1 other place (the same blob)\n") != std::string::npos);
  c.findings[0].provenance.occurrences = 1;  // only here: nothing to add
  CHECK(c.write().find("also in") == std::string::npos);
  c.findings[0].provenance.author.clear();
  CHECK(c.write().find("      author: <jane@example.com>\n") != std::string::npos);
  c.summary.commits = 1;
  c.summary.blobs = 1;
  CHECK(c.write().find("Scanned 1 commit, 1 blob (33.8 KiB) in 0.25 s.\n") != std::string::npos);
}

TEST_CASE("text: control characters in commit authors are escaped", "[report][history]") {
  TextCase c;
  report_test::make_history(c.findings[0], 52);
  c.findings[0].provenance.author = report_test::kHostileAuthor;
  c.findings[0].provenance.email = "eve\x1b]0;t\x07@\xC0\x80" "example.com";
  const std::string text = c.write();
  CHECK(text.find("      author: Eve \\x1b[2J\\x1b[31mred\\x07 \\xff\\xfe caf\\xe9 \\u{202E}evil "
                  "\\u{009B}2J <eve\\x1b]0;t\\x07@\\xc0\\x80example.com>\n") != std::string::npos);
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find('\x07') == std::string::npos);
  CHECK(text.find("\xE2\x80\xAE") == std::string::npos);
}

TEST_CASE("text: the secret is masked in the author line too", "[report][history]") {
  TextCase c;
  report_test::make_history(c.findings[0], 53);
  c.findings[0].provenance.author = "bot " + c.token;
  const std::string text = c.write();
  CHECK(text.find(c.token) == std::string::npos);
  CHECK(text.find("      author: bot " + redact_secret(c.token) + " <jane@example.com>\n") !=
        std::string::npos);
}

}  // namespace keysweep

namespace keysweep {

TEST_CASE("text: blobs known clean from a history cache are counted", "[report][history][cache]") {
  TextCase c;
  c.summary.commits = 12;
  c.summary.blobs = 40;
  CHECK(c.write().find("known clean") == std::string::npos);
  c.summary.files_scanned = 41;  // one blob read twice (a later copy)
  c.summary.cache_hits = 38;
  CHECK(c.write().find("Scanned 12 commits, 40 blobs (33.8 KiB) in 0.25 s.\n"
                       "38 of 41 blob reads skipped: known clean from the cache (--cache).\n") != std::string::npos);
  c.summary.files_scanned = 1;
  c.summary.cache_hits = 1;
  CHECK(c.write().find("\n1 of 1 blob read skipped: known clean from the cache (--cache).\n") != std::string::npos);
}

}  // namespace keysweep
