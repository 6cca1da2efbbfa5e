#include "scanner/finding/inline_allow.h"

#include <catch2/catch.hpp>

#include <string>

namespace keysweep {
namespace {

InlineAllowOptions options(bool foreign = true) {
  InlineAllowOptions o;
  o.foreign = foreign;
  o.is_rule_id = [](std::string_view id) { return id == "aws-access-key-id" || id == "generic-password-quoted"; };
  return o;
}

bool this_line(std::string_view line, std::string_view rule = "aws-access-key-id", bool foreign = true) {
  return line_allows_rule(line, AllowScope::kThisLine, rule, options(foreign));
}
bool next_line(std::string_view line, std::string_view rule = "aws-access-key-id", bool foreign = true) {
  return line_allows_rule(line, AllowScope::kNextLine, rule, options(foreign));
}

}  // namespace

TEST_CASE("keysweep's own markers", "[inline-allow]") {
  CHECK(this_line("key = 'x'  # keysweep:allow"));
  CHECK(this_line("key = 'x'  // KEYSWEEP:ALLOW test fixture"));  // prose after it: every rule
  CHECK(this_line("<!-- keysweep:allow -->"));
  CHECK_FALSE(this_line("key = 'x'  # keysweep:allowed"));
  CHECK_FALSE(this_line("key = 'x'  # keysweep:allow-list"));
  CHECK_FALSE(this_line("key = 'x'  # keysweep"));
  // The next-line form does not allow its own line, and the plain one not the next.
  CHECK_FALSE(this_line("# keysweep:allow-next-line"));
  CHECK(next_line("# keysweep:allow-next-line"));
  CHECK_FALSE(next_line("key = 'x'  # keysweep:allow"));
}

TEST_CASE("keysweep markers may name the rules they allow", "[inline-allow]") {
  CHECK(this_line("k = 'x'  # keysweep:allow aws-access-key-id", "aws-access-key-id"));
  CHECK_FALSE(this_line("k = 'x'  # keysweep:allow aws-access-key-id", "generic-password-quoted"));
  CHECK(this_line("k = 'x'  # keysweep:allow aws-access-key-id,generic-password-quoted", "generic-password-quoted"));
  CHECK(this_line("k = 'x'  # keysweep:allow generic-password-quoted.", "generic-password-quoted"));
  CHECK_FALSE(this_line("k = 'x'  # keysweep:allow generic-password-quoted.", "aws-access-key-id"));
  // One unknown item: the word is prose, not a list, and every rule is allowed.
  CHECK(this_line("k = 'x'  # keysweep:allow aws-access-key-id,fixture", "generic-password-quoted"));
  CHECK(next_line("# keysweep:allow-next-line generic-password-quoted", "generic-password-quoted"));
  CHECK_FALSE(next_line("# keysweep:allow-next-line generic-password-quoted", "aws-access-key-id"));
  // Two markers: either may allow.
  CHECK(this_line("k # keysweep:allow generic-password-quoted keysweep:allow aws-access-key-id", "aws-access-key-id"));
}

TEST_CASE("other scanners' markers are honoured unless turned off", "[inline-allow]") {
  for (const char* line : {"token = 'x' # gitleaks:allow", "token = 'x' # betterleaks:allow",
                           "token = 'x'  # pragma: allowlist secret", "token = 'x'  # pragma:allowlist   secret",
                           "token = 'x'  # pragma: whitelist secret", "token = 'x' // trufflehog:ignore",
                           "token = 'x' // kingfisher:ignore", "token = 'x' // secretlint-disable-line",
                           "token = 'x' // secretlint-disable-line @secretlint/secretlint-rule-preset-recommend"}) {
    INFO(line);
    CHECK(this_line(line));
    CHECK_FALSE(this_line(line, "aws-access-key-id", /*foreign=*/false));
    CHECK_FALSE(next_line(line));
  }
  for (const char* line : {"# pragma: allowlist nextline secret", "// secretlint-disable-next-line"}) {
    INFO(line);
    CHECK(next_line(line));
    CHECK_FALSE(next_line(line, "aws-access-key-id", /*foreign=*/false));
    CHECK_FALSE(this_line(line));
  }
  CHECK_FALSE(this_line("# pragma: allowlist secrets"));
  CHECK_FALSE(this_line("# pragma: allowlist"));
  CHECK_FALSE(this_line("# gitleaks: allow"));
  CHECK(this_line("x # keysweep:allow", "aws-access-key-id", /*foreign=*/false));  // ours stay on
}

}  // namespace keysweep
