// The staged diff-to-lines mapping (scanner/source/git/patch_lines.h) over arbitrary file
// pairs: the input is the old file, a NUL byte, then the new file (no NUL: the whole input is
// the new file of an added file). The pair is diffed by libgit2 with the options StagedSource
// uses, and the added lines must agree with how Chunk numbers lines, because scan_runner
// compares them with findings' Chunk line numbers:
//   - sorted, unique, each in [1, number of lines of the new file];
//   - each added line's text, as libgit2 gives it, is that line of the new file per Chunk;
//   - a new file (no old side) adds every line; an unchanged file adds none.
#include <git2.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/chunk/chunk.h"
#include "scanner/source/git/patch_lines.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

struct PatchOwner {
  git_patch* ptr = nullptr;
  ~PatchOwner() { git_patch_free(ptr); }
};

// Lines of `text` as Chunk counts them: a final line without '\n' counts, an empty file has none.
size_t line_count(std::string_view text) {
  const size_t newlines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
  return newlines + (!text.empty() && text.back() != '\n' ? 1 : 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const int initialised = git_libgit2_init();
  FUZZ_CHECK(initialised > 0);
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nul = input.find('\0');
  const bool added_file = nul == std::string_view::npos;
  const std::string old_text(added_file ? std::string_view() : input.substr(0, nul));
  const std::string new_text(added_file ? input : input.substr(nul + 1));

  git_diff_options opts;
  FUZZ_CHECK(git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION) == 0);
  opts.context_lines = 0;
  opts.interhunk_lines = 0;
  opts.flags = GIT_DIFF_FORCE_TEXT;
  PatchOwner patch;
  FUZZ_CHECK(git_patch_from_buffers(&patch.ptr, added_file ? nullptr : old_text.data(), old_text.size(), "a",
                                    new_text.data(), new_text.size(), "a", &opts) == 0);
  const std::vector<uint32_t> added = keysweep::patch_added_lines(patch.ptr);

  FUZZ_CHECK(std::is_sorted(added.begin(), added.end()));
  FUZZ_CHECK(std::adjacent_find(added.begin(), added.end()) == added.end());
  const size_t lines = line_count(new_text);
  for (uint32_t l : added) FUZZ_CHECK(l >= 1 && l <= lines);
  if (added_file || old_text.empty()) FUZZ_CHECK(added.size() == lines);
  if (old_text == new_text) FUZZ_CHECK(added.empty());

  // libgit2 counts '\n' lines; Chunk also breaks at a lone '\r'. git_lines_to_chunk_lines maps
  // the first onto the second: every added git line's first byte must sit on a mapped line.
  const keysweep::Chunk chunk(new_text, keysweep::Provenance{"a", "staged", "", ""});
  const std::vector<uint32_t> mapped = keysweep::git_lines_to_chunk_lines(new_text, added);
  FUZZ_CHECK(std::is_sorted(mapped.begin(), mapped.end()));
  FUZZ_CHECK(std::adjacent_find(mapped.begin(), mapped.end()) == mapped.end());
  FUZZ_CHECK(mapped.size() >= added.size());
  bool lone_cr = false;
  for (size_t i = 0; i < new_text.size(); ++i) {
    if (new_text[i] == '\r' && (i + 1 >= new_text.size() || new_text[i + 1] != '\n')) lone_cr = true;
  }
  if (!lone_cr) FUZZ_CHECK(mapped == added);
  std::vector<size_t> line_starts{0};
  for (size_t i = 0; i < new_text.size(); ++i) {
    if (new_text[i] == '\n') line_starts.push_back(i + 1);
  }
  size_t seen = 0;
  for (size_t h = 0; patch.ptr && h < git_patch_num_hunks(patch.ptr); ++h) {
    const int n = git_patch_num_lines_in_hunk(patch.ptr, h);
    for (int i = 0; i < n; ++i) {
      const git_diff_line* line = nullptr;
      FUZZ_CHECK(git_patch_get_line_in_hunk(&line, patch.ptr, h, static_cast<size_t>(i)) == 0);
      if (line->origin != GIT_DIFF_LINE_ADDITION) continue;
      ++seen;
      FUZZ_CHECK(line->new_lineno >= 1 && static_cast<size_t>(line->new_lineno) <= lines);
      const size_t begin = line_starts[static_cast<size_t>(line->new_lineno) - 1];
      FUZZ_CHECK(std::binary_search(mapped.begin(), mapped.end(), chunk.line_col(begin).line));
      std::string_view got(line->content, line->content_len);
      if (!got.empty() && got.back() == '\n') got.remove_suffix(1);
      if (!lone_cr) {
        if (!got.empty() && got.back() == '\r') got.remove_suffix(1);  // Chunk's line text leaves out a CRLF's CR
        FUZZ_CHECK(got == std::string_view(new_text).substr(begin, chunk.line_end(begin) - begin));
      }
    }
  }
  FUZZ_CHECK(seen == added.size());
  return 0;
}
