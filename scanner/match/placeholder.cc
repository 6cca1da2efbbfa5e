#include "scanner/match/placeholder.h"

#include <algorithm>
#include <array>
#include <string>

namespace keysweep {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// Whole values that are well-known dummies or defaults (compared case-insensitively).
constexpr std::array<std::string_view, 46> kDummies = {
    "password", "passwd", "pass", "pwd", "secret", "changeme", "change_me", "change-me",
    "admin", "root", "test", "testing", "none", "null", "nil", "undefined", "true", "false",
    "default", "guest", "user", "username", "foo", "bar", "foobar", "baz", "letmein", "qwerty",
    "123456", "1234567", "12345678", "123456789", "abc123", "p@ssw0rd", "p@ssword", "mysecret",
    "mypassword", "s3cr3t", "token", "apikey", "api_key", "secretkey", "secret_key", "empty",
    "redacted", "hidden"};

// Substrings that mark a made-up value. Each is long enough (5+ letters, or a marker with
// punctuation) that a random key contains it with negligible probability.
constexpr std::array<std::string_view, 36> kMarkers = {
    "example", "placeholder", "changeme", "change_me", "change-me", "your_", "your-", "yourpass",
    "yoursecret", "yourtoken", "yourkey", "yourapikey", "insert", "replace", "redacted", "dummy",
    "sample", "notreal", "not_real", "not-real", "xxxxx", "*****", "....", "\u2026", "todo",
    "fixme", "_here", "-here", "goes_here", "secret_value", "password_here", "mysecretpassword",
    "${", "{{", "}}", "$("};

// Published sample secrets that look random but are documentation: the RFC 6749 (OAuth 2.0)
// example tokens, code and client secret (its "Authorization: Basic" example client is
// s6BhdRkqt3:gX1fBat3bV), and the Azure Storage emulator's (Azurite) well-known account key.
constexpr std::array<std::string_view, 6> kPublishedSamples = {
    "2YotnFZFEjr1zCsicMWpAA", "tGzv3JOkF0XG5Qx2TlKWIA", "SplxlOBeZQQYbYS6WxSbIA",
    "mF_9.B5f-4.1JqM", "gX1fBat3bV",
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="};

bool all_mask_chars(std::string_view v) {
  return std::all_of(v.begin(), v.end(), [](unsigned char c) {
    return c == 'x' || c == 'X' || c == '*' || c == '.' || c == '-' || c == '_' || c == '#' ||
           c == '0' || c == '?';
  });
}

}  // namespace

bool looks_like_placeholder(std::string_view value) {
  if (value.empty()) return true;
  if (all_mask_chars(value)) return true;
  for (std::string_view sample : kPublishedSamples) {
    if (value == sample) return true;
  }
  if (std::all_of(value.begin(), value.end(), [&](char c) { return c == value[0]; })) return true;
  // A variable reference: $VAR, $(cmd), ${VAR}, %VAR%, %(name)s, #{ruby}, @var@.
  const char first = value[0];
  if (first == '$' && value.size() > 1) {
    const unsigned char c = static_cast<unsigned char>(value[1]);
    if (std::isalpha(c) || c == '_' || c == '{' || c == '(') return true;
  }
  if (first == '%' && value.size() > 2 && value.back() == '%') return true;
  if (first == '@' && value.size() > 2 && value.back() == '@') return true;
  // A bracketed name: <token>, [password], {secret}.
  if ((first == '<' && value.back() == '>') || (first == '[' && value.back() == ']') ||
      (first == '{' && value.back() == '}')) {
    return true;
  }
  const std::string v = lower(value);
  if (v.find("%s") != std::string::npos || v.find("%(") != std::string::npos ||
      v.find("#{") != std::string::npos || v.find("<%") != std::string::npos) {
    return true;
  }
  for (std::string_view d : kDummies) {
    if (v == d) return true;
  }
  for (std::string_view m : kMarkers) {
    if (v.find(m) != std::string::npos) return true;
  }
  return false;
}

}  // namespace keysweep
