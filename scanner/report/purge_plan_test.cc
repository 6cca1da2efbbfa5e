#include "scanner/report/purge_plan.h"

#include <catch2/catch.hpp>
#include <re2/re2.h>

#include <sstream>

namespace keysweep {

TEST_CASE("purge plan: literals for one-line secrets, an exact regex for the others", "[sweep]") {
  CHECK(purge_expression("abc123") == "literal:abc123==>***REMOVED***");
  // A secret that looks like a filter-repo prefix or holds the separator stays literal and whole
  // (filter-repo splits at the last "==>").
  CHECK(purge_expression("regex:.*") == "literal:regex:.*==>***REMOVED***");
  CHECK(purge_expression("a==>b") == "literal:a==>b==>***REMOVED***");
  const std::string pem = "-----BEGIN KEY-----\nAb+/=\r\n.*?()[]{}|^$\\\n-----END KEY-----\n";
  const std::string line = purge_expression(pem);
  REQUIRE(line.rfind("regex:", 0) == 0);
  CHECK(line.find('\n') == std::string::npos);
  const std::string pattern = line.substr(6, line.size() - 6 - std::string("==>***REMOVED***").size());
  // The escaped pattern (Python's re reads \n, \r and \xHH the same way) matches exactly the secret.
  RE2 re(pattern);
  REQUIRE(re.ok());
  CHECK(RE2::FullMatch(pem, re));
  CHECK_FALSE(RE2::FullMatch(pem + "x", re));
  CHECK_FALSE(RE2::PartialMatch("-----BEGIN KEY-----\nAbc", re));

  SecretGroup a, b, empty;
  a.secret = "one";
  b.secret = "two";
  std::ostringstream out;
  write_purge_plan(out, {a, empty, b});
  CHECK(out.str() == "literal:one==>***REMOVED***\nliteral:two==>***REMOVED***\n");
}

}  // namespace keysweep
