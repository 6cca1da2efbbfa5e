// Which lines of a file a diff adds: the mapping from one file's libgit2 patch to the 1-based
// new-side line numbers that `keysweep staged` reports findings on (Place::report_lines, source.h).
//
// Kept apart from StagedSource so that it can be tested and fuzzed on patches made from two
// buffers (git_patch_from_buffers), without a repository. The line numbers are libgit2's
// new_lineno, which counts '\n'-terminated lines from 1 (a final line without '\n' is a line; a
// lone '\r' is an ordinary byte). Chunk also breaks lines at a lone '\r' (old Mac files), so
// git_lines_to_chunk_lines() turns libgit2's numbers into Chunk's before they become
// Place::report_lines: tests/fuzz/fuzz_patch_lines.cc checks that the two then agree.
//
// Thread safety: reads the patch only; the caller owns it. Errors: a line libgit2 cannot return
// is left out (the loop cannot fail). Cost: one pass over the patch's lines.
#pragma once

#include <git2.h>

#include <cstdint>
#include <string_view>
#include <vector>

namespace keysweep {

// The new-side line numbers of the patch's added lines, sorted ascending (each appears once).
// A null patch adds nothing.
std::vector<uint32_t> patch_added_lines(git_patch* patch);

// `git_lines` (sorted, '\n'-counted line numbers of `content`) as Chunk numbers the same bytes:
// each git line becomes every Chunk line it spans (more than one when it holds a lone '\r').
// Returns git_lines unchanged when `content` has no lone '\r' (the common case: one memchr).
// Cost: one pass over `content` otherwise.
std::vector<uint32_t> git_lines_to_chunk_lines(std::string_view content, std::vector<uint32_t> git_lines);

}  // namespace keysweep
