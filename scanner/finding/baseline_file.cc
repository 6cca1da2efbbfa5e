// The `.keysweep-baseline.json` format: see baseline_file.h for the layout and why it is one
// record per line.
//
// The reader works line by line (which is what git merges and what error messages name), and
// parses each line with nlohmann_json: the header line is completed with "]}" into a document
// of its own, an entry line is one JSON object once its trailing comma is cut. The writer uses
// ordered_json so that the header's first key is always "keysweep_baseline" (baseline_kind
// tells the format from a report by it) and every line has one fixed key order.
#include "scanner/finding/baseline_file.h"

#include <algorithm>
#include <initializer_list>

#include <nlohmann/json.hpp>

namespace keysweep {
namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

constexpr std::string_view kHeaderStart = "\"keysweep_baseline\"";  // after "{" and blank space
constexpr std::string_view kSentinel = "{\"end\":true}]}";
constexpr const char* kKdfAlg = "argon2id13";

bool is_hex32(const std::string& s) {
  return s.size() == 32 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

bool is_rule_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxRuleIdBytes) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
  });
}

// Cuts `s` to at most `cap` bytes, backing off (at most 3 bytes) so as not to split a UTF-8
// character: a cut path stays readable and valid.
void cut_at_char(std::string* s, size_t cap) {
  if (s->size() <= cap) return;
  size_t n = cap;
  for (int back = 0; back < 3 && n > 0 && (static_cast<unsigned char>((*s)[n]) & 0xC0) == 0x80; ++back) --n;
  s->resize(n);
}

// `s` as valid UTF-8, each bad byte replaced by U+FFFD: nlohmann's own decoder decides, so what
// the writer keeps is exactly what its reader accepts.
std::string valid_utf8(const std::string& s) {
  const std::string quoted = Json(s).dump(-1, ' ', false, Json::error_handler_t::replace);
  return Json::parse(quoted).get<std::string>();
}

std::string clean_path(std::string path) {
  cut_at_char(&path, kMaxPathBytes);
  path = valid_utf8(path);
  cut_at_char(&path, kMaxPathBytes);  // U+FFFD is 3 bytes: the path may have grown
  return path;
}

void sort_unique_cap(std::vector<std::string>* v, size_t cap) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
  if (v->size() > cap) v->resize(cap);
}

void clean_hints(BaselineEntry* e) {
  e->rules.erase(std::remove_if(e->rules.begin(), e->rules.end(), [](const std::string& r) { return !is_rule_id(r); }),
                 e->rules.end());
  sort_unique_cap(&e->rules, kMaxRules);
  for (std::string& p : e->paths) p = clean_path(std::move(p));
  e->paths.erase(std::remove(e->paths.begin(), e->paths.end(), std::string()), e->paths.end());
  sort_unique_cap(&e->paths, kMaxPaths);
}

std::string describe(const Json& v) {
  if (v.is_null()) return "null";
  return (v.is_array() || v.is_object() ? "an " : "a ") + std::string(v.type_name());
}

// --- reading --------------------------------------------------------------------------------

struct Header {
  SecretSalt salt{};
  KdfParams kdf;
};

// Blank space at both ends, and the "\r" a Windows checkout leaves.
std::string_view trim(std::string_view s) {
  const size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

// True when `line` is "{", blank space, then `key` (a quoted JSON key).
bool starts_object_with(std::string_view line, std::string_view key) {
  if (line.empty() || line[0] != '{') return false;
  line.remove_prefix(1);
  const size_t b = line.find_first_not_of(" \t");
  return b != std::string_view::npos && line.substr(b).substr(0, key.size()) == key;
}

bool looks_like_header(std::string_view line) { return starts_object_with(line, kHeaderStart); }

Status check_keys(const Json& obj, std::initializer_list<const char*> keys, const std::string& what) {
  for (const char* k : keys) {
    if (!obj.contains(k)) return Status::error(what + " has no \"" + k + "\"");
  }
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    const std::string& k = it.key();
    if (std::find_if(keys.begin(), keys.end(), [&k](const char* want) { return k == want; }) == keys.end()) {
      return Status::error(what + " has an unknown key (expected only the keys keysweep writes)");
    }
  }
  return Status::ok();
}

