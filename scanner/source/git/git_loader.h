// GitLoader: one worker thread's repository handle, shared by that worker's loads of one git
// source (StagedSource, HistorySource; Source::make_loader).
//
// libgit2 objects, a git_repository and what it caches included, must not be used by two
// threads at once. The source's producer keeps its own Repository; each worker gets its own
// GitLoader on its own thread, so every handle is used by one thread and no lock is taken while
// a blob is read. The handle is opened on first use, with Repository::discover on the path the
// source was given, so a worker sees exactly the repository (GIT_DIR, GIT_INDEX_FILE,
// alternates) the producer sees, and a worker that loads nothing opens nothing. Memory: one
// repository handle per worker, with libgit2's own caches (trees and commits only: libgit2 does
// not cache blobs by default).
//
// Thread safety: used by one thread. Errors: repository() fails when the repository cannot be
// opened again (it was moved or removed while the scan ran); the next call tries again. The
// caller reports that as a soft error of the item it was loading.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "scanner/base/status.h"
#include "scanner/source/git/repository.h"
#include "scanner/source/source.h"

namespace keysweep {

class GitLoader : public Loader {
 public:
  // `path` as the source gave it to Repository::discover.
  explicit GitLoader(std::string path) : path_(std::move(path)) {}
  // The worker's repository, opened on the first call. The pointer stays valid while the
  // GitLoader lives.
  Result<Repository*> repository();

  // The GitLoader a git source's load should use: the worker's own `loader` (made by that
  // source's make_loader()), or, for a caller without one (a test calling load(nullptr, ...)),
  // a handle for this load alone, constructed in `*own` on `path`.
  static GitLoader& of(Loader* loader, const std::string& path, std::optional<GitLoader>* own) {
    if (loader) return static_cast<GitLoader&>(*loader);
    return own->emplace(path);
  }

 private:
  std::string path_;
  std::unique_ptr<Repository> repo_;
};

}  // namespace keysweep
