// The rule-file path of `keysweep rules check FILE` over arbitrary bytes: TOML parse and
// validation (parse_config), compiling the rules alone (RE2 and the Vectorscan prefilter, no
// default pack, no disk cache), then running every rule's examples through the matcher.
// Never a crash or a hang; an error is one line naming the file.
#include <string>
#include <string_view>

#include "scanner/app/rule_examples.h"
#include "scanner/ruleset/config.h"
#include "scanner/ruleset/ruleset.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  keysweep::Result<keysweep::Config> parsed = keysweep::parse_config(text, "fuzz.toml");
  if (!parsed) {
    FUZZ_CHECK(parsed.status().message().find("fuzz.toml") != std::string::npos);
    return 0;
  }
  keysweep::Config config;
  config.use_default_rules = false;
  config.rules = std::move(parsed->rules);
  if (config.rules.empty()) return 0;
  auto rules = keysweep::RuleSet::build(config, keysweep::RuleSetOptions{});
  if (!rules) return 0;
  FUZZ_CHECK((*rules)->rules().size() == config.rules.size());
  keysweep::ExampleReport report = keysweep::check_rule_examples(*rules);
  for (const std::string& f : report.failures) FUZZ_CHECK(!f.empty());
  return 0;
}
