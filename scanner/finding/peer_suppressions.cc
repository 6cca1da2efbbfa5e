// Reading other scanners' suppression files: see peer_suppressions.h for the two formats, how an
// entry is matched to a keysweep finding and why.
//
// The .gitleaksignore reader splits each line in place from the right (paths may hold ':') and
// sorts the entries once, so a lookup is a binary search on (path, line, commit). The
// detect-secrets reader parses the whole document with nlohmann_json (a baseline is one JSON
// object, not line records), checks every entry, and keeps two sorted views: entries by
// (filename, hashed_secret) and an index by (filename, line_number).
#include "scanner/finding/peer_suppressions.h"

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>
#include <tuple>
#include <utility>

#include "scanner/base/hash.h"
#include "scanner/base/quote.h"

namespace keysweep {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr size_t kCommitDigits = 40;

std::string_view drop_bom(std::string_view text) {
  if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) text.remove_prefix(kUtf8Bom.size());
  return text;
}

bool is_hex_digit(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

char lower_hex(char c) { return (c >= 'A' && c <= 'F') ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_hex(std::string_view s) { return std::all_of(s.begin(), s.end(), is_hex_digit); }

// 1..UINT32_MAX in plain decimal digits (no sign, no blanks); leading zeros are harmless.
std::optional<uint32_t> parse_line_number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
    if (v > std::numeric_limits<uint32_t>::max()) return std::nullopt;
  }
  if (v == 0) return std::nullopt;
  return static_cast<uint32_t>(v);
}

