// Issue 9: in files that exist to hold credentials, a real password is reported even when it
// is weak (weak_password_paths): a dictionary word at level warning, tagged weak-password; a
// random one at the rule's own level. Placeholders, templates and empty values stay quiet, and
// the same weak value in any other file is not reported.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "tests/e2e/run_command.h"
#include "tests/support/temp_dir.h"

namespace keysweep {
namespace {

using Json = nlohmann::json;

std::vector<Json> findings_at(const Json& report, const std::string& path) {
  std::vector<Json> out;
  for (const Json& f : report["findings"]) {
    if (f["path"] == path) out.push_back(f);
  }
  return out;
}

}  // namespace

TEST_CASE("credential files report weak passwords as weak-password", "[e2e][credential-files]") {
  TempDir dir;
  dir.write("weak/.pgpass", "db.acme-corp.io:5432:orders:orders:hunter22\n");
  dir.write("weak/.netrc", "machine git.acme-corp.io login deploy password hunter22\n");
  dir.write("weak/sftp-config.json", "{\n  \"host\": \"www.acme-corp.io\",\n  \"user\": \"deploy\",\n"
                                     "  \"password\": \"hunter22\"\n}\n");
  dir.write("weak/wp-config.php", "<?php\ndefine( 'DB_PASSWORD', 'hunter22' );\n");
  dir.write("random/.pgpass", "db.acme-corp.io:5432:orders:orders:Xq7vKp2RzW9mLt4N\n");
  dir.write("random/wp-config.php", "<?php\ndefine( 'DB_PASSWORD', 'u8Rk2WqZ5nLx3PvT' );\n");
  dir.write("quiet/.pgpass", "db.acme-corp.io:5432:orders:orders:password\n");
  dir.write("quiet/.netrc", "machine git.acme-corp.io login deploy password ${PW}\n");
  dir.write("quiet/sftp-config.json", "{ \"host\": \"www.acme-corp.io\", \"password\": \"\" }\n");
  dir.write("quiet/wp-config.php", "<?php\ndefine( 'DB_PASSWORD', '${PW}' );\n");
  dir.write("README.md", "machine git.acme-corp.io login deploy password hunter22\n"
                         "db.acme-corp.io:5432:orders:orders:hunter22\n"
                         "define( 'DB_PASSWORD', 'hunter22' );\n");

  const CommandResult r = run_command({KEYSWEEP_BINARY, "dir", dir.path(), "--format", "json"});
  REQUIRE(r.exit_code == 1);
  const Json report = Json::parse(r.out_text);

  const std::vector<std::pair<std::string, std::string>> weak = {
      {"weak/.pgpass", "pgpass-password"},
      {"weak/.netrc", "netrc-password"},
      {"weak/sftp-config.json", "deploy-config-password"},
      {"weak/wp-config.php", "wordpress-db-password"},
  };
  for (const auto& [path, rule] : weak) {
    INFO(path);
    const std::vector<Json> fs = findings_at(report, path);
    REQUIRE(fs.size() == 1);
    CHECK(fs[0]["rule_id"] == rule);
    CHECK(fs[0]["severity"] == "medium");
    CHECK(fs[0]["tags"] == Json::array({"weak-password"}));
  }
  for (const std::string path : {"random/.pgpass", "random/wp-config.php"}) {
    INFO(path);
    const std::vector<Json> fs = findings_at(report, path);
    REQUIRE(fs.size() == 1);
    CHECK(fs[0]["severity"] == "high");
    CHECK(fs[0]["tags"] == Json::array());
  }
  for (const std::string path :
       {"quiet/.pgpass", "quiet/.netrc", "quiet/sftp-config.json", "quiet/wp-config.php", "README.md"}) {
    INFO(path);
    CHECK(findings_at(report, path).empty());
  }
  CHECK(r.out_text.find("hunter22") == std::string::npos);  // still redacted
}

}  // namespace keysweep
