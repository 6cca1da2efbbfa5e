// SHA-256 through OpenSSL's libcrypto: a well-kept, constant-time implementation that every
// Debian machine already has, rather than a hand-written one.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace keysweep {

// Lower-case hex SHA-256 of `data` (64 characters).
std::string sha256_hex(std::string_view data);

}  // namespace keysweep
