// The embedded hook scripts are the files in hooks/, and the recorded path survives sh quoting.
#include "scanner/app/hook_scripts.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "tests/e2e/run_command.h"

namespace keysweep {
namespace {

std::string read_source_file(const std::string& rel) {
  std::ifstream in(std::string(KEYSWEEP_SOURCE_DIR) + "/" + rel, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

}  // namespace

TEST_CASE("the embedded hook scripts are identical to hooks/", "[hooks]") {
  for (const std::string hook : {"pre-commit", "pre-push"}) {
    INFO("hooks/" << hook << " and scanner/app/hook_scripts.cc have drifted apart: copy the file into the raw string");
    const std::string file = read_source_file("hooks/" + hook);
    REQUIRE(!file.empty());
    CHECK(std::string(hook_script_template(hook)) == file);
  }
}

TEST_CASE("the hook scripts in hooks/ are executable and marked", "[hooks]") {
  for (const std::string hook : {"pre-commit", "pre-push"}) {
    struct stat st {};
    REQUIRE(stat((std::string(KEYSWEEP_SOURCE_DIR) + "/hooks/" + hook).c_str(), &st) == 0);
    CHECK((st.st_mode & 0111) == 0111);
    CHECK(is_keysweep_hook(hook_script_template(hook)));
    CHECK(hook_script_template(hook).find("\n# keysweep-hook v1\n") != std::string_view::npos);
  }
}

TEST_CASE("an unknown hook name has no script", "[hooks]") {
  CHECK(hook_script_template("post-commit").empty());
  CHECK(!render_hook_script("post-commit", "/usr/bin/keysweep"));
}

TEST_CASE("the rendered hook records the binary path, quoted for sh", "[hooks]") {
  const std::string path = "/opt/it's a \"dir\"/$HOME/`x`\\/keysweep";
  Result<std::string> script = render_hook_script("pre-push", path);
  REQUIRE(script);
  const size_t at = script->find("\ninstalled_keysweep=");
  REQUIRE(at != std::string::npos);
  const std::string line = script->substr(at + 1, script->find('\n', at + 1) - at - 1);
  CommandResult r = run_command({"sh", "-c", line + "\nprintf %s \"$installed_keysweep\""});
  CHECK(r.exit_code == 0);
  CHECK(r.out_text == path);
  // Only that line changes.
  std::string back = *script;
  back.replace(at + 1, line.size(), "installed_keysweep=''");
  CHECK(back == hook_script_template("pre-push"));
}

TEST_CASE("a path with a newline cannot be recorded", "[hooks]") {
  CHECK(!render_hook_script("pre-commit", "/tmp/a\nb/keysweep"));
}

TEST_CASE("only a script with the marker line is ours", "[hooks]") {
  CHECK(is_keysweep_hook("#!/bin/sh\n# keysweep-hook v1\nexit 0\n"));
  CHECK(is_keysweep_hook("#!/bin/sh\n# keysweep-hook v2"));
  CHECK(!is_keysweep_hook("#!/bin/sh\necho '# keysweep-hook v1'\n"));
  CHECK(!is_keysweep_hook("#!/bin/sh\nexec pre-commit run\n"));
  CHECK(!is_keysweep_hook(""));
}

}  // namespace keysweep