Result<uint64_t> get_count(const Json& v, const std::string& what) {
  if (!v.is_number_unsigned()) return Status::error(what + " is not a whole number >= 0");
  return v.get<uint64_t>();
}

Result<Header> parse_header(std::string_view line) {
  if (line.empty() || line.back() != '[') {
    return Status::error("the header must end with \"entries\":[ (entries start on the next line)");
  }
  std::string doc_text(line);
  doc_text += "]}";
  const Json doc = Json::parse(doc_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return Status::error("the header is not valid JSON");
  if (Status st = check_keys(doc, {"keysweep_baseline", "salt", "kdf", "entries"}, "the header"); !st) return st;
  const Json& version = doc["keysweep_baseline"];
  if (!version.is_number_unsigned()) return Status::error("keysweep_baseline is not a version number");
  if (version.get<uint64_t>() != kBaselineFileVersion) {
    return Status::error("baseline format version " + std::to_string(version.get<uint64_t>()) +
                         " is not supported (this keysweep reads " + std::to_string(kBaselineFileVersion) + ")");
  }
  if (!doc["entries"].empty()) return Status::error("entries must start on the line after the header");
  Header h;
  const Json& salt = doc["salt"];
  if (!salt.is_string()) return Status::error("salt is " + describe(salt) + ", not a string");
  std::optional<SecretSalt> s = parse_salt_hex(salt.get_ref<const std::string&>());
  if (!s) return Status::error("salt is not 32 lower-case hex digits");
  h.salt = *s;
  const Json& kdf = doc["kdf"];
  if (!kdf.is_object()) return Status::error("kdf is " + describe(kdf) + ", not an object");
  if (Status st = check_keys(kdf, {"alg", "opslimit", "memlimit"}, "kdf"); !st) return st;
  if (kdf["alg"] != Json(kKdfAlg)) return Status::error(std::string("kdf alg is not \"") + kKdfAlg + "\"");
  Result<uint64_t> ops = get_count(kdf["opslimit"], "kdf opslimit");
  if (!ops) return ops.status();
  Result<uint64_t> mem = get_count(kdf["memlimit"], "kdf memlimit");
  if (!mem) return mem.status();
  h.kdf = KdfParams{*ops, *mem};
  if (Status st = check_kdf_params(h.kdf); !st) return st;
  return h;
}

Status get_strings(const Json& obj, const char* key, size_t max_count, std::vector<std::string>* out) {
  const Json& v = obj[key];
  const std::string what = key;
  if (!v.is_array()) return Status::error(what + " is " + describe(v) + ", not an array");
  if (v.size() > max_count) {
    return Status::error(what + " has " + std::to_string(v.size()) + " items (at most " + std::to_string(max_count) +
                         ")");
  }
  for (size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_string()) {
      return Status::error(what + "[" + std::to_string(i) + "] is " + describe(v[i]) + ", not a string");
    }
    out->push_back(v[i].get<std::string>());
  }
  return Status::ok();
}

