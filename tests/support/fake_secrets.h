// Fake secrets for tests, made at run time from a fixed seed so the sources hold no
// secret-shaped text (our own scanner and push protection would flag it) and runs repeat.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace keysweep {

inline std::string fake_chars(uint64_t seed, size_t n,
                              std::string_view alphabet =
                                  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
  std::string s;
  for (size_t i = 0; i < n; ++i) s.push_back(alphabet[pick(rng)]);
  return s;
}

// A GitHub classic token: "ghp_" + 36 base62 characters.
inline std::string fake_github_token(uint64_t seed) { return "ghp_" + fake_chars(seed, 36); }
// `openssl rand -hex 32`.
inline std::string fake_hex_key(uint64_t seed, size_t bytes = 32) {
  return fake_chars(seed, bytes * 2, "0123456789abcdef");
}

}  // namespace keysweep
