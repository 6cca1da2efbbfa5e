// Reading a JSON report back: see report_reader.h for what is accepted and why it is strict.
//
// nlohmann's parser runs with a callback that converts each finding as soon as its object is
// complete and then drops its tree, so memory follows the findings, not a document tree of the
// whole report (about 2 KB per finding on top of the findings). Everything else (tool, summary)
// is small and read from the tree once the parse is done.
#include "scanner/report/report_reader.h"

#include <algorithm>
#include <limits>

#include <nlohmann/json.hpp>

#include "scanner/base/regular_file.h"

namespace keysweep {
namespace {

using Json = nlohmann::json;

// The report's own nesting: root { findings [ { tags [ ] } ] }, summary { skipped [ { } ] }.
constexpr int kMaxDepth = 3;

std::string kind_of(const Json& v) {
  if (v.is_null()) return "null";
  if (v.is_number_unsigned()) return "an integer";
  if (v.is_number_integer()) return "a negative integer";
  if (v.is_number_float()) return "a number with a fraction";
  const std::string name = v.type_name();
  return (name == "array" || name == "object" ? "an " : "a ") + name;
}

// Typed access to one object's fields; the first error sticks, later reads return defaults.
class Fields {
 public:
  Fields(const Json& object, std::string where, Status* status)
      : object_(object), where_(std::move(where)), status_(status) {}

  const Json* get(const char* key) {
    if (!status_->is_ok()) return nullptr;
    auto it = object_.find(key);
    if (it == object_.end()) {
      *status_ = Status::error(where_.empty() ? std::string("no ") + key : where_ + " has no " + key);
      return nullptr;
    }
    return &*it;
  }
  std::string str(const char* key) {
    const Json* v = get(key);
    if (!v) return {};
    if (!v->is_string()) return fail<std::string>(key, *v, "a string");
    return v->get_ref<const std::string&>();
  }
  uint64_t u64(const char* key) {
    const Json* v = get(key);
    if (!v) return 0;
    if (!v->is_number_unsigned()) return fail<uint64_t>(key, *v, "an integer of 0 or more");
    return v->get<uint64_t>();
  }
  uint32_t u32(const char* key) {
    const uint64_t n = u64(key);
    if (n > std::numeric_limits<uint32_t>::max()) {
      *status_ = Status::error(name(key) + " is " + std::to_string(n) + ", more than 4294967295");
      return 0;
    }
    return static_cast<uint32_t>(n);
  }
  bool boolean(const char* key) {
    const Json* v = get(key);
    if (!v) return false;
    if (!v->is_boolean()) return fail<bool>(key, *v, "true or false");
    return v->get<bool>();
  }
  const Json* array(const char* key) {
    const Json* v = get(key);
    if (!v) return nullptr;
    if (!v->is_array()) return fail<const Json*>(key, *v, "an array");
    return v;
  }
  const Json* object(const char* key) {
    const Json* v = get(key);
    if (!v) return nullptr;
    if (!v->is_object()) return fail<const Json*>(key, *v, "an object");
    return v;
  }
  // Each element of array `key` as an object, with its own Fields ("where.key[i]").
  template <typename Each>
  void each_object(const char* key, Each each) {
    const Json* a = array(key);
    if (!a) return;
    for (size_t i = 0; i < a->size() && status_->is_ok(); ++i) {
      const std::string at = name(key) + "[" + std::to_string(i) + "]";
      if (!(*a)[i].is_object()) {
        *status_ = Status::error(at + " is " + kind_of((*a)[i]) + ", not an object");
        return;
      }
      Fields element((*a)[i], at, status_);
      each(element);
    }
  }
  // Array `key` of strings.
  std::vector<std::string> strings(const char* key) {
    std::vector<std::string> out;
    const Json* a = array(key);
    if (!a) return out;
    for (size_t i = 0; i < a->size(); ++i) {
      if (!(*a)[i].is_string()) {
        *status_ = Status::error(name(key) + "[" + std::to_string(i) + "] is " + kind_of((*a)[i]) +
                                 ", not a string");
        return {};
      }
      out.push_back((*a)[i].get_ref<const std::string&>());
    }
    return out;
  }
  void error(const std::string& message) {
    if (status_->is_ok()) *status_ = Status::error(where_ + message);
  }

 private:
  std::string name(const char* key) const { return where_.empty() ? key : where_ + "." + key; }

  template <typename T>
  T fail(const char* key, const Json& v, const char* wanted) {
    *status_ = Status::error(name(key) + " is " + kind_of(v) + ", not " + wanted);
    return T{};
  }

