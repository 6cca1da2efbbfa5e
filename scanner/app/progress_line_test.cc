#include "scanner/app/progress_line.h"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

namespace keysweep {

TEST_CASE("progress: the line says what is being done, with rate and ETA", "[progress]") {
  CHECK(ProgressLine::format(1204, 85113, 0, 0, 0, 3.0) == "keysweep: walking commits 1,204/85,113");
  CHECK(ProgressLine::format(85113, 85113, 12400, 428000, 1300000000, 10.0) ==
        "keysweep: blobs 12,400/428,000, 1.3 GB, 130.0 MB/s, ETA 5:35");
  CHECK(ProgressLine::format(0, 0, 7, 0, 4000, 0.1) == "keysweep: files 7, 4 kB");
}

TEST_CASE("progress: drawn over itself on the terminal, erased at the end", "[progress]") {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  Progress progress;
  progress.commits_total = 10;
  {
    ProgressLine line(progress, fds[1], 5);
    std::this_thread::sleep_for(std::chrono::milliseconds(60));
    progress.commits_walked = 10;
    progress.items_total = 3;
    progress.add(progress.items_done, 2);
    std::this_thread::sleep_for(std::chrono::milliseconds(60));
    line.stop();
    line.stop();  // idempotent
  }
  close(fds[1]);
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
  close(fds[0]);
  CHECK(out.find("\r\033[Kkeysweep: walking commits 0/10") != std::string::npos);
  CHECK(out.find("\r\033[Kkeysweep: blobs 2/3") != std::string::npos);
  CHECK(out.find('\n') == std::string::npos);  // never a line of its own in the log
  REQUIRE(out.size() >= 4);
  CHECK(out.substr(out.size() - 4) == "\r\033[K");  // the report starts on a clean line
}

TEST_CASE("progress: a scan shorter than one interval draws nothing", "[progress]") {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  Progress progress;
  { ProgressLine line(progress, fds[1], 10000); }
  close(fds[1]);
  char c;
  CHECK(read(fds[0], &c, 1) == 0);
  close(fds[0]);
}

}  // namespace keysweep
