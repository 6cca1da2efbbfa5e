#include "scanner/finding/first_seen.h"

#include <string>
#include <unordered_map>
#include <unordered_set>

namespace keysweep {

size_t keep_first_seen(std::vector<Finding>* findings) {
  // (path, rule, secret) -> earliest sequence. The secret is named by its fingerprint (a
  // finding read back from a report has only a redacted secret; the fingerprint is the
  // secret's), or by itself when it has none (fingerprinting failed); a NUL cannot occur in a
  // path from git or a rule id, so the joined key is unambiguous.
  std::unordered_map<std::string, uint32_t> first;
  // (path, rule, secret) already there before the walked range: never reported.
  std::unordered_set<std::string> before;
  auto key = [](const Finding& f) {
    return f.provenance.path + '\0' + f.rule_id + '\0' + (f.fingerprint.empty() ? "s" + f.secret : "f" + f.fingerprint);
  };
  for (const Finding& f : *findings) {
    if (f.provenance.before_range) {
      before.insert(key(f));
      continue;
    }
    if (f.provenance.sequence == 0) continue;
    auto [it, fresh] = first.try_emplace(key(f), f.provenance.sequence);
    if (!fresh && f.provenance.sequence < it->second) it->second = f.provenance.sequence;
  }
  if (first.empty() && before.empty()) return 0;
  size_t kept = 0;
  for (Finding& f : *findings) {
    if (f.provenance.before_range) continue;
    if (f.provenance.sequence != 0 && (before.count(key(f)) || first.at(key(f)) != f.provenance.sequence)) continue;
    if (&(*findings)[kept] != &f) (*findings)[kept] = std::move(f);
    ++kept;
  }
  const size_t dropped = findings->size() - kept;
  findings->resize(kept);
  return dropped;
}

void annotate_occurrences(std::vector<Finding>* findings, const std::unordered_map<std::string, uint32_t>& by_blob) {
  for (Finding& f : *findings) {
    if (f.provenance.sequence == 0) continue;
    auto it = by_blob.find(f.provenance.blob);
    f.provenance.occurrences = it == by_blob.end() ? 1 : it->second;
  }
}

}  // namespace keysweep
