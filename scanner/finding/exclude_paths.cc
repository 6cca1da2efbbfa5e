#include "scanner/finding/exclude_paths.h"

#include "scanner/base/quote.h"

namespace keysweep {
namespace {

RE2::Options options_with_budget(int64_t max_mem) {
  RE2::Options o;
  o.set_log_errors(false);
  o.set_max_mem(max_mem);
  return o;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

bool ExcludePaths::matches(std::string_view path) const {
  return any_ && RE2::PartialMatch(re2::StringPiece(path.data(), path.size()), *any_);
}

Result<ExcludePaths> parse_exclude_paths(std::string_view text, const std::string& label) {
  const std::string name = "exclude-paths file " + quote_input(label);
  if (text.size() > kMaxExcludePathsBytes) {
    return Status::error(name + " is larger than " + std::to_string(kMaxExcludePathsBytes) + " bytes");
  }
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::string alternation;
  ExcludePaths out;
  size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    const size_t nl = text.find('\n');
    const std::string_view line = trim(text.substr(0, nl));
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (line.empty() || line.front() == '#') continue;
    if (line.find('\0') != std::string_view::npos) {
      return Status::error(name + " line " + std::to_string(line_no) + ": a NUL byte (not a text file)");
    }
    if (++out.count_ > kMaxExcludePatterns) {
      return Status::error(name + ": more than " + std::to_string(kMaxExcludePatterns) + " patterns");
    }
    // Alone first: an error names its line, and a pattern that closes the group it is wrapped
    // in below (`a)|(b`) is refused here, since alone it does not compile.
    const RE2 one(re2::StringPiece(line.data(), line.size()), options_with_budget(1 << 20));
    if (!one.ok()) {
      return Status::error(name + " line " + std::to_string(line_no) + ": " + escape_input(one.error()));
    }
    if (!alternation.empty()) alternation += '|';
    alternation += "(?:";
    alternation.append(line);
    alternation += ')';
  }
  if (out.count_ == 0) return out;
  auto any = std::make_shared<const RE2>(alternation, options_with_budget(int64_t{64} << 20));
  if (!any->ok()) return Status::error(name + ": its patterns together are too large for one regex (" + escape_input(any->error()) + ")");
  out.any_ = std::move(any);
  return out;
}

}  // namespace keysweep
