// SHA-256 (and SHA-1) through OpenSSL's libcrypto: a well-kept, constant-time implementation
// that every Debian machine already has, rather than a hand-written one.
//
// Thread safety: sha256_hex and sha1_hex are pure functions; a Sha256 object is used by one
// thread. Errors: none (OpenSSL's digest calls do not fail for these digests short of running
// out of memory, which makes the Sha256 constructor throw std::bad_alloc).
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace keysweep {

// Lower-case hex SHA-256 of `data` (64 characters).
std::string sha256_hex(std::string_view data);

// Lower-case hex SHA-1 of `data` (40 characters). Not for anything keysweep itself relies on
// (SHA-1 is broken for collisions): only to compare with what other tools stored, such as
// detect-secrets' hashed_secret (finding/peer_suppressions.h).
std::string sha1_hex(std::string_view data);

// SHA-256 of data given in pieces (a file written record by record), so the whole input never
// has to be held in memory at once. sha256_hex(a + b) == (Sha256().update(a), update(b), hex()).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(std::string_view data);
  // Lower-case hex digest of everything given so far. Call once; the object is spent after it.
  std::string hex();

 private:
  struct Context;
  std::unique_ptr<Context> ctx_;
};

}  // namespace keysweep
