#include "scanner/finding/finding_cap.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

namespace keysweep {

TEST_CASE("the per-file cap keeps each rule's first findings in file order", "[finding-cap]") {
  std::vector<Finding> findings;
  for (uint32_t line = 1; line <= 50; ++line) {
    Finding f;
    f.provenance.path = "a.env";
    f.rule_id = line % 5 == 0 ? "rare" : "common";
    f.line = line;
    f.column = 1;
    findings.push_back(f);
  }
  // The input order (worker and window order) must not matter.
  std::mt19937 rng(7);
  std::shuffle(findings.begin(), findings.end(), rng);
  const CappedCounts dropped = cap_file_findings(&findings, 4);
  CHECK(dropped == CappedCounts{{"common", 36}, {"rare", 6}});
  REQUIRE(findings.size() == 8);
  std::vector<uint32_t> lines;
  for (const Finding& f : findings) lines.push_back(f.line);
  CHECK(lines == std::vector<uint32_t>{1, 2, 3, 4, 5, 10, 15, 20});

  std::vector<Finding> all = findings;
  CHECK(cap_file_findings(&all, 0).empty());  // 0: no cap
  CHECK(all.size() == 8);

  ScanSummary summary;
  CappedCounts more{{"rare", 1}};
  add_capped(dropped, &more);
  record_capped(Provenance{"a.env", "dir", "", ""}, more, &summary);
  sort_capped(&summary);
  REQUIRE(summary.capped.size() == 2);
  CHECK(summary.capped[0].rule_id == "common");
  CHECK(summary.capped[1].count == 7);
}

}  // namespace keysweep
