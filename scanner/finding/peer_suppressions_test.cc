#include "scanner/finding/peer_suppressions.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <thread>
#include <vector>

#include "scanner/base/hash.h"

namespace keysweep {
namespace {

// Made-up commits, paths and secrets throughout; the files are written the way each tool lays
// them out, from the formats' descriptions.
constexpr const char* kCommitA = "3f9c2a7e1b4d5f60718293a4b5c6d7e8f9012345";
constexpr const char* kCommitB = "a0b1c2d3e4f5061728394a5b6c7d8e9f00112233";

const std::string kGitleaksIgnore =
    "# Findings accepted in the March review; see SECURITY.md\n"
    "3f9c2a7e1b4d5f60718293a4b5c6d7e8f9012345:config/dev.env:generic-api-key:12\n"
    "3f9c2a7e1b4d5f60718293a4b5c6d7e8f9012345:docs/setup.md:aws-access-token:48\n"
    "\n"
    "# fixtures, found by a directory scan\n"
    "tests/fixtures/server.pem:private-key:1\n"
    "deploy/k8s:prod/values.yaml:slack-webhook-url:3\n"
    "a0b1c2d3e4f5061728394a5b6c7d8e9f00112233:weird:name:with:colons.txt:jwt:7\n";

std::string crlf(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

GitleaksIgnore gitleaks_ok(std::string_view text) {
  Result<GitleaksIgnore> r = parse_gitleaksignore(text, ".gitleaksignore");
  INFO(r.status().message());
  REQUIRE(r.is_ok());
  return r.value();
}

std::string gitleaks_error(std::string_view text) {
  Result<GitleaksIgnore> r = parse_gitleaksignore(text, ".gitleaksignore");
  REQUIRE_FALSE(r.is_ok());
  const std::string m = r.status().message();
  CHECK(m.rfind("gitleaks ignore file '.gitleaksignore'", 0) == 0);
  CHECK(m.find('\n') == std::string::npos);
  return m;
}

}  // namespace

TEST_CASE("sha1_hex gives the FIPS 180-1 digests", "[peer_suppressions]") {
  CHECK(sha1_hex("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d");
  CHECK(sha1_hex("") == "da39a3ee5e6b4b0d3255bfef95601890afd80709");
}

TEST_CASE("gitleaksignore: a history entry suppresses its path and line in its commit only", "[peer_suppressions]") {
  const GitleaksIgnore ignore = gitleaks_ok(kGitleaksIgnore);
  CHECK(ignore.entries().size() == 5);
  CHECK(ignore.suppresses(kCommitA, "config/dev.env", 12));
  CHECK(ignore.suppresses("3F9C2A7E1B4D5F60718293A4B5C6D7E8F9012345", "config/dev.env", 12));  // case folded
  CHECK_FALSE(ignore.suppresses(kCommitB, "config/dev.env", 12));
  CHECK_FALSE(ignore.suppresses("", "config/dev.env", 12));  // a directory scan: another version
  CHECK_FALSE(ignore.suppresses(kCommitA, "config/dev.env", 13));
  CHECK_FALSE(ignore.suppresses(kCommitA, "config/dev.env.bak", 12));
  CHECK_FALSE(ignore.suppresses("3f9c2a7e", "config/dev.env", 12));  // an abbreviated commit is not one
  const GitleaksIgnoreEntry* e = ignore.find(kCommitA, "docs/setup.md", 48);
  REQUIRE(e != nullptr);
  CHECK(e->rule_id == "aws-access-token");  // kept, not matched: keysweep's rule ids differ
  CHECK(e->commit == kCommitA);
}

TEST_CASE("gitleaksignore: a directory entry suppresses its path and line in every commit", "[peer_suppressions]") {
  const GitleaksIgnore ignore = gitleaks_ok(kGitleaksIgnore);
  CHECK(ignore.suppresses("", "tests/fixtures/server.pem", 1));
  CHECK(ignore.suppresses(kCommitA, "tests/fixtures/server.pem", 1));
  CHECK(ignore.suppresses(kCommitB, "tests/fixtures/server.pem", 1));
  CHECK_FALSE(ignore.suppresses("", "tests/fixtures/server.pem", 2));
  const GitleaksIgnoreEntry* e = ignore.find("", "tests/fixtures/server.pem", 1);
  REQUIRE(e != nullptr);
  CHECK(e->commit.empty());
  CHECK(e->rule_id == "private-key");
}

TEST_CASE("gitleaksignore: paths holding ':' are read from the right", "[peer_suppressions]") {
  const GitleaksIgnore ignore = gitleaks_ok(kGitleaksIgnore);
  CHECK(ignore.suppresses("", "deploy/k8s:prod/values.yaml", 3));
  CHECK(ignore.suppresses(kCommitB, "weird:name:with:colons.txt", 7));
  CHECK_FALSE(ignore.suppresses(kCommitA, "weird:name:with:colons.txt", 7));
  const GitleaksIgnoreEntry* e = ignore.find(kCommitB, "weird:name:with:colons.txt", 7);
  REQUIRE(e != nullptr);
  CHECK(e->rule_id == "jwt");

  // A path that starts with hex digits but not 40 of them and a ':' is all path.
  const GitleaksIgnore short_hex = gitleaks_ok("deadbeef:notes.txt:generic-api-key:2\n");
  REQUIRE(short_hex.entries().size() == 1);
  CHECK(short_hex.entries()[0].commit.empty());
  CHECK(short_hex.entries()[0].path == "deadbeef:notes.txt");
  // 41 hex digits: no ':' after the 40th, so no commit.
  const GitleaksIgnore long_hex = gitleaks_ok("3f9c2a7e1b4d5f60718293a4b5c6d7e8f90123456:a.txt:r:2\n");
  CHECK(long_hex.entries()[0].commit.empty());
  CHECK(long_hex.entries()[0].path == "3f9c2a7e1b4d5f60718293a4b5c6d7e8f90123456:a.txt");
  // A Windows-style path from a directory scan.
  const GitleaksIgnore windows = gitleaks_ok("C:\\work\\app\\.env:generic-api-key:9\n");
  CHECK(windows.suppresses("", "C:\\work\\app\\.env", 9));
}

TEST_CASE("gitleaksignore: CRLF line ends, a BOM, blanks and comments", "[peer_suppressions]") {
  const GitleaksIgnore plain = gitleaks_ok(kGitleaksIgnore);
  CHECK(gitleaks_ok(crlf(kGitleaksIgnore)).entries() == plain.entries());
  CHECK(gitleaks_ok("\xEF\xBB\xBF" + kGitleaksIgnore).entries() == plain.entries());
  CHECK(gitleaks_ok("\xEF\xBB\xBF" + crlf(kGitleaksIgnore)).entries() == plain.entries());

  const GitleaksIgnore spaced =
      gitleaks_ok("  \t# indented comment\n\t\n  tests/a.py:rule:4  \r\nno-newline.txt:rule:5");
  REQUIRE(spaced.entries().size() == 2);
  CHECK(spaced.suppresses("", "tests/a.py", 4));
  CHECK(spaced.suppresses("", "no-newline.txt", 5));

  CHECK(gitleaks_ok("").entries().empty());
  CHECK(gitleaks_ok("# nothing accepted yet\n\n").entries().empty());
  CHECK_FALSE(gitleaks_ok("").suppresses("", "a", 1));
  CHECK_FALSE(GitleaksIgnore().suppresses("", "a", 1));
}

TEST_CASE("gitleaksignore: entries are sorted, duplicates kept, the commit-less one found first",
          "[peer_suppressions]") {
  const std::string text = std::string(kCommitB) + ":a.txt:r1:5\n" + kCommitA + ":a.txt:r2:5\na.txt:r3:5\n" + kCommitA +
                           ":a.txt:r2:5\nb.txt:r:1\n";
  const GitleaksIgnore ignore = gitleaks_ok(text);
  REQUIRE(ignore.entries().size() == 5);
  CHECK(ignore.entries()[0].commit.empty());
  CHECK(ignore.entries()[1].commit == kCommitA);
  CHECK(ignore.entries()[2].commit == kCommitA);
  CHECK(ignore.entries()[3].commit == kCommitB);
  CHECK(ignore.entries()[4].path == "b.txt");
  CHECK(ignore.find(kCommitB, "a.txt", 5)->rule_id == "r3");
  // Without the commit-less entry each commit is found by its own entry.
  const GitleaksIgnore commits = gitleaks_ok(std::string(kCommitB) + ":a.txt:r1:5\n" + kCommitA + ":a.txt:r2:5\n");
  CHECK(commits.find(kCommitA, "a.txt", 5)->rule_id == "r2");
  CHECK(commits.find(kCommitB, "a.txt", 5)->rule_id == "r1");
  CHECK(commits.find("0000000000000000000000000000000000000000", "a.txt", 5) == nullptr);
  CHECK(commits.find("ffffffffffffffffffffffffffffffffffffffff", "a.txt", 5) == nullptr);
  CHECK(commits.find(kCommitA, "a.txt", 4) == nullptr);
  CHECK(commits.find(kCommitA, "a.txt", 6) == nullptr);
}

TEST_CASE("gitleaksignore: malformed lines are refused, naming the line, not quoting it", "[peer_suppressions]") {
  using Catch::Matchers::Contains;
  const std::string form = "is not <path>:<rule-id>:<line> or <commit>:<path>:<rule-id>:<line>";
  CHECK_THAT(gitleaks_error("# ok\nsecret-looking-text\n"), Contains("line 2: " + form));
  CHECK_THAT(gitleaks_error("a.txt:5\n"), Contains("line 1: " + form));
  CHECK_THAT(gitleaks_error(":5\n"), Contains("line 1: " + form));
  const std::string number = "the line number (the last ':' field) is not a decimal number from 1 to 4294967295";
  for (const char* bad : {"a.txt:r:", "a.txt:r:0", "a.txt:r:-1", "a.txt:r:+1", "a.txt:r:12x", "a.txt:r:1 2",
                          "a.txt:r:4294967296", "a.txt:r:99999999999999999999999"}) {
    INFO(bad);
    CHECK_THAT(gitleaks_error(bad), Contains("line 1: " + number));
  }
  CHECK(gitleaks_ok("a.txt:r:4294967295").entries()[0].line == 4294967295u);
  CHECK(gitleaks_ok("a.txt:r:007").entries()[0].line == 7);
  CHECK_THAT(gitleaks_error("a.txt::5\n"), Contains("line 1: the rule id (the field before the line number) is empty"));
  CHECK_THAT(gitleaks_error(":r:5\n"), Contains("line 1: the path is empty"));
  CHECK_THAT(gitleaks_error(std::string(kCommitA) + "::r:5\n"), Contains("line 1: the path is empty"));
  CHECK_THAT(gitleaks_error(std::string("a.txt:r:5\nb\0.txt:r:5\n", 22)), Contains("line 2 holds a NUL byte"));

  const std::string message = gitleaks_error("ok.txt:r:1\nghp_notARealTokenJustText:rule:x\n");
  CHECK_THAT(message, Contains("line 2:"));
  CHECK(message.find("ghp_notARealTokenJustText") == std::string::npos);
}

TEST_CASE("gitleaksignore: lines of at most 16 KiB, at most 1,000,000 entries", "[peer_suppressions]") {
  const std::string suffix = ":r:1";
  const std::string longest = std::string(kMaxGitleaksIgnoreLineBytes - suffix.size(), 'p') + suffix;
  CHECK(gitleaks_ok(longest + "\n").entries().size() == 1);
  CHECK(gitleaks_ok(longest + "\r\n").entries().size() == 1);  // the CR is not counted
  CHECK_THAT(gitleaks_error("a:r:1\n# fine\np" + longest + "\n"),
             Catch::Matchers::Contains("line 3 is longer than 16384 bytes"));

  std::string many;
  many.reserve(6 * (kMaxPeerSuppressionEntries + 1));
  for (size_t i = 0; i < kMaxPeerSuppressionEntries; ++i) many += "a:r:1\n";
  CHECK(gitleaks_ok(many).entries().size() == kMaxPeerSuppressionEntries);
  many += "# a comment is not an entry\n";
  CHECK(gitleaks_ok(many).entries().size() == kMaxPeerSuppressionEntries);
  many += "a:r:1\n";
  CHECK_THAT(gitleaks_error(many), Catch::Matchers::Contains("has more than 1000000 entries"));
}

// --- detect-secrets ------------------------------------------------------------------------

namespace {

// sha1 of the made-up secrets below: not-a-real-pass-4411, AKIAEXAMPLEEXAMPLE00,
// dGhpcyBpcyBub3QgYSBrZXkgYXQgYWxs, s3cr3t-hunter-99.
const std::string kSecretsBaseline = R"({
  "version": "1.4.0",
  "plugins_used": [
    {
      "name": "KeywordPlugin"
    },
    {
      "name": "HighEntropyBase64",
      "limit": 4.5
    }
  ],
  "filters_used": [
    {
      "path": "filters.heuristic.is_likely_id_string"
    }
  ],
  "results": {
    "app/settings.py": [
      {
        "type": "Secret Keyword",
        "filename": "app/settings.py",
        "hashed_secret": "c76df02b16f03f01a26ce11030d7db4495686623",
        "is_verified": false,
        "line_number": 14
      },
      {
        "type": "AWS Access Key",
        "filename": "app/settings.py",
        "hashed_secret": "cd2d6010258a5512c89539938a95b90fb01bdff2",
        "is_verified": false,
        "line_number": 22,
        "is_secret": true
      }
    ],
    "deploy/k8s:prod/values.yaml": [
      {
        "type": "Base64 High Entropy String",
        "filename": "deploy/k8s:prod/values.yaml",
        "hashed_secret": "534dffba6d298674f369d7da72c9e617d06807b3",
        "is_verified": false,
        "line_number": 3,
        "is_secret": false
      }
    ],
    "legacy/old.cfg": [
      {
        "type": "Secret Keyword",
        "filename": "legacy/old.cfg",
        "hashed_secret": "6338A348443F2145354EFF4E9823559B3499F76C",
        "is_verified": false
      }
    ]
  },
  "generated_at": "2026-01-15T09:30:00Z"
}
)";

DetectSecretsBaseline baseline_ok(std::string_view text) {
  Result<DetectSecretsBaseline> r = parse_detect_secrets_baseline(text, ".secrets.baseline");
  INFO(r.status().message());
  REQUIRE(r.is_ok());
  return r.value();
}

std::string baseline_error(std::string_view text) {
  Result<DetectSecretsBaseline> r = parse_detect_secrets_baseline(text, ".secrets.baseline");
  REQUIRE_FALSE(r.is_ok());
  const std::string m = r.status().message();
  CHECK(m.rfind("detect-secrets baseline '.secrets.baseline'", 0) == 0);
  CHECK(m.find('\n') == std::string::npos);
  return m;
}

// A baseline with one file "a.py" whose entries are `items` (a JSON array's elements).
std::string one_file(const std::string& items) {
  return R"({"version": "1.4.0", "results": {"a.py": [)" + items + "]}}";
}

const std::string kHash = "c76df02b16f03f01a26ce11030d7db4495686623";

}  // namespace

TEST_CASE("detect-secrets: the secret's SHA-1 in the same file suppresses, on any line", "[peer_suppressions]") {
  const DetectSecretsBaseline baseline = baseline_ok(kSecretsBaseline);
  REQUIRE(baseline.entries().size() == 4);
  std::optional<DetectSecretsMatch> m = baseline.find("app/settings.py", 99, "not-a-real-pass-4411");
  REQUIRE(m.has_value());
  CHECK(m->by_hash);
  CHECK_FALSE(m->is_secret);
  CHECK(m->entry->type == "Secret Keyword");
  CHECK(m->entry->line_number == 14);
  CHECK(baseline.suppresses("app/settings.py", 14, "not-a-real-pass-4411"));
  CHECK_FALSE(baseline.suppresses("app/other.py", 14, "not-a-real-pass-4411"));  // another file
  CHECK_FALSE(baseline.suppresses("app/settings.py", 15, "another-secret"));
  // An entry without a line_number matches by hash only; the hash was written in upper case.
  CHECK(baseline.suppresses("legacy/old.cfg", 1, "s3cr3t-hunter-99"));
  CHECK_FALSE(baseline.suppresses("legacy/old.cfg", 1, "s3cr3t-hunter-98"));
  CHECK_FALSE(baseline.suppresses("legacy/old.cfg", 0, "x"));
}

TEST_CASE("detect-secrets: the same line in the same file suppresses whatever the secret", "[peer_suppressions]") {
  const DetectSecretsBaseline baseline = baseline_ok(kSecretsBaseline);
  // keysweep captured the value with its quotes; detect-secrets hashed it without them.
  std::optional<DetectSecretsMatch> m = baseline.find("app/settings.py", 14, "\"not-a-real-pass-4411\"");
  REQUIRE(m.has_value());
  CHECK_FALSE(m->by_hash);
  CHECK(m->entry->line_number == 14);
  CHECK(baseline.suppresses("deploy/k8s:prod/values.yaml", 3, "anything"));  // a ':' in the key
  CHECK_FALSE(baseline.suppresses("deploy/k8s:prod/values.yaml", 4, "anything"));
  CHECK_FALSE(baseline.suppresses("app/settings.py", 0, "anything"));
}

TEST_CASE("detect-secrets: an audited real secret is accepted too, and says so", "[peer_suppressions]") {
  const DetectSecretsBaseline baseline = baseline_ok(kSecretsBaseline);
  std::optional<DetectSecretsMatch> real = baseline.find("app/settings.py", 22, "AKIAEXAMPLEEXAMPLE00");
  REQUIRE(real.has_value());
  CHECK(real->by_hash);
  CHECK(real->is_secret);
  CHECK(real->entry->type == "AWS Access Key");
  std::optional<DetectSecretsMatch> by_line = baseline.find("app/settings.py", 22, "AKIA-captured-otherwise");
  REQUIRE(by_line.has_value());
  CHECK_FALSE(by_line->by_hash);
  CHECK(by_line->is_secret);
  std::optional<DetectSecretsMatch> false_positive = baseline.find("deploy/k8s:prod/values.yaml", 3, "x");
  REQUIRE(false_positive.has_value());
  CHECK_FALSE(false_positive->is_secret);  // audited: "is_secret": false
}

TEST_CASE("detect-secrets: a hash match is preferred to a line match", "[peer_suppressions]") {
  const DetectSecretsBaseline baseline = baseline_ok(one_file(
      R"({"hashed_secret": "0000000000000000000000000000000000000000", "line_number": 5, "is_secret": true},
         {"hashed_secret": ")" +
      kHash + R"(", "line_number": 9})"));
  std::optional<DetectSecretsMatch> m = baseline.find("a.py", 5, "not-a-real-pass-4411");
  REQUIRE(m.has_value());
  CHECK(m->by_hash);
  CHECK_FALSE(m->is_secret);
  CHECK(m->entry->line_number == 9);
}

TEST_CASE("detect-secrets: CRLF line ends, a BOM, unknown keys, empty results", "[peer_suppressions]") {
  const DetectSecretsBaseline plain = baseline_ok(kSecretsBaseline);
  CHECK(baseline_ok(crlf(kSecretsBaseline)).entries() == plain.entries());
  CHECK(baseline_ok("\xEF\xBB\xBF" + kSecretsBaseline).entries() == plain.entries());
  CHECK(baseline_ok("\xEF\xBB\xBF" + crlf(kSecretsBaseline)).entries() == plain.entries());

  const DetectSecretsBaseline extra =
      baseline_ok(R"({"results": {"a.py": [{"hashed_secret": ")" + kHash +
                  R"(", "line_number": 3, "custom_plugin_field": {"x": [1, 2]}, "is_secret": null, "type": null}]},
          "a_later_key": true, "exclude": {"files": null}})");
  REQUIRE(extra.entries().size() == 1);
  CHECK(extra.entries()[0].type.empty());
  CHECK_FALSE(extra.entries()[0].is_secret);
  CHECK(extra.suppresses("a.py", 3, "x"));

  CHECK(baseline_ok(R"({"version": "1.4.0", "results": {}})").entries().empty());
  CHECK(baseline_ok(R"({"results": {"a.py": []}})").entries().empty());
  CHECK_FALSE(baseline_ok(R"({"results": {}})").suppresses("a.py", 1, "x"));
  CHECK_FALSE(DetectSecretsBaseline().suppresses("a.py", 1, "x"));
}

