// The default pack as built by scanner/tools/dbgen.cc at build time: its prefilter database
// and its rules, linked in from the generated embedded_db.cc (library keysweep_db).
#pragma once

#include <string_view>

namespace keysweep {

// Bytes in PrefilterGroup::serialize() format. Static storage; thread-safe.
std::string_view embedded_prefilter_db();

// The rules of rules/*.toml as load_default_rules() parses them, in rule_codec.h's encoding
// (decode_rules). Static storage; thread-safe.
std::string_view embedded_rule_data();

}  // namespace keysweep
