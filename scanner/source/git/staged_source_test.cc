#include "scanner/source/git/staged_source.h"

#include <catch2/catch.hpp>

#include <vector>

#include "tests/e2e/git_test_repo.h"

namespace keysweep {

TEST_CASE("StagedSource: one item per staged blob, with a place per path; loads work with or without a loader",
          "[git][staged][places][loader]") {
  TestRepo repo;
  repo.write("README.md", "# project\n");
  repo.commit_all("initial");
  repo.write("a.txt", "same\n");
  repo.write("b.txt", "other\n");
  repo.write("c.txt", "same\n");
  repo.git({"add", "-A"});
  const std::string same = repo.git({"rev-parse", ":a.txt"}).substr(0, 40);

  auto source = StagedSource::open(repo.root(), LoadLimits{});
  REQUIRE(source);
  std::vector<WorkItem> items;
  REQUIRE((*source)->enumerate([&](WorkItem item) { items.push_back(std::move(item)); }));
  REQUIRE(items.size() == 2);
  CHECK(items[0].path == "a.txt");  // in the order of each blob's first path
  CHECK(items[0].blob == same);
  CHECK(items[1].path == "b.txt");

  std::unique_ptr<Loader> loader = (*source)->make_loader();
  REQUIRE(loader != nullptr);
  for (Loader* l : {loader.get(), static_cast<Loader*>(nullptr)}) {
    LoadResult r = items[0].load(l, LoadLimits{});
    CHECK(r.error.empty());
    REQUIRE(r.chunk);
    CHECK(r.chunk->bytes() == "same\n");
    REQUIRE(r.places.size() == 2);
    CHECK(r.places[0].provenance.path == "a.txt");
    CHECK(r.places[1].provenance.path == "c.txt");
    CHECK(r.places[1].provenance.blob == same);
    CHECK_FALSE(r.places[0].report_lines);  // added: every line counts
  }
}

}  // namespace keysweep
