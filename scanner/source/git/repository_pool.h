// RepositoryPool: libgit2 repository handles for the worker threads of a git source.
//
// libgit2 objects, a git_repository and what it caches included, must not be used by two
// threads at once. A source's producer keeps its own Repository; each WorkItem::load borrows a
// handle from this pool for the length of the load, so every handle is used by one thread at a
// time and no lock is held while a blob is read. A handle is opened the first time every
// existing one is in use, so the pool holds at most as many handles as loads ever ran at once
// (the scan's thread count), each with libgit2's own caches (trees and commits only: libgit2
// does not cache blobs by default).
//
// Handles are opened with Repository::discover on the same path the source was given, so a
// worker sees exactly the repository (GIT_DIR, GIT_INDEX_FILE, alternates) the producer sees.
//
// Thread safety: acquire() may be called from any thread; a Lease is used by its own thread.
// Errors: acquire() fails when the repository cannot be opened again (it was moved or removed
// while the scan ran).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "scanner/base/status.h"
#include "scanner/source/git/repository.h"

namespace keysweep {

class RepositoryPool : public std::enable_shared_from_this<RepositoryPool> {
 public:
  // A borrowed handle, given back to the pool when the Lease is destroyed.
  class Lease {
   public:
    Lease(std::shared_ptr<RepositoryPool> pool, std::unique_ptr<Repository> repo)
        : pool_(std::move(pool)), repo_(std::move(repo)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease();
    Repository& repo() const { return *repo_; }

   private:
    std::shared_ptr<RepositoryPool> pool_;
    std::unique_ptr<Repository> repo_;
  };

  // `path` as given to Repository::discover by the source.
  static std::shared_ptr<RepositoryPool> create(std::string path);
  Result<Lease> acquire();

 private:
  explicit RepositoryPool(std::string path) : path_(std::move(path)) {}
  void give_back(std::unique_ptr<Repository> repo);

  const std::string path_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Repository>> idle_;  // guarded by mu_
};

}  // namespace keysweep
