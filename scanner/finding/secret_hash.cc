// The salted secret hash and its memo: see secret_hash.h for the construction, its cost and why.
//
// Every copy of a secret made here (the domain-separated password buffer) is wiped with
// sodium_memzero before it is freed; the memo holds only keyed MACs of secrets.
#include "scanner/finding/secret_hash.h"

#include <sodium.h>

#include <cstring>
#include <new>
#include <vector>

namespace keysweep {
namespace {

constexpr char kSecretDomain[] = "keysweep-secret-v1";  // then NUL, then the secret
constexpr char kSaltDomain[] = "keysweep-salt-v1";      // then NUL, then the identity

std::string to_hex(const unsigned char* bytes, size_t n) {
  std::string out(2 * n + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, n);  // lower-case, NUL-terminated
  out.pop_back();
  return out;
}

// A buffer that is wiped when it goes away: the secret must not linger in freed heap memory.
class WipedBuffer {
 public:
  explicit WipedBuffer(size_t n) : bytes_(n) {}
  ~WipedBuffer() {
    if (!bytes_.empty()) sodium_memzero(bytes_.data(), bytes_.size());
  }
  WipedBuffer(const WipedBuffer&) = delete;
  WipedBuffer& operator=(const WipedBuffer&) = delete;
  unsigned char* data() { return bytes_.data(); }
  size_t size() const { return bytes_.size(); }

