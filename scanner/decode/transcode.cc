#include "scanner/decode/transcode.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace keysweep {

void append_utf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

namespace {

constexpr size_t kCheckpointEvery = 4096;  // decoded bytes between two map checkpoints
constexpr uint32_t kReplacement = 0xFFFD;


size_t utf8_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  return 2;
}

class UnitMap : public OffsetMap {
 public:
  UnitMap(bool utf32, std::vector<std::pair<uint32_t, uint32_t>> checkpoints)
      : utf32_(utf32), checkpoints_(std::move(checkpoints)) {}

  uint64_t source_offset(std::string_view text, size_t offset) const override {
    auto it = std::upper_bound(checkpoints_.begin(), checkpoints_.end(), offset,
                               [](size_t o, const std::pair<uint32_t, uint32_t>& c) { return o < c.first; });
    if (it == checkpoints_.begin()) return 0;
    --it;
    size_t pos = it->first;
    uint64_t raw = it->second;
    while (pos < offset && pos < text.size()) {
      const size_t len = utf8_length(static_cast<unsigned char>(text[pos]));
      if (pos + len > offset) break;  // inside a character: map to where it starts
      pos += len;
      raw += utf32_ ? 4 : (len == 4 ? 4 : 2);
    }
    return raw;
  }

 private:
  bool utf32_;
  std::vector<std::pair<uint32_t, uint32_t>> checkpoints_;  // (decoded offset, raw offset)
};

}  // namespace

Transcoded transcode_to_utf8(std::string_view raw, TextEncoding encoding, size_t mark, std::string* text) {
  text->clear();
  const size_t w = unit_size(encoding);
  text->reserve(raw.size() / w + 16);
  std::vector<std::pair<uint32_t, uint32_t>> checkpoints{{0, 0}};
  Transcoded out;
  const auto byte = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(raw[i])); };
  const auto unit16 = [&](size_t i) {
    return encoding == TextEncoding::kUtf16Le ? (byte(i) | byte(i + 1) << 8) : (byte(i) << 8 | byte(i + 1));
  };
  bool marked = false;
  size_t i = 0;
  while (i + w <= raw.size()) {
    if (!marked && i >= mark) {
      out.mark_text = text->size();
      marked = true;
    }
    if (text->size() - checkpoints.back().first >= kCheckpointEvery) {
      checkpoints.emplace_back(static_cast<uint32_t>(text->size()), static_cast<uint32_t>(i));
    }
    uint32_t cp;
    if (w == 4) {
      cp = encoding == TextEncoding::kUtf32Le ? (byte(i) | byte(i + 1) << 8 | byte(i + 2) << 16 | byte(i + 3) << 24)
                                              : (byte(i) << 24 | byte(i + 1) << 16 | byte(i + 2) << 8 | byte(i + 3));
      if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = kReplacement;
      i += 4;
    } else {
      cp = unit16(i);
      i += 2;
      if (cp >= 0xD800 && cp <= 0xDBFF && i + 2 <= raw.size()) {
        const uint32_t lo = unit16(i);
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          i += 2;
        }
      }
      if (cp >= 0xD800 && cp <= 0xDFFF) cp = kReplacement;  // unpaired
    }
    append_utf8(cp, text);
  }
  if (!marked) out.mark_text = text->size();
  if (i < raw.size()) {
    // A trailing partial code unit (the input ended mid-character): one U+FFFD, with checkpoints
    // around it because it stands for fewer input bytes than a whole unit.
    checkpoints.emplace_back(static_cast<uint32_t>(text->size()), static_cast<uint32_t>(i));
    append_utf8(kReplacement, text);
    checkpoints.emplace_back(static_cast<uint32_t>(text->size()), static_cast<uint32_t>(raw.size()));
  }
  out.map = std::make_shared<UnitMap>(w == 4, std::move(checkpoints));
  return out;
}

}  // namespace keysweep
