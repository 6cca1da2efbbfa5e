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

std::vector<uint32_t> git_lines_to_chunk_lines(std::string_view content, std::vector<uint32_t> git_lines) {
  auto lone_cr_at = [&](size_t i) { return content[i] == '\r' && (i + 1 >= content.size() || content[i + 1] != '\n'); };
  bool lone_cr = false;
  for (size_t at = content.find('\r'); at != std::string_view::npos; at = content.find('\r', at + 1)) {
    if (lone_cr_at(at)) {
      lone_cr = true;
      break;
    }
  }
  if (!lone_cr || git_lines.empty()) return git_lines;
  std::vector<uint32_t> out;
  size_t want = 0;           // next index into git_lines
  uint32_t git_line = 1;     // the '\n'-counted line being read
  uint32_t chunk_line = 1;   // Chunk's line at the current byte
  uint32_t first_chunk = 1;  // Chunk's line where git_line started
  auto end_git_line = [&] {
    while (want < git_lines.size() && git_lines[want] < git_line) ++want;
    if (want < git_lines.size() && git_lines[want] == git_line) {
      for (uint32_t l = first_chunk; l <= chunk_line; ++l) out.push_back(l);
    }
  };
  for (size_t i = 0; i < content.size() && want < git_lines.size(); ++i) {
    if (content[i] == '\n') {
      end_git_line();
      ++git_line;
      ++chunk_line;
      first_chunk = chunk_line;
    } else if (lone_cr_at(i)) {
      ++chunk_line;
    }
  }
  end_git_line();  // the last line (libgit2 numbers a final line without '\n' too)
  return out;
}

}  // namespace keysweep