std::string_view trim_blanks(std::string_view s) {
  const size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  const size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

// Lookup keys as views, so both sides of a comparison have the same types (comparing a tuple of
// std::string with one of std::string_view does not compile everywhere: clang 14).
using PathLine = std::pair<std::string_view, uint32_t>;
using PathHash = std::pair<std::string_view, std::string_view>;

auto gitleaks_key(const GitleaksIgnoreEntry& e) { return std::tie(e.path, e.line, e.commit, e.rule_id); }

// Splits one non-comment line (see the header: from the right) into `*entry`; the error says
// what is wrong without quoting the line.
Status split_gitleaks_line(std::string_view line, GitleaksIgnoreEntry* entry) {
  const size_t last = line.rfind(':');
  const size_t rule_start =
      last == std::string_view::npos || last == 0 ? std::string_view::npos : line.rfind(':', last - 1);
  if (rule_start == std::string_view::npos) {
    return Status::error("is not <path>:<rule-id>:<line> or <commit>:<path>:<rule-id>:<line>");
  }
  std::optional<uint32_t> number = parse_line_number(line.substr(last + 1));
  if (!number) {
    return Status::error("the line number (the last ':' field) is not a decimal number from 1 to 4294967295");
  }
  const std::string_view rule_id = line.substr(rule_start + 1, last - rule_start - 1);
  if (rule_id.empty()) return Status::error("the rule id (the field before the line number) is empty");
  std::string_view rest = line.substr(0, rule_start);
  std::string commit;
  if (rest.size() > kCommitDigits && rest[kCommitDigits] == ':' && is_hex(rest.substr(0, kCommitDigits))) {
    commit.resize(kCommitDigits);
    std::transform(rest.begin(), rest.begin() + kCommitDigits, commit.begin(), lower_hex);
    rest.remove_prefix(kCommitDigits + 1);
  }
  if (rest.empty()) return Status::error("the path is empty");
  entry->commit = std::move(commit);
  entry->path = std::string(rest);
  entry->rule_id = std::string(rule_id);
  entry->line = *number;
  return Status::ok();
}

std::string describe(const Json& v) {
  if (v.is_null()) return "null";
  return (v.is_array() || v.is_object() ? "an " : "a ") + std::string(v.type_name());
}

// The value of `key` in `object`, or nullptr when it is missing or null (an optional key that a
// writer set to null says the same as leaving it out).
const Json* optional_member(const Json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

// Line and column (1-based) of byte `offset` of `text`, for a JSON syntax error: nlohmann's own
// message ends by quoting what it last read, which may be a secret, so only the place is told.
std::string place_of(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  const std::string_view before = text.substr(0, offset);
  const size_t line = static_cast<size_t>(std::count(before.begin(), before.end(), '\n')) + 1;
  const size_t line_start = before.rfind('\n');
  const size_t column = line_start == std::string_view::npos ? offset + 1 : offset - line_start;
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// Checks one element of a results array and appends it; `where` is its JSON path.
Status read_detect_secrets_entry(const Json& item, const std::string& filename, const std::string& where,
                                 std::vector<DetectSecretsEntry>* out) {
  if (!item.is_object()) return Status::error(where + " is " + describe(item) + ", not an object");
  DetectSecretsEntry entry;
  entry.filename = filename;

  auto hash = item.find("hashed_secret");
  if (hash == item.end()) return Status::error(where + " has no hashed_secret");
  if (!hash->is_string()) return Status::error(where + ".hashed_secret is " + describe(*hash) + ", not a string");
  const std::string& digits = hash->get_ref<const std::string&>();
  if (digits.size() != kCommitDigits || !is_hex(digits)) {
    return Status::error(where + ".hashed_secret is not 40 hex digits (a SHA-1)");
  }
  std::transform(digits.begin(), digits.end(), entry.hashed_secret.begin(), lower_hex);

  if (const Json* line = optional_member(item, "line_number")) {
    // A number written with a fraction or an exponent ("3.0", "1e2") is a float to nlohmann:
    // detect-secrets never writes one, so it is refused rather than rounded.
    const bool in_range = (line->is_number_unsigned() && line->get<uint64_t>() >= 1 &&
                           line->get<uint64_t>() <= std::numeric_limits<uint32_t>::max()) ||
                          (line->is_number_integer() && !line->is_number_unsigned() && line->get<int64_t>() >= 1 &&
                           line->get<int64_t>() <= std::numeric_limits<uint32_t>::max());
    if (!in_range) return Status::error(where + ".line_number is not a positive integer");
    entry.line_number = static_cast<uint32_t>(line->get<uint64_t>());
  }
  if (const Json* name = optional_member(item, "filename")) {
    if (!name->is_string()) return Status::error(where + ".filename is " + describe(*name) + ", not a string");
    if (name->get_ref<const std::string&>() != filename) {
      return Status::error(where + ".filename is not the file name it is listed under");
    }
  }
  if (const Json* type = optional_member(item, "type")) {
    if (!type->is_string()) return Status::error(where + ".type is " + describe(*type) + ", not a string");
    entry.type = type->get<std::string>();
  }
  if (const Json* verified = optional_member(item, "is_verified")) {
    if (!verified->is_boolean()) {
      return Status::error(where + ".is_verified is " + describe(*verified) + ", not true or false");
    }
    entry.is_verified = verified->get<bool>();
  }
  if (const Json* real = optional_member(item, "is_secret")) {
    if (!real->is_boolean()) return Status::error(where + ".is_secret is " + describe(*real) + ", not true or false");
    entry.is_secret = real->get<bool>();
  }
  out->push_back(std::move(entry));
  return Status::ok();
}

Status read_detect_secrets_results(const Json& doc, std::vector<DetectSecretsEntry>* out) {
  auto results = doc.find("results");
  if (results == doc.end()) return Status::error("has no \"results\" object (is it a detect-secrets baseline?)");
  if (!results->is_object()) return Status::error("results is " + describe(*results) + ", not an object");
  for (const auto& [filename, items] : results->items()) {
    // The key is a file name, not a secret, but it is the user's text: escaped to one line.
    const std::string where = "results[\"" + escape_input(filename) + "\"]";
    if (!items.is_array()) return Status::error(where + " is " + describe(items) + ", not an array");
    for (size_t i = 0; i < items.size(); ++i) {
      if (out->size() == kMaxPeerSuppressionEntries) {
        return Status::error("has more than " + std::to_string(kMaxPeerSuppressionEntries) + " entries");
      }
      const std::string item_where = where + "[" + std::to_string(i) + "]";
      if (Status st = read_detect_secrets_entry(items[i], filename, item_where, out); !st) return st;
    }
  }
  return Status::ok();
}

auto detect_secrets_hash_key(const DetectSecretsEntry& e) {
  return std::tie(e.filename, e.hashed_secret, e.line_number);
}

}  // namespace

// --- gitleaks ------------------------------------------------------------------------------

Result<GitleaksIgnore> parse_gitleaksignore(std::string_view text, const std::string& label) {
  const std::string name = "gitleaks ignore file '" + label + "'";
  text = drop_bom(text);
  GitleaksIgnore out;
  size_t line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t nl = text.find('\n', pos);
    const size_t end = nl == std::string_view::npos ? text.size() : nl;
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    auto where = [&] { return name + " line " + std::to_string(line_no); };
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // so CRLF files have the same limit
    if (line.size() > kMaxGitleaksIgnoreLineBytes) {
      return Status::error(where() + " is longer than " + std::to_string(kMaxGitleaksIgnoreLineBytes) + " bytes");
    }
    if (line.find('\0') != std::string_view::npos) {
      return Status::error(where() + " holds a NUL byte (is it a text file?)");
    }
    line = trim_blanks(line);
    if (line.empty() || line.front() == '#') continue;
    if (out.entries_.size() == kMaxPeerSuppressionEntries) {
      return Status::error(name + " has more than " + std::to_string(kMaxPeerSuppressionEntries) + " entries");
    }
    GitleaksIgnoreEntry entry;
    if (Status st = split_gitleaks_line(line, &entry); !st) return st.with_context(where());
    out.entries_.push_back(std::move(entry));
  }
  out.entries_.shrink_to_fit();  // give back what doubling the vector left unused
  std::sort(out.entries_.begin(), out.entries_.end(), [](const GitleaksIgnoreEntry& a, const GitleaksIgnoreEntry& b) {
    return gitleaks_key(a) < gitleaks_key(b);
  });
  return out;
}

const GitleaksIgnoreEntry* GitleaksIgnore::find(std::string_view commit, std::string_view path, uint32_t line) const {
  // Entries are sorted by (path, line, commit): the commit-less one of a (path, line), if any,
  // is first in its run, and a given commit is found by a second binary search inside it.
  const PathLine key(path, line);
  const auto first =
      std::lower_bound(entries_.begin(), entries_.end(), key,
                       [](const GitleaksIgnoreEntry& e, PathLine k) { return PathLine(e.path, e.line) < k; });
  if (first == entries_.end() || first->path != path || first->line != line) return nullptr;
  if (first->commit.empty()) return &*first;
  if (commit.size() != kCommitDigits) return nullptr;
  char folded[kCommitDigits];
  std::transform(commit.begin(), commit.end(), folded, lower_hex);
  const std::string_view want(folded, kCommitDigits);
  const auto hit = std::lower_bound(first, entries_.end(), want, [&](const GitleaksIgnoreEntry& e, std::string_view c) {
    return PathLine(e.path, e.line) == key && std::string_view(e.commit) < c;
  });
  if (hit == entries_.end() || hit->path != path || hit->line != line || hit->commit != want) return nullptr;
  return &*hit;
}

// --- detect-secrets ------------------------------------------------------------------------

Result<DetectSecretsBaseline> parse_detect_secrets_baseline(std::string_view text, const std::string& label) {
  const std::string name = "detect-secrets baseline '" + label + "'";
  text = drop_bom(text);
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return Status::error(name + " is empty");
  Json doc;
  try {
    doc = Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    return Status::error(name + " is not JSON (a syntax error at " + place_of(text, e.byte == 0 ? 0 : e.byte - 1) +
                         ")");
  } catch (const Json::exception&) {
    return Status::error(name + " is not JSON");
  }
  if (!doc.is_object()) return Status::error(name + " is " + describe(doc) + ", not a JSON object");
  DetectSecretsBaseline out;
  if (Status st = read_detect_secrets_results(doc, &out.entries_); !st) return st.with_context(name);
  out.entries_.shrink_to_fit();
  std::sort(out.entries_.begin(), out.entries_.end(), [](const DetectSecretsEntry& a, const DetectSecretsEntry& b) {
    return detect_secrets_hash_key(a) < detect_secrets_hash_key(b);
  });
  for (size_t i = 0; i < out.entries_.size(); ++i) {
    if (out.entries_[i].line_number != 0) out.by_line_.push_back(static_cast<uint32_t>(i));
  }
  // Stable: among entries of one (filename, line), the first in entries() order comes first.
  std::stable_sort(out.by_line_.begin(), out.by_line_.end(), [&](uint32_t a, uint32_t b) {
    const DetectSecretsEntry& x = out.entries_[a];
    const DetectSecretsEntry& y = out.entries_[b];
    return std::tie(x.filename, x.line_number) < std::tie(y.filename, y.line_number);
  });
  return out;
}

std::optional<DetectSecretsMatch> DetectSecretsBaseline::find(std::string_view path, uint32_t line,
                                                              std::string_view secret) const {
  const std::string digest = sha1_hex(secret);
  const std::string_view want(digest);
  const PathHash hash_key(path, want);
  const auto by_hash =
      std::lower_bound(entries_.begin(), entries_.end(), hash_key, [](const DetectSecretsEntry& e, PathHash k) {
        return PathHash(e.filename, std::string_view(e.hashed_secret.data(), e.hashed_secret.size())) < k;
      });
  if (by_hash != entries_.end() && by_hash->filename == path &&
      std::string_view(by_hash->hashed_secret.data(), by_hash->hashed_secret.size()) == want) {
    return DetectSecretsMatch{&*by_hash, true, by_hash->is_secret};
  }
  if (line == 0) return std::nullopt;
  const PathLine line_key(path, line);
  const auto by_line = std::lower_bound(by_line_.begin(), by_line_.end(), line_key, [&](uint32_t i, PathLine k) {
    return PathLine(entries_[i].filename, entries_[i].line_number) < k;
  });
  if (by_line == by_line_.end()) return std::nullopt;
  const DetectSecretsEntry& e = entries_[*by_line];
  if (e.filename != path || e.line_number != line) return std::nullopt;
  return DetectSecretsMatch{&e, false, e.is_secret};
}

}  // namespace keysweep
