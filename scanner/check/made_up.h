// Made-up values: a value written by a person from words, not produced by a generator.
//
// Runbooks, READMEs and example configs fill secret slots with phrases: "dev_password_123",
// "ENCRYPTION_KEY_32_BYTES_RANDOM", "some_hardcoded_key_12345", "LONG_RANDOM_PASSWORD",
// "home-pass", "mySecretValue". They pass a randomness threshold (mixed case, digits, length)
// but read as words. The test: split the value into parts at separators ('_', '-', '.', space
// and other punctuation), at camelCase humps and at letter/digit boundaries; the value is made up
// when every letter part is an English word (check/word_list.h), a compound of such words
// ("hardcoded", "devpassword"), a word of the trade ("fernet", "postgres", "oauth") or one of a
// few short words ("my", "db", "to"), every digit part is a small number (at most 4 digits, or a
// counted run such as 12345 or 67890), and the words cover at least half of the value and at
// least 6 letters.
//
// Random values do not pass it: a random key's letter runs are 1-3 letters long and mostly not
// words, and one non-word part is enough to fail. Measured by the unit test on 10,000 random
// tokens of each generator shape (hex, base64, url-safe, printable passwords of 12 to 32
// characters): none is judged made up. A random value that contains a word ("Tr0ub4dor&3x9Lq")
// is not made up either: its other parts are not words.
//
// A weak password that a person chose ("hunter22", "swordfish") is made up by this test. Where
// the context says the value is a password in use (a credential file, a connection string to a
// real host), the finding stage reports it anyway, as a weak password (doc/rules.md).
//
// Thread safety: pure function. Cost: linear in the value's length plus, per letter part of n
// letters, at most n*(n-2)/2 word lookups for compounds (parts are at most 24 letters).
#pragma once

#include <string_view>

namespace keysweep {

bool made_of_words(std::string_view value);

// The same test through base64: a value that is standard base64 (padded to a multiple of 4) of
// printable text made of words, or of "user:password" whose password is ("YS1naXQtdG9rZW4=" is
// "a-git-token"; a Kubernetes Secret's data and Basic credentials are written so). Random keys
// almost never decode to printable text (check/base64.h), so real ones are untouched.
bool base64_of_words(std::string_view value);

}  // namespace keysweep