Result<BaselineEntry> parse_entry(std::string_view line) {
  if (line.empty() || line.back() != ',') {
    return Status::error("an entry line must end with a comma (the last line is {\"end\":true}]})");
  }
  line.remove_suffix(1);
  const Json obj = Json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
  if (obj.is_discarded()) return Status::error("not valid JSON");
  if (!obj.is_object()) return Status::error("an entry is " + describe(obj) + ", not an object");
  if (Status st = check_keys(obj, {"fp", "rules", "paths"}, "the entry"); !st) return st;
  BaselineEntry e;
  const Json& fp = obj["fp"];
  if (!fp.is_string()) return Status::error("fp is " + describe(fp) + ", not a string");
  e.fp = fp.get<std::string>();
  if (!is_hex32(e.fp)) return Status::error("fp is not 32 lower-case hex digits");
  if (Status st = get_strings(obj, "rules", kMaxRules, &e.rules); !st) return st;
  for (size_t i = 0; i < e.rules.size(); ++i) {
    if (!is_rule_id(e.rules[i])) {
      return Status::error("rules[" + std::to_string(i) + "] is not a rule id (1 to " +
                           std::to_string(kMaxRuleIdBytes) + " of a-z, 0-9, '-', '_', '.')");
    }
  }
  if (Status st = get_strings(obj, "paths", kMaxPaths, &e.paths); !st) return st;
  for (size_t i = 0; i < e.paths.size(); ++i) {
    if (e.paths[i].empty() || e.paths[i].size() > kMaxPathBytes) {
      return Status::error("paths[" + std::to_string(i) + "] is not 1 to " + std::to_string(kMaxPathBytes) +
                           " bytes long");
    }
  }
  return e;
}

}  // namespace

// --- canonical form -------------------------------------------------------------------------

void normalize_baseline(BaselineFile* file) {
  std::vector<BaselineEntry>& entries = file->entries;
  std::stable_sort(entries.begin(), entries.end(),
                   [](const BaselineEntry& a, const BaselineEntry& b) { return a.fp < b.fp; });
  size_t out = 0;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (out > 0 && entries[out - 1].fp == entries[i].fp) {
      BaselineEntry& keep = entries[out - 1];
      keep.rules.insert(keep.rules.end(), entries[i].rules.begin(), entries[i].rules.end());
      keep.paths.insert(keep.paths.end(), entries[i].paths.begin(), entries[i].paths.end());
      continue;
    }
    if (out != i) entries[out] = std::move(entries[i]);
    ++out;
  }
  entries.resize(out);
  // Cleaning after merging keeps the caps exact: the first kMaxRules of the union are the first
  // kMaxRules of the union of each side's first kMaxRules, so merging is order-independent.
  for (BaselineEntry& e : entries) clean_hints(&e);
}

void add_to_baseline(BaselineFile* file, std::string fp, std::string_view rule_id, std::string_view path) {
  BaselineEntry e;
  e.fp = std::move(fp);
  if (!rule_id.empty()) e.rules.emplace_back(rule_id);
  if (!path.empty()) e.paths.emplace_back(path);
  file->entries.push_back(std::move(e));
}

const BaselineEntry* find_in_baseline(const BaselineFile& file, std::string_view fp) {
  auto it = std::lower_bound(file.entries.begin(), file.entries.end(), fp,
                             [](const BaselineEntry& e, std::string_view want) { return e.fp < want; });
  return it != file.entries.end() && it->fp == fp ? &*it : nullptr;
}

// --- writing --------------------------------------------------------------------------------

std::string format_baseline_file(const BaselineFile& file) {
  BaselineFile canon = file;
  normalize_baseline(&canon);
  OrderedJson header;
  header["keysweep_baseline"] = kBaselineFileVersion;
  header["salt"] = salt_hex(canon.salt);
  header["kdf"] = OrderedJson{{"alg", kKdfAlg}, {"opslimit", canon.kdf.opslimit}, {"memlimit", canon.kdf.memlimit_bytes}};
  std::string out = header.dump();
  out.pop_back();  // the closing brace: the entries array follows on the next lines
  out += ",\"entries\":[\n";
  for (const BaselineEntry& e : canon.entries) {
    OrderedJson line;
    line["fp"] = e.fp;
    line["rules"] = e.rules;
    line["paths"] = e.paths;
    // Paths are valid UTF-8 after normalising; `replace` only keeps dump() from ever throwing.
    out += line.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
    out += ",\n";
  }
  out += kSentinel;
  out += '\n';
  return out;
}

