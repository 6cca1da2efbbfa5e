#include "scanner/source/git/patch_lines.h"

#include <catch2/catch.hpp>

#include "scanner/chunk/chunk.h"

namespace keysweep {

TEST_CASE("regression: staged lines of a lone-CR file are numbered as Chunk numbers them", "[git][lines]") {
  // libgit2 sees one '\n' line holding three lone-CR lines; Chunk sees three lines.
  const std::string text = "a = 1\rtoken = x\rb = 2\nlast\n";
  CHECK(git_lines_to_chunk_lines(text, {1}) == std::vector<uint32_t>{1, 2, 3});
  CHECK(git_lines_to_chunk_lines(text, {2}) == std::vector<uint32_t>{4});
  CHECK(git_lines_to_chunk_lines(text, {1, 2}) == std::vector<uint32_t>{1, 2, 3, 4});
  const Chunk chunk(text, Provenance{"a", "staged", "", ""});
  CHECK(chunk.line_col(text.find("last")).line == 4);
}

TEST_CASE("git lines are unchanged without a lone CR (LF and CRLF files)", "[git][lines]") {
  CHECK(git_lines_to_chunk_lines("a\nb\nc\n", {2, 3}) == std::vector<uint32_t>{2, 3});
  CHECK(git_lines_to_chunk_lines("a\r\nb\r\nc", {1, 3}) == std::vector<uint32_t>{1, 3});
  CHECK(git_lines_to_chunk_lines("x\ry", {}).empty());
  CHECK(git_lines_to_chunk_lines("x\ry", {1}) == std::vector<uint32_t>{1, 2});
  CHECK(git_lines_to_chunk_lines("x\r", {1}) == std::vector<uint32_t>{1, 2});
}

}  // namespace keysweep
