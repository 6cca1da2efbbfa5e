// libgit2 without its TLS start-up cost.
//
// Debian builds libgit2 with mbedTLS, and git_libgit2_init() parses the whole system CA bundle
// (/etc/ssl/certs/ca-certificates.crt, ~140 certificates) for HTTPS that keysweep never does: it
// only reads local repositories. That parse takes ~3 ms, the largest single cost of a
// pre-commit run (bench/precommit-latency), and libgit2 has no option to skip it.
//
// So keysweep defines mbedtls_x509_crt_parse_file itself. The dynamic linker binds libgit2's
// call to the executable's definition first (ELF symbol interposition; the executable exports
// it, see CMakeLists.txt). Inside init_libgit2_without_tls_roots() that definition loads no
// certificates and returns at once; at any other time it forwards to mbedTLS's own function,
// so nothing else in the process changes. It fails closed: were libgit2 ever asked for HTTPS,
// it would trust no server. With a libgit2 built on OpenSSL the definition is never called.
//
// Thread safety: call init_libgit2_without_tls_roots() once (ensure_libgit2 does, under
// std::call_once). Errors: those of git_libgit2_init().
#pragma once

#include <cstddef>

namespace keysweep {

// git_libgit2_init(), skipping only its load of the default CA bundle. Returns its result.
int init_libgit2_without_tls_roots();

// How many CA-bundle loads were skipped so far (0 when libgit2 does not use mbedTLS); for tests.
size_t skipped_tls_root_loads();

}  // namespace keysweep
