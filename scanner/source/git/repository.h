// Repository: the RAII face of libgit2. Nothing outside scanner/source/git/ includes git2.h.
//
// Every libgit2 call goes through git_check(), which turns its error code and message into a
// Status with context ("reading blob 3f2a… at app/settings.py: object not found").
//
// Thread safety: a Repository is used by one thread at a time. Errors: Result/Status, never
// exceptions.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "scanner/base/status.h"

struct git_repository;

namespace keysweep {

// Turns a libgit2 return code into a Status ("<context>: <libgit2's last error message>").
Status git_check(int rc, std::string_view context);

class Repository {
 public:
  // Opens the repository holding `path`, searching parent folders as git does (so it works
  // from a subdirectory and in linked worktrees). Errors: "not a git repository (or any parent
  // up to /): PATH". For path "." inside a git hook (GIT_DIR, GIT_WORK_TREE or GIT_INDEX_FILE
  // set), the environment decides, as it does for git itself.
  static Result<std::unique_ptr<Repository>> discover(const std::string& path);
  ~Repository();
  Repository(const Repository&) = delete;
  Repository& operator=(const Repository&) = delete;

  git_repository* get() const { return repo_; }
  bool bare() const;
  // The work tree, ending in '/'; empty for a bare repository.
  std::string workdir() const;
  // This work tree's git folder (".git", or ".git/worktrees/<name>" for a linked worktree).
  std::string git_dir() const;
  // The folder shared by all worktrees (where hooks/ and config live).
  std::string common_dir() const;
  // Where git runs hooks from: core.hooksPath (relative to the work tree when relative, "~/"
  // expanded) or <common_dir>/hooks.
  Result<std::string> hooks_dir() const;
  // The id (40 hex digits) of the root commit reached from HEAD by first parents: a stable
  // identity of the repository (the same in every clone), for the fingerprint salt
  // (finding/fingerprinter.h). Empty when HEAD is unborn (no commit yet). Cost: one commit read
  // per first-parent commit (git/git, about 20,000: tens of milliseconds).
  Result<std::string> root_commit() const;

 private:
  explicit Repository(git_repository* repo) : repo_(repo) {}
  git_repository* repo_;
};

}  // namespace keysweep
