// Transcoding UTF-16 and UTF-32 text to UTF-8 for the matcher, with a map from each decoded byte
// back to the input byte it came from.
//
// transcode_to_utf8() decodes `raw`, which must start on a code unit boundary. Invalid input
// never fails and never stops the decoder: an unpaired surrogate, a UTF-32 value above U+10FFFF
// or in the surrogate range, and a trailing partial code unit each become one U+FFFD. Line
// breaks and columns are then those of the decoded text (see chunk/chunk.h).
//
// Bounds (per call, linear time, no recursion): UTF-16 gives at most 3 UTF-8 bytes per 2 input
// bytes (1.5 x raw; a surrogate pair is 4 for 4); UTF-32 at most 4 per 4 (1 x raw). So a window of
// 16 MiB + 256 KiB decodes to at most ~24.4 MiB, far under the 4 GiB a chunk may hold.
// The map keeps one checkpoint per 4 KiB of output (8 bytes each, 1/512 of the output) and walks
// at most 4 KiB of decoded text per lookup: each UTF-8 sequence of the output stands for a
// known number of input bytes (4 for a 4-byte sequence, else 2, in UTF-16; always 4 in UTF-32),
// with checkpoints placed before the one irregular case, a trailing partial unit.
//
// `mark` is an offset into `raw` (a unit boundary, <= raw.size()); mark_text is the decoded
// offset where the character starting there begins (the stream cuts its next window at it).
//
// Thread safety: pure function; the returned map is immutable.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "scanner/chunk/chunk.h"
#include "scanner/decode/text_encoding.h"

namespace keysweep {

struct Transcoded {
  std::shared_ptr<const OffsetMap> map;  // decoded offset -> offset in `raw`
  size_t mark_text = 0;
};

// Decodes `raw` (in `encoding`, not UTF-8) into *text, replacing its contents (its allocation is
// reused). May throw std::bad_alloc when memory runs out, like any std::string growth.
Transcoded transcode_to_utf8(std::string_view raw, TextEncoding encoding, size_t mark, std::string* text);

// Appends code point `cp` (at most 0x10FFFF, not a surrogate) to `out` as UTF-8. Shared by the
// transcoder and the JSON-escape decoder (decode/encoded_regions.h).
void append_utf8(uint32_t cp, std::string* out);

}  // namespace keysweep
