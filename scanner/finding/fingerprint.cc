#include "scanner/finding/fingerprint.h"

#include "scanner/base/hash.h"

namespace keysweep {

std::string content_fingerprint(std::string_view rule_id, std::string_view secret) {
  std::string material = "keysweep-fp-v1";
  material.push_back('\0');
  material.append(rule_id);
  material.push_back('\0');
  material.append(secret);
  return sha256_hex(material).substr(0, 32);
}

}  // namespace keysweep
