// libgit2's types stay inside scanner/source/git/ (STYLE.md): the headers that code outside it
// includes must not bring in git2.h. This file includes each of them and fails to compile if
// any of them, directly or through another header, includes a libgit2 header: every one of
// them includes git2/common.h, and git2.h includes git2/version.h.
#include "scanner/app/cli.h"
#include "scanner/app/hook_command.h"
#include "scanner/app/scan_runner.h"
#include "scanner/source/git/history_source.h"
#include "scanner/source/git/git_loader.h"
#include "scanner/source/git/object_id.h"
#include "scanner/source/git/repository.h"
#include "scanner/source/git/staged_source.h"

#if defined(LIBGIT2_VERSION) || defined(INCLUDE_git_common_h__)
#error "a header included outside scanner/source/git/ includes git2.h: keep libgit2 types in the .cc files"
#endif

#include <catch2/catch.hpp>

TEST_CASE("no libgit2 header reaches the headers app code includes", "[git][architecture]") {
  // The check is the #error above, at compile time; this case only links the file in.
  SUCCEED();
}
