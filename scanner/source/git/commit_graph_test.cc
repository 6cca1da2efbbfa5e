#include "scanner/source/git/commit_graph.h"

#include <catch2/catch.hpp>

namespace keysweep {
namespace {

ObjectId id_of(unsigned char n) {
  ObjectId id;
  id.bytes[0] = n;
  return id;
}

}  // namespace

TEST_CASE("commit graph: walked parents are edges, others are not; a commit is added once", "[sweep]") {
  CommitGraph g;
  g.add(id_of(1), {});
  g.add(id_of(2), {id_of(1), id_of(9)});  // 9 was never walked (a boundary): no edge
  g.add(id_of(3), {id_of(1)});
  g.add(id_of(4), {id_of(2), id_of(3)});  // a merge
  g.add(id_of(2), {id_of(3)});            // again: left as it was
  REQUIRE(g.size() == 4);
  REQUIRE(g.parent_begin.size() == 5);
  const auto parents_of = [&](unsigned char n) {
    const uint32_t i = *g.find(id_of(n));
    return std::vector<uint32_t>(g.parents.begin() + g.parent_begin[i], g.parents.begin() + g.parent_begin[i + 1]);
  };
  CHECK(parents_of(1).empty());
  CHECK(parents_of(2) == std::vector<uint32_t>{0});
  CHECK(parents_of(3) == std::vector<uint32_t>{0});
  CHECK(parents_of(4) == std::vector<uint32_t>{1, 2});
  CHECK_FALSE(g.find(id_of(9)));
}

}  // namespace keysweep
