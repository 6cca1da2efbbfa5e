// The English word list the made-up value check reads (check/made_up.h).
//
// Debian's wamerican list, filtered at build time (cmake/embed_words.cmake: lower-case words of
// 3 to 24 letters, 63,737 of them in Debian 12) and embedded sorted in the binary, so a scan
// never depends on the machine's /usr/share/dict. Lookup is a binary search over the embedded
// text itself: no table is built at start-up (the pre-commit hook's start-up budget is a few
// milliseconds), and a lookup costs about 16 short comparisons.
//
// Thread safety: pure functions over read-only data.
#pragma once

#include <cstddef>
#include <string_view>

namespace keysweep {

// True when `word` (lower-case ASCII letters) is in the embedded list.
bool is_english_word(std::string_view word);

// How many words the list holds (for tests and `rules check`-style diagnostics).
size_t english_word_count();

}  // namespace keysweep
