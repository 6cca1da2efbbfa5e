// The base64_password check: a password stored base64-encoded is judged by its decoded text.
#include <catch2/catch.hpp>

#include <string>

#include "scanner/check/checks.h"

namespace keysweep {
namespace {

// Runs the check on `value` as a whole chunk; returns whether it keeps it and sets `weak`.
bool run(const std::string& value, bool* weak) {
  Candidate c;
  c.chunk = value;
  c.secret_end = value.size();
  const bool keep = find_check("base64_password")(c);
  *weak = (c.flags & kFlagWeak) != 0;
  return keep;
}

}  // namespace

TEST_CASE("base64_password judges the decoded password", "[check][base64_password]") {
  bool weak = false;
  REQUIRE(find_check("base64_password") != nullptr);
  CHECK_FALSE(check_is_soft("base64_password"));
  // base64("0YKMwiOEq1R1uJ"): a random password, kept at the rule's level.
  CHECK(run("MFlLTXdpT0VxMVIxdUo=", &weak));
  CHECK_FALSE(weak);
  // base64("hunter22") and base64("swordfish"): weak passwords in use.
  CHECK(run("aHVudGVyMjI=", &weak));
  CHECK(weak);
  CHECK(run("c3dvcmRmaXNo", &weak));
  CHECK(weak);
  // base64("password"), base64("${NPM_PASSWORD}"): placeholders.
  CHECK_FALSE(run("cGFzc3dvcmQ=", &weak));
  CHECK_FALSE(run("JHtOUE1fUEFTU1dPUkR9", &weak));
  // Not base64 of text: random bytes, or not base64 at all.
  CHECK_FALSE(run("3q2+7wAAAAD/AQID", &weak));
  CHECK_FALSE(run("not base64!", &weak));
}

}  // namespace keysweep
