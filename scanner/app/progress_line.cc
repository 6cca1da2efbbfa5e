#include "scanner/app/progress_line.h"

#include <unistd.h>

#include <chrono>
#include <new>
#include <cstdio>

namespace keysweep {
namespace {

// 1234567 -> "1,234,567".
std::string grouped(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string bytes_text(double bytes) {
  char buf[32];
  if (bytes >= 1e9) {
    std::snprintf(buf, sizeof buf, "%.1f GB", bytes / 1e9);
  } else if (bytes >= 1e6) {
    std::snprintf(buf, sizeof buf, "%.1f MB", bytes / 1e6);
  } else {
    std::snprintf(buf, sizeof buf, "%.0f kB", bytes / 1e3);
  }
  return buf;
}

void write_all(int fd, const std::string& s) {
  size_t done = 0;
  while (done < s.size()) {
    const ssize_t n = ::write(fd, s.data() + done, s.size() - done);
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

}  // namespace

std::string ProgressLine::format(uint64_t commits_walked, uint64_t commits_total, uint64_t items_done,
                                 uint64_t items_total, uint64_t bytes_done, double seconds) {
  std::string line = "keysweep: ";
  if (commits_total > 0 && commits_walked < commits_total) {
    return line + "walking commits " + grouped(commits_walked) + "/" + grouped(commits_total);
  }
  line += (commits_total > 0 ? "blobs " : "files ") + grouped(items_done);
  if (items_total > 0) line += "/" + grouped(items_total);
  line += ", " + bytes_text(static_cast<double>(bytes_done));
  if (seconds > 0.5) {
    const double rate = static_cast<double>(bytes_done) / seconds;
    line += ", " + bytes_text(rate) + "/s";
    if (items_total > items_done && items_done > 0) {
      const double left = seconds * static_cast<double>(items_total - items_done) / static_cast<double>(items_done);
      const uint64_t s = static_cast<uint64_t>(left);
      char eta[32];
      std::snprintf(eta, sizeof eta, ", ETA %llu:%02llu", static_cast<unsigned long long>(s / 60),
                    static_cast<unsigned long long>(s % 60));
      line += eta;
    }
  }
  return line;
}

ProgressLine::ProgressLine(const Progress& progress, int fd, unsigned interval_ms)
    : progress_(progress), fd_(fd), interval_ms_(interval_ms) {
  try {
    thread_ = std::thread([this] { run(); });
  } catch (const std::system_error&) {
    // No thread to spare: no progress line; the scan itself is unaffected.
  }
}

ProgressLine::~ProgressLine() { stop(); }

void ProgressLine::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ProgressLine::run() {
  const auto started = std::chrono::steady_clock::now();
  std::unique_lock<std::mutex> lock(mu_);
  // The first draw waits one interval, so a scan that ends sooner never draws at all.
  while (!cv_.wait_for(lock, std::chrono::milliseconds(interval_ms_), [this] { return stopping_; })) {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    try {
      const std::string text =
          format(Progress::get(progress_.commits_walked), Progress::get(progress_.commits_total),
                 Progress::get(progress_.items_done), Progress::get(progress_.items_total),
                 Progress::get(progress_.bytes_done), seconds);
      write_all(fd_, "\r\033[K" + text);  // back to the start of the line, erase it, redraw
    } catch (const std::bad_alloc&) {
      continue;  // no memory for a line this time: the scan matters, the line does not
    }
    drawn_ = true;
  }
  if (drawn_) write_all(fd_, "\r\033[K");
}

}  // namespace keysweep
