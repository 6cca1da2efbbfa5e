#include "scanner/source/git/git_loader.h"

namespace keysweep {

Result<Repository*> GitLoader::repository() {
  if (!repo_) {
    auto repo = Repository::discover(path_);
    if (!repo) return repo.status().with_context("opening the repository again for a worker");
    repo_ = std::move(repo).value();
  }
  return repo_.get();
}

}  // namespace keysweep
