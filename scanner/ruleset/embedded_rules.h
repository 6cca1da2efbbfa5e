// The default rule pack, embedded at build time by cmake/embed_rules.cmake.
#pragma once

#include <string_view>
#include <vector>

namespace keysweep {

struct EmbeddedFile {
  std::string_view name;  // "rules/<file>.toml"
  std::string_view text;
};

// Every rules/*.toml file, sorted by name. Static storage; thread-safe.
const std::vector<EmbeddedFile>& embedded_rule_files();

}  // namespace keysweep
