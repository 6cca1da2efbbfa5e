#include "scanner/finding/secret_hash.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>
#include <thread>
#include <vector>

namespace keysweep {
namespace {

SecretSalt counting_salt(unsigned char first) {
  SecretSalt salt;
  for (size_t i = 0; i < salt.size(); ++i) salt[i] = static_cast<unsigned char>(first + i);
  return salt;
}

std::string hash_of(std::string_view secret, const SecretSalt& salt, const KdfParams& params = kSecretKdf) {
  Result<std::string> h = secret_hash(secret, salt, params);
  INFO(h.status().message());
  REQUIRE(h);
  return *h;
}

}  // namespace

TEST_CASE("secret_hash: known answers stay the same", "[secret_hash]") {
  // Computed once with this code (Argon2id v1.3, opslimit 3, memlimit 1 MiB, 16 bytes). A change
  // here makes every committed baseline useless: only with a new "keysweep-secret-v1" domain.
  CHECK(hash_of("hunter2", counting_salt(0)) == "5e71639b8f5c3e59be50ed83c6c731d0");
  CHECK(hash_of("", counting_salt(0)) == "dbcdab06bcb462a07ee6dfe6a99f50d5");
  CHECK(hash_of(std::string("a\0b", 3), counting_salt(0x10)) == "dc7886e4a7aeee7fb9faf4c523e7c7fb");
}

TEST_CASE("secret_hash: 32 hex digits; the salt and the secret both change it", "[secret_hash]") {
  const std::string h = hash_of("hunter2", counting_salt(0));
  CHECK(h.size() == 32);
  CHECK(h.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(hash_of("hunter2", counting_salt(0)) == h);
  CHECK(hash_of("hunter2", counting_salt(1)) != h);
  CHECK(hash_of("hunter3", counting_salt(0)) != h);
  CHECK(hash_of("hunter2", counting_salt(0), KdfParams{1, 1u << 20}) != h);
}

TEST_CASE("secret_hash: kdf parameters out of range are an error, not an abort", "[secret_hash]") {
  CHECK_FALSE(check_kdf_params(KdfParams{0, 1u << 20}));
  CHECK_FALSE(check_kdf_params(KdfParams{kMaxOpslimit + 1, 1u << 20}));
  CHECK_FALSE(check_kdf_params(KdfParams{1, 4096}));
  CHECK_FALSE(check_kdf_params(KdfParams{1, (1u << 20) + 1}));
  CHECK_FALSE(check_kdf_params(KdfParams{1, kMaxMemlimitBytes + 1024}));
  CHECK(check_kdf_params(kSecretKdf));
  Result<std::string> h = secret_hash("hunter2", counting_salt(0), KdfParams{1, 1u << 30});
  REQUIRE_FALSE(h);
  CHECK(h.status().message().find("memlimit") != std::string::npos);
  CHECK(h.status().message().find("hunter2") == std::string::npos);
}

TEST_CASE("secret_hash: salts from an identity are stable and domain-separated", "[secret_hash]") {
  Result<SecretSalt> a = salt_from_identity("3f2a0c1d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49");
  REQUIRE(a);
  // Also what Python gives: hashlib.blake2b(b"keysweep-salt-v1\0" + identity, digest_size=16).
  CHECK(salt_hex(*a) == "52d49690fe1d7b44ed3c931e38d9ff49");
  Result<SecretSalt> again = salt_from_identity("3f2a0c1d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49");
  REQUIRE(again);
  CHECK(*again == *a);
  Result<SecretSalt> other = salt_from_identity("3f2a0c1d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4a");
  REQUIRE(other);
  CHECK(*other != *a);
  CHECK_FALSE(salt_from_identity(""));
}

TEST_CASE("secret_hash: salt hex round trip; random salts differ", "[secret_hash]") {
  const SecretSalt s = counting_salt(0xf0);
  CHECK(salt_hex(s) == "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
  CHECK(parse_salt_hex(salt_hex(s)) == s);
  CHECK_FALSE(parse_salt_hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF"));  // one spelling only
  CHECK_FALSE(parse_salt_hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfef"));
  CHECK_FALSE(parse_salt_hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeffaa"));
  CHECK_FALSE(parse_salt_hex("g0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"));
  Result<SecretSalt> r1 = random_salt();
  Result<SecretSalt> r2 = random_salt();
  REQUIRE(r1);
  REQUIRE(r2);
  CHECK(*r1 != *r2);
}

TEST_CASE("secret_hash: the memo gives the direct hash, once per secret, from several threads",
          "[secret_hash]") {
  const SecretSalt salt = counting_salt(7);
  Result<std::unique_ptr<SecretHasher>> made = SecretHasher::create(salt);
  REQUIRE(made);
  SecretHasher& hasher = **made;
  std::vector<std::string> secrets;
  for (int i = 0; i < 24; ++i) secrets.push_back("secret-" + std::to_string(i % 12));  // each twice
  std::vector<std::vector<std::string>> got(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < got.size(); ++t) {
    threads.emplace_back([&, t] {
      // Each thread walks the list from another starting point, so they meet on the same
      // secrets at about the same time (the "another thread is hashing it" path).
      for (size_t i = 0; i < secrets.size(); ++i) {
        Result<std::string> h = hasher.hash(secrets[(i + 6 * t) % secrets.size()]);
        got[t].push_back(h ? *h : "error: " + h.status().message());
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (size_t t = 0; t < got.size(); ++t) {
    for (size_t i = 0; i < secrets.size(); ++i) {
      CHECK(got[t][i] == hash_of(secrets[(i + 6 * t) % secrets.size()], salt));
    }
  }
  CHECK(hasher.size() == 12);
}

TEST_CASE("secret_hash: a full memo still hashes right, and stays within its bound", "[secret_hash]") {
  const SecretSalt salt = counting_salt(9);
  Result<std::unique_ptr<SecretHasher>> made =
      SecretHasher::create(salt, KdfParams{1, 8u << 10}, /*max_entries=*/SecretHasher::kShards);
  REQUIRE(made);
  for (int i = 0; i < 64; ++i) {
    const std::string secret = "s" + std::to_string(i);
    Result<std::string> h = (*made)->hash(secret);
    REQUIRE(h);
    CHECK(*h == hash_of(secret, salt, KdfParams{1, 8u << 10}));
  }
  CHECK((*made)->size() <= SecretHasher::kShards);
  CHECK_FALSE(SecretHasher::create(salt, KdfParams{0, 8u << 10}));
}

// Not run by default: the figures quoted in secret_hash.h. ./build/keysweep_tests "[secret_hash-bench]"
TEST_CASE("secret_hash: cost per hash", "[.][secret_hash-bench]") {
  const SecretSalt salt = counting_salt(3);
  for (const KdfParams p : {KdfParams{1, 1u << 20}, KdfParams{2, 1u << 20}, KdfParams{3, 1u << 20},
                            KdfParams{1, 2u << 20}, kSecretKdf}) {
    std::vector<double> ms;
    for (int i = 0; i < 2000; ++i) {
      const std::string secret = "bench-secret-" + std::to_string(i);
      const auto t0 = std::chrono::steady_clock::now();
      Result<std::string> h = secret_hash(secret, salt, p);
      const auto t1 = std::chrono::steady_clock::now();
      REQUIRE(h);
      ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    std::printf("opslimit %llu memlimit %llu KiB: median %.3f ms, p10 %.3f ms, p90 %.3f ms\n",
                static_cast<unsigned long long>(p.opslimit), static_cast<unsigned long long>(p.memlimit_bytes >> 10),
                ms[ms.size() / 2], ms[ms.size() / 10], ms[ms.size() * 9 / 10]);
  }
}

}  // namespace keysweep
