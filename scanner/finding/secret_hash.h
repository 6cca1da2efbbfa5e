// The salted secret hash of a baseline (.keysweep-baseline.json, finding/baseline_file.h) and of
// reports made without one: 32 lower-case hex digits of
//   Argon2id v1.3 (libsodium crypto_pwhash), 16-byte output,
//   password = "keysweep-secret-v1" NUL secret, salt = 16 bytes (below), kdf = kSecretKdf.
//
// Why salted and slow: a committed baseline or an uploaded SARIF file is public to anyone who
// can read the repository. content_fingerprint (fingerprint.h) is an unsalted SHA-256, so a
// short password found in it can be brute-forced offline at billions of guesses a second. With
// a per-repository salt no table computed in advance applies, and with Argon2id every guess costs
// about a millisecond of one core and kSecretKdf.memlimit_bytes of memory.
//
// The hash depends on the secret only, never on the rule: one secret found by two rules is one
// baseline entry, and a renamed rule keeps its entries.
//
// Cost (kSecretKdf): opslimit 3, memlimit 1 MiB (a fixed 1,048,576 bytes per hash in flight).
// Measured on the development machine (2-core AMD EPYC VM, libsodium 1.0.18, Debian 12, load
// about 2 from other builds), median over 2000 distinct secrets, with
//   ./build/keysweep_tests "[secret_hash-bench]"   (a hidden test that prints the figures):
//   opslimit 1 / 1 MiB 0.54-0.64 ms; opslimit 2 / 1 MiB 0.84-0.87 ms;
//   opslimit 3 / 1 MiB 1.04-1.09 ms (chosen); opslimit 1 / 2 MiB 1.27-1.31 ms.
// That is what an attacker pays per guess on one CPU core (a GPU does better, the less so the
// more memory a guess needs); three passes over 1 MiB rather than one over 2 MiB keeps the memory
// of hashing on every worker thread at once to a few MiB (RFC 9106 also suggests t = 3 when
// memory is constrained). A scan pays it once per distinct secret (SecretHasher), so a run with
// 1000 distinct secrets spends about 1 s of CPU on it, spread over the workers.
//
// Salts: a baseline file stores its 16 salt bytes (random_salt() when it is created); a report
// made without a baseline derives them from a stable identity of the repository that the caller
// passes (e.g. the root commit id): salt_from_identity(), BLAKE2b-128 of
// "keysweep-salt-v1" NUL identity. The salt is not secret; it only has to differ between
// repositories.
//
// Thread safety: every function may be called from any thread; libsodium is initialised once
// (sodium_ready()), under C++'s guarantee for function-local statics. A SecretHasher may be
// shared by any number of threads.
// Errors: a Status, never an abort: sodium_init() failing, crypto_pwhash() failing (it
// allocates memlimit bytes, so out of memory), parameters out of range. No error message
// contains a secret or any part of it.
#pragma once

#include <array>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "scanner/base/status.h"

