// CommitRange: which commits a git scan walks, as revisions (git2.h-free, so the app layer can
// build one). The walk itself is commit_walk.h.
#pragma once

#include <string>
#include <vector>

namespace keysweep {

struct CommitRange {
  std::vector<std::string> include;     // revisions (hex ids or names) whose history is scanned
  std::vector<std::string> exclude;     // revisions whose history is not
  std::vector<std::string> hide_globs;  // ref globs whose history is not
  // Like `exclude`, but ids that may not exist locally (a force push overwrites commits we never
  // fetched): hidden when present, ignored otherwise.
  std::vector<std::string> remote_tips;
};

}  // namespace keysweep
