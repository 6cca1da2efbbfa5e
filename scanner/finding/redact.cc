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

}  // namespace keysweep
