#include "scanner/source/git/patch_lines.h"

#include <algorithm>

namespace keysweep {

std::vector<uint32_t> patch_added_lines(git_patch* patch) {
  std::vector<uint32_t> added;
  for (size_t h = 0; patch && h < git_patch_num_hunks(patch); ++h) {
    const int lines = git_patch_num_lines_in_hunk(patch, h);
    for (int l = 0; l < lines; ++l) {
      const git_diff_line* line = nullptr;
      if (git_patch_get_line_in_hunk(&line, patch, h, static_cast<size_t>(l)) < 0) continue;
      if (line->origin == GIT_DIFF_LINE_ADDITION && line->new_lineno > 0) {
        added.push_back(static_cast<uint32_t>(line->new_lineno));
      }
    }
  }
  // Hunks come in file order already; sorting keeps the contract whatever libgit2 does.
  std::sort(added.begin(), added.end());
  added.erase(std::unique(added.begin(), added.end()), added.end());
  return added;
}

}  // namespace keysweep
