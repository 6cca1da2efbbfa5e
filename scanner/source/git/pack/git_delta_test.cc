#include "scanner/source/git/pack/git_delta.h"

#include <catch2/catch.hpp>

#include "tests/support/pack_builder.h"

namespace keysweep {
namespace {

using B = PackBuilder;

std::string run_delta(std::string_view base, const std::string& delta, uint64_t max = 1 << 20) {
  std::string out;
  Status st = apply_delta(base, delta, max, &out);
  return st ? out : "ERROR: " + st.message();
}

}  // namespace

TEST_CASE("apply_delta: copies and inserts build the result", "[pack][delta]") {
  const std::string base = "hello, world";
  CHECK(run_delta(base, B::delta_sizes(12, 11) + B::copy_op(7, 5) + B::insert_op(", ") + B::copy_op(0, 4)) ==
        "world, hell");
  CHECK(run_delta(base, B::delta_sizes(12, 0)) == "");
  REQUIRE(parse_delta_sizes(B::delta_sizes(300, 70000)).is_ok());
  CHECK(parse_delta_sizes(B::delta_sizes(300, 70000))->base_size == 300);
  CHECK(parse_delta_sizes(B::delta_sizes(300, 70000))->result_size == 70000);
}

TEST_CASE("apply_delta: a copy of size 0 copies 0x10000 bytes", "[pack][delta]") {
  const std::string base(0x10000, 'x');
  std::string delta = B::delta_sizes(base.size(), 0x10000) + std::string(1, '\x80');  // no offset, no size bytes
  CHECK(run_delta(base, delta) == base);
}

TEST_CASE("apply_delta: hostile deltas are errors", "[pack][delta]") {
  const std::string base = "0123456789";
  CHECK(run_delta(base, B::delta_sizes(10, 4) + B::copy_op(8, 4)).find("copies bytes [8, 12) of a base of 10") !=
        std::string::npos);
  CHECK(run_delta(base, B::delta_sizes(10, 4) + B::copy_op(0xffffffff, 4)).find("ERROR: delta: copies") == 0);
  CHECK(run_delta(base, B::delta_sizes(9, 1) + B::insert_op("a")).find("made for a base of 9 bytes") != std::string::npos);
  CHECK(run_delta(base, B::delta_sizes(10, 1) + B::insert_op("ab")).find("past the declared result size") !=
        std::string::npos);
  CHECK(run_delta(base, B::delta_sizes(10, 3) + B::insert_op("ab")).find("produced 2 bytes, its header says 3") !=
        std::string::npos);
  CHECK(run_delta(base, B::delta_sizes(10, 2) + std::string(1, '\0')).find("reserved opcode 0") != std::string::npos);
  CHECK(run_delta(base, B::delta_sizes(10, 5) + "\x05" "ab").find("runs past the end of the delta") != std::string::npos);
  CHECK(run_delta(base, B::delta_sizes(10, 4) + "\x91").find("copy opcode truncated") != std::string::npos);
  CHECK(run_delta(base, B::delta_sizes(10, uint64_t{1} << 60) + B::insert_op("a"), 1000).find("over the limit of 1000") !=
        std::string::npos);
  CHECK(run_delta(base, "\x8a").find("truncated or overlong base size") != std::string::npos);
  CHECK(run_delta(base, std::string(11, '\xff') + "\x01").find("overlong base size") != std::string::npos);
  CHECK(max_delta_size(UINT64_MAX) == UINT64_MAX);
  CHECK(max_delta_size(10) == 84);
}

}  // namespace keysweep
