// Token checksums and the AWS account ID of a key ID; the formats and their sources are in the
// header. Both run on a matched token only, so they favour clarity over speed, but they do not
// allocate on the checksum path (crc32 and base62 work on the stack).
#include "scanner/check/token_checksum.h"

#include <zlib.h>

#include <array>

namespace keysweep {
namespace {

constexpr std::string_view kBase62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr size_t kPrefixLen = 4;
constexpr size_t kRandomLen = 30;
constexpr size_t kChecksumLen = 6;

bool is_base62(char ch) {
  return (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
}

std::array<char, kChecksumLen> encode_base62(uint32_t value) {
  std::array<char, kChecksumLen> out;
  // 62^6 > 2^32, so six digits always hold a CRC32.
  for (size_t i = kChecksumLen; i-- > 0;) {
    out[i] = kBase62[value % 62];
    value /= 62;
  }
  return out;
}

uint32_t crc32_of(std::string_view s) {
  return static_cast<uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(s.data()), static_cast<uInt>(s.size())));
}

bool has_checksummed_prefix(std::string_view token) {
  static constexpr std::array<std::string_view, 6> kPrefixes = {"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "npm_"};
  for (std::string_view p : kPrefixes) {
    if (token.substr(0, kPrefixLen) == p) return true;
  }
  return false;
}

int base32_value(char ch) {
  if (ch >= 'A' && ch <= 'Z') return ch - 'A';
  if (ch >= '2' && ch <= '7') return ch - '2' + 26;
  return -1;
}

}  // namespace

std::string base62_crc32(std::string_view random) {
  const std::array<char, kChecksumLen> digits = encode_base62(crc32_of(random));
  return std::string(digits.data(), digits.size());
}

Checksum token_checksum(std::string_view token) {
  if (token.size() != kPrefixLen + kRandomLen + kChecksumLen || !has_checksummed_prefix(token)) {
    return Checksum::kNone;
  }
  const std::string_view body = token.substr(kPrefixLen);
  for (char ch : body) {
    if (!is_base62(ch)) return Checksum::kNone;
  }
  const std::array<char, kChecksumLen> want = encode_base62(crc32_of(body.substr(0, kRandomLen)));
  return body.substr(kRandomLen) == std::string_view(want.data(), want.size()) ? Checksum::kValid
                                                                              : Checksum::kInvalid;
}

std::optional<std::string> aws_account_id(std::string_view key_id) {
  if (key_id.size() != 20 || key_id[0] != 'A') return std::nullopt;
  for (size_t i = 1; i < 4; ++i) {
    if (key_id[i] < 'A' || key_id[i] > 'Z') return std::nullopt;
  }
  // The first 48 bits of the base32 body are its first 10 characters (50 bits) shifted right by 2;
  // the account is bits 1..40 of them, i.e. (first 48 bits & 0x7fffffffff80) >> 7.
  uint64_t bits = 0;
  for (size_t i = 4; i < 20; ++i) {
    const int v = base32_value(key_id[i]);
    if (v < 0) return std::nullopt;
    if (i < 14) bits = (bits << 5) | static_cast<uint64_t>(v);
  }
  const uint64_t first48 = bits >> 2;
  const uint64_t account = (first48 & 0x7fffffffff80ULL) >> 7;
  if (account > 999999999999ULL) return std::nullopt;
  std::string out(12, '0');
  uint64_t rest = account;
  for (size_t i = 12; i-- > 0;) {
    out[i] = static_cast<char>('0' + rest % 10);
    rest /= 10;
  }
  return out;
}

}  // namespace keysweep
