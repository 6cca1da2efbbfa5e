// The default rule pack as shipped: every rule's examples, the size of the pack, and the
// differential test of the fast engine against the reference engine over corpus/.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "scanner/match/matcher.h"
#include "scanner/app/rule_examples.h"
#include "tests/support/find_in_chunk.h"
#include "scanner/ruleset/embedded_db.h"
#include "scanner/ruleset/rule_codec.h"

namespace keysweep {
namespace {

std::shared_ptr<const RuleSet> default_rules() {
  RuleSetOptions opts;
  opts.embedded_db = embedded_prefilter_db();
  auto set = RuleSet::build(Config{}, opts);
  if (!set) FAIL(set.status().message());
  return *set;
}

}  // namespace

TEST_CASE("every default rule passes its examples and negative examples", "[rules]") {
  auto rules = default_rules();
  ExampleReport report = check_rule_examples(rules);
  for (const std::string& f : report.failures) UNSCOPED_INFO(f);
  CHECK(report.failures.empty());
  CHECK(report.examples >= rules->rules().size() * 4);
}

TEST_CASE("the default pack has at least 60 rules, all prefiltered by Vectorscan", "[rules]") {
  auto rules = default_rules();
  CHECK(rules->rules().size() >= 60);
  for (const CompiledRule& c : rules->rules()) {
    INFO(c.rule.id << ": " << c.plan.note);
    CHECK((c.plan.mode == PrefilterMode::kExact || c.plan.mode == PrefilterMode::kApprox ||
           c.plan.mode == PrefilterMode::kPattern));
  }
}

TEST_CASE("the embedded prefilter database is the one the default pack compiles to", "[rules]") {
  // Deserialising must succeed (a stale or foreign database would silently cost a compile).
  auto loaded = load_default_rules();
  REQUIRE(loaded);
  std::vector<const Rule*> ptrs;
  for (const Rule& r : *loaded) ptrs.push_back(&r);
  auto group = PrefilterGroup::deserialize(embedded_prefilter_db(), ptrs);
  REQUIRE(group);
  CHECK((*group)->database() != nullptr);
}

namespace {

void check_same_examples(const std::vector<RuleExample>& a, const std::vector<RuleExample>& b) {
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].text == b[i].text);
    CHECK(a[i].path == b[i].path);
    CHECK(a[i].secret == b[i].secret);
  }
}

}  // namespace

TEST_CASE("the rules built into the binary are rules/*.toml, field for field", "[rules]") {
  // Scans decode the pack from bytes that keysweep_dbgen encoded from the rule files; a stale
  // or mis-encoded copy would scan with rules nobody reviewed.
  auto parsed = load_default_rules();
  REQUIRE(parsed);
  auto decoded = decode_rules(embedded_rule_data());
  REQUIRE(decoded);
  const std::vector<Rule>& built = *decoded;
  REQUIRE(built.size() == parsed->size());
  for (size_t i = 0; i < built.size(); ++i) {
    const Rule& a = built[i];
    const Rule& b = (*parsed)[i];
    INFO(b.id);
    CHECK(a.id == b.id);
    CHECK(a.description == b.description);
    CHECK(a.regex == b.regex);
    CHECK(a.keywords == b.keywords);
    CHECK(a.severity == b.severity);
    CHECK(a.min_randomness == b.min_randomness);
    CHECK(a.min_entropy == b.min_entropy);
    CHECK(a.checks == b.checks);
    CHECK(a.placeholder_filter == b.placeholder_filter);
    CHECK(a.fallback == b.fallback);
    CHECK(a.exclude_paths == b.exclude_paths);
    check_same_examples(a.examples, b.examples);
    check_same_examples(a.negative_examples, b.negative_examples);
    CHECK(a.defined_at.str() == b.defined_at.str());
  }
}

TEST_CASE("fast engine and reference engine agree over corpus/", "[rules][differential]") {
  auto rules = default_rules();
  auto m = Matcher::create(rules);
  REQUIRE(m);
  const Placer placer(rules);
  const std::filesystem::path root = std::filesystem::path(KEYSWEEP_SOURCE_DIR) / "corpus";
  size_t files = 0, findings = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    const std::string rel = std::filesystem::relative(e.path(), root).generic_string();
    Chunk chunk(buf.str(), Provenance{rel, "dir", "", ""});
    std::vector<Finding> fast, slow;
    REQUIRE(find_in_chunk(**m, placer, chunk, &fast));
    find_in_chunk_reference(**m, placer, chunk, &slow);
    std::sort(fast.begin(), fast.end(), finding_less);
    std::sort(slow.begin(), slow.end(), finding_less);
    INFO(rel);
    REQUIRE(fast.size() == slow.size());
    for (size_t i = 0; i < fast.size(); ++i) {
      CHECK(fast[i].rule_id == slow[i].rule_id);
      CHECK(fast[i].line == slow[i].line);
      CHECK(fast[i].column == slow[i].column);
      CHECK(fast[i].fingerprint == slow[i].fingerprint);
    }
    ++files;
    findings += fast.size();
  }
  CHECK(files > 20);
  CHECK(findings > 20);
}

}  // namespace keysweep
