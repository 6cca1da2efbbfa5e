#include "scanner/source/git/repository_pool.h"

namespace keysweep {

RepositoryPool::Lease::~Lease() {
  if (pool_ && repo_) pool_->give_back(std::move(repo_));
}

std::shared_ptr<RepositoryPool> RepositoryPool::create(std::string path) {
  return std::shared_ptr<RepositoryPool>(new RepositoryPool(std::move(path)));
}

Result<RepositoryPool::Lease> RepositoryPool::acquire() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      std::unique_ptr<Repository> repo = std::move(idle_.back());
      idle_.pop_back();
      return Lease(shared_from_this(), std::move(repo));
    }
  }
  // Opened outside the lock: it reads config files and may take a millisecond.
  auto repo = Repository::discover(path_);
  if (!repo) return repo.status().with_context("opening the repository again for a worker");
  return Lease(shared_from_this(), std::move(repo).value());
}

void RepositoryPool::give_back(std::unique_ptr<Repository> repo) {
  std::lock_guard<std::mutex> lock(mu_);
  idle_.push_back(std::move(repo));
}

}  // namespace keysweep
