#include "scanner/source/git/repository.h"

#include <git2.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>

#include "scanner/source/git/tls_roots.h"

namespace keysweep {
namespace {

void ensure_libgit2() {
  static std::once_flag once;
  // Never shut down: libgit2's global state lives as long as the process.
  std::call_once(once, [] {
    init_libgit2_without_tls_roots();
    // libgit2 re-hashes every object it reads to check it against its id; git does not (that
    // is fsck's job), and we only read. Off, a pre-commit run reads its trees and blobs about
    // 1 ms sooner, and a history scan hashes nothing it does not need. A damaged object still
    // fails to inflate and is reported.
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
  });
}

}  // namespace

Status git_check(int rc, std::string_view context) {
  if (rc >= 0) return Status::ok();
  const git_error* e = git_error_last();
  std::string message = e && e->message ? e->message : "libgit2 error " + std::to_string(rc);
  return Status::error(std::string(context) + ": " + message);
}

Result<std::unique_ptr<Repository>> Repository::discover(const std::string& path) {
  ensure_libgit2();
  git_repository* repo = nullptr;
  // Inside a hook, git describes the repository in the environment, and `git commit -a` or
  // `git commit FILE` point GIT_INDEX_FILE at a temporary index: that index, not .git/index, is
  // what will be committed. libgit2 honours these variables only when asked to.
  const bool from_env = (path == "." || path.empty()) &&
                        (std::getenv("GIT_INDEX_FILE") || std::getenv("GIT_DIR") || std::getenv("GIT_WORK_TREE"));
  const int rc = from_env ? git_repository_open_ext(&repo, nullptr, GIT_REPOSITORY_OPEN_FROM_ENV, nullptr)
                          : git_repository_open_ext(&repo, path.c_str(), 0, nullptr);
  if (rc == GIT_ENOTFOUND) {
    return Status::error("not a git repository (or any parent): " + path);
  }
  if (Status st = git_check(rc, "opening the repository at " + path); !st) {
    // libgit2 1.5 knows only SHA-1 object ids and says so in its own words.
    if (st.message().find("extensions.objectformat") != std::string::npos) {
      return Status::error(st.message() + " (a SHA-256 repository: keysweep reads SHA-1 repositories only)");
    }
    return st;
  }
  return std::unique_ptr<Repository>(new Repository(repo));
}

Repository::~Repository() { git_repository_free(repo_); }

bool Repository::bare() const { return git_repository_is_bare(repo_) == 1; }

std::string Repository::workdir() const {
  const char* w = git_repository_workdir(repo_);
  return w ? w : "";
}

std::string Repository::git_dir() const { return git_repository_path(repo_); }

std::string Repository::common_dir() const { return git_repository_commondir(repo_); }

Result<std::string> Repository::root_commit() const {
  if (git_repository_head_unborn(repo_) == 1) return std::string();
  git_oid id;
  if (Status st = git_check(git_reference_name_to_id(&id, repo_, "HEAD"), "reading HEAD"); !st) return st;
  // Parent by parent (a revision walk orders by commit time, which clock skew can disturb).
  // Bounded by the history: a commit cannot be its own ancestor. In a shallow clone the walk
  // ends at the deepest commit present (its parent is missing), so there the salt differs
  // from a full clone's: say --baseline to share one.
  git_commit* commit = nullptr;
  if (Status st = git_check(git_commit_lookup(&commit, repo_, &id), "reading the HEAD commit"); !st) return st;
  while (git_commit_parentcount(commit) > 0) {
    git_commit* parent = nullptr;
    if (git_commit_parent(&parent, commit, 0) != 0) break;  // shallow: the parent is not here
    git_commit_free(commit);
    commit = parent;
  }
  git_oid_cpy(&id, git_commit_id(commit));
  git_commit_free(commit);
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof hex, &id);
  return std::string(hex);
}

Result<std::string> Repository::hooks_dir() const {
  git_config* cfg = nullptr;
  if (Status st = git_check(git_repository_config_snapshot(&cfg, repo_), "reading the git config"); !st) {
    return st;
  }
  git_buf buf = GIT_BUF_INIT;
  const int rc = git_config_get_string_buf(&buf, cfg, "core.hooksPath");
  std::string configured = rc == 0 && buf.ptr ? buf.ptr : "";
  git_buf_dispose(&buf);
  git_config_free(cfg);
  if (rc < 0 && rc != GIT_ENOTFOUND) return git_check(rc, "reading core.hooksPath");
  if (configured.empty()) return common_dir() + "hooks";
  if (configured.rfind("~/", 0) == 0) {
    const char* home = std::getenv("HOME");
    configured = std::string(home ? home : "") + configured.substr(1);
  }
  std::filesystem::path p(configured);
  // git resolves a relative core.hooksPath against the work tree root (the git dir when bare).
  if (p.is_relative()) p = std::filesystem::path(bare() ? git_dir() : workdir()) / p;
  return p.lexically_normal().string();
}

}  // namespace keysweep
