#include "scanner/check/made_up.h"

#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "scanner/check/word_list.h"

namespace keysweep {
namespace {

std::string random_from(std::mt19937_64& rng, std::string_view alphabet, size_t n) {
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
  std::string s;
  for (size_t i = 0; i < n; ++i) s.push_back(alphabet[pick(rng)]);
  return s;
}

constexpr std::string_view kHex = "0123456789abcdef";
constexpr std::string_view kBase64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kUrlSafe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view kPrintable =
    "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

}  // namespace

TEST_CASE("the embedded word list is Debian's, filtered", "[made-up]") {
  CHECK(english_word_count() > 50000);
  for (const char* w : {"password", "random", "production", "master", "encryption", "swordfish", "abacus", "zygote"}) {
    INFO(w);
    CHECK(is_english_word(w));
  }
  for (const char* w : {"", "a", "ab", "qzx", "Password", "passwordx", "zzzzzzzzzzzzzzzzzzzzzzzzzzzz"}) {
    INFO(w);
    CHECK_FALSE(is_english_word(w));
  }
}

TEST_CASE("values people write from words are made up", "[made-up]") {
  // The four teams' runbooks (../shared/seeds) and the usual documentation phrases.
  for (const char* v : {"dev_password_123", "ENCRYPTION_KEY_32_BYTES_RANDOM", "some_hardcoded_key_12345",
                        "dev_master_key_67890_never_in_production", "your-fernet-key", "LONG_RANDOM_PASSWORD",
                        "home-pass", "secret-passwd", "mySecretValue", "SuperSecretPassword2024", "hunter22",
                        "swordfish", "correct-horse-battery-staple", "devpassword", "postgres_dev_pw",
                        "change.this.later", "Welcome2024!", "rabbitmq-default-cookie", "jwtSigningSecret",
                        "HTTPServerApiKey", "key_of_the_day_1", "deadbeefdeadbeef"}) {
    INFO(v);
    CHECK(made_of_words(v));
  }
}

TEST_CASE("random values, even with a word inside, are not made up", "[made-up]") {
  for (const char* v : {"Tr0ub4dor&3x9Lq", "Tr0ub4dor&3x9LqPz", "password8f3a9c2e7d1b4f6a", "9add5e4369fd7973ffec9026",
                        "tPMFj3-qWUvJhQ5Mfdaa", "kq3HtQ0v_Zs8tWm1", "master_Xk9q2LpZ7r", "s3cr3tP4ss!x",
                        "Summer2024!Xq#7", "dev_f83kQz9_prod", "a1b2c3d4e5f6g7h8i9j0",
                        "CorrectHorse9x8Q", "ab", "abcdef"}) {
    INFO(v);
    CHECK_FALSE(made_of_words(v));
  }
}

TEST_CASE("base64 of a phrase, or of user:phrase, is made up", "[made-up]") {
  CHECK(base64_of_words("YWxpY2U6c2VjcmV0LXBhc3N3ZA=="));  // alice:secret-passwd
  CHECK(base64_of_words("YS1naXQtdG9rZW4="));              // a-git-token
  CHECK(base64_of_words("YW5vdGhlci10b2tlbg=="));          // another-token
  CHECK_FALSE(base64_of_words("UyFCXCpkJHpEc2I9"));        // S!B\*d$zDsb=
  CHECK_FALSE(base64_of_words("ZGVwbG95LWJvdDpCcTEzY2dXNTNZSVFFMENYUXA2SDVT"));  // deploy-bot:Bq13cg...
  CHECK_FALSE(base64_of_words("YS1naXQtdG9rZW4"));         // not padded
}

// The trade-off the check must keep: real keys of every generator shape are never judged made
// up. 10,000 of each shape, lengths as generators emit them.
TEST_CASE("no random token of the usual shapes is judged made up", "[made-up]") {
  std::mt19937_64 rng(20261203);
  std::uniform_int_distribution<size_t> password_len(12, 32);
  std::uniform_int_distribution<size_t> hex_len(16, 64);
  size_t made_up = 0;
  std::string first;
  auto judge = [&](const std::string& v) {
    if (made_of_words(v)) {
      if (first.empty()) first = v;
      ++made_up;
    }
  };
  for (int i = 0; i < 10000; ++i) {
    judge(random_from(rng, kHex, hex_len(rng)));
    judge(random_from(rng, kHex, 64));
    judge(random_from(rng, kBase64, 44));
    judge(random_from(rng, kBase64, password_len(rng)));
    judge(random_from(rng, kUrlSafe, 43));
    judge(random_from(rng, kUrlSafe, password_len(rng)));
    judge(random_from(rng, kPrintable, password_len(rng)));
    std::string upper_hex = random_from(rng, kHex, 32);
    for (char& c : upper_hex) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    judge(upper_hex);
  }
  INFO("first made-up random token: " << first);
  CHECK(made_up == 0);
}

}  // namespace keysweep
