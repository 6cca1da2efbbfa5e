#include "scanner/decode/transcode.h"

#include <catch2/catch.hpp>

#include <random>

#include "scanner/decode/text_encoding.h"

namespace keysweep {
namespace {

std::string utf16le(std::u16string_view s) {
  std::string out;
  for (char16_t c : s) {
    out.push_back(static_cast<char>(c & 0xFF));
    out.push_back(static_cast<char>(c >> 8));
  }
  return out;
}

std::string utf16be(std::u16string_view s) {
  std::string out;
  for (char16_t c : s) {
    out.push_back(static_cast<char>(c >> 8));
    out.push_back(static_cast<char>(c & 0xFF));
  }
  return out;
}

std::string utf32le(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) {
    for (int k = 0; k < 4; ++k) out.push_back(static_cast<char>((c >> (8 * k)) & 0xFF));
  }
  return out;
}

std::string utf32be(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) {
    for (int k = 3; k >= 0; --k) out.push_back(static_cast<char>((c >> (8 * k)) & 0xFF));
  }
  return out;
}

}  // namespace

TEST_CASE("byte-order marks are recognised", "[decode]") {
  CHECK(detect_encoding("\xEF\xBB\xBFkey=1").encoding == TextEncoding::kUtf8);
  CHECK(detect_encoding("\xEF\xBB\xBFkey=1").bom_size == 3);
  CHECK(detect_encoding("\xFF\xFE" + utf16le(u"k=1")).encoding == TextEncoding::kUtf16Le);
  CHECK(detect_encoding("\xFE\xFF" + utf16be(u"k=1")).encoding == TextEncoding::kUtf16Be);
  CHECK(detect_encoding(utf32le(U"\uFEFFk=1")).encoding == TextEncoding::kUtf32Le);
  CHECK(detect_encoding(utf32le(U"\uFEFFk=1")).bom_size == 4);
  CHECK(detect_encoding(utf32be(U"\uFEFFk=1")).encoding == TextEncoding::kUtf32Be);
  CHECK(detect_encoding("plain text").encoding == TextEncoding::kUtf8);
  CHECK(detect_encoding("plain text").bom_size == 0);
}

TEST_CASE("UTF-16 without a byte-order mark is recognised by its NUL pattern", "[decode]") {
  CHECK(detect_encoding(utf16le(u"$token = 'abc'\r\n")).encoding == TextEncoding::kUtf16Le);
  CHECK(detect_encoding(utf16be(u"$token = 'abc'\r\n")).encoding == TextEncoding::kUtf16Be);
  CHECK(detect_encoding(utf16le(u"x")).encoding == TextEncoding::kUtf8);  // too short to tell
  // Binary with NULs: not UTF-16, so the NUL-byte rule calls it binary.
  const std::string binary("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x10", 20);
  CHECK(detect_encoding(binary).encoding == TextEncoding::kUtf8);
  CHECK(has_nul_character(binary, detect_encoding(binary)));
  // UTF-32 without a mark has 0x0000 units: binary.
  const std::string u32 = utf32le(U"key=1");
  CHECK(detect_encoding(u32).encoding == TextEncoding::kUtf8);
  CHECK(has_nul_character(u32, detect_encoding(u32)));
}

TEST_CASE("a NUL character in UTF-16 text is binary, NUL high bytes are not", "[decode]") {
  const std::string text = "\xFF\xFE" + utf16le(u"a=1\n");
  CHECK_FALSE(has_nul_character(text, detect_encoding(text)));
  const std::string nul = "\xFF\xFE" + utf16le(std::u16string(u"a=1") + u'\0');
  CHECK(has_nul_character(nul, detect_encoding(nul)));
}

