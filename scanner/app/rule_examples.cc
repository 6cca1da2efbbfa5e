#include "scanner/app/rule_examples.h"

#include "scanner/finding/placer.h"
#include "scanner/match/decoded_scan.h"
#include "scanner/match/matcher.h"

namespace keysweep {

ExampleReport check_rule_examples(std::shared_ptr<const RuleSet> rules) {
  ExampleReport report;
  auto matcher = Matcher::create(rules);
  // Examples are scanned as files are, decoding stage included, so a rule can be shown a
  // secret that only its decoded form gives (a Kubernetes Secret data value).
  auto decoder = DecodedScan::create(rules);
  SuppressOptions no_fingerprints;
  no_fingerprints.fingerprint_findings = false;
  const Placer placer(rules, /*resolve_overlaps=*/false, std::move(no_fingerprints));
  MatchSet matches;
  if (!matcher || !decoder) {
    report.failures.push_back(!matcher ? matcher.status().message() : decoder.status().message());
    return report;
  }
  for (const CompiledRule& c : rules->rules()) {
    const Rule& r = c.rule;
    const std::string who = "rule '" + r.id + "' (" + r.defined_at.str() + ")";
    if (r.examples.empty()) report.failures.push_back(who + ": has no examples");
    if (r.negative_examples.empty()) report.failures.push_back(who + ": has no negative_examples");
    auto run = [&](const RuleExample& ex, std::vector<Finding>* mine) {
      Chunk chunk(ex.text, Provenance{ex.path.empty() ? "example.txt" : ex.path, "example", "", ""});
      std::vector<Finding> all;
      if (Status st = (*decoder)->scan(**matcher, chunk, &matches); !st) report.failures.push_back(who + ": " + st.message());
      placer.place(chunk, matches, chunk.provenance(), PlaceLimits{}, &all);
      for (Finding& f : all) {
        if (f.rule_id == r.id) mine->push_back(std::move(f));
      }
      ++report.examples;
    };
    for (size_t i = 0; i < r.examples.size(); ++i) {
      const RuleExample& ex = r.examples[i];
      std::vector<Finding> mine;
      run(ex, &mine);
      const std::string which = who + ": example " + std::to_string(i + 1);
      if (mine.empty()) {
        report.failures.push_back(which + " gave no finding");
        continue;
      }
      if (!ex.secret.empty()) {
        bool found = false;
        for (const Finding& f : mine) found |= f.secret == ex.secret;
        if (!found) report.failures.push_back(which + " did not capture the expected secret (got '" +
                                              mine.front().secret + "')");
      }
      if (!r.keywords.empty()) {
        bool has = false;
        std::string lower = ex.text;
        for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        for (const std::string& kw : r.keywords) has |= lower.find(kw) != std::string::npos;
        if (!has) report.failures.push_back(which + " contains none of the rule's keywords");
      }
    }
    for (size_t i = 0; i < r.negative_examples.size(); ++i) {
      std::vector<Finding> mine;
      run(r.negative_examples[i], &mine);
      if (!mine.empty()) {
        report.failures.push_back(who + ": negative example " + std::to_string(i + 1) +
                                  " gave a finding (secret '" + mine.front().secret + "')");
      }
    }
  }
  return report;
}

}  // namespace keysweep
