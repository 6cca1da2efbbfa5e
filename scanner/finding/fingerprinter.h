// Fingerprinter: the fingerprint every finding carries in reports (JSON `fingerprint`, SARIF
// partialFingerprints) and that baselines and allowlists match on: the salted, deliberately
// slow secret hash of finding/secret_hash.h, never a fast unsalted hash of the secret, so an
// uploaded SARIF file or a committed report does not let anyone brute-force a short password
// offline.
//
// It depends on the secret and the salt only (not the rule, the path or the line): the same
// secret found by two rules, or moved to another file, keeps its fingerprint.
//
// The salt is asked for lazily, the first time a fingerprint is needed, from a SaltSource the
// app layer provides (finding/ has no access to the repository): the baseline file's salt when
// one is in use, else a salt derived from the repository's root commit (stable from run to run
// and machine to machine), else kNoRepositoryIdentity's. A scan that finds nothing never pays
// for it (a pre-commit run with no finding opens no revision walk).
//
// Cost: one Argon2id run (about 1 ms, secret_hash.h) per distinct secret, remembered by a
// SecretHasher (bounded memo, 4.5 MiB at most); the salt source runs once.
//
// Thread safety: fingerprint() may be called from any number of threads at once (std::call_once
// guards the salt; SecretHasher is thread-safe). Errors: the salt source or the hash failing:
// fingerprint() returns the error (every later call returns the salt error again).
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "scanner/base/status.h"
#include "scanner/finding/secret_hash.h"

namespace keysweep {

// The identity salted into fingerprints of inputs that are in no repository (stdin, a folder
// outside any git work tree): fixed, so fingerprints stay stable; still slow to brute-force.
inline constexpr const char* kNoRepositoryIdentity = "keysweep-no-repository";

using SaltSource = std::function<Result<SecretSalt>()>;

class Fingerprinter {
 public:
  // `salt`: called once, on the first fingerprint(); null means kNoRepositoryIdentity's salt.
  explicit Fingerprinter(SaltSource salt = nullptr, KdfParams params = kSecretKdf);
  Fingerprinter(const Fingerprinter&) = delete;
  Fingerprinter& operator=(const Fingerprinter&) = delete;

  // 32 lower-case hex digits: secret_hash(secret, salt, params).
  Result<std::string> fingerprint(std::string_view secret);

 private:
  Status init();

  SaltSource source_;
  KdfParams params_;
  std::once_flag once_;
  Status init_status_;
  std::unique_ptr<SecretHasher> hasher_;
};

}  // namespace keysweep