TEST_CASE("detect-secrets: what is not a baseline is refused, naming the place", "[peer_suppressions]") {
  using Catch::Matchers::Contains;
  CHECK_THAT(baseline_error(""), Contains("is empty"));
  CHECK_THAT(baseline_error("\xEF\xBB\xBF \r\n"), Contains("is empty"));
  const std::string syntax = baseline_error("{\n  \"results\": {\"a.py\": [{\"hashed_secret\": hunter2-secret}]}\n}");
  CHECK_THAT(syntax, Contains("is not JSON (a syntax error at line 2, column"));
  CHECK(syntax.find("hunter2") == std::string::npos);
  CHECK_THAT(baseline_error("[]"), Contains("is an array, not a JSON object"));
  CHECK_THAT(baseline_error("\"results\""), Contains("is a string, not a JSON object"));
  CHECK_THAT(baseline_error(R"({"keysweep_baseline":1,"entries":[]})"), Contains("has no \"results\" object"));
  CHECK_THAT(baseline_error(R"({"results": []})"), Contains(": results is an array, not an object"));
  CHECK_THAT(baseline_error(R"({"results": {"a.py": {}}})"),
             Contains(": results[\"a.py\"] is an object, not an array"));
  CHECK_THAT(baseline_error(one_file("1")), Contains(": results[\"a.py\"][0] is a number, not an object"));
  CHECK_THAT(baseline_error(one_file(R"({"hashed_secret": ")" + kHash + R"("}, {"line_number": 2})")),
             Contains(": results[\"a.py\"][1] has no hashed_secret"));
  CHECK_THAT(baseline_error(one_file(R"({"hashed_secret": 12})")),
             Contains("results[\"a.py\"][0].hashed_secret is a number, not a string"));
  CHECK_THAT(baseline_error(one_file(R"({"hashed_secret": null})")),
             Contains("results[\"a.py\"][0].hashed_secret is null, not a string"));
  const std::string short_hash =
      baseline_error(one_file(R"({"hashed_secret": "c76df02b16f03f01a26ce11030d7db449568662"})"));
  CHECK_THAT(short_hash, Contains("results[\"a.py\"][0].hashed_secret is not 40 hex digits (a SHA-1)"));
  CHECK(short_hash.find("c76df02b") == std::string::npos);
  CHECK_THAT(baseline_error(one_file(R"({"hashed_secret": "plaintext-password-not-a-hash-0123456789"})")),
             Contains("hashed_secret is not 40 hex digits"));

  for (const char* bad : {"0", "-1", "1.5", "3.0", "\"3\"", "true", "4294967296", "1e2", "[]"}) {
    INFO(bad);
    CHECK_THAT(baseline_error(one_file(R"({"hashed_secret": ")" + kHash + R"(", "line_number": )" + bad + "}")),
               Contains(": results[\"a.py\"][0].line_number is not a positive integer"));
  }
  CHECK(baseline_ok(one_file(R"({"hashed_secret": ")" + kHash + R"(", "line_number": 4294967295})"))
            .entries()[0]
            .line_number == 4294967295u);
  CHECK(
      baseline_ok(one_file(R"({"hashed_secret": ")" + kHash + R"(", "line_number": null})")).entries()[0].line_number ==
      0);

  CHECK_THAT(baseline_error(one_file(R"({"hashed_secret": ")" + kHash + R"(", "filename": "b.py"})")),
             Contains("results[\"a.py\"][0].filename is not the file name it is listed under"));
  CHECK_THAT(baseline_error(one_file(R"({"hashed_secret": ")" + kHash + R"(", "filename": 7})")),
             Contains("results[\"a.py\"][0].filename is a number, not a string"));
  CHECK_THAT(baseline_error(one_file(R"({"hashed_secret": ")" + kHash + R"(", "type": ["x"]})")),
             Contains("results[\"a.py\"][0].type is an array, not a string"));
  CHECK_THAT(baseline_error(one_file(R"({"hashed_secret": ")" + kHash + R"(", "is_verified": "no"})")),
             Contains("results[\"a.py\"][0].is_verified is a string, not true or false"));
  CHECK_THAT(baseline_error(one_file(R"({"hashed_secret": ")" + kHash + R"(", "is_secret": 1})")),
             Contains("results[\"a.py\"][0].is_secret is a number, not true or false"));
}

