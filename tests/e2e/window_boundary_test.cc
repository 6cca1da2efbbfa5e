// Window edges must not change what is found: with tiny windows (KEYSWEEP_TEST_WINDOW_SIZE, a
// test-only override) a file is cut into dozens of overlapping windows, and the findings (lines,
// columns, count) must equal a scan of the file as one window, with a secret that straddles a
// window edge found exactly once. The same ASCII text in UTF-16LE gives the same positions.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/e2e/run_measured.h"
#include "tests/support/fake_secrets.h"
#include "tests/support/temp_dir.h"

namespace keysweep {
namespace {

constexpr size_t kWindow = 4096;

struct Placed {
  std::string text;
  std::vector<std::pair<int, int>> positions;  // expected (line, column) of each secret
};

// Lines of filler with LF, CRLF and lone CR endings; secrets placed so that several start just
// before a multiple of kWindow and run across it.
Placed build_text() {
  Placed p;
  int line = 1;
  const char* endings[] = {"\n", "\r\n", "\r"};
  int n = 0;
  uint64_t seed = 100;
  while (p.text.size() < 40 * kWindow) {
    const size_t next_edge = (p.text.size() / kWindow + 1) * kWindow;
    const std::string prefix = "GITHUB_TOKEN=";
    if (n % 3 == 0 && next_edge - p.text.size() > prefix.size() + 10 && next_edge - p.text.size() < 200) {
      // Pad so the token starts 20 bytes before the edge: it straddles it.
      const size_t pad = next_edge - p.text.size() - prefix.size() - 20;
      p.text += std::string(pad, ' ');
      const int column = static_cast<int>(pad + prefix.size() + 1);
      p.text += prefix + fake_github_token(seed++);
      p.positions.emplace_back(line, column);
    } else if (n % 17 == 5) {
      p.text += "token: " + fake_github_token(seed++);
      p.positions.emplace_back(line, 8);
    } else {
      p.text += "filler line number " + std::to_string(n) + " with some words in it";
    }
    p.text += endings[n % 3];
    ++line;
    ++n;
  }
  return p;
}

std::vector<std::pair<int, int>> positions(const std::string& json_text) {
  auto j = nlohmann::json::parse(json_text);
  std::vector<std::pair<int, int>> out;
  for (const auto& f : j["findings"]) out.emplace_back(f["line"].get<int>(), f["column"].get<int>());
  return out;
}

MeasuredRun scan(const std::string& path, bool tiny_windows) {
  MeasuredOptions opts;
  opts.deadline_seconds = 120;
  if (tiny_windows) opts.env.push_back("KEYSWEEP_TEST_WINDOW_SIZE=" + std::to_string(kWindow));
  // Every planted secret must come back, so no per-file cap.
  return run_measured({KEYSWEEP_BINARY, "dir", path, "--format", "json", "--max-findings-per-file", "0"}, opts);
}

}  // namespace

TEST_CASE("regression: a secret straddling a window boundary is found once, at its line", "[e2e][windows][regression]") {
  TempDir dir;
  const Placed placed = build_text();
  REQUIRE(placed.positions.size() > 10);
  const std::string path = dir.write("notes.txt", placed.text);
  MeasuredRun whole = scan(path, false);
  MeasuredRun windowed = scan(path, true);
  INFO(windowed.err_text);
  REQUIRE_FALSE(windowed.timed_out);
  CHECK(whole.exit_code == 1);
  CHECK(windowed.exit_code == 1);
  CHECK(positions(whole.out_text) == placed.positions);
  CHECK(positions(windowed.out_text) == placed.positions);
  CHECK(windowed.out_text == whole.out_text);  // byte-identical reports
}

TEST_CASE("UTF-16 files are transcoded window by window with the same positions", "[e2e][windows][utf16]") {
  TempDir dir;
  const Placed placed = build_text();
  std::string utf16 = "\xFF\xFE";
  for (char c : placed.text) {
    utf16.push_back(c);
    utf16.push_back('\0');
  }
  const std::string path = dir.write("notes.ps1", utf16);
  MeasuredRun whole = scan(path, false);
  MeasuredRun windowed = scan(path, true);
  INFO(windowed.err_text);
  REQUIRE_FALSE(windowed.timed_out);
  CHECK(windowed.exit_code == 1);
  CHECK(positions(whole.out_text) == placed.positions);
  CHECK(positions(windowed.out_text) == placed.positions);
  CHECK(windowed.out_text == whole.out_text);
}

}  // namespace keysweep
