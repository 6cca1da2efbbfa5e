// A RuleSet built from TOML text alone (no default pack), for unit tests of the matcher and its
// stages. Fails the running Catch2 test on a config or rule error.
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "scanner/ruleset/config.h"
#include "scanner/ruleset/ruleset.h"

namespace keysweep {

inline std::shared_ptr<const RuleSet> rules_from(const std::string& toml, Allowlist allow = {}) {
  auto cfg = parse_config(toml, "test.toml");
  REQUIRE(cfg);
  cfg->use_default_rules = false;
  cfg->allowlist = std::move(allow);
  auto set = RuleSet::build(*cfg, RuleSetOptions{});
  if (!set) FAIL(set.status().message());
  return *set;
}

}  // namespace keysweep
