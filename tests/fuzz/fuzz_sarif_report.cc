// The SARIF reporter fed hostile findings (see report_input.h for how bytes become findings):
// never a crash; the output is always valid JSON (invalid UTF-8 in paths, rule ids, secrets
// and line texts included), and no raw secret is printed without --show-secrets.
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "scanner/report/reporter.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/report_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const keysweep::fuzz::ReportInput in = keysweep::fuzz::decode_report_input(data, size);
  std::unique_ptr<keysweep::Reporter> reporter = keysweep::make_reporter("sarif");
  FUZZ_CHECK(reporter != nullptr);
  std::ostringstream out;
  reporter->write(out, in.rules, in.findings, in.summary, in.options);
  const std::string text = out.str();
  const nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  FUZZ_CHECK(!doc.is_discarded());
  FUZZ_CHECK(doc.is_object());
  FUZZ_CHECK(doc["runs"].size() == 1 && doc["runs"][0]["results"].size() == in.findings.size());
  std::ostringstream empty;
  reporter->write(empty, in.rules, {}, keysweep::ScanSummary{}, in.options);
  keysweep::fuzz::check_redacted(in, text, empty.str());

  // --include-suppressed: the same findings again as suppressed ones, one mechanism each; they
  // follow the reported results, each with one suppressions entry, and stay redacted.
  std::vector<keysweep::Finding> suppressed = in.findings;
  for (size_t i = 0; i < suppressed.size(); ++i) {
    suppressed[i].suppressed_by = static_cast<keysweep::Suppression>(i % keysweep::kSuppressionKinds);
  }
  keysweep::ReportOptions with = in.options;
  with.suppressed = &suppressed;
  std::ostringstream both;
  reporter->write(both, in.rules, in.findings, in.summary, with);
  const nlohmann::json all = nlohmann::json::parse(both.str(), nullptr, /*allow_exceptions=*/false);
  FUZZ_CHECK(!all.is_discarded());
  const nlohmann::json& results = all["runs"][0]["results"];
  FUZZ_CHECK(results.size() == in.findings.size() + suppressed.size());
  for (size_t i = 0; i < results.size(); ++i) {
    FUZZ_CHECK(results[i].contains("suppressions") == (i >= in.findings.size()));
  }
  keysweep::fuzz::check_redacted(in, both.str(), empty.str());
  return 0;
}
