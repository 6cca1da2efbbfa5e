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

}  // namespace keysweep
