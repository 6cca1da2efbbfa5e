// Raw git trees and commits (scanner/source/git/raw_tree.h, raw_commit.h) over any bytes: the
// first byte's low bit picks the parser. A tree cursor must end (at the end or at an error
// that repeats), each entry must lie inside the input, and the entry order must be
// antisymmetric; a parsed commit's fields must come from the input.
#include <string>
#include <string_view>
#include <vector>

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
  for (;;) {
    Result<bool> more = cursor.next(&e);
    if (!more) {
      FUZZ_CHECK(more.status().message().rfind("tree entry at offset ", 0) == 0);
      FUZZ_CHECK(!cursor.next(&e).is_ok());
      break;
    }
    if (!*more) break;
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
  return 0;
}
