#include "scanner/source/git/tls_roots.h"

#include <dlfcn.h>
#include <git2.h>

#include <atomic>

struct mbedtls_x509_crt;  // opaque here: we never look inside

namespace keysweep {
namespace {

// True only while init_libgit2_without_tls_roots() runs git_libgit2_init(), once per process.
std::atomic<bool> skipping{false};
std::atomic<size_t> skipped{0};

using ParseFile = int (*)(mbedtls_x509_crt*, const char*);

}  // namespace

int init_libgit2_without_tls_roots() {
  skipping = true;
  const int rc = git_libgit2_init();
  skipping = false;
  return rc;
}

size_t skipped_tls_root_loads() { return skipped; }

}  // namespace keysweep

// mbedTLS's signature (mbedtls/x509_crt.h); C linkage so that it interposes libmbedx509's.
extern "C" __attribute__((visibility("default"))) int mbedtls_x509_crt_parse_file(mbedtls_x509_crt* chain,
                                                                                  const char* path) {
  if (keysweep::skipping) {
    ++keysweep::skipped;
    return 0;  // "parsed, nothing in it": libgit2 goes on with an empty trust chain
  }
  static const auto real = reinterpret_cast<keysweep::ParseFile>(dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_file"));
  if (real == nullptr) return -0x2900;  // MBEDTLS_ERR_X509_FILE_IO_ERROR: no mbedTLS to forward to
  return real(chain, path);
}