  const Json& object_;
  std::string where_;
  Status* status_;
};

Finding read_finding(Fields& in, Status* status) {
  Finding f;
  f.rule_id = in.str("rule_id");
  f.description = in.str("description");
  const std::string severity = in.str("severity");
  bool known = false;
  for (Severity s : {Severity::kLow, Severity::kMedium, Severity::kHigh, Severity::kCritical}) {
    if (severity == severity_name(s)) {
      f.severity = s;
      known = true;
    }
  }
  if (!known && status->is_ok()) in.error(".severity '" + severity + "' is not low, medium, high or critical");
  Provenance& p = f.provenance;
  p.path = in.str("path");
  p.source = in.str("source");
  p.commit = in.str("commit");
  f.line = in.u32("line");
  f.column = in.u32("column");
  f.end_line = in.u32("end_line");
  f.end_column = in.u32("end_column");
  f.secret = in.str("secret");
  ShownForm shown;
  shown.redacted = in.boolean("redacted");
  f.line_text = in.str("line_text");
  f.fingerprint = in.str("fingerprint");
  f.tags = in.strings("tags");
  f.test_fixture = std::find(f.tags.begin(), f.tags.end(), "test-fixture") != f.tags.end();
  p.blob = in.str("blob");
  p.author = in.str("author");
  p.email = in.str("email");
  p.date = in.str("date");
  p.occurrences = in.u32("occurrences");
  p.sequence = in.u32("sequence");
  shown.column_utf16 = in.u32("column_utf16");
  shown.end_column_utf16 = in.u32("end_column_utf16");
  shown.line_text_start = in.u32("line_text_column");
  const Json* span = in.array("secret_in_line");
  if (span && !span->empty()) {
    const bool pair = span->size() == 2 && (*span)[0].is_number_unsigned() && (*span)[1].is_number_unsigned();
    const uint64_t begin = pair ? (*span)[0].get<uint64_t>() : 0;
    const uint64_t end = pair ? (*span)[1].get<uint64_t>() : 0;
    if (!pair || begin > end || end > f.line_text.size()) {
      in.error(".secret_in_line is not [] or [begin, end] with begin <= end <= the bytes of line_text");
    } else {
      shown.located = true;
      shown.secret_begin = static_cast<uint32_t>(begin);
      shown.secret_end = static_cast<uint32_t>(end);
    }
  }
  f.confidence = in.str("confidence");
  f.aws_account_id = in.str("aws_account_id");
  f.shown = shown;
  return f;
}

// Converts findings as the parser completes them (see the file comment).
struct FindingCollector {
  std::vector<Finding>* out;
  Status status;
  std::string top_key;
  size_t findings_keys = 0;
  bool too_deep = false;

