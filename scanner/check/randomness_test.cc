#include "scanner/check/randomness.h"

#include <catch2/catch.hpp>

#include <random>
#include <string>

namespace keysweep {
namespace {

std::string random_string(std::mt19937_64& rng, std::string_view alphabet, size_t n) {
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
  std::string s;
  for (size_t i = 0; i < n; ++i) s.push_back(alphabet[pick(rng)]);
  return s;
}

constexpr std::string_view kHex = "0123456789abcdef";
constexpr std::string_view kUrl = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// Fraction of random strings scoring at least `threshold`.
double pass_rate(std::string_view alphabet, size_t n, double threshold) {
  std::mt19937_64 rng(42);
  const int trials = 20000;
  int pass = 0;
  for (int i = 0; i < trials; ++i) pass += randomness_score(random_string(rng, alphabet, n)) >= threshold;
  return static_cast<double>(pass) / trials;
}

}  // namespace

TEST_CASE("expected entropy matches the known bias of short random strings", "[randomness]") {
  // A random 32-hex key averages about 3.61 bits per character, not 4 (Monte Carlo: 3.611 and
  // 3.819 for 64 hex, over 20,000 strings each).
  CHECK(expected_entropy(32, 16) == Approx(3.611).margin(0.01));
  CHECK(expected_entropy(64, 16) == Approx(3.819).margin(0.01));
  // Large n approaches log2(alphabet).
  CHECK(expected_entropy(100000, 16) == Approx(4.0).margin(0.001));
}

TEST_CASE("a fixed Shannon cut drops real keys; the length-aware score does not", "[randomness]") {
  std::mt19937_64 rng(7);
  int below_fixed = 0;
  const int trials = 20000;
  for (int i = 0; i < trials; ++i) below_fixed += shannon_entropy(random_string(rng, kHex, 32)) < 3.5;
  // The problem the score exists to solve: a 3.5-bit cut loses around a tenth of real keys.
  CHECK(below_fixed > trials / 20);
  CHECK(pass_rate(kHex, 32, 0.8) > 0.999);
  CHECK(pass_rate(kHex, 64, 0.8) > 0.999);
  CHECK(pass_rate(kUrl, 43, 0.8) > 0.999);
  CHECK(pass_rate(kUrl, 22, 0.8) > 0.999);
}

TEST_CASE("structured strings score low", "[randomness]") {
  CHECK(randomness_score("deadbeefdeadbeefdeadbeefdeadbeef") == 0);  // periodic
  CHECK(randomness_score("0123456789abcdef0123456789abcdef") == 0);  // periodic and a run
  CHECK(randomness_score("00000000000000000000000000000000") == 0);
  CHECK(randomness_score("abcdefghijklmnopqrstuvwxyz012345") == 0);  // ascending run
  CHECK(randomness_score("aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbb") < 0.5);
  // Identifiers score fairly high on entropy alone; rules pair the score with checks such as
  // mixed_case for that reason.
  CHECK(randomness_score("my_very_long_python_function_name") < 0.9);
  CHECK(randomness_score("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08") > 0.9);
  CHECK(randomness_score("") == 0);
}

TEST_CASE("shannon_entropy is bits per character of the string's own distribution", "[randomness]") {
  CHECK(shannon_entropy("") == 0);
  CHECK(shannon_entropy("aaaa") == 0);
  CHECK(shannon_entropy("abab") == Approx(1.0));
  CHECK(shannon_entropy("abcd") == Approx(2.0));
  CHECK(shannon_entropy("0123456789abcdef") == Approx(4.0));
  CHECK(shannon_entropy("aab") == Approx(0.9182958));
}

}  // namespace keysweep
