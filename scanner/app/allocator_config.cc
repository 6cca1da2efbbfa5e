// jemalloc's built-in options for the keysweep binary (linked only when CMake's
// KEYSWEEP_JEMALLOC is on; CMakeLists.txt says why jemalloc). jemalloc reads this global at its
// first allocation; MALLOC_CONF in the environment still overrides it.
//
// retain:false: freed address space goes back to the kernel. jemalloc's Linux default keeps it
// mapped for reuse, so a long history audit's address space grows past what it holds, and a run
// under `ulimit -d` (RLIMIT_DATA counts private mappings) fails with "out of memory" at a
// fraction of its limit (tests/e2e/git_large_inputs_test.cc). The cost measured on git/git's
// audit: ~4% of the gain over glibc's malloc (bench/README.md).
extern "C" {
// NOLINTNEXTLINE: the name is jemalloc's interface.
extern const char* const malloc_conf;
const char* const malloc_conf = "retain:false";
}
