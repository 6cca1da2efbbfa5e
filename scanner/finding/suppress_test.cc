// The suppression stage's decisions one mechanism at a time, and their order.
#include "scanner/finding/suppress.h"

#include <catch2/catch.hpp>

#include "scanner/finding/fingerprint.h"
#include "tests/support/test_rules.h"

namespace keysweep {
namespace {

const char* kRules = R"(
[[rule]]
id = "tok"
description = "A token"
regex = '''\b(?P<secret>tk_[A-Za-z0-9]{20})\b'''
keywords = ["tk_"]
examples = ['x']
negative_examples = ['y']
)";

std::shared_ptr<Fingerprinter> fixed_salt(const SecretSalt& salt) {
  return std::make_shared<Fingerprinter>([salt]() -> Result<SecretSalt> { return salt; });
}

std::string hash_of(const std::string& secret, const SecretSalt& salt) {
  Result<std::string> h = secret_hash(secret, salt);
  REQUIRE(h);
  return *h;
}

std::optional<Suppression> s_of(Result<std::optional<Suppression>> r) {
  REQUIRE(r);
  return *r;
}

template <typename T>
std::shared_ptr<const T> ok(Result<T> r) {
  REQUIRE(r);
  return std::make_shared<const T>(std::move(r).value());
}

}  // namespace

TEST_CASE("suppress: text mechanisms in order, counted under the first", "[suppress]") {
  Allowlist allow;
  allow.regexes = {"^tk_ALLOWED"};
  allow.stopwords = {"dummy"};
  auto rules = rules_from(kRules, allow);
  const Suppressor s(*rules, SuppressOptions{});
  CHECK(s.by_text("tk_ALLOWEDxxxxxxxxxxxxx", "k = tk_ALLOWED...", "", 0, "a.py") == Suppression::kAllowRegex);
  CHECK(s.by_text("tk_dummy_000000000000000", "k = ...", "", 0, "a.py") == Suppression::kStopword);
  CHECK(s.by_text("tk_Xq9dummyLp000000000", "k = ...", "", 0, "a.py") == std::nullopt);  // not a whole word
  CHECK(s.by_text("tk_Xq9v7Lp2Rk4mZ8tW3sY", "k = tk_... # keysweep:allow", "", 0, "a.py") == Suppression::kInlineMarker);
  CHECK(s.by_text("tk_Xq9v7Lp2Rk4mZ8tW3sY", "k = tk_...", "# keysweep:allow-next-line", 0, "a.py") ==
        Suppression::kInlineMarker);
  CHECK(s.by_text("tk_Xq9v7Lp2Rk4mZ8tW3sY", "k = tk_...", "# keysweep:allow", 0, "a.py") == std::nullopt);
  CHECK_FALSE(s.matches_fingerprints());
}

TEST_CASE("suppress: fingerprints, salted and old, and the baseline's use marks", "[suppress]") {
  const SecretSalt salt{1, 2, 3};
  const std::string secret = "tk_Xq9v7Lp2Rk4mZ8tW3sYb";
  const std::string other = "tk_Zr8k2Wq5Tn7Jm3Lx9Bv4";
  const std::string fp = hash_of(secret, salt);

  auto baseline = std::make_shared<BaselineFile>();
  baseline->salt = salt;
  add_to_baseline(baseline.get(), fp, "tok", "a.py");
  add_to_baseline(baseline.get(), hash_of("tk_not_in_the_tree_000", salt), "tok", "b.py");
  normalize_baseline(baseline.get());
  SuppressOptions options;
  options.fingerprinter = fixed_salt(salt);
  options.baseline = baseline;
  auto rules = rules_from(kRules);
  const Suppressor s(*rules, std::move(options));
  REQUIRE(s.matches_fingerprints());
  std::string got;
  Result<std::optional<Suppression>> by = s.by_fingerprint(secret, "tok", &got);
  REQUIRE(by);
  CHECK(*by == Suppression::kBaseline);
  CHECK(got == fp);
  got.clear();
  by = s.by_fingerprint(other, "tok", &got);
  REQUIRE(by);
  CHECK(*by == std::nullopt);
  CHECK(got == hash_of(other, salt));  // hashed once: the finding reuses it
  const std::vector<bool> used = s.baseline_used();
  REQUIRE(used.size() == 2);
  CHECK(used[&*find_in_baseline(*baseline, fp) - baseline->entries.data()]);
  CHECK(std::count(used.begin(), used.end(), true) == 1);

  // An old unsalted fingerprint in a report or config, and the salted one.
  SuppressOptions report;
  report.fingerprinter = fixed_salt(salt);
  report.report_fingerprints = {content_fingerprint("tok", other), hash_of(secret, salt)};
  const Suppressor r(*rules, std::move(report));
  CHECK(s_of(r.by_fingerprint(other, "tok", &got)) == Suppression::kFingerprint);
  CHECK(s_of(r.by_fingerprint(secret, "tok", &got)) == Suppression::kFingerprint);
  CHECK(s_of(r.by_fingerprint(other, "another-rule", &got)) == std::nullopt);  // the old one names its rule
}

TEST_CASE("suppress: ignore files by path and fingerprint, peers' files by place", "[suppress]") {
  const SecretSalt salt{9};
  const std::string secret = "tk_Xq9v7Lp2Rk4mZ8tW3sYb";
  SuppressOptions options;
  options.fingerprinter = fixed_salt(salt);
  options.ignore = ok(parse_ignore_file("vendor/\n" + hash_of(secret, salt) + "\n", ".keysweepignore", IgnoreSyntax::kKeysweep));
  options.secretlint = ok(parse_ignore_file("*.gen.js\n", ".secretlintignore", IgnoreSyntax::kGitignoreOnly));
  options.gitleaks = ok(parse_gitleaksignore("app/x.py:some-rule:3\n", ".gitleaksignore"));
  auto rules = rules_from(kRules);
  const Suppressor s(*rules, std::move(options));
  CHECK(s.by_path("vendor/lib/a.py") == Suppression::kIgnoreFile);
  CHECK(s.by_path("src/a.gen.js") == Suppression::kSecretlintIgnore);
  CHECK(s.by_path("src/a.py") == std::nullopt);
  CHECK(s.by_place("", "app/x.py", 3, secret) == Suppression::kGitleaksIgnore);
  CHECK(s.by_place("", "app/x.py", 4, secret) == std::nullopt);
  std::string got;
  CHECK(s_of(s.by_fingerprint(secret, "tok", &got)) == Suppression::kIgnoreFile);
}

}  // namespace keysweep