// --- reading --------------------------------------------------------------------------------

Result<BaselineFile> parse_baseline_file(std::string_view text, const std::string& label) {
  const std::string name = "baseline '" + label + "'";
  if (trim(text).find_first_not_of('\n') == std::string_view::npos) {
    return Status::error(name + " is empty (create one with `keysweep baseline create`)");
  }
  auto at_line = [&](size_t n, const std::string& message) {
    return Status::error(name + " line " + std::to_string(n) + ": " + message);
  };
  BaselineFile file;
  std::string first_header;  // line 1, trimmed: a repeated identical header is accepted
  bool ended = false;
  size_t line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    const std::string_view raw = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (raw.size() > kMaxLineBytes) {
      return at_line(line_no, "longer than " + std::to_string(kMaxLineBytes) + " bytes");
    }
    const std::string_view line = trim(raw);
    if (ended) {
      if (!line.empty()) return at_line(line_no, "text after the closing line {\"end\":true}]}");
      continue;
    }
    if (line.empty()) return at_line(line_no, "an empty line (keysweep writes one record per line)");
    if (line_no == 1) {
      if (!looks_like_header(line)) {
        return at_line(1, "not a keysweep baseline header (the file starts with {\"keysweep_baseline\":1,...)");
      }
      Result<Header> h = parse_header(line);
      if (!h) return at_line(1, h.status().message());
      file.salt = h->salt;
      file.kdf = h->kdf;
      first_header = std::string(line);
      continue;
    }
    if (looks_like_header(line)) {
      if (line == first_header) continue;  // the same header twice: harmless
      Result<Header> h = parse_header(line);
      if (!h) return at_line(line_no, h.status().message());
      const std::string differs = h->salt != file.salt ? "salt" : h->kdf != file.kdf ? "kdf parameters" : "";
      if (differs.empty()) continue;  // the same header, spelt differently
      return at_line(line_no,
                     "a second header with other " + differs + " than line 1's: two baselines created separately were "
                     "merged (a union merge keeps both headers), and their entries cannot be compared; run "
                     "`keysweep baseline create` again to make one baseline");
    }
    if (line == kSentinel) {
      ended = true;
      continue;
    }
    if (starts_object_with(line, "\"end\"")) {
      return at_line(line_no, "the closing line must be exactly {\"end\":true}]}");
    }
    if (file.entries.size() >= kMaxEntries) {
      return at_line(line_no, "more than " + std::to_string(kMaxEntries) + " entries");
    }
    Result<BaselineEntry> e = parse_entry(line);
    if (!e) return at_line(line_no, e.status().message());
    file.entries.push_back(std::move(*e));
  }
  if (!ended) {
    return Status::error(name + " ends at line " + std::to_string(line_no) +
                         " without its closing line {\"end\":true}]} (cut short?)");
  }
  normalize_baseline(&file);
  return file;
}

Result<BaselineFile> merge_baselines(const BaselineFile& a, const BaselineFile& b) {
  if (a.salt != b.salt || a.kdf != b.kdf) {
    return Status::error(std::string("the baselines were created with different ") +
                         (a.salt != b.salt ? "salts" : "kdf parameters") +
                         ", so their entries cannot be compared; run `keysweep baseline create` again to make one "
                         "baseline");
  }
  BaselineFile merged = a;
  merged.entries.insert(merged.entries.end(), b.entries.begin(), b.entries.end());
  normalize_baseline(&merged);
  return merged;
}

BaselineKind baseline_kind(std::string_view text) {
  const size_t b = text.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return BaselineKind::kReport;
  const size_t nl = text.find('\n', b);
  return looks_like_header(text.substr(b, nl == std::string_view::npos ? std::string_view::npos : nl - b))
             ? BaselineKind::kFile
             : BaselineKind::kReport;
}

}  // namespace keysweep
