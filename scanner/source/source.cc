#include "scanner/source/source.h"

#include <algorithm>

namespace keysweep {

std::optional<Skipped> classify_content(std::string_view bytes, const std::string& path,
                                        const LoadLimits& limits) {
  const std::string_view probe = bytes.substr(0, std::min(bytes.size(), limits.binary_probe));
  if (probe.find('\0') != std::string_view::npos) {
    return Skipped{path, "binary", "NUL byte in the first " + std::to_string(limits.binary_probe) + " bytes"};
  }
  return std::nullopt;
}

}  // namespace keysweep
