// parse_commit (see the header).
#include "scanner/source/git/raw_commit.h"

#include <cstring>

namespace keysweep {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

void parse_author(std::string_view line, CommitFields* out) {
  const size_t lt = line.rfind('<');
  const size_t gt = line.rfind('>');
  if (lt == std::string_view::npos || gt == std::string_view::npos || gt < lt) return;
  out->has_author = true;
  out->author = std::string(trimmed(line.substr(0, lt)));
  out->email = std::string(trimmed(line.substr(lt + 1, gt - lt - 1)));
  std::string_view rest = line.substr(gt + 1);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  int64_t t = 0;
  size_t digits = 0;
  for (char c : rest) {
    if (c < '0' || c > '9') break;
    if (++digits > 18) return;  // past any real time: leave it 0
    t = t * 10 + (c - '0');
  }
  out->time = t;
}

}  // namespace

bool parse_hex_id(std::string_view hex, ObjectId* out) {
  if (hex.size() != 2 * ObjectId::kRawSize) return false;
  for (size_t i = 0; i < ObjectId::kRawSize; ++i) {
    const int hi = hex_value(hex[2 * i]);
    const int lo = hex_value(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out->bytes[i] = static_cast<unsigned char>(hi << 4 | lo);
  }
  return true;
}

Result<CommitFields> parse_commit(std::string_view bytes) {
  CommitFields out;
  bool have_tree = false;
  bool have_author = false;
  size_t pos = 0;
  bool first = true;
  while (pos < bytes.size()) {
    const size_t eol = bytes.find('\n', pos);
    const std::string_view line = bytes.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    pos = eol == std::string_view::npos ? bytes.size() : eol + 1;
    if (line.empty()) break;  // the end of the header
    if (first) {
      if (line.substr(0, 5) != "tree " || !parse_hex_id(line.substr(5), &out.tree)) {
        return Status::error("a commit must start with a tree line");
      }
      have_tree = true;
      first = false;
      continue;
    }
    if (line.substr(0, 7) == "parent " && !have_author) {  // later "parent" lines: libgit2 ignores them too
      ObjectId parent;
      if (!parse_hex_id(line.substr(7), &parent)) return Status::error("a malformed parent line");
      out.parents.push_back(parent);
    } else if (!have_author && line.substr(0, 7) == "author ") {
      parse_author(line.substr(7), &out);
      have_author = true;
    }
  }
  if (!have_tree) return Status::error("a commit must start with a tree line");
  return out;
}

}  // namespace keysweep
