#include "scanner/ruleset/regex_newlines.h"

#include <catch2/catch.hpp>

#include <re2/re2.h>

#include <string>

#include "scanner/ruleset/ruleset.h"

namespace keysweep {

TEST_CASE("patterns that cannot match a line break stay on one line", "[ruleset][newlines]") {
  for (const char* re : {
           R"(\b(?P<secret>ghp_[A-Za-z0-9]{36})\b)",
           R"((?i)password[ \t]{0,4}=[ \t]{0,4}(?P<secret>[^\s"']{8,64}))",
           R"(abc.def)",                       // '.' does not match '\n' without the s flag
           R"([^\r\n]{1,100}x)",
           R"((?m)^key=\S+$)",
           R"(a{b)",                           // a '{' that opens no repeat is a literal
           R"([^[:space:]]+)",
           R"([\w.-]{0,40}\{[^}\r\n]{1,128}\})",
       }) {
    INFO(re);
    CHECK(matches_stay_on_one_line(re));
  }
}

TEST_CASE("a one-character tail may take the line break that ends a match", "[ruleset][newlines]") {
  for (const char* re : {
           R"(tok_[a-z]{8}(?:[^a-z0-9_-]|$))",
           R"(tok_[a-z]{8}["'\s])",
           R"(tok_[a-z]{8}(?:\n|$))",
           R"(tok_[a-z]{8}(?P<end>["'\s;,]|$))",
           R"(tok_[a-z]{8}(?:["'\s,}]|/>|$))",  // a longer alternative without a line break
           R"(x[[:^alpha:]])",
       }) {
    INFO(re);
    CHECK(matches_stay_on_one_line(re));
  }
}

TEST_CASE("patterns that may match a line break inside a match do not", "[ruleset][newlines]") {
  for (const char* re : {
           R"(a\nb)", R"(a\sb)", R"(a\Wb)", R"(a\Db)", R"(a\Cb)", R"(a\x0ab)", R"(a\x41b)", R"(a\012b)",
           R"(a\pLb)", R"(a\Qb\E)", "a\nb",
           R"((?s)a.b)", R"((?is:a.b)z)", R"((?-s)a.b)",
           R"([^a]b)", R"(a[\x00-\x7f]b)", R"(a[\t-\r]b)", R"(a[[:space:]]b)", R"(a[[:cntrl:]]b)",
           R"(a[^[:alpha:]]b)",
           R"((?:a|\n)b)",
           R"(a(?:[^x]|$)+)",       // a quantified tail may repeat
           R"(a|b[^c])",             // a top-level alternation: the tail is not last in every match
           R"(a(?:bc\n|$))",         // a tail alternative with the line break before its end
           R"(a(?i:[^x]))",
           R"(x{[^a]}y)",            // literal braces around a class that matches '\n'
           R"(a(b)", R"(a)b)", R"([abc)", R"(a\)",
       }) {
    INFO(re);
    CHECK_FALSE(matches_stay_on_one_line(re));
  }
}

TEST_CASE("no default rule said to stay on one line matches a line break inside an example", "[ruleset][newlines]") {
  auto rules = load_default_rules();
  REQUIRE(rules);
  size_t one_line = 0;
  for (const Rule& r : *rules) {
    if (!matches_stay_on_one_line(r.regex)) continue;
    ++one_line;
    RE2 re(r.regex, rule_re2_options());
    REQUIRE(re.ok());
    for (const RuleExample& ex : r.examples) {
      re2::StringPiece m;
      size_t pos = 0;
      while (pos <= ex.text.size() && re.Match(ex.text, pos, ex.text.size(), RE2::UNANCHORED, &m, 1)) {
        const std::string_view match(m.data(), m.size());
        INFO(r.id << ": " << ex.text);
        CHECK(match.substr(0, match.empty() ? 0 : match.size() - 1).find('\n') == std::string_view::npos);
        pos = static_cast<size_t>(m.data() - ex.text.data()) + std::max<size_t>(m.size(), 1);
      }
    }
  }
  CHECK(one_line >= rules->size() / 2);  // most rules: the matcher's fast path must not vanish unseen
}

}  // namespace keysweep

namespace keysweep {

TEST_CASE("a pattern wraps cleanly when its parentheses balance and it has no \\Q", "[ruleset][newlines]") {
  for (const char* re : {R"(a(b)c)", R"((?i)(?P<secret>[()]{2})\))", R"(a|b)", R"([\]()]x)", R"((?s)a.b)"}) {
    INFO(re);
    CHECK(wraps_cleanly(re));
  }
  for (const char* re : {R"(a)(b)", R"((a)", R"(a\Qb)", R"(a\)", R"([ab)", R"(a))"}) {
    INFO(re);
    CHECK_FALSE(wraps_cleanly(re));
  }
}

}  // namespace keysweep
