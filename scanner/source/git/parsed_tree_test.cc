// ParsedTree and differing_span: the parse agrees with TreeCursor entry by entry, and a merge of
// the differing middles finds exactly what a merge of the whole trees finds, over thousands of
// random edits of random sorted trees (names sharing prefixes and lengths, ids sharing bytes, so
// the shared leading and trailing bytes often end inside an entry).
#include "scanner/source/git/parsed_tree.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace keysweep {
namespace {

struct Item {
  std::string name;
  bool tree = false;
  std::string id;  // 20 bytes
};

// git's order: a tree's name sorts as if it ended in '/'.
std::string sort_key(const Item& i) { return i.tree ? i.name + "/" : i.name; }

std::string encode(std::vector<Item> items) {
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return sort_key(a) < sort_key(b); });
  std::string out;
  for (const Item& i : items) {
    out += i.tree ? "40000 " : "100644 ";
    out += i.name;
    out += '\0';
    out += i.id;
  }
  return out;
}

// What a merge by name reports: "+name", "-name", "~name" (same name and kind, other id/mode).
std::vector<std::string> merge(const ParsedTree& a, const ParsedTree& b, size_t ia, size_t ea, size_t ib, size_t eb) {
  std::vector<std::string> out;
  while (ia < ea || ib < eb) {
    const TreeEntry x = ia < ea ? a.entry(ia) : TreeEntry{};
    const TreeEntry y = ib < eb ? b.entry(ib) : TreeEntry{};
    const int order = ia >= ea ? 1 : ib >= eb ? -1 : tree_entry_compare(x, y);
    if (order == 0) {
      if (x.mode != y.mode || std::memcmp(x.id, y.id, ObjectId::kRawSize) != 0) out.push_back("~" + std::string(x.name));
      ++ia, ++ib;
    } else if (order < 0) {
      out.push_back("+" + std::string(x.name));
      ++ia;
    } else {
      out.push_back("-" + std::string(y.name));
      ++ib;
    }
  }
  return out;
}

ParsedTree parsed(const std::string& bytes) {
  Result<ParsedTree> t = ParsedTree::parse(bytes);
  REQUIRE(t.is_ok());
  return std::move(t).value();
}

TEST_CASE("parsed tree: entries as TreeCursor reads them; a malformed entry fails the parse", "[git][parsed-tree]") {
  const std::string id(20, '\x07');
  const std::string bytes = encode({{"a", false, id}, {"b", true, id}, {"c.txt", false, std::string(20, '\0')}});
  const ParsedTree t = parsed(bytes);
  REQUIRE(t.size() == 3);
  TreeCursor cursor(bytes);
  TreeEntry e;
  for (size_t i = 0; i < t.size(); ++i) {
    Result<bool> more = cursor.next(&e);
    REQUIRE(more.is_ok());
    REQUIRE(*more);
    CHECK(t.entry(i).name == e.name);
    CHECK(t.entry(i).mode == e.mode);
    CHECK(t.entry(i).object_id() == e.object_id());
  }
  CHECK(t.start(t.size()) == bytes.size());
  CHECK(ParsedTree().size() == 0);

  Result<ParsedTree> bad = ParsedTree::parse(bytes + "100644 x");
  REQUIRE_FALSE(bad.is_ok());
  CHECK(bad.status().message() == "tree entry at offset " + std::to_string(bytes.size()) + ": a name without its end");
}

TEST_CASE("parsed tree: identical, empty and one-sided pairs", "[git][parsed-tree]") {
  const std::string id(20, 'i');
  const ParsedTree a = parsed(encode({{"x", false, id}, {"y", false, id}}));
  const ParsedTree empty;
  TreeSpan s = differing_span(a, a);
  CHECK(s.a_begin == s.a_end);
  CHECK(s.b_begin == s.b_end);
  s = differing_span(a, empty);
  CHECK(s.a_begin == 0);
  CHECK(s.a_end == 2);
  CHECK(s.b_end == 0);
  s = differing_span(empty, a);
  CHECK(s.a_end == 0);
  CHECK(s.b_end == 2);
}

TEST_CASE("parsed tree: the middles' merge equals the whole trees' merge over random edits", "[git][parsed-tree]") {
  std::mt19937 rng(20261202);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  // Few letters, so names share prefixes and differ in length by one ("ab", "ab0", "ab/").
  auto random_name = [&] {
    std::string n;
    const size_t len = 1 + pick(3);
    for (size_t i = 0; i < len; ++i) n += "ab0."[pick(4)];
    return n;
  };
  // Ids from a small alphabet, so edits often keep most bytes and tails align by chance.
  auto random_id = [&] {
    std::string id(20, 'q');
    for (int i = 0; i < 3; ++i) id[pick(20)] = "qr\0"[pick(3)];
    return id;
  };
  size_t skipped_entries = 0, total_entries = 0;
  for (int round = 0; round < 3000; ++round) {
    std::map<std::string, Item> base;  // by sort key: names unique per kind
    const size_t n = pick(40);
    for (size_t i = 0; i < n; ++i) {
      Item it{random_name(), pick(4) == 0, random_id()};
      base.emplace(sort_key(it), it);
    }
    std::map<std::string, Item> edited = base;
    const size_t edits = pick(4);
    for (size_t e = 0; e < edits; ++e) {
      const size_t kind = pick(3);
      if (kind == 0 || edited.empty()) {
        Item it{random_name(), pick(4) == 0, random_id()};
        edited[sort_key(it)] = it;
      } else {
        auto it = std::next(edited.begin(), static_cast<long>(pick(edited.size())));
        if (kind == 1) {
          edited.erase(it);
        } else {
          it->second.id[pick(20)] ^= 1;
        }
      }
    }
    std::vector<Item> va, vb;
    for (auto& [k, v] : edited) va.push_back(v);
    for (auto& [k, v] : base) vb.push_back(v);
    const ParsedTree a = parsed(encode(va));
    const ParsedTree b = parsed(encode(vb));
    const TreeSpan s = differing_span(a, b);
    INFO("round " << round);
    REQUIRE(s.a_begin == s.b_begin);
    REQUIRE(s.a_begin <= s.a_end);
    REQUIRE(s.a_end <= a.size());
    REQUIRE(s.b_begin <= s.b_end);
    REQUIRE(s.b_end <= b.size());
    REQUIRE(a.size() - s.a_end == b.size() - s.b_end);
    // Outside the spans, entries are the same bytes.
    for (size_t i = 0; i < s.a_begin; ++i) {
      CHECK(a.bytes().substr(a.start(i), a.start(i + 1) - a.start(i)) ==
            b.bytes().substr(b.start(i), b.start(i + 1) - b.start(i)));
    }
    for (size_t k = 0; s.a_end + k < a.size(); ++k) {
      const size_t i = s.a_end + k, j = s.b_end + k;
      CHECK(a.bytes().substr(a.start(i), a.start(i + 1) - a.start(i)) ==
            b.bytes().substr(b.start(j), b.start(j + 1) - b.start(j)));
    }
    CHECK(merge(a, b, s.a_begin, s.a_end, s.b_begin, s.b_end) == merge(a, b, 0, a.size(), 0, b.size()));
    total_entries += a.size();
    skipped_entries += a.size() - (s.a_end - s.a_begin);
  }
  // The point of it: most entries are never compared.
  CHECK(skipped_entries * 2 > total_entries);
}

}  // namespace
}  // namespace keysweep
