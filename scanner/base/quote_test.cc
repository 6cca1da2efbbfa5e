#include "scanner/base/quote.h"

#include <catch2/catch.hpp>

namespace keysweep {

TEST_CASE("quote_input escapes control bytes, invalid UTF-8 and format characters", "[quote]") {
  CHECK(quote_input("plain text") == "'plain text'");
  CHECK(quote_input("a\x1b[31mred\r\n") == "'a\\x1b[31mred\\x0d\\x0a'");
  CHECK(quote_input(std::string("nul\0byte", 8)) == "'nul\\x00byte'");
  CHECK(quote_input("del\x7f") == "'del\\x7f'");
  CHECK(quote_input("caf\xc3\xa9") == "'caf\xc3\xa9'");             // valid UTF-8 kept
  CHECK(quote_input("bad\xc3") == "'bad\\xc3'");                    // cut sequence
  CHECK(quote_input("bad\xff\xfe") == "'bad\\xff\\xfe'");
  CHECK(quote_input("\xc0\xaf") == "'\\xc0\\xaf'");                // overlong
  CHECK(quote_input("rtl\xe2\x80\xaeoverride") == "'rtl\\u{202E}override'");
  CHECK(quote_input("\xc2\x9b" "c1") == "'\\u{009B}c1'");
}

TEST_CASE("quote_input bounds what it quotes", "[quote]") {
  const std::string long_text(10000, 'a');
  const std::string q = quote_input(long_text);
  CHECK(q == "'" + std::string(kMaxQuotedInput, 'a') + "...'");
  CHECK(quote_input(std::string(1000, '\x1b')).size() <= 4 * kMaxQuotedInput + 5);
  CHECK(escape_input("x\ty", 2) == "x\\x09...");
}

}  // namespace keysweep
