// Skipped: an input that was not scanned, and why. Sources produce these (a binary file, a FIFO,
// a blob over the size limit); the scan summary collects them and every reporter lists them,
// so nothing is skipped silently. It lives in base because sources may not reach the finding
// stage (STYLE.md: a source hands out bytes and diagnostics).
//
// Thread safety: a plain value.
#pragma once

#include <string>

namespace keysweep {

struct Skipped {
  std::string path;
  // "binary", "too-large", "unreadable", "not-regular", "symlink", "submodule", "changed"
  std::string reason;
  std::string detail;  // human message, e.g. the OS error
};

}  // namespace keysweep
