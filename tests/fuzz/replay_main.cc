// The main of a fuzz target in the normal build: runs LLVMFuzzerTestOneInput once over every
// regular file under the folders (or the files) given as arguments, in sorted order, so that a
// crash input saved under tests/regression/<target>/ fails CTest from then on. A folder that
// does not exist is skipped (a target may have no regression inputs yet); an input that cannot
// be read is an error (exit 2). A failing input crashes the process, and its path is printed
// first so the failure names it.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

#include "tests/fuzz/fuzz_check.h"

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  std::vector<fs::path> inputs;
  for (int i = 1; i < argc; ++i) {
    const fs::path arg(argv[i]);
    std::error_code ec;
    if (fs::is_regular_file(arg, ec)) {
      inputs.push_back(arg);
      continue;
    }
    if (!fs::is_directory(arg, ec)) continue;
    for (auto it = fs::recursive_directory_iterator(arg, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (it->is_regular_file(ec)) inputs.push_back(it->path());
    }
    if (ec) {
      std::cerr << "replay: cannot list " << arg << ": " << ec.message() << "\n";
      return 2;
    }
  }
  std::sort(inputs.begin(), inputs.end());
  for (const fs::path& p : inputs) {
    std::ifstream in(p, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.eof() && in.fail()) {
      std::cerr << "replay: cannot read " << p << "\n";
      return 2;
    }
    std::cerr << "replay: " << p.string() << "\n";
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  }
  std::cerr << "replay: " << inputs.size() << " inputs passed\n";
  return 0;
}