TEST_CASE("UTF-16 and UTF-32 decode to UTF-8 and map back to input offsets", "[decode]") {
  const std::u16string s16 = u"a\u00e9\u4e2d\U0001F600z";  // 1, 2, 3 and 4 UTF-8 bytes, then 1
  for (TextEncoding e : {TextEncoding::kUtf16Le, TextEncoding::kUtf16Be}) {
    const std::string raw = e == TextEncoding::kUtf16Le ? utf16le(s16) : utf16be(s16);
    std::string text;
    Transcoded t = transcode_to_utf8(raw, e, 0, &text);
    CHECK(text == "a\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80z");
    CHECK(t.map->source_offset(text, 0) == 0);
    CHECK(t.map->source_offset(text, 1) == 2);   // é
    CHECK(t.map->source_offset(text, 3) == 4);   // 中
    CHECK(t.map->source_offset(text, 6) == 6);   // the surrogate pair
    CHECK(t.map->source_offset(text, 8) == 6);   // inside a character: where it starts
    CHECK(t.map->source_offset(text, 10) == 10); // z
    CHECK(t.map->source_offset(text, 11) == 12);
  }
  const std::u32string s32 = U"a\u00e9\U0001F600";
  std::string text;
  Transcoded t = transcode_to_utf8(utf32be(s32), TextEncoding::kUtf32Be, 8, &text);
  CHECK(text == "a\xC3\xA9\xF0\x9F\x98\x80");
  CHECK(t.map->source_offset(text, 3) == 8);
  CHECK(t.mark_text == 3);
}

TEST_CASE("invalid UTF-16 and UTF-32 become U+FFFD, never a crash", "[decode]") {
  const std::string fffd = "\xEF\xBF\xBD";
  std::string text;
  // A lone low surrogate, a high surrogate followed by a letter, a high surrogate at the end.
  transcode_to_utf8(utf16le(std::u16string{char16_t(0xDC00), u'a', char16_t(0xD800), u'b', char16_t(0xD800)}),
                    TextEncoding::kUtf16Le, 0, &text);
  CHECK(text == fffd + "a" + fffd + "b" + fffd);
  // A trailing partial unit maps back to its own offset.
  Transcoded t = transcode_to_utf8(utf16le(u"ab") + "c", TextEncoding::kUtf16Le, 0, &text);
  CHECK(text == "ab" + fffd);
  CHECK(t.map->source_offset(text, 2) == 4);
  CHECK(t.map->source_offset(text, 5) == 5);
  transcode_to_utf8(utf32le(std::u32string{char32_t(0x110000), char32_t(0xD800), U'x'}) + "\x01\x02",
                    TextEncoding::kUtf32Le, 0, &text);
  CHECK(text == fffd + fffd + "x" + fffd);
  // Random bytes in every encoding: output is valid UTF-8 and the map is monotone and in range.
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    std::string raw(rng() % 300, '\0');
    for (char& c : raw) c = static_cast<char>(rng());
    for (TextEncoding e : {TextEncoding::kUtf16Le, TextEncoding::kUtf16Be, TextEncoding::kUtf32Le, TextEncoding::kUtf32Be}) {
      Transcoded r = transcode_to_utf8(raw, e, raw.size() / 2 & ~size_t{3}, &text);
      uint64_t last = 0;
      for (size_t i = 0; i <= text.size(); ++i) {
        const uint64_t o = r.map->source_offset(text, i);
        REQUIRE(o >= last);
        REQUIRE(o <= raw.size());
        last = o;
      }
      CHECK(r.map->source_offset(text, text.size()) == raw.size());
      CHECK(r.mark_text <= text.size());
    }
  }
}

TEST_CASE("the offset map stays exact past many checkpoints", "[decode]") {
  std::u16string s;
  for (int i = 0; i < 20000; ++i) s += (i % 7 == 0) ? u'\u00e9' : u'x';
  std::string text;
  Transcoded t = transcode_to_utf8(utf16le(s), TextEncoding::kUtf16Le, 0, &text);
  size_t pos = 0;
  for (int i = 0; i < 20000; ++i) {
    REQUIRE(t.map->source_offset(text, pos) == static_cast<uint64_t>(2 * i));
    pos += (i % 7 == 0) ? 2 : 1;
  }
}

}  // namespace keysweep
