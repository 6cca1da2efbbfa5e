// The gitleaks / Betterleaks config reader over arbitrary bytes: parse the TOML, convert it when
// it is gitleaks-style, then build its RuleSet (without the default pack) and scan a small
// fixed text, so that rewritten secretGroup regexes, entropy limits and per-rule allowlists
// run. Never a crash or a hang; an error or warning names the file.
#include <re2/re2.h>
#include <toml++/toml.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/match/matcher.h"
#include "scanner/ruleset/config.h"
#include "scanner/ruleset/embedded_db.h"
#include "scanner/ruleset/gitleaks_config.h"
#include "scanner/ruleset/ruleset.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/support/find_in_chunk.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  toml::table root;
  try {
    root = toml::parse(text, std::string(".gitleaks.toml"));
  } catch (const toml::parse_error&) {
    return 0;
  }
  if (!keysweep::is_gitleaks_config(root)) return 0;
  std::vector<std::string> warnings;
  keysweep::Result<keysweep::Config> config = keysweep::parse_gitleaks_config(root, ".gitleaks.toml", &warnings);
  for (const std::string& w : warnings) FUZZ_CHECK(w.rfind(".gitleaks.toml:", 0) == 0);
  if (!config) {
    FUZZ_CHECK(config.status().message().find(".gitleaks.toml") != std::string::npos);
    return 0;
  }
  // parse_config must take the same road.
  keysweep::Result<keysweep::Config> again = keysweep::parse_config(text, ".gitleaks.toml");
  FUZZ_CHECK(again && again->rules.size() == config->rules.size() && again->warnings == warnings);
  // The group scanner agrees with RE2 on every regex RE2 accepts, and a rewritten regex has
  // exactly one group named "secret".
  for (const keysweep::Rule& r : config->rules) {
    const std::vector<keysweep::RegexGroup> groups = keysweep::capturing_groups(r.regex);
    for (const keysweep::RegexGroup& g : groups) FUZZ_CHECK(g.open < r.regex.size() && r.regex[g.open] == '(');
    RE2 re(r.regex, RE2::Quiet);
    if (!re.ok()) continue;
    FUZZ_CHECK(static_cast<int>(groups.size()) == re.NumberOfCapturingGroups());
  }
  config->use_default_rules = false;
  config->disabled_rules.clear();
  keysweep::RuleSetOptions opts;
  opts.embedded_db = keysweep::embedded_prefilter_db();
  auto rules = keysweep::RuleSet::build(*config, opts);
  if (!rules) return 0;
  auto matcher = keysweep::Matcher::create(*rules);
  FUZZ_CHECK(matcher);
  const keysweep::Chunk chunk(std::string("token = \"tok_Zq8rT2mX9vLp4Kd7aaaa\"\nkey: ") + std::string(40, 'a') + "\n",
                              keysweep::Provenance{"app/settings.py", "dir", "", ""});
  const keysweep::Placer placer(*rules);
  std::vector<keysweep::Finding> found;
  FUZZ_CHECK(keysweep::find_in_chunk(**matcher, placer, chunk, &found));
  return 0;
}
