// Regression test for a Vectorscan 5.4.9 bug (Debian 12's libvectorscan5): some regexes, e.g.
// `=.+4`, are silently not reported when the match sits at certain offsets in the buffer
// (58 of 200 offsets for that pattern on x86-64). The prefilter must never lose a finding the
// reference engine makes, so every example of every default rule is scanned at every alignment
// from 0 to 160 bytes of filler, fast engine against reference engine.
#include <catch2/catch.hpp>

#include <random>

#include "scanner/match/matcher.h"
#include "scanner/ruleset/embedded_db.h"

namespace keysweep {

TEST_CASE("prefilter never loses a match at any alignment (vectorscan-alignment-misses)", "[rules][differential]") {
  RuleSetOptions opts;
  opts.embedded_db = embedded_prefilter_db();
  auto set = RuleSet::build(Config{}, opts);
  REQUIRE(set);
  auto m = Matcher::create(*set);
  REQUIRE(m);
  std::mt19937_64 rng(99);
  const std::string filler = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 =:;,.\n";
  size_t scans = 0, lost = 0;
  std::string first_losses;  // reported with the final check (per-scan messages would attach to the REQUIREs)
  for (const CompiledRule& c : (*set)->rules()) {
    for (const RuleExample& ex : c.rule.examples) {
      for (size_t pad = 0; pad <= 160; ++pad) {
        std::string text;
        for (size_t i = 0; i < pad; ++i) text.push_back(filler[rng() % filler.size()]);
        text += "\n" + ex.text + "\n";
        Chunk chunk(text, Provenance{ex.path.empty() ? "example.txt" : ex.path, "dir", "", ""});
        MatchSet fast, slow;
        REQUIRE((*m)->scan(chunk, &fast));
        (*m)->scan_reference(chunk, &slow);
        ++scans;
        if (fast.matches.size() != slow.matches.size()) {
          ++lost;
          if (lost <= 20) {
            first_losses += "rule " + c.rule.id + " pad " + std::to_string(pad) + ": fast " +
                            std::to_string(fast.matches.size()) + " vs reference " + std::to_string(slow.matches.size()) + "\n";
          }
        }
      }
    }
  }
  CHECK(scans > 10000);
  INFO(first_losses);
  CHECK(lost == 0);
}

}  // namespace keysweep
