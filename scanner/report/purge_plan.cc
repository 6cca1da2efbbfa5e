#include "scanner/report/purge_plan.h"

#include <cctype>

namespace keysweep {

std::string purge_expression(const std::string& secret) {
  if (secret.find_first_of("\r\n") == std::string::npos) return "literal:" + secret + "==>***REMOVED***";
  static const char* kHex = "0123456789abcdef";
  std::string out = "regex:";
  for (const char ch : secret) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (std::isalnum(c)) {
      out.push_back(ch);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else {
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out + "==>***REMOVED***";
}

void write_purge_plan(std::ostream& out, const std::vector<SecretGroup>& groups) {
  for (const SecretGroup& g : groups) {
    if (!g.secret.empty()) out << purge_expression(g.secret) << "\n";
  }
}

}  // namespace keysweep
