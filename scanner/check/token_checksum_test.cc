#include "scanner/check/token_checksum.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <random>
#include <string>

namespace keysweep {
namespace {

constexpr std::string_view kBase62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr std::string_view kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

std::string random_string(std::mt19937_64& rng, std::string_view alphabet, size_t n) {
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
  std::string s;
  for (size_t i = 0; i < n; ++i) s.push_back(alphabet[pick(rng)]);
  return s;
}

std::string make_token(std::string_view prefix, const std::string& random) {
  return std::string(prefix) + random + base62_crc32(random);
}

// The 20-character key ID whose base32 body encodes `account` as aws_account_id reads it, with
// the other bits taken from `rng`.
std::string make_key_id(std::mt19937_64& rng, std::string_view prefix, uint64_t account) {
  std::uniform_int_distribution<uint64_t> any;
  // 80 bits: bit 0 random, bits 1..40 the account, bits 41..79 random.
  const uint64_t hi = (any(rng) & 0x8000000000000000ULL) | (account << 23) | (any(rng) & 0x7fffffULL);
  const uint64_t lo = any(rng) & 0xffffULL;  // the last 16 bits
  std::string id(prefix);
  for (int i = 0; i < 16; ++i) {
    const int bit = i * 5;  // position of this character's first bit among the 80
    uint64_t v;
    if (bit + 5 <= 64) {
      v = (hi >> (64 - bit - 5)) & 31;
    } else if (bit >= 64) {
      v = (lo >> (16 - (bit - 64) - 5)) & 31;
    } else {
      const int in_hi = 64 - bit;
      v = ((hi & ((1ULL << in_hi) - 1)) << (5 - in_hi)) | (lo >> (16 - (5 - in_hi)));
    }
    id.push_back(kBase32[v]);
  }
  return id;
}

TEST_CASE("base62_crc32 matches the published GitHub token example", "[check][checksum]") {
  // The example token of the base62-token.js description (github.com/therootcompany/
  // base62-token.js), which verifies against real GitHub tokens: ghp_ + 30 random + "0mLq17".
  CHECK(base62_crc32("zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ") == "0mLq17");
  CHECK(token_checksum("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") == Checksum::kValid);
  CHECK(token_checksum("ghp_zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ0mLq18") == Checksum::kInvalid);
}

TEST_CASE("token_checksum accepts generated GitHub and npm tokens and rejects tampered ones",
          "[check][checksum]") {
  std::mt19937_64 rng(9);
  for (std::string_view prefix : {"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "npm_"}) {
    for (int i = 0; i < 200; ++i) {
      const std::string token = make_token(prefix, random_string(rng, kBase62, 30));
      INFO(token);
      REQUIRE(token.size() == 40);
      CHECK(token_checksum(token) == Checksum::kValid);
      // Any single changed character, in the random part or the checksum, breaks it.
      std::string tampered = token;
      const size_t at = 4 + static_cast<size_t>(i % 36);
      tampered[at] = tampered[at] == 'a' ? 'b' : 'a';
      CHECK(token_checksum(tampered) == Checksum::kInvalid);
    }
  }
}

TEST_CASE("token_checksum says kNone for formats without a checksum", "[check][checksum]") {
  std::mt19937_64 rng(10);
  const std::string random = random_string(rng, kBase62, 30);
  const std::string valid = make_token("ghp_", random);
  CHECK(token_checksum(valid.substr(0, 39)) == Checksum::kNone);                    // too short
  CHECK(token_checksum(valid + "A") == Checksum::kNone);                            // too long
  CHECK(token_checksum("ghx_" + valid.substr(4)) == Checksum::kNone);               // unknown prefix
  CHECK(token_checksum("sk_live_" + valid.substr(8)) == Checksum::kNone);
  CHECK(token_checksum("ghp_" + random.substr(0, 29) + "-" + valid.substr(34)) == Checksum::kNone);
  CHECK(token_checksum("github_pat_11ABCDEFG0123456789_abcdefghij") == Checksum::kNone);
  CHECK(token_checksum("") == Checksum::kNone);
}

TEST_CASE("token_checksum rejects made-up tokens of the right shape", "[check][checksum]") {
  // The placeholders and sample tokens of documentation are not generated with a checksum.
  CHECK(token_checksum("ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx") == Checksum::kInvalid);
  CHECK(token_checksum("ghp_000000000000000000000000000000000000") == Checksum::kInvalid);
  std::mt19937_64 rng(11);
  int valid = 0;
  for (int i = 0; i < 10000; ++i) {
    valid += token_checksum("npm_" + random_string(rng, kBase62, 36)) == Checksum::kValid;
  }
  CHECK(valid == 0);  // 2^-32 each
}

TEST_CASE("aws_account_id decodes the published example", "[check][checksum]") {
  // Aidan Steele, "AWS Access Key ID formats" (awsteele.com, 2020), with the account that
  // sts:GetAccessKeyInfo returned for it; the bit layout is Tal Beery's correction of it.
  CHECK(aws_account_id("ASIAY34FZKBOKMUTVV7A") == std::optional<std::string>("609629065308"));
  // The last 7 characters do not carry the account.
  CHECK(aws_account_id("ASIAY34FZKBOKMUTVV7A") == aws_account_id("ASIAY34FZKBOKQQQQQQQ"));
}

TEST_CASE("aws_account_id round-trips generated key IDs", "[check][checksum]") {
  std::mt19937_64 rng(12);
  std::uniform_int_distribution<uint64_t> account(0, 999999999999ULL);
  for (std::string_view prefix : {"AKIA", "ASIA", "AIDA", "AROA"}) {
    for (int i = 0; i < 500; ++i) {
      const uint64_t a = account(rng);
      const std::string id = make_key_id(rng, prefix, a);
      INFO(id);
      REQUIRE(id.size() == 20);
      char want[13];
      std::snprintf(want, sizeof want, "%012llu", static_cast<unsigned long long>(a));
      CHECK(aws_account_id(id) == std::optional<std::string>(want));
    }
  }
}

TEST_CASE("aws_account_id refuses what is not a key ID", "[check][checksum]") {
  CHECK_FALSE(aws_account_id("ASIAY34FZKBOKMUTVV7"));     // 19 characters
  CHECK_FALSE(aws_account_id("ASIAY34FZKBOKMUTVV7AB"));   // 21
  CHECK_FALSE(aws_account_id("ASIAY34FZKBOKMUTVV1A"));    // '1' is not base32
  CHECK_FALSE(aws_account_id("asiaY34FZKBOKMUTVV7A"));    // lower-case prefix
  CHECK_FALSE(aws_account_id("BSIAY34FZKBOKMUTVV7A"));    // not an AWS unique-ID prefix
  CHECK_FALSE(aws_account_id("ASIA77777777777777AA"));    // more than 12 digits
  CHECK_FALSE(aws_account_id(""));
}

}  // namespace
}  // namespace keysweep
