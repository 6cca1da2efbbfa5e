#include "scanner/check/placeholder.h"

#include <catch2/catch.hpp>

#include <random>
#include <string>

namespace keysweep {

TEST_CASE("placeholders, templates and variable references are recognised", "[placeholder]") {
  for (const char* v : {"${DB_PASSWORD}", "$DB_PASSWORD", "$(cat /run/secret)", "{{ .Values.password }}",
                        "<your-token>", "%(password)s", "pw=%(db.password)s;", "%s", "#{ENV['X']}", "xxxxxxxxxxxxxxxx",
                        "****************", "changeme", "CHANGEME", "password", "your_api_key_here",
                        "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                        "%DB_PASS%", "@db_password@", "[password]", "{secret}", "", "........",
                        "0000000000000000", "2YotnFZFEjr1zCsicMWpAA", "LONG_RANDOM_PASSWORD",
                        "FLASK_SECRET_KEY_32_BYTES_RANDOM"}) {
    INFO(v);
    CHECK(looks_like_placeholder(v));
  }
}

TEST_CASE("values typed in alphabet or digit order are made up", "[placeholder]") {
  for (const char* v : {"AB1C2defGHijkLMNo3PqQRstUvwxyzaBCDEfghh4ijklMN5opqrStuVWxyzAbCDEfghIJ",
                        "a123b45c6d78e9f012a34cd5e6a7890b12c3d45e6f78a1b234c56d7e890a1234",
                        "0123456789abcdef0123456789abcdef", "abcdefghijklmnopqrstuvwxyz012345",
                        "ABCDEFGHIJKLMNOP1234567890"}) {
    INFO(v);
    CHECK(looks_like_placeholder(v));
  }
}

TEST_CASE("base64 of a placeholder is a placeholder; base64 of real text is not", "[placeholder]") {
  // changeme, REPLACE_ME, user:password, username:<token>, your-api-key-here
  for (const char* v : {"Y2hhbmdlbWU=", "UkVQTEFDRV9NRQ==", "dXNlcjpwYXNzd29yZA==", "dXNlcm5hbWU6PHRva2VuPg==",
                        "eW91ci1hcGkta2V5LWhlcmU="}) {
    INFO(v);
    CHECK(looks_like_placeholder(v));
  }
  // ci-bot:8P2RbAXAOfxQFMDimmI, "key-...:" (an API key as user), a JSON token body, random bytes
  for (const char* v : {"Y2ktYm90OjhQMlJiQVhBT2Z4UUZNRGltbUk=", "a2V5LThkZDMwY2E4MmIwZDdkMjFhYzdmOWE0ODcyNjA6",
                        "eyJrIjoiMHJQWTVyZ3d6cWx6ZmtIOCIsIm4iOiJjaSIsImlkIjoxfQ==",
                        "q7Hn2vKp9xLmR4tWz8bYc1dFg6jQs3uE0aNoVi5rT+8="}) {
    INFO(v);
    CHECK_FALSE(looks_like_placeholder(v));
  }
}

TEST_CASE("random keys of the usual shapes are never taken for typed sequences", "[placeholder]") {
  // 200,000 keys: hex (openssl rand -hex 16/32), url-safe base64 (token_urlsafe(16/32)),
  // alphanumeric provider bodies (40 characters), fixed seed so a failure reproduces.
  std::mt19937_64 rng(20261201);
  const std::string hex = "0123456789abcdef";
  const std::string b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const std::string alnum = b64.substr(0, 62);
  struct Shape {
    const std::string* alphabet;
    size_t length;
  };
  const Shape shapes[] = {{&hex, 32}, {&hex, 64}, {&b64, 22}, {&b64, 43}, {&alnum, 40}};
  size_t flagged = 0;
  for (const Shape& shape : shapes) {
    for (int i = 0; i < 40000; ++i) {
      std::string key(shape.length, ' ');
      for (char& c : key) c = (*shape.alphabet)[rng() % shape.alphabet->size()];
      if (looks_like_placeholder(key)) {
        ++flagged;
        UNSCOPED_INFO(key);
      }
    }
  }
  CHECK(flagged == 0);
}

TEST_CASE("real-looking values are not placeholders", "[placeholder]") {
  for (const char* v : {"Xk9#mQ2$vL7pR4nW", "9f86d081884c7d659a2feaa0c55ad015",
                        "ghp_a8Kd93hfJ2lQm5Zx7Pw0rT6yU1vB4nC9eX2s", "hunter2-but-longer-Q7",
                        "kJ8<s0>Zq", "$2b$12$Qw9x",
                        // Django's key alphabet holds '%' and '(': a bare "%(" is no reference
                        "django-insecure-q8w^tm2!%(^+=gr@b7@v9-k3ulhz0j2s5!w&39x4+n6*p*"}) {
    INFO(v);
    CHECK_FALSE(looks_like_placeholder(v));
  }
}

}  // namespace keysweep
