// The default pack as built by scanner/tools/dbgen.cc at build time: its prefilter database
// and its rules, linked in from the generated embedded_db.cc (library keysweep_db).
#pragma once

#include <string_view>
#include <vector>

#include "scanner/ruleset/rule.h"

namespace keysweep {

// Bytes in PrefilterGroup::serialize() format. Static storage; thread-safe.
std::string_view embedded_prefilter_db();

// The rules of rules/*.toml as load_default_rules() parses them, constructed from C++ data (no
// TOML parsing at run time). Thread-safe; each call returns a fresh copy.
std::vector<Rule> embedded_default_rules();

}  // namespace keysweep
