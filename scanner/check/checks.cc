// The named structural checks and their registry.
//
// Each check encodes one fact about a secret's format that a regex cannot: a Fernet key decodes
// to exactly 32 bytes, a JWT's first two segments are JSON, a hex run assigned to `sha256` is a
// digest and not a key. They run only on regex matches, so they may allocate.
#include "scanner/check/checks.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <utility>

#include "scanner/check/base64.h"
#include "scanner/check/credential_uri.h"
#include "scanner/check/made_up.h"
#include "scanner/check/placeholder.h"
#include "scanner/check/randomness.h"
#include "scanner/check/token_checksum.h"

namespace keysweep {
namespace {

bool is_base64_char(char ch) {
  return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '+' ||
         ch == '/' || ch == '-' || ch == '_' || ch == '=';
}

bool check_fernet(Candidate& c) {
  std::string_view s = c.secret();
  if (s.size() != 44 || s.back() != '=') return false;
  // The key must end where the base64 run ends ("...A==" or "...Axyz" is something longer).
  if (c.secret_end < c.chunk.size() && is_base64_char(c.chunk[c.secret_end])) return false;
  // 32 bytes leave 4 unused low bits in the 43rd character, which an encoder writes as zero, so
  // that character is one of these 16. A random 44-character string passes one time in four.
  if (std::string_view("AEIMQUYcgkosw048").find(s[42]) == std::string_view::npos) return false;
  auto bytes = base64_decode(s, Base64Alphabet::kUrlSafe);
  return bytes && bytes->size() == 32;
}

bool decodes_to_json_object(std::string_view segment, bool need_alg) {
  auto bytes = base64_decode(segment, Base64Alphabet::kUrlSafe);
  if (!bytes) return false;
  nlohmann::json j = nlohmann::json::parse(*bytes, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return false;
  return !need_alg || j.contains("alg");
}

// A header whose first bytes decode to `{"alg"`, `{"typ"` or `{"kid"` but whose rest does not
// parse: a token damaged by hand (one character changed to defeat a scanner, or a copy that
// lost a byte). Its claims and signature still work wherever the header is not checked.
bool header_starts_like_jwt(std::string_view segment) {
  // 8 base64 characters decode to the 6 bytes `{"alg"`.
  if (segment.size() < 8) return false;
  auto bytes = base64_decode(segment.substr(0, 8), Base64Alphabet::kUrlSafe);
  if (!bytes) return false;
  const std::string& head = *bytes;
  return head == "{\"alg\"" || head == "{\"typ\"" || head == "{\"kid\"";
}

bool check_jwt(Candidate& c) {
  std::string_view s = c.secret();
  const size_t a = s.find('.');
  if (a == std::string_view::npos) return false;
  const size_t b = s.find('.', a + 1);
  if (b == std::string_view::npos) return false;
  const std::string_view header = s.substr(0, a);
  if (!decodes_to_json_object(s.substr(a + 1, b - a - 1), false)) return false;
  return decodes_to_json_object(header, true) || header_starts_like_jwt(header);
}

// Words that mark a name as holding a digest, an identifier, public material or a pagination
// cursor, not a secret. Matched as whole words of the name (split at '_', '-', '.', digits-letter
// and camelCase boundaries), so SHARED_SECRET is not "sha" and prev_token is not "rev".
constexpr std::array<std::string_view, 35> kNotSecretWords = {
    "sha", "sha1", "sha256", "sha384", "sha512", "hash", "hashed", "digest", "checksum", "crc",
    "md5", "commit", "revision", "rev", "integrity", "etag", "trace", "span", "uuid", "guid",
    "id", "fingerprint", "thumbprint", "public", "pubkey", "pub", "cache", "idempotency",
    "next", "continuation", "cursor", "sequence", "correlation", "version", "arn"};

std::vector<std::string> name_words(std::string_view name) {
  std::vector<std::string> words;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) words.push_back(std::move(cur));
    cur.clear();
  };
  for (size_t i = 0; i < name.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    if (!std::isalnum(c)) {
      flush();
      continue;
    }
    // camelCase: a capital after a lower-case letter starts a word ("apiKeyId" -> api key id).
    if (std::isupper(c) && i > 0 && std::islower(static_cast<unsigned char>(name[i - 1]))) flush();
    cur.push_back(static_cast<char>(std::tolower(c)));
  }
  flush();
  return words;
}

// The name a value is assigned to when the regex did not capture one: the identifier before a
// ':', '=', ':=' or '=>' (and optional quotes, spaces and a b/r/u string prefix) on the same line.
std::string_view preceding_name(const Candidate& c) {
  size_t i = c.secret_begin;
  const auto skip = [&](std::string_view chars) {
    while (i > 0 && chars.find(c.chunk[i - 1]) != std::string_view::npos) --i;
  };
  skip("\"'` \t");
  skip("bruBRU");
  skip("\"'` \t");
  const size_t op_end = i;
  skip(">=:");
  if (i == op_end) return {};
  skip("\"'` \t]");
  const size_t name_end = i;
  while (i > 0) {
    const unsigned char ch = static_cast<unsigned char>(c.chunk[i - 1]);
    if (!std::isalnum(ch) && ch != '_' && ch != '-' && ch != '.') break;
    --i;
  }
  return c.chunk.substr(i, name_end - i);
}

// The regex's name group, widened to the whole key it sits in: the name groups stop at '/',
// so Helm's `checksum/secrets: <sha256>` would otherwise be judged as just "secrets".
std::string_view whole_key(const Candidate& c) {
  if (c.name.data() < c.chunk.data() || c.name.data() > c.chunk.data() + c.chunk.size()) return c.name;
  size_t begin = static_cast<size_t>(c.name.data() - c.chunk.data());
  const size_t end = begin + c.name.size();
  while (begin > 0) {
    const unsigned char ch = static_cast<unsigned char>(c.chunk[begin - 1]);
    if (!std::isalnum(ch) && ch != '_' && ch != '-' && ch != '.' && ch != '/') break;
    --begin;
  }
  return c.chunk.substr(begin, end - begin);
}

// Words that end in "pass" without being a password: the rules' name patterns accept a "pass"
// glued to the word before it (dbpass, rootpass), so BYPASS, COMPASS or proxy_bypass would
// otherwise read as password names. Judged on the name's last word only: in BYPASS_PASSWORD the
// last word is the password.
constexpr std::array<std::string_view, 8> kNotPassWords = {
    "bypass", "compass", "encompass", "overpass", "underpass", "trespass", "surpass", "impass"};

bool check_secret_name(Candidate& c) {
  const std::string_view name = c.name.empty() ? preceding_name(c) : whole_key(c);
  const std::vector<std::string> words = name_words(name);
  for (const std::string& w : words) {
    for (std::string_view bad : kNotSecretWords) {
      if (w == bad) return false;
    }
  }
  if (!words.empty()) {
    for (std::string_view bad : kNotPassWords) {
      if (words.back() == bad) return false;
    }
  }
  // A value that starts with the name's first two words is another name, not a secret: a macro
  // alias (#define crypto_secretbox_ZEROBYTES crypto_secretbox_xsalsa20poly1305_ZEROBYTES, 43
  // url-safe characters), a key path. No generated secret repeats its variable's name.
  if (words.size() >= 2) {
    const std::vector<std::string> value_words = name_words(c.secret());
    if (value_words.size() >= 2 && value_words[0] == words[0] && value_words[1] == words[1]) return false;
  }
  return true;
}

bool check_mixed_case(Candidate& c) {
  std::string_view s = c.secret();
  const bool lower = std::any_of(s.begin(), s.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; });
  const bool upper = std::any_of(s.begin(), s.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
  return lower && upper;
}

// Random mixed-case text has upper- and lower-case letters in roughly equal shares; CamelCase
// identifiers (AuthorizationCodeGrant, RefreshableCredentials) have few capitals.
bool check_case_mix(Candidate& c) {
  size_t upper = 0, lower = 0;
  for (char ch : c.secret()) {
    upper += ch >= 'A' && ch <= 'Z';
    lower += ch >= 'a' && ch <= 'z';
  }
  if (upper < 3 || lower < 3) return false;
  const double share = static_cast<double>(upper) / static_cast<double>(upper + lower);
  return share >= 0.25 && share <= 0.75;
}

// Generic values must show some non-letter: a digit or a symbol. Words and identifiers
// (`password = "correcthorsebattery"`, `token: AccessTokenProvider`) have none. A check rather
// than a regex: spelling "a digit somewhere" position by position made each generic regex
// ~1 KB, costing ~5 ms of RE2 compile per rule on the pre-commit path.
bool check_has_digit_or_symbol(Candidate& c) {
  return c.secret().find_first_of("0123456789!#$%&*+=?@^~|") != std::string_view::npos;
}

// A value that is not a plain word: a digit or a symbol (has_digit_or_symbol), or upper and lower
// case mixed the way random letters mix them (case_mix). For contexts that leave no doubt that
// the value is a password (curl -u user:pw), where a letters-only random password
// (`yqDVtkqPECriaLRi`) is as real as any, while `elastic`, `developer` or `secretpassword`
// are still dropped.
bool check_not_a_word(Candidate& c) { return check_has_digit_or_symbol(c) || check_case_mix(c); }

// Url-safe tokens: below 64 characters a random token has a digit with high probability
// (1 - (54/64)^43 = 99.93% at 43), while CamelCase identifiers of the same length rarely do; long
// tokens are judged by the randomness score alone.
bool check_digit_unless_long(Candidate& c) {
  std::string_view s = c.secret();
  return s.size() >= 64 || s.find_first_of("0123456789") != std::string_view::npos;
}

// Url-safe base64 proper: a '-' or '_' tells it apart from standard base64 (integrity hashes,
// go.sum digests) that happens to use neither '+' nor '/'.
bool check_has_dash_or_underscore(Candidate& c) {
  return c.secret().find_first_of("-_") != std::string_view::npos;
}

// Dates, version numbers, ports and addresses (2026-03-01, 10.0.4.12, 8080-8090) have no letter;
// a random key or password of 8+ characters almost always has one.
bool check_has_letter(Candidate& c) {
  std::string_view s = c.secret();
  return std::any_of(s.begin(), s.end(), [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'); });
}

bool check_not_all_digits(Candidate& c) {
  std::string_view s = c.secret();
  return std::any_of(s.begin(), s.end(), [](char ch) { return ch < '0' || ch > '9'; });
}

// A PEM-like block: the text between the BEGIN and END lines must carry real key material.
bool check_private_key_body(Candidate& c) {
  std::string_view s = c.secret();
  if (s.find("...") != std::string_view::npos || s.find("\xE2\x80\xA6") != std::string_view::npos) {
    return false;
  }
  size_t begin = s.find("-----", 5);  // end of the BEGIN line's closing dashes
  size_t body_start = begin == std::string_view::npos ? 0 : s.find_first_not_of('-', begin);
  size_t end = s.rfind("-----END");
  if (end == std::string_view::npos) end = s.size();
  if (body_start == std::string_view::npos || body_start > end) return false;
  size_t b64 = 0;
  for (size_t i = body_start; i < end; ++i) {
    const char ch = s[i];
    if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
        ch == '+' || ch == '/') {
      ++b64;
    }
  }
  // Escaped newlines ("\n" in JSON strings) count two letters each; they are few per key.
  return b64 >= 64;
}

// In program source a hard-coded secret is a string literal; an unquoted value after
// `password:` or `token =` is an identifier, a type or an expression (`Password: SMBGuestPassword;`
// in a .d.ts file, `$token = Get-AzAccessToken` in PowerShell, `exports.fetchKMSToken =
// fetchKMSToken`). For files with a programming-language extension the secret must follow a
// quote; other files (.env, YAML, INI, shell scripts, Dockerfiles) keep unquoted values.
bool check_quoted_in_code(Candidate& c) {
  static constexpr std::array<std::string_view, 50> kCode = {
      "py", "pyi", "pyx", "js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts", "go", "java",
      "kt", "kts", "scala", "groovy", "rb", "php", "c", "h", "cc", "cpp", "cxx", "hh", "hpp",
      "hxx", "cs", "fs", "vb", "rs", "swift", "dart", "lua", "pl", "pm", "r", "jl", "ex",
      "exs", "erl", "hs", "ml", "clj", "vue", "svelte", "ps1", "psm1", "map", "m"};
  const size_t slash = c.path.rfind('/');
  const std::string_view file = slash == std::string_view::npos ? c.path : c.path.substr(slash + 1);
  const size_t dot = file.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return true;
  std::string ext(file.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char ch) { return std::tolower(ch); });
  if (std::find(kCode.begin(), kCode.end(), ext) == kCode.end()) return true;
  if (c.secret_begin == 0) return false;
  const char before = c.chunk[c.secret_begin - 1];
  return before == '"' || before == '\'' || before == '`';
}

// HTTP Basic credentials (RFC 7617): standard base64 of "user:password" in printable ASCII.
// Kept when the password is real (6+ characters, no space, not a placeholder: the RFC's own
// "Aladdin:open sesame" and "user:password" are dropped), or when it is empty and the user is
// a long random token (APIs such as Stripe's take the key as the user name).
bool check_basic_auth(Candidate& c) {
  const std::optional<std::string> decoded = base64_decode_text(c.secret());
  if (!decoded) return false;
  // A user name has no quotes or braces: base64 of JSON (a JWT header pasted as Basic) is not it.
  const size_t colon = decoded->find(':');
  if (colon == std::string::npos || decoded->find_first_of("{}\"") < colon) return false;
  const std::string_view user(decoded->data(), colon);
  const std::string_view pass = std::string_view(*decoded).substr(colon + 1);
  if (pass.empty()) {
    return user.size() >= 20 && user.find_first_of("0123456789") != std::string_view::npos &&
           !looks_like_placeholder(user);
  }
  return pass.size() >= 6 && pass.find(' ') == std::string_view::npos && !looks_like_placeholder(pass);
}

// A password stored base64-encoded (.npmrc _password=, FileZilla <Pass encoding="base64">):
// the encoding says nothing about how random the password is, so it is judged decoded. Kept
// when the value decodes to printable text that is not a placeholder; marked weak (level
// warning, tag weak-password) when that text is made of words, scores under 0.6 or has neither
// a digit, a symbol nor random-looking mixed case, the tests a plain password rule applies.
bool check_base64_password(Candidate& c) {
  const std::optional<std::string> decoded = base64_decode_text(c.secret());
  if (!decoded || decoded->empty() || looks_like_placeholder(*decoded)) return false;
  Candidate text;
  text.chunk = *decoded;
  text.secret_end = decoded->size();
  if (made_of_words(*decoded) || randomness_score(*decoded) < 0.6 || !check_not_a_word(text)) c.flags |= kFlagWeak;
  return true;
}

// Never drops: records whether the token's own checksum matches (GitHub ghp_/gho_/ghu_/ghs_/ghr_,
// npm npm_; check/token_checksum.h). A mismatch is still reported, as a note: old-format and
// hand-edited tokens exist, and a truncated real token is still a leak to look at.
bool check_token_checksum(Candidate& c) {
  switch (token_checksum(c.secret())) {
    case Checksum::kValid: c.flags |= kFlagChecksumValid; break;
    case Checksum::kInvalid: c.flags |= kFlagChecksumInvalid; break;
    case Checksum::kNone: break;
  }
  return true;
}

// Never drops: marks an AWS access key ID whose account the finding stage decodes.
bool check_aws_key_id(Candidate& c) {
  if (aws_account_id(c.secret())) c.flags |= kFlagAwsKeyId;
  return true;
}

constexpr std::array<std::pair<std::string_view, CheckFn>, 19> kChecks = {{
    {"aws_key_id", &check_aws_key_id},
    {"base64_password", &check_base64_password},
    {"basic_auth", &check_basic_auth},
    {"case_mix", &check_case_mix},
    {"credential_uri", &credential_uri_check},
    {"digit_unless_long", &check_digit_unless_long},
    {"fernet", &check_fernet},
    {"has_dash_or_underscore", &check_has_dash_or_underscore},
    {"has_digit_or_symbol", &check_has_digit_or_symbol},
    {"has_letter", &check_has_letter},
    {"jwt", &check_jwt},
    {"mixed_case", &check_mixed_case},
    {"not_a_word", &check_not_a_word},
    {"not_all_digits", &check_not_all_digits},
    {"password_literal", &password_literal_check},
    {"private_key_body", &check_private_key_body},
    {"quoted_in_code", &check_quoted_in_code},
    {"secret_name", &check_secret_name},
    {"token_checksum", &check_token_checksum},
}};

}  // namespace

CheckFn find_check(std::string_view name) {
  for (const auto& [n, fn] : kChecks) {
    if (n == name) return fn;
  }
  return nullptr;
}

bool check_reads_path(std::string_view name) { return name == "quoted_in_code"; }

bool check_is_soft(std::string_view name) {
  return name == "mixed_case" || name == "case_mix" || name == "has_digit_or_symbol" ||
         name == "digit_unless_long" || name == "not_all_digits" || name == "not_a_word" ||
         name == "has_letter";
}

std::vector<std::string> check_names() {
  std::vector<std::string> out;
  for (const auto& [n, fn] : kChecks) out.emplace_back(n);
  return out;
}

}  // namespace keysweep
