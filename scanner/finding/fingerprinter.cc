#include "scanner/finding/fingerprinter.h"

namespace keysweep {

Fingerprinter::Fingerprinter(SaltSource salt, KdfParams params) : source_(std::move(salt)), params_(params) {}

Status Fingerprinter::init() {
  Result<SecretSalt> salt = source_ ? source_() : salt_from_identity(kNoRepositoryIdentity);
  if (!salt) return salt.status().with_context("choosing the fingerprint salt");
  auto hasher = SecretHasher::create(*salt, params_);
  if (!hasher) return hasher.status();
  hasher_ = std::move(hasher).value();
  return Status::ok();
}

Result<std::string> Fingerprinter::fingerprint(std::string_view secret) {
  std::call_once(once_, [this] { init_status_ = init(); });
  if (!init_status_) return init_status_;
  return hasher_->hash(secret);
}

}  // namespace keysweep
