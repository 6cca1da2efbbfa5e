#include "scanner/check/placeholder.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string>

#include "scanner/check/base64.h"

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
constexpr std::array<std::string_view, 42> kMarkers = {
    "example", "placeholder", "changeme", "change_me", "change-me", "your_", "your-", "yourpass",
    "yoursecret", "yourtoken", "yourkey", "yourapikey", "insert", "replace", "redacted", "dummy",
    "sample", "notreal", "not_real", "not-real", "xxxxx", "*****", "....", "\u2026", "todo_",
    "todo-", "_todo", "-todo", "fixme", "_here", "-here", "goes_here", "secret_value",
    "password_here", "mysecretpassword", "${", "{{", "}}", "$(",
    "random_", "_random",  // a description in capitals: LONG_RANDOM_PASSWORD, KEY_32_BYTES_RANDOM
    "enc[",  // encrypted in place (hiera-eyaml ENC[PKCS7,...], SOPS ENC[AES256_GCM,...])
};

// Published sample secrets that look random but are documentation: the RFC 6749 (OAuth 2.0)
// example tokens, code and client secret (its "Authorization: Basic" example client is
// s6BhdRkqt3:gX1fBat3bV), the access and secret key of MinIO's public demo server
// (play.min.io, printed in MinIO's own READMEs), Grafana's shipped default secret_key
// (defaults.ini), and the Azure Storage emulator's (Azurite) well-known account key.
constexpr std::array<std::string_view, 9> kPublishedSamples = {
    "SW2YcwTIb9zpOOhoPsMm",
    "2YotnFZFEjr1zCsicMWpAA", "tGzv3JOkF0XG5Qx2TlKWIA", "SplxlOBeZQQYbYS6WxSbIA",
    "mF_9.B5f-4.1JqM", "gX1fBat3bV", "Q3AM3UQ867SPQQA43P2F", "zuf+tfteSlswRu7BJ86wekitnifILbZam1KYY3TG",
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="};

bool all_mask_chars(std::string_view v) {
  return std::all_of(v.begin(), v.end(), [](unsigned char c) {
    return c == 'x' || c == 'X' || c == '*' || c == '.' || c == '-' || c == '_' || c == '#' ||
           c == '0' || c == '?';
  });
}

// A value typed in alphabet or digit order, as documentation authors fill example keys
// ("AB1C2defGHijkLMNo3PqQRst...", "a123b45c6d78e9f0...", "0123456789abcdef"). The letters
// (case-folded) and the digits are read as two sequences; a pair steps when the second follows
// the first (b after a; 0 after 9, as on the keyboard's digit row). Made up: at least 12
// pairs, and 60% or more of them step. In random text a pair steps with probability 1/26
// (letters), 5/36 (hex letters) or 1/10 (digits), so 60% of 12+ pairs comes to about 5e-4 at
// worst (12 pairs of hex letters) and is negligible from 20 pairs on; the unit test runs
// 200,000 random keys of the usual shapes through it without a hit.
bool typed_in_sequence(std::string_view value) {
  size_t pairs = 0, steps = 0;
  char last_letter = 0, last_digit = 0;
  for (char ch : value) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (std::isalpha(c) && c < 0x80) {
      const char l = static_cast<char>(std::tolower(c));
      if (last_letter) {
        ++pairs;
        steps += l == last_letter + 1;
      }
      last_letter = l;
    } else if (c >= '0' && c <= '9') {
      if (last_digit) {
        ++pairs;
        steps += ch == last_digit + 1 || (last_digit == '9' && ch == '0');
      }
      last_digit = ch;
    }
  }
  return pairs >= 12 && steps * 10 >= pairs * 6;
}

// Python's %(name)s: "%(" then a name and ")". A bare "%(" is no reference: Django's
// get_random_secret_key() draws from a-z0-9!@#$%^&*(-_=+), so about 1 key in 50 holds one.
bool has_percent_name_reference(std::string_view v) {
  for (std::size_t at = v.find("%("); at != std::string_view::npos; at = v.find("%(", at + 2)) {
    std::size_t i = at + 2;
    if (i >= v.size() || !(std::isalpha(static_cast<unsigned char>(v[i])) || v[i] == '_')) continue;
    while (i < v.size() && (std::isalnum(static_cast<unsigned char>(v[i])) || v[i] == '_' || v[i] == '.')) ++i;
    if (i < v.size() && v[i] == ')') return true;
  }
  return false;
}

// Every test but the base64 one.
bool placeholder_text(std::string_view value) {
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
  if (v.find("%s") != std::string::npos || has_percent_name_reference(v) ||
      v.find("#{") != std::string::npos || v.find("<%") != std::string::npos) {
    return true;
  }
  for (std::string_view d : kDummies) {
    if (v == d) return true;
  }
  for (std::string_view m : kMarkers) {
    if (v.find(m) != std::string::npos) return true;
  }
  // "todo" has only 4 letters: anywhere in a value, 1 random 43-character key in ~25,000 holds
  // it (case-folded); as the start of the value, 1 in ~10^6.
  if (v.rfind("todo", 0) == 0) return true;
  return typed_in_sequence(value);
}

// Kubernetes Secret `data:` values and docker config.json `auth` fields are base64 of the real
// value, so "Y2hhbmdlbWU=" is "changeme" and "dXNlcjpwYXNzd29yZA==" is "user:password". A value
// that is base64 (padded to a multiple of 4) of printable text is judged by that text, and for
// "user:password" text by its password. Random keys almost never decode to printable text
// (32 random bytes: (95/256)^32, about 1e-14), so real keys are untouched.
bool base64_of_placeholder(std::string_view value) {
  if (value.size() < 8 || value.size() % 4 != 0) return false;
  const std::optional<std::string> text = base64_decode_text(value);
  if (!text) return false;
  // Base64 of a JSON object is a token format of its own (Grafana API keys, JWT segments).
  if ((*text)[0] == '{') return false;
  if (placeholder_text(*text)) return true;
  // "user:" with nothing after the colon is an API key used as the user name: not judged here.
  const size_t colon = text->find(':');
  return colon != std::string::npos && colon + 1 < text->size() &&
         placeholder_text(std::string_view(*text).substr(colon + 1));
}

}  // namespace

bool looks_like_placeholder(std::string_view value) {
  return placeholder_text(value) || base64_of_placeholder(value);
}

}  // namespace keysweep
