// What every fuzz target shares: the libFuzzer entry point's declaration and FUZZ_CHECK, which
// aborts (so libFuzzer and the replay test both see a crash) when an invariant fails.
//
// A target is one file, tests/fuzz/fuzz_<name>.cc, defining LLVMFuzzerTestOneInput. It is
// linked either with libFuzzer (-DKEYSWEEP_FUZZ=ON, clang) or with replay_main.cc, which runs
// it over the committed seeds and regression inputs as a CTest test (see tests/fuzz/README.md).
// Targets must be deterministic and keep no state between inputs beyond read-only set-up.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

#define FUZZ_CHECK(cond)                                                                \
  do {                                                                                  \
    if (!(cond)) {                                                                      \
      std::fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                     \
    }                                                                                   \
  } while (0)
