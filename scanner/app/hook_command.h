// `keysweep install-hook` and `keysweep uninstall-hook`: put keysweep's git hook in place, or
// take it away, without ever losing a hook that was there before.
//
// The hook goes where git runs hooks from (Repository::hooks_dir(): core.hooksPath, or the
// hooks/ folder shared by all worktrees). A hook is "ours" when it carries the keysweep marker
// line (hook_scripts.h). Nothing outside that folder is written.
//
// Exit codes: 0 done (or nothing to do), 2 error. Errors are one line on stderr starting with
// "keysweep: error: "; what was done is one line on stdout.
// Thread safety: touches the file system and the process's stdout/stderr; one call at a time.
#pragma once

#include <string>

namespace keysweep {

// Installs the `hook` hook ("pre-commit" or "pre-push") of the repository holding `repo_path`,
// with the absolute path of the running binary recorded in it, mode 0755; creates the hooks
// folder if needed. Re-installing over our own hook updates it. A hook that is not ours is left
// untouched and the call fails, unless `force`: then it is renamed to "<hook>.keysweep-backup"
// (refused if a different backup is already there) and our hook runs it first, with the same
// arguments and stdin, on every run.
int run_install_hook(const std::string& repo_path, const std::string& hook, bool force);

// Removes our `hook` hook and puts "<hook>.keysweep-backup" back in its place if there is one.
// Refuses (exit 2) when the hook is not ours; says so and exits 0 when there is no hook.
int run_uninstall_hook(const std::string& repo_path, const std::string& hook);

}  // namespace keysweep