TEST_CASE("detect-secrets: a hostile file name stays on one line in the message", "[peer_suppressions]") {
  const std::string m = baseline_error(R"({"results": {"evil\n\u001b[2Jname.py": 5}})");
  CHECK_THAT(m, Catch::Matchers::Contains("results[\"evil\\x0a\\x1b[2Jname.py\"] is a number, not an array"));
  const std::string long_name(5000, 'n');
  CHECK(baseline_error(R"({"results": {")" + long_name + R"(": 5}})").size() < 400);
}

TEST_CASE("peer suppressions: the other tool's file is refused by each reader", "[peer_suppressions]") {
  CHECK_THAT(gitleaks_error(kSecretsBaseline), Catch::Matchers::Contains("line 1: is not <path>:<rule-id>:<line>"));
  CHECK_THAT(baseline_error(kGitleaksIgnore),
             Catch::Matchers::Contains("is not JSON (a syntax error at line 1, column"));
}

TEST_CASE("peer suppressions: lookups from many threads at once agree", "[peer_suppressions]") {
  const GitleaksIgnore ignore = gitleaks_ok(kGitleaksIgnore);
  const DetectSecretsBaseline baseline = baseline_ok(kSecretsBaseline);
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        if (!ignore.suppresses(kCommitA, "config/dev.env", 12) || ignore.suppresses(kCommitB, "config/dev.env", 12) ||
            !baseline.suppresses("app/settings.py", 1, "not-a-real-pass-4411") ||
            baseline.suppresses("app/settings.py", 1, "other")) {
          ++wrong;
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  CHECK(wrong.load() == 0);
}

}  // namespace keysweep
