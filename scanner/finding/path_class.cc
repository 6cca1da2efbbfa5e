#include "scanner/finding/path_class.h"

#include <algorithm>
#include <array>
#include <string>

namespace keysweep {
namespace {

constexpr std::array<std::string_view, 17> kTestDirs = {
    "test", "tests", "t", "testdata", "test_data", "test-data", "fixtures", "fixture",
    "__tests__", "__fixtures__", "spec", "specs", "testing", "mocks", "__mocks__", "testfixtures",
    "test-fixtures"};

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool test_file_name(std::string_view name) {
  const size_t dot = name.rfind('.');
  const std::string_view stem = dot == std::string_view::npos ? name : name.substr(0, dot);
  return stem.substr(0, 5) == "test_" || ends_with(stem, "_test") || ends_with(stem, ".test") ||
         ends_with(stem, ".spec") || ends_with(stem, "_spec") ||
         (ends_with(stem, "Test") && stem.size() > 4) || ends_with(stem, "Tests");
}

}  // namespace

bool is_test_fixture_path(std::string_view path) {
  size_t start = 0;
  while (true) {
    const size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) return test_file_name(path.substr(start));
    std::string dir(path.substr(start, slash - start));
    std::transform(dir.begin(), dir.end(), dir.begin(), [](unsigned char c) { return std::tolower(c); });
    if (std::find(kTestDirs.begin(), kTestDirs.end(), dir) != kTestDirs.end()) return true;
    start = slash + 1;
  }
}

}  // namespace keysweep
