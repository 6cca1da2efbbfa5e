#include "scanner/match/placeholder.h"

#include <catch2/catch.hpp>

namespace keysweep {

TEST_CASE("placeholders, templates and variable references are recognised", "[placeholder]") {
  for (const char* v : {"${DB_PASSWORD}", "$DB_PASSWORD", "$(cat /run/secret)", "{{ .Values.password }}",
                        "<your-token>", "%(password)s", "%s", "#{ENV['X']}", "xxxxxxxxxxxxxxxx",
                        "****************", "changeme", "CHANGEME", "password", "your_api_key_here",
                        "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                        "%DB_PASS%", "@db_password@", "[password]", "{secret}", "", "........",
                        "0000000000000000", "2YotnFZFEjr1zCsicMWpAA"}) {
    INFO(v);
    CHECK(looks_like_placeholder(v));
  }
}

TEST_CASE("real-looking values are not placeholders", "[placeholder]") {
  for (const char* v : {"Xk9#mQ2$vL7pR4nW", "9f86d081884c7d659a2feaa0c55ad015",
                        "ghp_a8Kd93hfJ2lQm5Zx7Pw0rT6yU1vB4nC9eX2s", "hunter2-but-longer-Q7",
                        "kJ8<s0>Zq", "$2b$12$Qw9x"}) {
    INFO(v);
    CHECK_FALSE(looks_like_placeholder(v));
  }
}

}  // namespace keysweep
