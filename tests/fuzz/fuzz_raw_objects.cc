// Raw git trees and commits (scanner/source/git/raw_tree.h, raw_commit.h) over any bytes: the
// first byte's low bit picks the parser. A tree cursor must end (at the end or at an error
// that repeats), each entry must lie inside the input, and the entry order must be
// antisymmetric; a parsed commit's fields must come from the input. A ParsedTree
// (parsed_tree.h) must parse exactly when the cursor reads the whole input, to the same entries;
// against a copy of it with one entry dropped and one id changed, differing_span must stay in
// bounds and leave out only entries that are the same bytes on both sides.
#include <string>
#include <string_view>
#include <vector>

#include "scanner/source/git/parsed_tree.h"
#include "scanner/source/git/raw_commit.h"
#include "scanner/source/git/raw_tree.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace keysweep;
  if (size < 1) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] & 1) {
    Result<CommitFields> f = parse_commit(input);
    if (f) {
      FUZZ_CHECK(input.substr(0, 5) == "tree ");
      FUZZ_CHECK(f->parents.size() <= input.size() / 48);
      FUZZ_CHECK(f->author.size() + f->email.size() <= input.size());
      FUZZ_CHECK(f->time >= 0);
    }
    return 0;
  }
  TreeCursor cursor(input);
  std::vector<TreeEntry> entries;
  TreeEntry e;
  bool whole = false;
  for (;;) {
    Result<bool> more = cursor.next(&e);
    if (!more) {
      FUZZ_CHECK(more.status().message().rfind("tree entry at offset ", 0) == 0);
      FUZZ_CHECK(!cursor.next(&e).is_ok());
      break;
    }
    if (!*more) {
      whole = true;
      break;
    }
    FUZZ_CHECK(!e.name.empty());
    FUZZ_CHECK(e.name.data() >= input.data() && e.name.data() + e.name.size() <= input.data() + input.size());
    FUZZ_CHECK(reinterpret_cast<const char*>(e.id) + ObjectId::kRawSize <= input.data() + input.size());
    entries.push_back(e);
  }
  for (size_t i = 1; i < entries.size(); ++i) {
    const int ab = tree_entry_compare(entries[i - 1], entries[i]);
    const int ba = tree_entry_compare(entries[i], entries[i - 1]);
    FUZZ_CHECK((ab < 0) == (ba > 0) && (ab == 0) == (ba == 0));
    TreeEntry found;
    bool ok = false;
    (void)find_tree_entry(input, entries[i].name, &found, &ok);  // an error later in the tree is fine
    if (ok) FUZZ_CHECK(found.name == entries[i].name);
  }
  Result<ParsedTree> parsed = ParsedTree::parse(std::string(input));
  FUZZ_CHECK(parsed.is_ok() == whole);
  if (!parsed) return 0;
  const ParsedTree& a = *parsed;
  FUZZ_CHECK(a.size() == entries.size());
  for (size_t i = 0; i < a.size(); ++i) {
    FUZZ_CHECK(a.entry(i).name == entries[i].name && a.entry(i).mode == entries[i].mode);
  }
  if (a.size() == 0) return 0;
  // The other side: entry `drop` left out, the id of entry `edit` changed.
  const size_t drop = (data[0] >> 1) % (a.size() + 1);  // == size: nothing dropped
  const size_t edit = (data[0] >> 4) % a.size();
  std::string other;
  for (size_t i = 0; i < a.size(); ++i) {
    if (i == drop) continue;
    std::string entry(a.bytes().substr(a.start(i), a.start(i + 1) - a.start(i)));
    if (i == edit) entry.back() ^= 1;
    other += entry;
  }
  Result<ParsedTree> b_parsed = ParsedTree::parse(other);
  FUZZ_CHECK(b_parsed.is_ok());
  const ParsedTree& b = *b_parsed;
  for (const bool flip : {false, true}) {
    const ParsedTree& x = flip ? b : a;
    const ParsedTree& y = flip ? a : b;
    const TreeSpan s = differing_span(x, y);
    FUZZ_CHECK(s.a_begin == s.b_begin && s.a_begin <= s.a_end && s.a_end <= x.size());
    FUZZ_CHECK(s.b_begin <= s.b_end && s.b_end <= y.size());
    FUZZ_CHECK(x.size() - s.a_end == y.size() - s.b_end);
    auto same = [&](size_t i, size_t j) {
      return x.bytes().substr(x.start(i), x.start(i + 1) - x.start(i)) ==
             y.bytes().substr(y.start(j), y.start(j + 1) - y.start(j));
    };
    for (size_t i = 0; i < s.a_begin; ++i) FUZZ_CHECK(same(i, i));
    for (size_t k = 0; s.a_end + k < x.size(); ++k) FUZZ_CHECK(same(s.a_end + k, s.b_end + k));
  }
  return 0;
}
