#include "scanner/decode/text_encoding.h"

#include <cstring>

namespace keysweep {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// A character a Windows tool writes for English text: the C0 whitespace, printable ASCII and
// the printable Latin-1 range.
bool ascii_range(unsigned char c) { return (c >= 0x09 && c <= 0x0D) || (c >= 0x20 && c <= 0x7E) || c >= 0xA0; }

uint32_t unit_at(std::string_view s, size_t i, TextEncoding e) {
  const auto b = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(s[i + k])); };
  switch (e) {
    case TextEncoding::kUtf8: return b(0);
    case TextEncoding::kUtf16Le: return b(0) | b(1) << 8;
    case TextEncoding::kUtf16Be: return b(0) << 8 | b(1);
    case TextEncoding::kUtf32Le: return b(0) | b(1) << 8 | b(2) << 16 | b(3) << 24;
    case TextEncoding::kUtf32Be: return b(0) << 24 | b(1) << 16 | b(2) << 8 | b(3);
  }
  return 0;
}

}  // namespace

DetectedEncoding detect_encoding(std::string_view probe) {
  using namespace std::string_view_literals;
  if (starts_with(probe, "\xEF\xBB\xBF"sv)) return {TextEncoding::kUtf8, 3};
  if (starts_with(probe, "\xFF\xFE\x00\x00"sv)) return {TextEncoding::kUtf32Le, 4};
  if (starts_with(probe, "\x00\x00\xFE\xFF"sv)) return {TextEncoding::kUtf32Be, 4};
  if (starts_with(probe, "\xFF\xFE"sv)) return {TextEncoding::kUtf16Le, 2};
  if (starts_with(probe, "\xFE\xFF"sv)) return {TextEncoding::kUtf16Be, 2};
  const size_t units = probe.size() / 2;
  if (units < 2) return {};
  // BOM-less UTF-16 is told by its NUL bytes; a probe without one (nearly every text file) is
  // settled by one memchr instead of a loop over every unit.
  if (std::memchr(probe.data(), 0, probe.size()) == nullptr) return {};
  size_t le = 0, be = 0;
  for (size_t i = 0; i < units; ++i) {
    const auto lo = static_cast<unsigned char>(probe[2 * i]);
    const auto hi = static_cast<unsigned char>(probe[2 * i + 1]);
    if (lo == 0 && hi == 0) return {};  // a NUL character: binary whichever way it is read
    if (hi == 0 && ascii_range(lo)) ++le;
    if (lo == 0 && ascii_range(hi)) ++be;
  }
  if (le * 10 >= units * 9) return {TextEncoding::kUtf16Le, 0};
  if (be * 10 >= units * 9) return {TextEncoding::kUtf16Be, 0};
  return {};
}

size_t unit_size(TextEncoding encoding) {
  switch (encoding) {
    case TextEncoding::kUtf8: return 1;
    case TextEncoding::kUtf16Le:
    case TextEncoding::kUtf16Be: return 2;
    case TextEncoding::kUtf32Le:
    case TextEncoding::kUtf32Be: return 4;
  }
  return 1;
}

std::string_view encoding_name(TextEncoding encoding) {
  switch (encoding) {
    case TextEncoding::kUtf8: return "UTF-8";
    case TextEncoding::kUtf16Le: return "UTF-16LE";
    case TextEncoding::kUtf16Be: return "UTF-16BE";
    case TextEncoding::kUtf32Le: return "UTF-32LE";
    case TextEncoding::kUtf32Be: return "UTF-32BE";
  }
  return "UTF-8";
}

bool has_nul_character(std::string_view probe, const DetectedEncoding& encoding) {
  const size_t w = unit_size(encoding.encoding);
  if (w == 1) return probe.find('\0') != std::string_view::npos;
  for (size_t i = encoding.bom_size; i + w <= probe.size(); i += w) {
    if (unit_at(probe, i, encoding.encoding) == 0) return true;
  }
  return false;
}

}  // namespace keysweep
