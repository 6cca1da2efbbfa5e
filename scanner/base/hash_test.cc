#include "scanner/base/hash.h"

#include <catch2/catch.hpp>

namespace keysweep {

TEST_CASE("sha256_hex gives the FIPS 180-2 digests", "[hash]") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("Sha256 over pieces equals sha256_hex over the whole", "[hash]") {
  const std::string text = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  for (size_t cut = 0; cut <= text.size(); cut += 7) {
    Sha256 h;
    h.update(std::string_view(text).substr(0, cut));
    h.update("");
    h.update(std::string_view(text).substr(cut));
    CHECK(h.hex() == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  }
}

}  // namespace keysweep
