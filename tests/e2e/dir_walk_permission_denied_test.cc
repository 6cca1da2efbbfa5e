// An unreadable file and an unreadable folder are reported, the run says it is incomplete
// (exit 2) and the rest of the tree is still scanned. Root reads anything, and CI runs as
// root, so keysweep runs as the unprivileged user nobody (uid 65534) through setpriv or runuser.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "tests/e2e/run_command.h"
#include "tests/support/fake_secrets.h"
#include "tests/support/temp_dir.h"

namespace keysweep {
namespace {

// The command prefix that drops to nobody, or nullopt when no tool for it exists.
std::optional<std::vector<std::string>> as_nobody() {
  if (::geteuid() != 0) return std::vector<std::string>{};  // permissions already apply
  if (run_command({"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", "true"}).exit_code == 0) {
    return std::vector<std::string>{"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"};
  }
  if (run_command({"runuser", "-u", "nobody", "--", "true"}).exit_code == 0) {
    return std::vector<std::string>{"runuser", "-u", "nobody", "--"};
  }
  return std::nullopt;
}

}  // namespace

TEST_CASE("dir walk: an unreadable file and folder are reported and the rest is scanned", "[e2e][dir-walk]") {
  const auto prefix = as_nobody();
  if (!prefix) {
    WARN("skipped: running as root and neither setpriv nor runuser can drop to nobody");
    return;
  }
  TempDir t;
  t.write("tree/a/readable.env", "GITHUB_TOKEN=" + fake_github_token(61) + "\n");
  t.write("tree/b/locked.env", "GITHUB_TOKEN=" + fake_github_token(62) + "\n");
  t.write("tree/c/inside.env", "GITHUB_TOKEN=" + fake_github_token(63) + "\n");
  t.write("tree/d/later.env", "GITHUB_TOKEN=" + fake_github_token(64) + "\n");
  const std::string tree = t.path() + "/tree";
  // Traversable by nobody all the way down (mkdtemp makes the temp folder 0700).
  for (const std::string& d : {t.path(), tree, tree + "/a", tree + "/b", tree + "/d"}) ::chmod(d.c_str(), 0755);
  for (const std::string& f : {tree + "/a/readable.env", tree + "/d/later.env"}) ::chmod(f.c_str(), 0644);
  ::chmod((tree + "/b/locked.env").c_str(), 0);
  ::chmod((tree + "/c").c_str(), 0);

  std::vector<std::string> cmd = *prefix;
  for (const std::string& a : {std::string("timeout"), std::string("120"), std::string(KEYSWEEP_BINARY),
                               std::string("dir"), tree, std::string("--format"), std::string("json")}) {
    cmd.push_back(a);
  }
  CommandResult r = run_command(cmd);
  INFO(r.err_text);
  CHECK(r.exit_code == 2);
  auto j = nlohmann::json::parse(r.out_text);
  CHECK(j["findings"].size() == 2);  // a/ and d/, before and after the unreadable folder
  CHECK(j["summary"]["incomplete"] == true);
  std::string errors;
  for (const auto& e : j["summary"]["errors"]) errors += e.get<std::string>() + "\n";
  CHECK(errors.find("b/locked.env") != std::string::npos);
  CHECK(errors.find("c/") != std::string::npos);
  CHECK(errors.find("Permission denied") != std::string::npos);
  CHECK(r.err_text.find("incomplete") != std::string::npos);
}

}  // namespace keysweep
