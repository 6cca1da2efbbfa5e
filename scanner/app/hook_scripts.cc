// The hook scripts, embedded. Each raw string below is byte-for-byte the file of the same name
// in hooks/ (hook_scripts_test.cc compares them); edit the file and paste it here.
#include "scanner/app/hook_scripts.h"

namespace keysweep {
namespace {

constexpr std::string_view kPreCommit = R"keysweep(#!/bin/sh
# keysweep-hook v1
# Git pre-commit hook: refuses a commit whose staged changes add a secret (`keysweep staged`).
# Install with `keysweep install-hook`, remove with `keysweep uninstall-hook`, bypass once with
# `git commit --no-verify`. See doc/hooks.md.
#
# keysweep is found via $KEYSWEEP, else the binary recorded below at install time, else PATH.
# If it cannot be found the commit is refused: a secret check that silently passes is worse
# than none.
#
# A hook that was here before keysweep (moved aside by `keysweep install-hook --force`) lives on
# as pre-commit.keysweep-backup beside this file. It runs first, with the same arguments; then
# keysweep runs; the commit is refused if either fails.
installed_keysweep=''

hook=pre-commit
if [ -n "${KEYSWEEP:-}" ]; then
  if [ ! -x "$KEYSWEEP" ]; then
    echo "keysweep $hook hook: \$KEYSWEEP is set to '$KEYSWEEP', which is not an executable file" >&2
    exit 1
  fi
  keysweep=$KEYSWEEP
elif [ -n "$installed_keysweep" ] && [ -x "$installed_keysweep" ]; then
  keysweep=$installed_keysweep
elif keysweep=$(command -v keysweep 2>/dev/null) && [ -n "$keysweep" ]; then
  :
else
  echo "keysweep $hook hook: keysweep not found (set \$KEYSWEEP or put keysweep on PATH, or run 'keysweep uninstall-hook'); refusing to go on (bypass once: git commit --no-verify)" >&2
  exit 1
fi

status=0
backup="$(dirname -- "$0")/$hook.keysweep-backup"
if [ -x "$backup" ]; then
  "$backup" "$@" || status=$?
fi
"$keysweep" staged || { rc=$?; [ "$status" -ne 0 ] || status=$rc; }
exit "$status"
)keysweep";

constexpr std::string_view kPrePush = R"keysweep(#!/bin/sh
# keysweep-hook v1
# Git pre-push hook: refuses a push whose new commits add a secret (`keysweep pre-push`, which
# reads git's "<local ref> <local sha> <remote ref> <remote sha>" lines on stdin). Install with
# `keysweep install-hook --hook pre-push`, remove with `keysweep uninstall-hook --hook pre-push`,
# bypass once with `git push --no-verify`. See doc/hooks.md.
#
# keysweep is found via $KEYSWEEP, else the binary recorded below at install time, else PATH.
# If it cannot be found the push is refused: a secret check that silently passes is worse than
# none.
#
# A hook that was here before keysweep (moved aside by `keysweep install-hook --force`) lives on
# as pre-push.keysweep-backup beside this file. It runs first, with the same arguments and the
# same stdin (buffered in a temporary file so both read all of it); then keysweep runs; the push
# is refused if either fails.
installed_keysweep=''

hook=pre-push
if [ -n "${KEYSWEEP:-}" ]; then
  if [ ! -x "$KEYSWEEP" ]; then
    echo "keysweep $hook hook: \$KEYSWEEP is set to '$KEYSWEEP', which is not an executable file" >&2
    exit 1
  fi
  keysweep=$KEYSWEEP
elif [ -n "$installed_keysweep" ] && [ -x "$installed_keysweep" ]; then
  keysweep=$installed_keysweep
elif keysweep=$(command -v keysweep 2>/dev/null) && [ -n "$keysweep" ]; then
  :
else
  echo "keysweep $hook hook: keysweep not found (set \$KEYSWEEP or put keysweep on PATH, or run 'keysweep uninstall-hook --hook pre-push'); refusing to go on (bypass once: git push --no-verify)" >&2
  exit 1
fi

backup="$(dirname -- "$0")/$hook.keysweep-backup"
if [ ! -x "$backup" ]; then
  exec "$keysweep" pre-push "$@"
fi

status=0
lines=$(mktemp "${TMPDIR:-/tmp}/keysweep-pre-push.XXXXXX") || exit 1
trap 'rm -f "$lines"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
cat >"$lines" || exit 1
"$backup" "$@" <"$lines" || status=$?
"$keysweep" pre-push "$@" <"$lines" || { rc=$?; [ "$status" -ne 0 ] || status=$rc; }
exit "$status"
)keysweep";

constexpr std::string_view kPathLine = "installed_keysweep=''\n";

}  // namespace

std::string_view hook_script_template(std::string_view hook) {
  if (hook == "pre-commit") return kPreCommit;
  if (hook == "pre-push") return kPrePush;
  return {};
}

Result<std::string> render_hook_script(std::string_view hook, std::string_view keysweep_path) {
  const std::string_view script = hook_script_template(hook);
  if (script.empty()) {
    return Status::error("unknown hook '" + std::string(hook) + "' (choose pre-commit or pre-push)");
  }
  if (keysweep_path.find_first_of(std::string_view("\n\0", 2)) != std::string_view::npos) {
    return Status::error("the keysweep path contains a newline or NUL; cannot record it in a hook");
  }
  // Single quotes keep every byte literal in sh; a quote itself is written as '\''.
  std::string quoted = "'";
  for (const char c : keysweep_path) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  quoted += "'";
  const size_t at = script.find(kPathLine);
  if (at == std::string_view::npos) {
    return Status::error("the " + std::string(hook) + " hook script has no installed_keysweep line");
  }
  std::string out(script.substr(0, at));
  out += "installed_keysweep=" + quoted + "\n";
  out += script.substr(at + kPathLine.size());
  return out;
}

bool is_keysweep_hook(std::string_view script) {
  size_t start = 0;
  while (start < script.size()) {
    size_t end = script.find('\n', start);
    if (end == std::string_view::npos) end = script.size();
    if (script.substr(start, end - start).rfind(kHookMarker, 0) == 0) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace keysweep
