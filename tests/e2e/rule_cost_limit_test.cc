// A user rule with thousands of alternatives used to be accepted and then cost about 6 s per
// megabyte scanned (RE2's lazily built DFA; measured in doc/rules.md), a minute on every run of
// a modest tree. It is now refused up front, with exit 2 and a message naming the rule and
// the limit, by both `dir --config` and `rules check`.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "tests/e2e/run_command.h"
#include "tests/support/fake_secrets.h"
#include "tests/support/temp_dir.h"

namespace keysweep {
namespace {

std::string word_list_rule(size_t words) {
  std::string alts;
  for (size_t i = 0; i < words; ++i) {
    if (i) alts += '|';
    alts += fake_chars(1000 + i, 8, "abcdefghijklmnopqrstuvwxyz");
  }
  return "[[rule]]\nid = \"many-names\"\ndescription = \"A long word list\"\nregex = '''(?:" + alts +
         ")=(?P<secret>[A-Za-z0-9]{20,40})'''\n";
}

}  // namespace

TEST_CASE("regression: a user rule with 5,000 alternatives is refused instead of scanning for minutes",
          "[e2e][config][limits]") {
  TempDir t;
  // Varied text: the kind that makes each new DFA state expensive.
  std::string text;
  for (size_t i = 0; i < 20000; ++i) text += fake_chars(i, 7, "abcdefghijklmnopqrstuvwxyz") + " ";
  t.write("scan/words.txt", text);
  const std::string cfg = t.write("ks.toml", word_list_rule(5000));
  // The timeout only catches a hang; the old code took seconds here, the new one refuses at once.
  CommandResult dir = run_command({"timeout", "300", KEYSWEEP_BINARY, "dir", t.path() + "/scan", "--config", cfg});
  CHECK(dir.exit_code == 2);
  CHECK(dir.err_text.find("rule 'many-names'") != std::string::npos);
  CHECK(dir.err_text.find("4999 alternatives ('|'), over the limit of 256") != std::string::npos);
  CHECK(std::count(dir.err_text.begin(), dir.err_text.end(), '\n') == 1);
  CommandResult check = run_command({"timeout", "300", KEYSWEEP_BINARY, "rules", "check", cfg});
  CHECK(check.exit_code == 2);
  CHECK(check.err_text == dir.err_text);
}

TEST_CASE("a word list within the limit is accepted and matches", "[e2e][config][limits]") {
  TempDir t;
  const std::string first = fake_chars(1000, 8, "abcdefghijklmnopqrstuvwxyz");
  t.write("scan/a.env", first + "=" + fake_chars(77, 32) + "\n");
  const std::string cfg = t.write("ks.toml", word_list_rule(257));  // 256 bars
  CommandResult dir = run_command({"timeout", "300", KEYSWEEP_BINARY, "dir", t.path() + "/scan", "--config", cfg});
  INFO(dir.err_text);
  CHECK(dir.exit_code == 1);
  CHECK(dir.out_text.find("many-names") != std::string::npos);
}

TEST_CASE("a regex that compiles to too many RE2 instructions is refused", "[e2e][config][limits]") {
  TempDir t;
  t.write("scan/a.txt", "nothing\n");
  std::string rx = "x";
  for (int i = 0; i < 30; ++i) rx += "[a-z]{1000}";
  const std::string cfg =
      t.write("ks.toml", "[[rule]]\nid = \"huge\"\ndescription = \"Huge\"\nregex = '''" + rx + "'''\n");
  CommandResult dir = run_command({"timeout", "300", KEYSWEEP_BINARY, "dir", t.path() + "/scan", "--config", cfg});
  CHECK(dir.exit_code == 2);
  CHECK(dir.err_text.find("RE2 instructions, over the limit of 20000") != std::string::npos);
}

}  // namespace keysweep
