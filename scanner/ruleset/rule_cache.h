// The user-rule cache: compiled Vectorscan databases of a config's own rules, one file per
// content hash (rules_content_key), so a config's rules compile once per machine, not per run.
//
// The cache lives in the user's cache folder ($XDG_CACHE_HOME/keysweep, else
// $HOME/.cache/keysweep), and never inside anything the run scans: when HOME or XDG_CACHE_HOME
// is inside a scanned root (a dotfiles repository, a scan of $HOME), there is no cache and user
// rules compile in memory. Nor does it go inside any git work tree or git dir (found by walking up
// from the cache folder), whatever the command scans: a dotfiles repository is the tree the user
// works in. Paths are compared after resolving symlinks and "..", so a link or a
// relative path cannot smuggle the cache into the tree.
//
// Thread safety: plain functions; concurrent writers are safe (each writes a private temporary
// file and renames it into place). Errors: none surface; a cache that cannot be read or
// written only costs a compile.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "scanner/ruleset/prefilter.h"

namespace keysweep {

// True when `path` (which need not exist) is `root` or inside it, on resolved real paths: the
// longest existing prefix of each is resolved with realpath, the rest normalised lexically.
// A root that cannot be resolved is compared as an absolute, normalised path.
bool path_is_within(const std::string& path, const std::string& root);

// `dir`, or "" (no cache) when `dir` is empty, within any of `scanned_roots`, or inside a git
// work tree or git dir.
std::string cache_dir_outside(const std::string& dir, const std::vector<std::string>& scanned_roots);

// Reads `dir`/`key`.hsdb; any problem (missing, damaged, stale, other rules) means null.
std::shared_ptr<const PrefilterGroup> read_cached_group(const std::string& dir, const std::string& key,
                                                       const std::vector<const Rule*>& rules);

// Best effort: writes `group` as `dir`/`key`.hsdb, creating `dir`.
void write_cached_group(const std::string& dir, const std::string& key, const PrefilterGroup& group);

}  // namespace keysweep
