// Named structural checks that a rule lists in `checks = [...]`.
//
// A check looks at one candidate match (after the regex, before the finding is made) and either
// rejects it or accepts it, possibly narrowing the secret to a sub-span (the credential-URI check
// narrows a whole URI to its password). Checks are pure functions of the candidate: no I/O, no
// global state, safe to call from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace keysweep {

// What a check learned about a candidate it keeps, for the finding stage (finding/placer.h),
// which turns each into a level and a tag. Bits of Candidate::flags and Match::flags.
enum MatchFlag : uint8_t {
  // The value is a password in use but a weak one (made of words, or not random enough):
  // reported at level warning at most, tagged weak-password.
  kFlagWeak = 1 << 0,
  // Set with kFlagWeak by the matcher, not by checks: the value failed the rule's randomness
  // tests and is kept only for the rule's weak_password_paths; anywhere else it does not exist.
  kFlagWeakOnlyAtCredentialPaths = 1 << 1,
  // A credential URI whose host is a documentation domain (example.com, *.test) with a
  // random-looking password: people scrub host names and leave real passwords. Level note,
  // tagged documentation-host.
  kFlagDocumentationHost = 1 << 2,
  // The token's own checksum (check/token_checksum.h) matches: confidence checksum-valid.
  kFlagChecksumValid = 1 << 3,
  // It does not: a typed-in, truncated or hand-edited token (old formats exist too). Level
  // note, tagged checksum-invalid, confidence checksum-invalid.
  kFlagChecksumInvalid = 1 << 4,
  // An AWS access key ID: the finding names the account it encodes (aws_account_id).
  kFlagAwsKeyId = 1 << 5,
};

struct Candidate {
  std::string_view chunk;        // the whole chunk's bytes
  size_t match_begin = 0;        // the regex's whole match, offsets into chunk
  size_t match_end = 0;
  size_t secret_begin = 0;       // the secret's span; a check may narrow it
  size_t secret_end = 0;
  std::string_view name;         // the regex's group "name" (the assigned-to name), may be empty
  std::string_view path;         // the place's path, '/'-separated (set for path checks only)
  uint8_t flags = 0;             // MatchFlag bits a check sets on a candidate it keeps

  std::string_view secret() const { return chunk.substr(secret_begin, secret_end - secret_begin); }
  std::string_view match() const { return chunk.substr(match_begin, match_end - match_begin); }
};

// Returns true to keep the candidate, false to drop it.
using CheckFn = bool (*)(Candidate&);

// The check called `name`, or nullptr when there is none.
CheckFn find_check(std::string_view name);
// Whether the check called `name` reads Candidate::path (quoted_in_code). Such a check depends on
// where the bytes live, so the finding stage runs it once per place, after the byte checks (it
// sees the final secret span, as if listed last); the matcher runs the others.
bool check_reads_path(std::string_view name);
// Whether the check called `name` judges how random the value looks (mixed_case, case_mix,
// has_digit_or_symbol, digit_unless_long, not_all_digits, not_a_word, has_letter) rather than its structure. Where a rule
// counts weak passwords (weak_password_paths), failing such a check makes the match weak.
bool check_is_soft(std::string_view name);
// Every check name, sorted (for `rules check` messages and doc/rules.md).
std::vector<std::string> check_names();

}  // namespace keysweep
