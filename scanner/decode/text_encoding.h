// Text encodings keysweep reads: UTF-8 (and ASCII), UTF-16 and UTF-32, told apart from the first
// bytes of an input (the binary probe, LoadLimits::binary_probe, 8000 bytes).
//
// detect_encoding():
//   - a byte-order mark: EF BB BF (UTF-8), FF FE 00 00 (UTF-32LE), 00 00 FE FF (UTF-32BE),
//     FF FE (UTF-16LE), FE FF (UTF-16BE), checked in that order (a UTF-16LE BOM followed by a
//     U+0000 character reads as UTF-32LE: a NUL character is binary in UTF-16 anyway);
//   - no mark, UTF-16 by its NUL pattern: at least 2 whole code units in the probe, not one of
//     them 0x0000, and at least 90% of them ASCII-range characters (tab, LF, VT, FF, CR,
//     0x20-0x7E, 0xA0-0xFF) whose other byte is 0: the high byte (odd offsets) for UTF-16LE,
//     the low byte (even offsets) for UTF-16BE. Windows tools (PowerShell's Out-File, regedit,
//     some .config writers) produce exactly that for English text;
//   - otherwise UTF-8 without a mark (bytes are scanned as they are, valid UTF-8 or not).
// UTF-32 without a mark is not detected: it is binary by the NUL-byte rule.
//
// has_nul_character() is the binary test for the detected encoding: a NUL byte for UTF-8, a
// 0x0000 code unit for UTF-16, a 0x00000000 one for UTF-32 (git's rule, applied per character).
//
// Thread safety: pure functions. Errors: none; any bytes give an answer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace keysweep {

enum class TextEncoding : uint8_t { kUtf8, kUtf16Le, kUtf16Be, kUtf32Le, kUtf32Be };

struct DetectedEncoding {
  TextEncoding encoding = TextEncoding::kUtf8;
  size_t bom_size = 0;  // bytes of the byte-order mark at the input's start; 0 when none
};

DetectedEncoding detect_encoding(std::string_view probe);

// Bytes per code unit: 1, 2 or 4.
size_t unit_size(TextEncoding encoding);

// "UTF-8", "UTF-16LE", ...
std::string_view encoding_name(TextEncoding encoding);

// True when `probe` (the input's first bytes, BOM included) holds a NUL character in `encoding`.
bool has_nul_character(std::string_view probe, const DetectedEncoding& encoding);

}  // namespace keysweep
