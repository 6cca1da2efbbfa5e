// The git hook scripts that `keysweep install-hook` writes, embedded in the binary.
//
// The embedded text is identical to hooks/pre-commit and hooks/pre-push (a test compares them),
// so the script a user can read in the repository is the one that gets installed, except for one
// line: `installed_keysweep=''` becomes the quoted absolute path of the installing binary.
//
// Thread safety: pure functions over constant data.
#pragma once

#include <string>
#include <string_view>

#include "scanner/base/status.h"

namespace keysweep {

// Every keysweep hook has a line starting with this ("# keysweep-hook v1"); install-hook and
// uninstall-hook use it to tell our hook from someone else's.
inline constexpr std::string_view kHookMarker = "# keysweep-hook v";

// The script for `hook` ("pre-commit" or "pre-push") as stored in hooks/, with an empty
// recorded path; an empty view for any other name.
std::string_view hook_script_template(std::string_view hook);

// The script for `hook` with `keysweep_path` recorded as the binary to run (single-quoted for
// sh, so any byte but newline and NUL is kept as is). Errors: an unknown hook name, or a path
// holding a newline or NUL.
Result<std::string> render_hook_script(std::string_view hook, std::string_view keysweep_path);

// True when `script` has a line starting with kHookMarker.
bool is_keysweep_hook(std::string_view script);

}  // namespace keysweep
