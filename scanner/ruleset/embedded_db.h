// The default pack's prefilter database, compiled by scanner/tools/dbgen.cc at build time and
// linked in from the generated embedded_db.cc (library keysweep_db).
#pragma once

#include <string_view>

namespace keysweep {

// Bytes in PrefilterGroup::serialize() format. Static storage; thread-safe.
std::string_view embedded_prefilter_db();

}  // namespace keysweep
