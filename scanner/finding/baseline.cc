// Reading a baseline report: see baseline.h for what is accepted and why it is strict.
#include "scanner/finding/baseline.h"

#include <nlohmann/json.hpp>

namespace keysweep {
namespace {

using Json = nlohmann::json;

// What keysweep writes (finding/fingerprint.h): anything else can never equal a fingerprint, so
// accepting it would hide nothing while the user believes it does.
bool is_fingerprint(const std::string& s) {
  if (s.size() != 32) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// Checks that `value` (found at `where`) is a fingerprint and appends it.
Status take_fingerprint(const Json& value, const std::string& where, std::vector<std::string>* out) {
  if (!value.is_string()) {
    return Status::error(where + " is " + (value.is_null() ? "null" : std::string("a ") + value.type_name()) +
                         ", not a string");
  }
  const std::string& fp = value.get_ref<const std::string&>();
  if (!is_fingerprint(fp)) {
    return Status::error(where + " is not a keysweep fingerprint (32 lower-case hex digits)");
  }
  out->push_back(fp);
  return Status::ok();
}

Status read_json_report(const Json& doc, std::vector<std::string>* out) {
  if (auto v = doc.find("keysweep_json_version"); v != doc.end() && *v != Json(1)) {
    return Status::error("keysweep_json_version " + v->dump() + " is not supported (this keysweep reads 1)");
  }
  const Json& findings = doc.at("findings");
  if (!findings.is_array()) return Status::error("findings is not an array");
  for (size_t i = 0; i < findings.size(); ++i) {
    const std::string where = "findings[" + std::to_string(i) + "]";
    const Json& f = findings[i];
    if (!f.is_object()) return Status::error(where + " is not an object");
    auto fp = f.find("fingerprint");
    if (fp == f.end()) return Status::error(where + " has no fingerprint");
    if (Status st = take_fingerprint(*fp, where + ".fingerprint", out); !st) return st;
  }
  return Status::ok();
}

bool is_keysweep_run(const Json& run) {
  auto tool = run.find("tool");
  if (tool == run.end() || !tool->is_object()) return false;
  auto driver = tool->find("driver");
  if (driver == tool->end() || !driver->is_object()) return false;
  auto name = driver->find("name");
  return name != driver->end() && *name == Json("keysweep");
}

Status read_sarif_log(const Json& doc, std::vector<std::string>* out) {
  const Json& runs = doc.at("runs");
  if (!runs.is_array()) return Status::error("runs is not an array");
  for (size_t r = 0; r < runs.size(); ++r) {
    const std::string run_where = "runs[" + std::to_string(r) + "]";
    const Json& run = runs[r];
    if (!run.is_object()) return Status::error(run_where + " is not an object");
    if (!is_keysweep_run(run)) continue;  // another tool's run in a merged log
    auto results = run.find("results");
    if (results == run.end() || !results->is_array()) {
      return Status::error(run_where + ".results is missing or not an array");
    }
    for (size_t i = 0; i < results->size(); ++i) {
      const std::string where = run_where + ".results[" + std::to_string(i) + "]";
      const Json& result = (*results)[i];
      if (!result.is_object()) return Status::error(where + " is not an object");
      auto pf = result.find("partialFingerprints");
      if (pf == result.end() || !pf->is_object()) {
        return Status::error(where + " has no partialFingerprints object");
      }
      auto fp = pf->find("keysweep/v1");
      if (fp == pf->end()) return Status::error(where + " has no partialFingerprints[\"keysweep/v1\"]");
      if (Status st = take_fingerprint(*fp, where + ".partialFingerprints[\"keysweep/v1\"]", out); !st) return st;
    }
  }
  return Status::ok();
}

}  // namespace

Status parse_baseline(std::string_view text, const std::string& label, std::vector<std::string>* fingerprints) {
  const std::string name = "baseline '" + label + "'";
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Status::error(name + " is empty (a baseline is an earlier --format json or sarif report)");
  }
  const Json doc = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object() || (!doc.contains("findings") && !doc.contains("runs"))) {
    return Status::error(name + " is not a keysweep JSON or SARIF report");
  }
  std::vector<std::string> found;
  Status st = doc.contains("findings") ? read_json_report(doc, &found) : read_sarif_log(doc, &found);
  if (!st) return st.with_context(name);
  fingerprints->insert(fingerprints->end(), found.begin(), found.end());
  return Status::ok();
}

}  // namespace keysweep
