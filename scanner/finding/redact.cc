#include "scanner/finding/redact.h"

#include <algorithm>

namespace keysweep {

std::string redact_secret(std::string_view secret) {
  const size_t shown = std::min<size_t>(4, secret.size() / 4);
  std::string out(secret.substr(0, shown));
  out += "********";
  return out;
}

std::string redact_line(std::string_view line, std::string_view secret) {
  if (secret.empty()) return std::string(line);
  const std::string mask = redact_secret(secret);
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t hit = line.find(secret, pos);
    if (hit == std::string_view::npos) break;
    out.append(line.substr(pos, hit - pos));
    out += mask;
    pos = hit + secret.size();
  }
  out.append(line.substr(pos));
  return out;
}

std::string redact_masked(std::string_view line, size_t begin, size_t end,
                          const std::vector<MaskRange>& masks, std::string_view secret) {
  end = std::min(end, line.size());
  begin = std::min(begin, end);
  std::string out;
  size_t pos = begin;
  for (const MaskRange& m : masks) {
    const size_t mb = std::max<size_t>(m.begin, pos);
    const size_t me = std::min<size_t>(m.end, end);
    if (mb >= me) {
      if (m.begin >= end) break;
      continue;
    }
    out += redact_line(line.substr(pos, mb - pos), secret);
    out += redact_secret(line.substr(mb, me - mb));
    pos = me;
  }
  out += redact_line(line.substr(pos, end - pos), secret);
  return out;
}

}  // namespace keysweep
