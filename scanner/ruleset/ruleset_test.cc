#include "scanner/ruleset/ruleset.h"

#include <catch2/catch.hpp>

#include <string>

namespace keysweep {

TEST_CASE("a rule regex's anchored form numbers its groups as the pattern does", "[ruleset]") {
  const LazyRegex first_anchored(R"((?i)(?P<name>[a-z_]{0,20}key)\s?=\s?(?P<secret>[A-Za-z0-9]{8,}))");
  const LazyRegex first_plain(R"((?i)(?P<name>[a-z_]{0,20}key)\s?=\s?(?P<secret>[A-Za-z0-9]{8,}))");
  REQUIRE(first_anchored.anchored() != nullptr);
  CHECK(first_anchored.groups(true) == 2);
  CHECK(first_anchored.name_group(true) == 1);
  CHECK(first_anchored.secret_group(true) == 2);
  CHECK(first_plain.groups() == 2);
  CHECK(first_plain.secret_group() == 2);
  // Anchored at a position, it finds what the pattern finds unanchored from there.
  const std::string text = "x = 1; api_key = Zq8wX2vB7n; db_key=Hu7Yt5Rr";
  re2::StringPiece plain[3], wrapped[4];
  for (size_t pos = 0; pos <= text.size(); ++pos) {
    INFO(pos);
    const bool p = first_plain.get().Match(text, pos, text.size(), RE2::UNANCHORED, plain, 3);
    const bool a = first_anchored.anchored()->Match(text, pos, text.size(), RE2::ANCHOR_START, wrapped, 4);
    REQUIRE(p == a);
    for (int i = 0; p && i < 3; ++i) CHECK(plain[i] == wrapped[i + 1]);
  }
}

TEST_CASE("no anchored form for a pattern that does not wrap, or has bytes above 0x7f", "[ruleset]") {
  CHECK(LazyRegex("a)(b").anchored() == nullptr);  // invalid as written; wrapped it would compile
  CHECK(LazyRegex(R"(a\Qb)").anchored() == nullptr);
  // RE2 2022-06 misses "ab\xfe\xfe" searching this unanchored; the anchored form would find it.
  CHECK(LazyRegex("ab\xfe|ab\xfe\xfe").anchored() == nullptr);
  CHECK(LazyRegex("ab|abc").anchored() != nullptr);
}

}  // namespace keysweep