 private:
  std::vector<unsigned char> bytes_;
};

// The Argon2id run behind secret_hash, into 16 raw bytes. Precondition: sodium_ready() and
// check_kdf_params(params) are ok.
Status raw_secret_hash(std::string_view secret, const SecretSalt& salt, const KdfParams& params,
                       std::array<unsigned char, 16>* out) {
  // The domain prefix keeps these hashes apart from any other use of Argon2id on the same
  // values; its NUL cannot occur in the prefix, so prefix and secret cannot be confused.
  WipedBuffer password(sizeof kSecretDomain + secret.size());  // sizeof counts the NUL
  std::memcpy(password.data(), kSecretDomain, sizeof kSecretDomain);
  if (!secret.empty()) std::memcpy(password.data() + sizeof kSecretDomain, secret.data(), secret.size());
  static_assert(crypto_pwhash_argon2id_BYTES_MIN <= 16);
  if (crypto_pwhash(out->data(), out->size(), reinterpret_cast<const char*>(password.data()), password.size(),
                    salt.data(), params.opslimit, static_cast<size_t>(params.memlimit_bytes),
                    crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::error("hashing a secret (Argon2id, " + std::to_string(params.memlimit_bytes >> 10) +
                         " KiB) failed: out of memory");
  }
  return Status::ok();
}

}  // namespace

Status sodium_ready() {
  // sodium_init() returns 0 the first time, 1 when already done, -1 on failure.
  static const int rc = sodium_init();
  if (rc < 0) return Status::error("libsodium could not be initialised (sodium_init failed)");
  return Status::ok();
}

Status check_kdf_params(const KdfParams& params) {
  if (params.opslimit < 1 || params.opslimit > kMaxOpslimit) {
    return Status::error("kdf opslimit " + std::to_string(params.opslimit) + " is outside 1.." +
                         std::to_string(kMaxOpslimit));
  }
  if (params.memlimit_bytes < kMinMemlimitBytes || params.memlimit_bytes > kMaxMemlimitBytes ||
      params.memlimit_bytes % 1024 != 0) {
    return Status::error("kdf memlimit " + std::to_string(params.memlimit_bytes) + " is not a multiple of 1024 in " +
                         std::to_string(kMinMemlimitBytes) + ".." + std::to_string(kMaxMemlimitBytes));
  }
  return Status::ok();
}

Result<SecretSalt> random_salt() {
  if (Status st = sodium_ready(); !st) return st;
  SecretSalt salt;
  randombytes_buf(salt.data(), salt.size());
  return salt;
}

Result<SecretSalt> salt_from_identity(std::string_view identity) {
  if (Status st = sodium_ready(); !st) return st;
  if (identity.empty()) return Status::error("no repository identity to derive the salt from");
  std::string material(kSaltDomain, sizeof kSaltDomain);  // with its NUL
  material.append(identity);
  SecretSalt salt;
  static_assert(kSecretSaltBytes >= crypto_generichash_BYTES_MIN);
  if (crypto_generichash(salt.data(), salt.size(), reinterpret_cast<const unsigned char*>(material.data()),
                         material.size(), nullptr, 0) != 0) {
    return Status::error("deriving the salt (BLAKE2b) failed");
  }
  return salt;
}

std::string salt_hex(const SecretSalt& salt) { return to_hex(salt.data(), salt.size()); }

std::optional<SecretSalt> parse_salt_hex(std::string_view hex) {
  if (hex.size() != 2 * kSecretSaltBytes) return std::nullopt;
  for (char c : hex) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return std::nullopt;
  }
  SecretSalt salt;
  size_t n = 0;
  if (sodium_hex2bin(salt.data(), salt.size(), hex.data(), hex.size(), nullptr, &n, nullptr) != 0 ||
      n != salt.size()) {
    return std::nullopt;
  }
  return salt;
}

Result<std::string> secret_hash(std::string_view secret, const SecretSalt& salt, const KdfParams& params) {
  if (Status st = sodium_ready(); !st) return st;
  if (Status st = check_kdf_params(params); !st) return st;
  std::array<unsigned char, 16> raw;
  try {
    if (Status st = raw_secret_hash(secret, salt, params, &raw); !st) return st;
  } catch (const std::bad_alloc&) {
    return Status::error("hashing a secret failed: out of memory");
  }
  return to_hex(raw.data(), raw.size());
}

// --- SecretHasher ---------------------------------------------------------------------------

size_t SecretHasher::KeyHash::operator()(const Key& k) const noexcept {
  size_t h;
  std::memcpy(&h, k.data() + 1, sizeof h);  // byte 0 picks the shard
  return h;
}

Result<std::unique_ptr<SecretHasher>> SecretHasher::create(const SecretSalt& salt, const KdfParams& params,
                                                           size_t max_entries) {
  if (Status st = sodium_ready(); !st) return st;
  if (Status st = check_kdf_params(params); !st) return st;
  return std::unique_ptr<SecretHasher>(new SecretHasher(salt, params, max_entries));
}

SecretHasher::SecretHasher(const SecretSalt& salt, const KdfParams& params, size_t max_entries)
    : salt_(salt), params_(params), max_per_shard_(max_entries / kShards) {
  crypto_generichash_keygen(mac_key_.data());
}

SecretHasher::~SecretHasher() { sodium_memzero(mac_key_.data(), mac_key_.size()); }

SecretHasher::Key SecretHasher::memo_key(std::string_view secret) const {
  Key key;
  // crypto_generichash cannot fail for these lengths (16-byte output, 32-byte key).
  (void)crypto_generichash(key.data(), key.size(), reinterpret_cast<const unsigned char*>(secret.data()),
                           secret.size(), mac_key_.data(), mac_key_.size());
  return key;
}

Result<std::string> SecretHasher::hash(std::string_view secret) {
  const Key key = memo_key(secret);
  Shard& shard = shards_[key[0] % kShards];
  std::unique_lock<std::mutex> lock(shard.mu);
  for (;;) {
    auto it = shard.entries.find(key);
    if (it == shard.entries.end()) break;
    if (it->second.ready) return to_hex(it->second.value.data(), it->second.value.size());
    // Another thread is hashing this secret: wait for it rather than pay Argon2id twice. If it
    // fails it drops the entry, and this thread tries itself.
    shard.done.wait(lock);
  }
  bool remember = shard.entries.size() < max_per_shard_;
  try {
    if (remember) shard.entries.emplace(key, Entry{});
  } catch (const std::bad_alloc&) {
    remember = false;  // hashed all the same, just not remembered
  }
  lock.unlock();

  std::array<unsigned char, 16> raw;
  // Nothing may escape between claiming the entry and settling it, or the threads waiting for
  // it would wait forever: running out of memory is a Status like crypto_pwhash's own failure.
  Status st;
  try {
    st = raw_secret_hash(secret, salt_, params_, &raw);
  } catch (const std::bad_alloc&) {
    st = Status::error("hashing a secret failed: out of memory");
  }
  if (remember) {
    lock.lock();
    // Looked up again: other insertions may have rehashed the map (references stay valid, but
    // this keeps the code obviously right).
    auto it = shard.entries.find(key);
    if (st) {
      it->second.value = raw;
      it->second.ready = true;
    } else {
      shard.entries.erase(it);
    }
    lock.unlock();
    shard.done.notify_all();
  }
  if (!st) return st;
  return to_hex(raw.data(), raw.size());
}

size_t SecretHasher::size() const {
  size_t n = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard<std::mutex> lock(shard.mu);
    for (const auto& [key, entry] : shard.entries) n += entry.ready ? 1 : 0;
  }
  return n;
}

}  // namespace keysweep
