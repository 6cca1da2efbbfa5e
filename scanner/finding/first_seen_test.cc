#include "scanner/finding/first_seen.h"

#include <catch2/catch.hpp>

namespace keysweep {
namespace {

Finding at(const std::string& path, const std::string& fp, uint32_t sequence, uint32_t line) {
  Finding f;
  f.provenance.path = path;
  f.provenance.sequence = sequence;
  f.fingerprint = fp;
  f.line = line;
  return f;
}

}  // namespace

TEST_CASE("first seen: later versions of a file do not repeat a secret", "[first-seen]") {
  std::vector<Finding> fs = {at("a.env", "s1", 5, 3), at("a.env", "s1", 2, 1), at("a.env", "s1", 2, 9),
                             at("b.env", "s1", 7, 1), at("a.env", "s2", 9, 4), at("dir.txt", "s1", 0, 1),
                             at("dir.txt", "s1", 0, 2)};
  CHECK(keep_first_seen(&fs) == 1);
  std::vector<std::string> left;
  for (const Finding& f : fs) left.push_back(f.provenance.path + ":" + f.fingerprint + ":" + std::to_string(f.line));
  // The same secret twice in the first blob stays twice; a copy elsewhere and non-history
  // findings are untouched; the input order of what is kept is kept.
  CHECK(left == std::vector<std::string>{"a.env:s1:1", "a.env:s1:9", "b.env:s1:1", "a.env:s2:4", "dir.txt:s1:1",
                                         "dir.txt:s1:2"});
  std::vector<Finding> none;
  CHECK(keep_first_seen(&none) == 0);
}

TEST_CASE("first seen: a secret already there before the range is not reported at that path", "[first-seen]") {
  Finding base = at("a.env", "old", 0, 2);
  base.provenance.before_range = true;
  Finding other_base = at("c.env", "gone", 0, 1);
  other_base.provenance.before_range = true;
  std::vector<Finding> fs = {at("a.env", "old", 3, 2), base, at("a.env", "new", 3, 5), at("b.env", "old", 4, 2),
                             other_base, at("a.env", "old", 6, 7)};
  CHECK(keep_first_seen(&fs) == 4);
  std::vector<std::string> left;
  for (const Finding& f : fs) left.push_back(f.provenance.path + ":" + f.fingerprint);
  // The old secret at a.env goes (at every version), the context findings go, a new secret at
  // a.env and the old one copied to b.env stay.
  CHECK(left == std::vector<std::string>{"a.env:new", "b.env:old"});
}

}  // namespace keysweep
