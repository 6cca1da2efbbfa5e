#include "scanner/check/randomness.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

namespace keysweep {
namespace {

size_t alphabet_size(std::string_view s) {
  bool digits = true, hex_lower = true, hex_upper = true, b64 = true;
  for (unsigned char c : s) {
    const bool d = c >= '0' && c <= '9';
    const bool lo = c >= 'a' && c <= 'z';
    const bool up = c >= 'A' && c <= 'Z';
    digits &= d;
    hex_lower &= d || (c >= 'a' && c <= 'f');
    hex_upper &= d || (c >= 'A' && c <= 'F');
    b64 &= d || lo || up || c == '+' || c == '/' || c == '-' || c == '_' || c == '=';
  }
  if (digits) return 10;
  if (hex_lower || hex_upper) return 16;
  if (b64) return 64;
  return 94;
}

bool has_short_period(std::string_view s) {
  const size_t n = s.size();
  for (size_t p = 1; p <= n / 2; ++p) {
    bool periodic = true;
    for (size_t i = p; i < n && periodic; ++i) periodic = s[i] == s[i - p];
    if (periodic) return true;
  }
  return false;
}

bool has_step_run(std::string_view s, size_t limit) {
  size_t run = 1;
  int step = 2;  // none yet
  for (size_t i = 1; i < s.size(); ++i) {
    const int d = static_cast<unsigned char>(s[i]) - static_cast<unsigned char>(s[i - 1]);
    if (d >= -1 && d <= 1 && (run == 1 || d == step)) {
      step = d;
      if (++run >= limit) return true;
    } else {
      run = (d >= -1 && d <= 1) ? 2 : 1;
      step = d;
    }
  }
  return false;
}

}  // namespace

double shannon_entropy(std::string_view s) {
  if (s.empty()) return 0;
  std::array<uint32_t, 256> counts{};
  for (unsigned char c : s) ++counts[c];
  double h = 0;
  const double n = static_cast<double>(s.size());
  for (uint32_t c : counts) {
    if (c == 0) continue;
    const double p = c / n;
    h -= p * std::log2(p);
  }
  return h;
}

double expected_entropy(size_t n, size_t alphabet) {
  if (n <= 1 || alphabet <= 1) return 0;
  if (n > 1024) {
    // Miller-Madow: the bias of the plug-in estimator is (A-1)/(2n ln 2) for large n.
    return std::log2(static_cast<double>(alphabet)) -
           (alphabet - 1) / (2.0 * n * std::log(2.0));
  }
  // E[H] = log2 n - (A/n) * E[X log2 X], X ~ Binomial(n, 1/A): each symbol's count.
  const double p = 1.0 / alphabet;
  const double lp = std::log(p), lq = std::log1p(-p);
  double e_xlogx = 0;
  double log_binom = 0;  // log C(n, k), updated incrementally
  for (size_t k = 1; k <= n; ++k) {
    log_binom += std::log(static_cast<double>(n - k + 1)) - std::log(static_cast<double>(k));
    const double logpmf = log_binom + k * lp + (n - k) * lq;
    if (logpmf < -60) {
      if (k > n * p) break;  // past the mode: the rest only gets smaller
      continue;
    }
    e_xlogx += std::exp(logpmf) * k * std::log2(static_cast<double>(k));
  }
  return std::log2(static_cast<double>(n)) - (static_cast<double>(alphabet) / n) * e_xlogx;
}

double randomness_score(std::string_view s) {
  if (s.size() < 2) return 0;
  if (has_short_period(s) || has_step_run(s, 6)) return 0;
  const double expected = expected_entropy(s.size(), alphabet_size(s));
  if (expected <= 0) return 0;
  return std::clamp(shannon_entropy(s) / expected, 0.0, 1.0);
}

}  // namespace keysweep
