// Escaping untrusted text for error messages; see quote.h.
#include "scanner/base/quote.h"

#include <cinttypes>
#include <cstdint>
#include <cstdio>

namespace keysweep {
namespace {

// Length of the valid UTF-8 sequence at s[i] (2-4 bytes, shortest form, no surrogates), or 0.
size_t utf8_length(std::string_view s, size_t i, uint32_t* cp) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  size_t len = 0;
  uint32_t min = 0;
  if ((c & 0xE0) == 0xC0) { len = 2; *cp = c & 0x1F; min = 0x80; }
  else if ((c & 0xF0) == 0xE0) { len = 3; *cp = c & 0x0F; min = 0x800; }
  else if ((c & 0xF8) == 0xF0) { len = 4; *cp = c & 0x07; min = 0x10000; }
  else return 0;
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    *cp = (*cp << 6) | (cc & 0x3F);
  }
  if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF)) return 0;
  return len;
}

// C1 controls and the format characters that reorder or hide text on a terminal.
bool is_format_control(uint32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C || cp == 0x200B || cp == 0x200E || cp == 0x200F ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

}  // namespace

std::string quote_input(std::string_view text, size_t max_bytes) {
  std::string out = "'";
  out += escape_input(text, max_bytes);
  out += '\'';
  return out;
}

std::string escape_input(std::string_view text, size_t max_bytes) {
  const bool cut = text.size() > max_bytes;
  if (cut) text = text.substr(0, max_bytes);
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    uint32_t cp = 0;
    size_t len = 0;
    char buf[16];
    if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
      ++i;
    } else if (c >= 0x80 && (len = utf8_length(text, i, &cp)) != 0) {
      if (is_format_control(cp)) {
        std::snprintf(buf, sizeof buf, "\\u{%04" PRIX32 "}", cp);
        out += buf;
      } else {
        out.append(text.substr(i, len));
      }
      i += len;
    } else {
      // A control byte, DEL, or a byte of invalid (or cut) UTF-8.
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
      ++i;
    }
  }
  if (cut) out += "...";
  return out;
}

}  // namespace keysweep
