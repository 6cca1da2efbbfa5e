// The stack size of every thread keysweep starts (scan workers, the rule-pack preload, the
// progress line), set once as the process default before any thread exists.
//
// Why: glibc gives a new thread a stack of `ulimit -s` (8 MiB on Debian), and RLIMIT_DATA
// (`ulimit -d`) counts every thread's stack, as well as the stacks glibc keeps cached after a
// thread exits. With two workers, the preload thread and the progress line that was 32 MiB of
// a pre-push hook's data segment before a byte was scanned (tests/e2e/git_large_inputs_test.cc
// runs under 64 MiB). The workers need far less: RE2 and Vectorscan match without recursion,
// the decoders do not recurse (decode/encoded_regions.h: one pass), and the deep recursion
// of a hostile JSON or TOML file happens on the main thread, whose stack this does not change.
//
// kThreadStackBytes: 2 MiB (glibc's minimum is 16 KiB); sanitizer builds keep 8 MiB because
// their instrumented frames are several times larger. Thread safety: call before any thread
// is started (main does). Errors: none; if the default cannot be set, threads get glibc's.
#pragma once

#include <cstddef>

namespace keysweep {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr size_t kThreadStackBytes = size_t{8} << 20;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
inline constexpr size_t kThreadStackBytes = size_t{8} << 20;
#else
inline constexpr size_t kThreadStackBytes = size_t{2} << 20;
#endif
#else
inline constexpr size_t kThreadStackBytes = size_t{2} << 20;
#endif

// Makes kThreadStackBytes the stack size of threads started without attributes (std::thread,
// std::async). Returns false when glibc refused.
bool set_default_thread_stack();

}  // namespace keysweep
