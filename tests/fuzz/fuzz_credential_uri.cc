// The credential-URI parser and check (scanner/check/credential_uri.h) over arbitrary bytes:
// never a crash; a password is a non-empty span inside the text, every view points into the
// text, and the check only ever narrows the secret.
#include <string>
#include <string_view>

#include "scanner/check/credential_uri.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

bool inside(std::string_view part, std::string_view whole) {
  if (part.empty()) return true;
  return part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // A copy whose end is the allocation's end, so ASan sees any read past the text.
  const std::string copy(reinterpret_cast<const char*>(data), size);
  const std::string_view text(copy);
  if (auto cred = keysweep::parse_uri_credential(text)) {
    FUZZ_CHECK(cred->password_begin < cred->password_end);
    FUZZ_CHECK(cred->password_end <= text.size());
    FUZZ_CHECK(inside(cred->scheme, text));
    FUZZ_CHECK(inside(cred->user, text));
    FUZZ_CHECK(inside(cred->host, text));
  }
  // As the matcher calls it: the whole text is the match and the secret, inside a larger chunk.
  const std::string chunk = "x = " + copy + "\n";
  keysweep::Candidate cand;
  cand.chunk = chunk;
  cand.match_begin = cand.secret_begin = 4;
  cand.match_end = cand.secret_end = 4 + size;
  cand.path = "config/database.yml";
  const keysweep::Candidate before = cand;
  if (keysweep::credential_uri_check(cand)) {
    FUZZ_CHECK(cand.secret_begin >= before.secret_begin && cand.secret_end <= before.secret_end);
    FUZZ_CHECK(cand.secret_begin < cand.secret_end);
  } else {
    FUZZ_CHECK(cand.secret_begin == before.secret_begin && cand.secret_end == before.secret_end);
  }
  return 0;
}
