// Device files and FIFOs met in a walk are listed as skipped and never opened: a symlink to
// /dev/zero, a character device made with mknod (as root) and a FIFO would otherwise read
// forever or block. A generous timeout catches a hang.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/e2e/run_command.h"
#include "tests/support/fake_secrets.h"
#include "tests/support/temp_dir.h"

namespace keysweep {

TEST_CASE("dir walk: device files and FIFOs are skipped, never read", "[e2e][dir-walk]") {
  TempDir t;
  t.write("tree/app.env", "GITHUB_TOKEN=" + fake_github_token(41) + "\n");
  const std::string tree = t.path() + "/tree";
  std::filesystem::create_symlink("/dev/zero", tree + "/zero-link");
  REQUIRE(::mkfifo((tree + "/fifo").c_str(), 0644) == 0);
  // The same device as /dev/zero; only root may make one (CI runs as root).
  const bool have_device = ::mknod((tree + "/zero-copy").c_str(), S_IFCHR | 0644, makedev(1, 5)) == 0;
  if (!have_device) WARN("not root: mknod is not allowed, so the character-device case is not run");

  CommandResult r = run_command({"timeout", "120", KEYSWEEP_BINARY, "dir", tree, "--format", "json"});
  INFO(r.err_text);
  CHECK(r.exit_code == 1);  // the real file's finding; not incomplete
  auto j = nlohmann::json::parse(r.out_text);
  CHECK(j["findings"].size() == 1);
  std::map<std::string, std::string> skipped;
  for (const auto& s : j["summary"]["skipped"]) skipped[s["path"].get<std::string>()] = s["reason"].get<std::string>();
  CHECK(skipped["zero-link"] == "symlink");
  CHECK(skipped["fifo"] == "not-regular");
  if (have_device) CHECK(skipped["zero-copy"] == "not-regular");
  CHECK(j["summary"]["errors"].empty());
}

}  // namespace keysweep
