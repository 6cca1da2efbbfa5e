#include "scanner/source/git/pack/alternates.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <system_error>
#include <utility>

namespace keysweep {

namespace {

// Unquotes a C-quoted line (without its opening quote); false when malformed.
bool unquote(std::string_view s, std::string* out) {
  out->clear();
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i++];
    if (c == '"') return i == s.size() || s.substr(i).find_first_not_of(" \t\r") == std::string_view::npos;
    if (c != '\\') {
      out->push_back(c);
      continue;
    }
    if (i >= s.size()) return false;
    const char e = s[i++];
    switch (e) {
      case '\\': out->push_back('\\'); break;
      case '"': out->push_back('"'); break;
      case 'a': out->push_back('\a'); break;
      case 'b': out->push_back('\b'); break;
      case 'f': out->push_back('\f'); break;
      case 'n': out->push_back('\n'); break;
      case 'r': out->push_back('\r'); break;
      case 't': out->push_back('\t'); break;
      case 'v': out->push_back('\v'); break;
      default: {
        if (e < '0' || e > '3' || s.size() - i < 2) return false;
        int v = e - '0';
        for (int k = 0; k < 2; ++k) {
          const char d = s[i++];
          if (d < '0' || d > '7') return false;
          v = v * 8 + (d - '0');
        }
        out->push_back(static_cast<char>(v));
      }
    }
  }
  return false;  // no closing quote
}

}  // namespace

std::vector<std::string> parse_alternates(std::string_view text, const std::string& name,
                                          std::vector<std::string>* problems) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    if (line[0] == '"') {
      std::string path;
      if (!unquote(line.substr(1), &path)) {
        problems->push_back(name + ": malformed quoted path, ignored");
        continue;
      }
      out.push_back(std::move(path));
    } else {
      out.emplace_back(line);
    }
  }
  return out;
}

ObjectDirectories resolve_object_directories(const std::string& objects_dir) {
  namespace fs = std::filesystem;
  ObjectDirectories result;
  std::set<std::string> seen;
  // Breadth first over (directory, depth); an index walk over `queue`, never recursion.
  std::vector<std::pair<fs::path, int>> queue = {{fs::path(objects_dir), 0}};
  for (size_t q = 0; q < queue.size(); ++q) {
    const auto [dir, depth] = queue[q];
    std::error_code ec;
    const fs::path canonical = fs::canonical(dir, ec);
    if (ec || !fs::is_directory(canonical, ec)) {
      result.problems.push_back("object directory " + dir.string() + " does not exist, skipped");
      continue;
    }
    if (!seen.insert(canonical.string()).second) continue;
    result.dirs.push_back(canonical.string());
    const fs::path file = canonical / "info" / "alternates";
    std::ifstream in(file, std::ios::binary);
    if (!in) continue;
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::vector<std::string> listed = parse_alternates(text, file.string(), &result.problems);
    if (listed.empty()) continue;
    if (depth >= kMaxAlternateDepth) {
      result.problems.push_back(file.string() + ": alternates nested more than " +
                                std::to_string(kMaxAlternateDepth) + " deep, ignored");
      continue;
    }
    for (const std::string& p : listed) {
      fs::path alt(p);
      if (alt.is_relative()) alt = canonical / alt;
      queue.emplace_back(alt, depth + 1);
    }
  }
  return result;
}

}  // namespace keysweep
