#include "scanner/check/base64.h"

#include <algorithm>
#include <cstdint>

namespace keysweep {

std::optional<std::string> base64_decode(std::string_view in, Base64Alphabet alphabet) {
  const char c62 = alphabet == Base64Alphabet::kUrlSafe ? '-' : '+';
  const char c63 = alphabet == Base64Alphabet::kUrlSafe ? '_' : '/';
  size_t pad = 0;
  while (!in.empty() && in.back() == '=') {
    in.remove_suffix(1);
    ++pad;
  }
  if (pad > 2 || (pad > 0 && (in.size() + pad) % 4 != 0) || in.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(in.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int v;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == c62) v = 62;
    else if (c == c63) v = 63;
    else return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

std::optional<std::string> base64_decode_text(std::string_view in) {
  std::optional<std::string> out = base64_decode(in, Base64Alphabet::kStandard);
  if (!out || out->empty()) return std::nullopt;
  if (std::any_of(out->begin(), out->end(), [](char ch) { return ch < 0x20 || ch > 0x7e; })) return std::nullopt;
  return out;
}

}  // namespace keysweep
