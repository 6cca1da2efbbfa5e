// Inputs that are not regular files, named on the command line, are refused at once: opening
// never blocks (a FIFO with no writer), and nothing is read from a device that never ends.
#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "tests/e2e/run_measured.h"
#include "tests/support/temp_dir.h"

namespace keysweep {

TEST_CASE("regression: a FIFO given as a path does not hang the scan", "[e2e][fifo][regression]") {
  TempDir dir;
  dir.write("d/app.env", "x=1\n");
  const std::string fifo = dir.path() + "/p";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  MeasuredOptions opts;
  opts.deadline_seconds = 60;
  MeasuredRun r = run_measured({KEYSWEEP_BINARY, "dir", dir.path() + "/d", fifo, "--format", "json"}, opts);
  INFO(r.err_text);
  REQUIRE_FALSE(r.timed_out);
  CHECK(r.exit_code == 2);  // a named input was not scanned: the run is incomplete
  CHECK(r.err_text.find("a FIFO, not a regular file") != std::string::npos);
  auto j = nlohmann::json::parse(r.out_text);
  CHECK(j["summary"]["files_scanned"] == 1);
  REQUIRE(j["summary"]["skipped"].size() == 1);
  CHECK(j["summary"]["skipped"][0]["reason"] == "not-regular");
}

TEST_CASE("regression: devices and sockets given as paths are refused without reading", "[e2e][fifo][regression]") {
  TempDir dir;
  const std::string sock = dir.path() + "/s";
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  REQUIRE(sock.size() < sizeof addr.sun_path);
  std::copy(sock.begin(), sock.end(), addr.sun_path);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  for (const std::string& path : {std::string("/dev/zero"), std::string("/dev/null"), std::string("/dev/urandom"), sock}) {
    INFO(path);
    MeasuredOptions opts;
    opts.deadline_seconds = 60;
    MeasuredRun r = run_measured({KEYSWEEP_BINARY, "dir", path, "--format", "json"}, opts);
    INFO(r.err_text);
    REQUIRE_FALSE(r.timed_out);
    CHECK(r.exit_code == 2);
    CHECK(r.err_text.find("not a regular file") != std::string::npos);
    CHECK(r.max_rss_kb < 200 * 1024);
    auto j = nlohmann::json::parse(r.out_text);
    REQUIRE(j["summary"]["skipped"].size() == 1);
    CHECK(j["summary"]["skipped"][0]["reason"] == "not-regular");
  }
  ::close(fd);
}

}  // namespace keysweep
