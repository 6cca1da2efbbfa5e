// Streaming a JSON report one element at a time, byte for byte as one dump of the whole document.
//
// A report of many findings built as one nlohmann document costs about 2 KB of tree per finding
// on top of the findings themselves (about 500 MB for 277,000); writing each finding's object as
// soon as it is built keeps one finding's tree in memory. The layout is nlohmann's dump(2):
// 2-space indent, ", " never used, "key": value. Dumped strings never hold a raw newline (JSON
// escapes it), so re-indenting after each '\n' is exact.
//
// Thread safety: pure functions writing to the caller's stream.
#pragma once

#include <ostream>

#include <nlohmann/json.hpp>

namespace keysweep {

using OrderedJson = nlohmann::ordered_json;

// Writes `value` as dump(2) would inside a document, `depth` levels deep: every line after the
// first is indented by 2 * depth more spaces. Invalid UTF-8 becomes U+FFFD.
void write_nested_json(std::ostream& out, const OrderedJson& value, int depth);

// Writes an array whose elements come from `next` (which returns false when there are no more),
// `depth` levels deep, as dump(2) would: "[]" when empty.
template <typename Next>
void write_streamed_array(std::ostream& out, int depth, Next next) {
  OrderedJson element;
  bool first = true;
  while (next(&element)) {
    out << (first ? "[\n" : ",\n") << std::string(2 * (depth + 1), ' ');
    write_nested_json(out, element, depth + 1);
    first = false;
  }
  if (first) {
    out << "[]";
  } else {
    out << '\n' << std::string(2 * depth, ' ') << ']';
  }
}

}  // namespace keysweep