namespace keysweep {

inline constexpr size_t kSecretSaltBytes = 16;
using SecretSalt = std::array<unsigned char, kSecretSaltBytes>;

// Argon2id v1.3 cost parameters, as libsodium takes them (memlimit in bytes, a multiple of 1024).
struct KdfParams {
  uint64_t opslimit = 0;
  uint64_t memlimit_bytes = 0;
  friend bool operator==(const KdfParams&, const KdfParams&) = default;
};
// What keysweep writes (see the cost paragraph above).
inline constexpr KdfParams kSecretKdf{3, 1u << 20};
// What keysweep accepts from a file: opslimit 1..kMaxOpslimit, memlimit 8 KiB (libsodium's
// minimum) to kMaxMemlimitBytes, so a hostile baseline cannot make each hash take seconds or
// hundreds of MiB (at the maximum one hash takes about 64 x 8 = 0.5 s; the caller should refuse
// anything but kSecretKdf in a scan unless it means to honour a retuned file).
inline constexpr uint64_t kMaxOpslimit = 8;
inline constexpr uint64_t kMinMemlimitBytes = 8u << 10;
inline constexpr uint64_t kMaxMemlimitBytes = 64u << 20;
// Ok when `params` lies in the accepted range above; else an error naming the field.
Status check_kdf_params(const KdfParams& params);

// Initialises libsodium once per process (thread-safe); the error repeats on every call.
Status sodium_ready();

// 16 bytes from the operating system's random source (randombytes_buf), for a new baseline.
Result<SecretSalt> random_salt();
// BLAKE2b-128 (crypto_generichash) of "keysweep-salt-v1" NUL identity: the same identity gives
// the same salt on every machine and every run. Precondition: identity is not empty (an empty
// identity would give every repository the same salt; the caller must find one).
Result<SecretSalt> salt_from_identity(std::string_view identity);

// 32 lower-case hex digits <-> 16 bytes. parse_salt_hex accepts lower-case hex only (what
// salt_hex writes), so a salt has one spelling and a file one byte sequence.
std::string salt_hex(const SecretSalt& salt);
std::optional<SecretSalt> parse_salt_hex(std::string_view hex);

// The secret hash of `secret` (any bytes, any length) under `salt`: 32 lower-case hex digits.
// Costs one Argon2id run (about 1 ms with kSecretKdf) and memlimit bytes for its duration.
// The password buffer holding a copy of the secret is wiped (sodium_memzero) before return.
Result<std::string> secret_hash(std::string_view secret, const SecretSalt& salt, const KdfParams& params = kSecretKdf);

// A memo of secret_hash under one salt: each distinct secret is hashed once however many
// findings (places, rules, threads) carry it.
//
// The memo does not keep secrets: it is keyed by a 16-byte BLAKE2b MAC of the secret under a
// random key drawn when the hasher is built (crypto_generichash keyed), so its memory holds only
// MACs and hashes, useless without the key, which lives as long as the hasher. Two different
// secrets share a key with probability about n^2 / 2^129: never, in practice.
//
// Concurrency: kShards shards, each a mutex, a condition variable and a map. The Argon2id run is
// done without the lock held; a thread asking for a secret that another thread is hashing waits
// for that result instead of hashing it again.
//
// Limits: at most max_entries entries (default kDefaultMaxEntries = 65,536, split evenly over
// the shards). An entry is a 16-byte key and a 16-byte hash plus a state byte in an
// unordered_map node (with its next pointer, about 64 bytes with malloc's overhead) and a
// bucket pointer (8 bytes): at most 65,536 x 72 bytes = 4.5 MiB. Once a shard is full, new
// secrets are still hashed correctly but not remembered (each costs a fresh Argon2id run).
//
// Thread safety: hash() and size() may be called from any number of threads at once.
class SecretHasher {
 public:
  static constexpr size_t kShards = 16;
  static constexpr size_t kDefaultMaxEntries = size_t{1} << 16;

  // Errors (from create): sodium_ready() failing, params out of range.
  static Result<std::unique_ptr<SecretHasher>> create(const SecretSalt& salt, const KdfParams& params = kSecretKdf,
                                                      size_t max_entries = kDefaultMaxEntries);
  SecretHasher(const SecretHasher&) = delete;
  SecretHasher& operator=(const SecretHasher&) = delete;
  ~SecretHasher();

  // secret_hash(secret, salt, params), from the memo when this secret was hashed before. An
  // error is not remembered: the next call for the same secret tries again.
  Result<std::string> hash(std::string_view secret);
  // Entries remembered (finished hashes), for tests and statistics.
  size_t size() const;

 private:
  using Key = std::array<unsigned char, 16>;
  struct KeyHash {
    // The key is already a uniform MAC: its first 8 bytes are a good hash.
    size_t operator()(const Key& k) const noexcept;
  };
  struct Entry {
    bool ready = false;  // false while one thread runs Argon2id for it
    std::array<unsigned char, 16> value{};
  };
  struct Shard {
    mutable std::mutex mu;
    std::condition_variable done;  // signalled when an entry of this shard becomes ready or is dropped
    std::unordered_map<Key, Entry, KeyHash> entries;
  };

  SecretHasher(const SecretSalt& salt, const KdfParams& params, size_t max_entries);
  Key memo_key(std::string_view secret) const;

  SecretSalt salt_;
  KdfParams params_;
  size_t max_per_shard_;
  std::array<unsigned char, 32> mac_key_{};  // wiped in the destructor
  std::array<Shard, kShards> shards_;
};

}  // namespace keysweep
