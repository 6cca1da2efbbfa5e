// Rules to bytes and back, so the build can hand the parsed default pack to the binary: a scan
// decodes the rules in microseconds instead of parsing rules/*.toml (~2.5 ms, which a pre-commit
// run would wait for). keysweep_dbgen encodes; the binary decodes embedded_rule_data().
//
// Format (version 2: version 1 and the prefilter field): "keysweep-rules/2\n", then every field of every Rule in declaration order.
// A string is its decimal length, ':', then its bytes; a number is a string of its digits; a
// list is its item count as a number, then the items. A Rule's min_randomness and min_entropy are written in the
// shortest form that reads back to the same double (std::to_chars), or empty for none.
//
// Thread safety: pure functions. Errors: decode_rules() rejects anything that is not exactly a
// version-2 encoding (a stale or damaged blob), naming the byte offset.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scanner/base/status.h"
#include "scanner/ruleset/rule.h"

namespace keysweep {

std::string encode_rules(const std::vector<Rule>& rules);
Result<std::vector<Rule>> decode_rules(std::string_view bytes);

}  // namespace keysweep