  bool operator()(int depth, Json::parse_event_t event, Json& parsed) {
    using E = Json::parse_event_t;
    if (event == E::key && depth == 1) {
      top_key = parsed.is_string() ? parsed.get<std::string>() : std::string();
      if (top_key == "findings") ++findings_keys;
      return true;
    }
    if ((event == E::object_start || event == E::array_start) && depth > kMaxDepth) {
      too_deep = true;
      return false;
    }
    if (depth != 2 || top_key != "findings") return true;
    const std::string where = "findings[" + std::to_string(out->size()) + "]";
    if (event == E::array_start || event == E::value) {
      if (status.is_ok()) status = Status::error(where + " is " + (event == E::value ? kind_of(parsed) : "an array") + ", not an object");
      return false;
    }
    if (event != E::object_end) return true;
    if (status.is_ok()) {
      Fields in(parsed, where, &status);
      Finding f = read_finding(in, &status);
      if (status.is_ok()) out->push_back(std::move(f));
    }
    return false;  // the finding is converted: drop its tree
  }
};

void read_summary(Fields& in, size_t findings, ScanSummary* s, std::string* digest) {
  s->files_scanned = in.u64("files_scanned");
  s->bytes_scanned = in.u64("bytes_scanned");
  const uint64_t count = in.u64("findings");
  in.each_object("skipped", [&](Fields& e) {
    Skipped k;
    k.path = e.str("path");
    k.reason = e.str("reason");
    k.detail = e.str("detail");
    s->skipped.push_back(std::move(k));
  });
  s->errors = in.strings("errors");
  const bool incomplete = in.boolean("incomplete");
  s->max_findings_per_file = in.u64("max_findings_per_file");
  uint64_t not_reported = 0;
  in.each_object("capped", [&](Fields& e) {
    Capped c;
    c.path = e.str("path");
    c.commit = e.str("commit");
    c.rule_id = e.str("rule_id");
    c.count = e.u64("not_reported");
    not_reported += c.count;
    s->capped.push_back(std::move(c));
  });
  const uint64_t total_not_reported = in.u64("findings_not_reported");
  s->commits = in.u64("commits");
  s->blobs = in.u64("blobs");
  s->shard_index = in.u32("shard_index");
  s->shard_count = in.u32("shard_count");
  if (const Json* sup = in.get("suppressed")) {
    if (!sup->is_object()) {
      in.error(".suppressed is not an object");
    } else {
      Status st;
      Fields kinds(*sup, "summary.suppressed", &st);
      for (size_t i = 0; i < kSuppressionKinds; ++i) {
        s->suppressed.by_kind[i] = kinds.u64(suppression_name(static_cast<Suppression>(i)));
      }
      if (!st) in.error(st.message().substr(std::string("summary").size()));
    }
  }
  s->baseline_entries = in.u64("baseline_entries");
  if (const Json* stale = in.get("baseline_stale"); stale && !stale->is_null()) {
    if (!stale->is_number_unsigned()) in.error(".baseline_stale is not an integer of 0 or more or null");
    else s->baseline_stale = stale->get<uint64_t>();
  }
  *digest = in.str("rules_digest");
  // Counts that must agree with the lists: a hand-edited or spliced report is not a shard.
  if (count != findings) {
    in.error(".findings is " + std::to_string(count) + " but the report lists " + std::to_string(findings) +
             " findings");
  }
  if (incomplete != !s->errors.empty()) in.error(".incomplete does not match summary.errors");
  if (total_not_reported != not_reported) in.error(".findings_not_reported is not the sum of capped[].not_reported");
  if (s->shard_index > s->shard_count || (s->shard_count > 0 && s->shard_index == 0)) {
    in.error(".shard_index " + std::to_string(s->shard_index) + " is not a shard of shard_count " +
             std::to_string(s->shard_count));
  }
}

}  // namespace

Result<ReadReport> parse_json_report(std::string_view text, const std::string& label,
                                     const std::string& tool_version) {
  ReadReport report;
  FindingCollector collect{&report.findings, Status::ok(), {}, 0, false};
  Json doc;
  try {
    doc = Json::parse(text.begin(), text.end(), std::ref(collect), /*allow_exceptions=*/true);
  } catch (const Json::exception& e) {
    return Status::error(label + ": not a JSON report (" + e.what() + ")");
  } catch (const std::exception& e) {
    return Status::error(label + ": cannot be read: " + e.what());
  }
  if (!doc.is_object()) return Status::error(label + ": not a keysweep JSON report (the top level is " + kind_of(doc) + ", not an object)");
  auto version = doc.find("keysweep_json_version");
  if (version == doc.end()) return Status::error(label + ": not a keysweep JSON report (no keysweep_json_version)");
  if (*version != Json(1)) {
    return Status::error(label + ": keysweep_json_version " + version->dump() + " is not supported (this keysweep reads 1)");
  }
  if (collect.too_deep) return Status::error(label + ": nested deeper than a keysweep report is");
  if (collect.findings_keys > 1) return Status::error(label + ": findings appears more than once");
  if (!collect.status) return collect.status.with_context(label);
  Status st;
  Fields top(doc, "", &st);
  const Json* tool = top.object("tool");
  if (!st) return st.with_context(label);
  Fields tool_fields(*tool, "tool", &st);
  const std::string name = tool_fields.str("name");
  report.tool_version = tool_fields.str("version");
  if (!st) return st.with_context(label);
  if (name != "keysweep") return Status::error(label + ": written by '" + name + "', not keysweep");
  if (report.tool_version != tool_version) {
    return Status::error(label + ": written by keysweep " + report.tool_version + ", not " + tool_version +
                         " (merge reports written by the same keysweep version as the merge)");
  }
  // The callback consumed every finding object; anything left in the array was not one.
  const Json* findings = top.array("findings");
  if (st && findings && !findings->empty()) st = Status::error("findings holds an element that is not an object");
  const Json* summary = st ? top.object("summary") : nullptr;
  if (!st) return st.with_context(label);
  Fields summary_fields(*summary, "summary", &st);
  read_summary(summary_fields, report.findings.size(), &report.summary, &report.rules_digest);
  if (!st) return st.with_context(label);
  return report;
}

Result<ReadReport> read_json_report(const std::string& path, const std::string& tool_version) {
  Result<std::string> text = read_regular_file(path, "report", kMaxReportBytes);
  if (!text) return text.status();
  return parse_json_report(*text, "report '" + path + "'", tool_version);
}

}  // namespace keysweep
