// The --config path over arbitrary bytes: parse_config, then building the run's RuleSet on top
// of the default pack as a scan does (disabled rules, extra rules, allowlist regexes and
// paths), then one scan of a small fixed text so that the allowlists run. Never a crash or a
// hang; an error is one line.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/match/matcher.h"
#include "tests/support/find_in_chunk.h"
#include "scanner/ruleset/config.h"
#include "scanner/ruleset/embedded_db.h"
#include "scanner/ruleset/ruleset.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

// Loaded once: decoding the pack and its database is read-only set-up shared by every input.
std::shared_ptr<const keysweep::DefaultPack> default_pack() {
  static const std::shared_ptr<const keysweep::DefaultPack> pack = [] {
    auto loaded = keysweep::load_default_pack(keysweep::embedded_prefilter_db());
    FUZZ_CHECK(loaded);
    return loaded.value();
  }();
  return pack;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  keysweep::Result<keysweep::Config> config = keysweep::parse_config(text, ".keysweep.toml");
  if (!config) {
    FUZZ_CHECK(config.status().message().find(".keysweep.toml") != std::string::npos);
    return 0;
  }
  keysweep::RuleSetOptions opts;
  if (config->use_default_rules) opts.default_pack = default_pack();
  opts.embedded_db = keysweep::embedded_prefilter_db();
  opts.validate_defaults = false;
  auto rules = keysweep::RuleSet::build(*config, opts);
  if (!rules) return 0;
  auto matcher = keysweep::Matcher::create(*rules);
  FUZZ_CHECK(matcher);
  const keysweep::Chunk chunk(std::string("password = \"Zq8rT2mX9vLp4Kd7\"\nkey: ") + std::string(40, 'a') + "\n",
                              keysweep::Provenance{"app/settings.py", "dir", "", ""});
  const keysweep::Placer placer(*rules);
  std::vector<keysweep::Finding> found;
  FUZZ_CHECK(keysweep::find_in_chunk(**matcher, placer, chunk, &found));
  return 0;
}
