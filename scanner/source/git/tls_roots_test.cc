// The CA-bundle skip (tls_roots.h): libgit2's start-up load is skipped, every other load of a
// certificate file still parses it, and libgit2 still reads repositories.
#include <catch2/catch.hpp>

#include <dlfcn.h>
#include <mbedtls/x509_crt.h>

#include "scanner/source/git/repository.h"
#include "scanner/source/git/tls_roots.h"
#include "tests/e2e/run_command.h"
#include "tests/support/temp_dir.h"

namespace keysweep {

TEST_CASE("libgit2 starts without parsing the CA bundle; other certificate loads still work", "[git]") {
  TempDir dir;
  REQUIRE(run_command({"git", "init", "-q", dir.path()}).exit_code == 0);
  auto repo = Repository::discover(dir.path());  // initialises libgit2, once per process
  REQUIRE(repo);
  CHECK_FALSE((*repo)->bare());

  // Debian's libgit2 uses mbedTLS: its one start-up load was skipped, through our definition.
  REQUIRE(dlsym(RTLD_DEFAULT, "mbedtls_ssl_init") != nullptr);
  CHECK(skipped_tls_root_loads() == 1);

  // Outside libgit2's start-up the call reaches mbedTLS and parses the file.
  const std::string key = dir.path() + "/key.pem", cert = dir.path() + "/cert.pem";
  REQUIRE(run_command({"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                       "-nodes", "-subj", "/CN=keysweep-test", "-days", "1", "-keyout", key, "-out", cert})
              .exit_code == 0);
  mbedtls_x509_crt chain;
  mbedtls_x509_crt_init(&chain);
  CHECK(mbedtls_x509_crt_parse_file(&chain, cert.c_str()) == 0);
  CHECK(chain.raw.len > 0);
  CHECK(mbedtls_x509_crt_parse_file(&chain, (dir.path() + "/missing.pem").c_str()) != 0);
  mbedtls_x509_crt_free(&chain);
  CHECK(skipped_tls_root_loads() == 1);
}

}  // namespace keysweep
