#include "scanner/source/dir_source.h"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <future>

#include "tests/support/temp_dir.h"

namespace keysweep {

TEST_CASE("regression: a FIFO swapped in for a file after the walk is refused without blocking", "[dir-source][regression]") {
  TempDir dir;
  const std::string fifo = dir.path() + "/app.env";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  // The walk saw a regular file here; load_file opens what is there now, as the walk would.
  auto loading = std::async(std::launch::async, [&] { return load_file(fifo, "app.env", LoadLimits{}, false); });
  if (loading.wait_for(std::chrono::seconds(20)) != std::future_status::ready) {
    // A blocking open waits for a writer: be one, so the test fails instead of hanging.
    const int w = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
    if (w >= 0) ::close(w);
    loading.wait();
    FAIL("load_file blocked opening a FIFO");
  }
  LoadResult r = loading.get();
  CHECK(r.error.empty());
  CHECK_FALSE(r.stream);
  REQUIRE(r.skipped);
  CHECK(r.skipped->reason == "not-regular");
  CHECK(r.skipped->detail == "a FIFO, not a regular file");
}

TEST_CASE("a file swapped for a symbolic link after the walk is not followed", "[dir-source]") {
  TempDir dir;
  const std::string target = dir.write("target.env", "x=1\n");
  const std::string link = dir.path() + "/link.env";
  REQUIRE(::symlink(target.c_str(), link.c_str()) == 0);
  LoadResult r = load_file(link, "link.env", LoadLimits{}, /*follow_symlinks=*/false);
  REQUIRE(r.skipped);
  CHECK(r.skipped->reason == "symlink");
  CHECK(r.error.empty());
}

TEST_CASE("load_file reads only the probe before handing over a stream", "[dir-source]") {
  TempDir dir;
  const std::string path = dir.write("a.txt", std::string(100000, 'x'));
  LoadResult r = load_file(path, "a.txt", LoadLimits{}, false);
  REQUIRE(r.stream);
  CHECK(r.stream->bytes_read() == LoadLimits{}.binary_probe);
  auto w = r.stream->next();
  REQUIRE(w);
  REQUIRE(*w);
  CHECK((*w)->chunk->bytes().size() == 100000);
  CHECK(r.stream->bytes_read() == 100000);
}

}  // namespace keysweep
