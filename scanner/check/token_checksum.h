// Offline format checks that a token carries in itself: the CRC32 checksum of GitHub and npm
// tokens, and the AWS account ID encoded in an AWS access key ID. Neither needs the network, so a
// finding can say "checksum valid" (almost surely a real token, not a made-up one) or name the
// account a key belongs to.
//
// GitHub tokens (ghp_, gho_, ghu_, ghs_, ghr_) and npm tokens (npm_) of 40 characters are a
// 4-character prefix, 30 random base62 characters and 6 base62 characters holding the CRC32
// (IEEE 802.3, as zlib's crc32) of the 30 random characters, most significant digit first,
// left-padded with '0', over the alphabet 0-9A-Za-z ("Behind GitHub's new authentication token
// formats", github.blog, 2021-04-05, which describes the checksum; "npm has a new access token
// format", github.blog changelog, 2021-09-23, which says npm tokens follow it). A random string
// of that shape passes with probability 2^-32.
//
// AWS access key IDs (AKIA, ASIA and the other 4-letter unique-ID prefixes) are the prefix and
// 16 characters of RFC 4648 base32 (A-Z, 2-7), i.e. 80 bits. The account ID is bits 1..40 of
// those 80 (the first bit skipped), as a 12-digit decimal; this is not documented by AWS but was
// worked out by Aidan Steele ("AWS Access Key ID formats", awsteele.com, 2020-09-26) and Tal
// Beery ("A short note on AWS KEY ID", 2020), and matches sts:GetAccessKeyInfo, e.g.
// ASIAY34FZKBOKMUTVV7A -> 609629065308. Key IDs from before about 2019 (AWS's documentation
// example AKIAIOSFODNN7EXAMPLE is of that kind) do not encode the account this way; for them the
// result is a well-formed but meaningless number, or nullopt when it has more than 12 digits.
//
// Thread safety: pure functions, no allocation except the returned string; safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace keysweep {

enum class Checksum {
  kNone,     // not a token format that carries a checksum (prefix, length or alphabet differ)
  kValid,    // the checksum matches: the token was made by the provider's generator
  kInvalid,  // the format carries a checksum and it does not match (made up, mistyped, redacted)
};

// The checksum state of `token`, which must be the whole token (prefix included, nothing else).
Checksum token_checksum(std::string_view token);

// The 6-character base62 checksum of `random` (the CRC32 of its bytes, encoded as above).
// Exposed so tests can make valid tokens.
std::string base62_crc32(std::string_view random);

// The 12-digit account ID encoded in an AWS access key ID of 20 characters with a 4-letter
// prefix starting with 'A' and a base32 body; nullopt for anything else.
std::optional<std::string> aws_account_id(std::string_view key_id);

}  // namespace keysweep
