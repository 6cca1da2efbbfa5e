// Which lines of a file a diff adds: the mapping from one file's libgit2 patch to the 1-based
// new-side line numbers that `keysweep staged` reports findings on (LoadResult::report_lines).
//
// Kept apart from StagedSource so that it can be tested and fuzzed on patches made from two
// buffers (git_patch_from_buffers), without a repository. The line numbers are libgit2's
// new_lineno, which counts '\n'-terminated lines from 1 exactly as Chunk::line_col does (a final
// line without '\n' is a line; '\r' is an ordinary byte): tests/fuzz/fuzz_patch_lines.cc checks
// that the two agree.
//
// Thread safety: reads the patch only; the caller owns it. Errors: a line libgit2 cannot return
// is left out (the loop cannot fail). Cost: one pass over the patch's lines.
#pragma once

#include <git2.h>

#include <cstdint>
#include <vector>

namespace keysweep {

// The new-side line numbers of the patch's added lines, sorted ascending (each appears once).
// A null patch adds nothing.
std::vector<uint32_t> patch_added_lines(git_patch* patch);

}  // namespace keysweep
