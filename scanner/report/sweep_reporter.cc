#include "scanner/report/sweep_reporter.h"

#include <algorithm>
#include <ctime>

#include <nlohmann/json.hpp>

#include "scanner/finding/redact.h"
#include "scanner/report/json_stream.h"
#include "scanner/report/sarif_reporter.h"

namespace keysweep {
namespace {

using Json = nlohmann::ordered_json;

std::string shown_secret(const SecretGroup& g, const SweepOptions& o) {
  return o.show_secrets ? g.secret : redact_secret(g.secret);
}

// A line or an identity with every secret on it masked (unless show_secrets).
std::string shown_line(const SecretGroup& g, const SweepOptions& o) {
  if (o.show_secrets) return g.line_text;
  return redact_masked(g.line_text, 0, g.line_text.size(), g.line_masks, g.secret);
}
std::string shown_identity(const SecretGroup& g, const std::string& s, const SweepOptions& o) {
  return o.show_secrets || g.secret.empty() ? s : redact_line(s, g.secret);
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const std::string& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

const char* kUrgencyName[] = {"pushed, still present", "pushed, removed", "local only, still present",
                              "local only, removed"};

std::string short_id(const std::string& id) { return id.substr(0, 12); }

// Seconds since the epoch of an ISO 8601 UTC date ("2026-12-02T03:04:05Z"); -1 if it is not one.
int64_t epoch_of(const std::string& iso) {
  std::tm tm{};
  if (!strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm)) return -1;
  return static_cast<int64_t>(timegm(&tm));
}

// " (34 days)": from `since` to `until`, or to now when `until` is empty (text only: JSON and
// Markdown carry the dates, never the clock).
std::string exposed_days(const std::string& since, const std::string& until) {
  const int64_t a = epoch_of(since);
  const int64_t b = until.empty() ? static_cast<int64_t>(std::time(nullptr)) : epoch_of(until);
  if (a < 0 || b < a) return "";
  const int64_t days = (b - a) / 86400;
  return " (" + std::to_string(days) + (days == 1 ? " day)" : " days)");
}

// Markdown table cells: no '|' or line break inside, code spans for values.
std::string md_cell(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out;
}
std::string md_code(const std::string& s) {
  std::string fence = s.find('`') == std::string::npos ? "`" : "``";
  return fence + (fence.size() > 1 ? " " : "") + md_cell(s) + (fence.size() > 1 ? " " : "") + fence;
}

const char* kPurgeCommands[] = {
    "git clone --mirror REPO_URL repo-purge.git && cd repo-purge.git",
    "git filter-repo --replace-text PURGE_FILE",
    "git reflog expire --expire=now --all && git gc --prune=now --aggressive",
    "git push --force --mirror origin",
};
const char* kPurgeImplies[] = {
    "every commit from the first one that held a secret onwards gets a new id: open pull requests, "
    "signed commits and references to commit ids break",
    "every rewritten branch and tag must be force-pushed, and every collaborator must re-clone "
    "(a pull or rebase would bring the old commits back)",
    "every existing clone and fork keeps the old objects: the purge limits further spread, it does not "
    "undo the leak",
    "hosted caches (pull-request refs, forks, the host's cached views) are purged only by the host "
    "(GitHub: contact support; GitLab: the project's cleanup)",
    "rotation is still required: the secret was exposed, and rewriting history does not un-expose it",
};
const char* kVerify =
    "in the rewritten repository, `git reflog expire --expire=now --all && git gc --prune=now`, then "
    "`keysweep sweep --unreachable .` (which also reads reflogs, dangling commits and blobs no commit "
    "holds): expect no secrets";

Json exposure_json(const SecretGroup& g) {
  const SecretExposure& e = g.exposure;
  return {{"pushed", e.pushed()}, {"in_head", e.in_head}, {"in_index", e.in_index},
          {"in_worktree", e.in_worktree}, {"branches", e.branches}, {"tags", e.tags},
          {"remotes", e.remotes}, {"other_refs", e.other_refs}, {"reflogs", e.reflogs},
          {"unreachable_blob", e.unreachable_blob},
          {"exposed_since", g.date.empty() ? Json(nullptr) : Json(g.date)},
          {"exposed_until", e.exposed_until.empty() ? Json(nullptr) : Json(e.exposed_until)},
          {"summary", exposure_summary(g)}};
}

// Whether any secret is in the history (or an unreachable object): only then is there something to purge.
bool any_committed(const SweepReport& r) {
  return std::any_of(r.groups.begin(), r.groups.end(),
                     [](const SecretGroup& g) { return !g.commit.empty() || g.exposure.unreachable_blob; });
}

void write_text(std::ostream& out, const SweepReport& r, const SweepOptions& o) {
  out << "keysweep sweep: " << r.groups.size() << " unique secret" << (r.groups.size() == 1 ? "" : "s")
      << " (" << r.commits << " commits, " << r.blobs << " blobs, " << r.staged_files << " staged and "
      << r.worktree_files << " work-tree files scanned)\n";
  for (size_t i = 0; i < r.groups.size(); ++i) {
    const SecretGroup& g = r.groups[i];
    const Remedy& m = r.remedies[i];
    out << "\n" << (i + 1) << ". " << m.title << ": " << shown_secret(g, o) << "  [" << severity_name(g.severity)
        << "] " << kUrgencyName[urgency(g)] << "\n";
    out << "   rules: " << join(g.rules, ", ") << "\n";
    out << "   exposure: " << exposure_summary(g) << "\n";
    if (!g.date.empty()) {
      out << "   exposed: " << g.date.substr(0, 10) << " to "
          << (g.exposure.exposed_until.empty() ? std::string("now") : g.exposure.exposed_until.substr(0, 10));
      out << exposed_days(g.date, g.exposure.exposed_until) << "\n";
    }
    if (!g.commit.empty()) {
      out << "   introduced: " << short_id(g.commit) << " " << g.date << " by " << shown_identity(g, g.author, o) << " <"
          << shown_identity(g, g.email, o) << "> in " << g.path << "\n";
    }
    for (const SecretPath& p : g.paths) {
      out << "   at " << p.path << ":" << p.line;
      if (p.introductions) out << " (introduced by " << p.introductions << " commit" << (p.introductions == 1 ? "" : "s") << ")";
      if (!p.removed_in.empty()) {
        out << "; last in " << short_id(p.last_commit) << ", removed by " << short_id(p.removed_in) << " "
            << p.removed_date;
      } else if (!p.last_commit.empty()) {
        out << "; in " << p.mainline_commits << " commit" << (p.mainline_commits == 1 ? "" : "s")
            << " of HEAD's line, still in HEAD";
      }
      if (p.in_index) out << " [staged]";
      if (p.in_worktree) out << " [work tree]";
      out << "\n";
    }
    if (g.paths_dropped) out << "   ... and " << g.paths_dropped << " more paths\n";
    out << "   line: " << shown_line(g, o) << "\n";
    out << "   rotate:\n";
    for (size_t k = 0; k < m.rotate.size(); ++k) out << "     " << (k + 1) << ". " << m.rotate[k] << "\n";
  }
  if (!r.groups.empty() && !any_committed(r)) {
    out << "\nNone of them was committed: there is no history to purge. Remove them from the files (and the "
           "index) and load them at run time.\n";
  } else if (!r.groups.empty()) {
    out << "\nPurge (after rotating):\n";
    for (const char* c : kPurgeCommands) out << "  " << c << "\n";
    if (!r.purge_plan.empty()) out << "  (PURGE_FILE: " << r.purge_plan << ", mode 0600: it holds the raw secrets)\n";
    else out << "  (write PURGE_FILE with --purge-plan FILE)\n";
    out << "What the purge implies:\n";
    for (const char* c : kPurgeImplies) out << "  - " << c << "\n";
    out << "Verify: " << kVerify << "\n";
  }
  if (r.reach_unknown) {
    out << "\n" << r.reach_unknown << " introducing commits past 65,536 were not checked for the refs that reach them\n";
  }
  if (r.capped) out << "\n" << r.capped << " findings past 100 of one rule in one file were not looked at\n";
  if (r.groups_dropped) out << "\n" << r.groups_dropped << " findings of further secrets were not grouped (limit " << kMaxGroups << ")\n";
  for (const std::string& e : r.errors) out << "error: " << e << "\n";
}

void write_markdown(std::ostream& out, const SweepReport& r, const SweepOptions& o) {
  out << "# Secret sweep\n\n";
  out << r.groups.size() << " unique secret" << (r.groups.size() == 1 ? "" : "s") << " found by keysweep "
      << o.tool_version << " in " << r.commits << " commits, " << r.blobs << " blobs, " << r.staged_files
      << " staged and " << r.worktree_files << " work-tree files.\n\n";
  if (!r.groups.empty()) {
    out << "| # | Secret | Kind | Severity | Exposure | Introduced | Removed | Paths |\n";
    out << "| --- | --- | --- | --- | --- | --- | --- | --- |\n";
    for (size_t i = 0; i < r.groups.size(); ++i) {
      const SecretGroup& g = r.groups[i];
      std::vector<std::string> paths;
      for (const SecretPath& p : g.paths) paths.push_back(md_code(p.path));
      out << "| " << (i + 1) << " | " << md_code(shown_secret(g, o)) << " | " << md_cell(r.remedies[i].title) << " | "
          << severity_name(g.severity) << " | " << md_cell(exposure_summary(g)) << " | "
          << (g.commit.empty() ? std::string("not committed") : md_code(short_id(g.commit)) + " " + g.date) << " | "
          << (g.date.empty() ? std::string("-") : g.exposure.exposed_until.empty() ? std::string("still")
                                                                                  : g.exposure.exposed_until) << " | "
          << join(paths, ", ") << " |\n";
    }
    out << "\n## Plan\n\n";
    for (size_t i = 0; i < r.groups.size(); ++i) {
      const SecretGroup& g = r.groups[i];
      out << "### " << (i + 1) << ". " << md_cell(r.remedies[i].title) << " " << md_code(shown_secret(g, o)) << "\n\n";
      out << "Rules: " << md_code(join(g.rules, ", ")) << ". Exposure: " << md_cell(exposure_summary(g)) << ".\n\n";
      for (const std::string& step : r.remedies[i].rotate) out << "- [ ] " << md_cell(step) << "\n";
      out << "\n";
    }
    out << "### Purge\n\n";
    if (!any_committed(r)) {
      out << "None of them was committed: there is no history to purge. Remove them from the files (and the "
             "index) and load them at run time.\n";
    } else {
      for (const char* c : kPurgeCommands) out << "- [ ] `" << c << "`\n";
      if (!r.purge_plan.empty()) {
        out << "\n`PURGE_FILE` is " << md_code(r.purge_plan) << " (mode 0600: it holds the raw secrets).\n";
      }
      out << "\nWhat the purge implies:\n\n";
      for (const char* c : kPurgeImplies) out << "- " << c << "\n";
      out << "\n### Verify\n\n- [ ] " << kVerify << "\n";
    }
  }
  for (const std::string& e : r.errors) out << "\n**Error:** " << md_cell(e) << "\n";
}

void write_json(std::ostream& out, const SweepReport& r, const SweepOptions& o) {
  Json j;
  j["keysweep_sweep_version"] = 1;
  j["tool"] = {{"name", "keysweep"}, {"version", o.tool_version}};
  Json secrets = Json::array();
  for (size_t i = 0; i < r.groups.size(); ++i) {
    const SecretGroup& g = r.groups[i];
    const Remedy& m = r.remedies[i];
    Json s;
    s["secret"] = shown_secret(g, o);
    s["redacted"] = !o.show_secrets;
    s["kind"] = m.kind;
    s["title"] = m.title;
    s["rules"] = g.rules;
    s["severity"] = severity_name(g.severity);
    s["urgency"] = urgency(g);
    s["line_text"] = shown_line(g, o);
    Json intro = nullptr;
    if (!g.commit.empty()) {
      intro = {{"commit", g.commit}, {"author", shown_identity(g, g.author, o)},
               {"email", shown_identity(g, g.email, o)}, {"date", g.date}, {"path", g.path}};
    }
    s["introduced"] = intro;
    Json paths = Json::array();
    for (const SecretPath& p : g.paths) {
      paths.push_back({{"path", p.path}, {"line", p.line}, {"introductions", p.introductions},
                       {"first_commit", p.first_commit}, {"first_date", p.first_date},
                       {"in_index", p.in_index}, {"in_worktree", p.in_worktree},
                       {"mainline_commits", p.mainline_commits},
                       {"last_commit", p.last_commit.empty() ? Json(nullptr) : Json(p.last_commit)},
                       {"removed_in", p.removed_in.empty() ? Json(nullptr) : Json(p.removed_in)},
                       {"removed_date", p.removed_date.empty() ? Json(nullptr) : Json(p.removed_date)}});
    }
    s["paths"] = paths;
    s["paths_dropped"] = g.paths_dropped;
    s["commits"] = g.commits;
    s["blobs"] = g.blobs;
    s["fingerprint"] = g.fingerprint;
    s["exposure"] = exposure_json(g);
    s["rotate"] = m.rotate;
    secrets.push_back(std::move(s));
  }
  j["secrets"] = std::move(secrets);
  j["purge"] = {{"plan_file", r.purge_plan.empty() ? Json(nullptr) : Json(r.purge_plan)},
                {"commands", std::vector<std::string>(std::begin(kPurgeCommands), std::end(kPurgeCommands))},
                {"implies", std::vector<std::string>(std::begin(kPurgeImplies), std::end(kPurgeImplies))},
                {"verify", kVerify}};
  j["summary"] = {{"secrets", r.groups.size()}, {"groups_dropped", r.groups_dropped}, {"capped", r.capped},
                  {"reach_unknown", r.reach_unknown},
                  {"commits", r.commits},
                  {"blobs", r.blobs}, {"staged_files", r.staged_files}, {"worktree_files", r.worktree_files},
                  {"errors", r.errors}};
  write_nested_json(out, j, 0);
  out << "\n";
}

void write_sarif(std::ostream& out, const SweepReport& r, const SweepOptions& o) {
  Json driver;
  driver["name"] = "keysweep";
  driver["informationUri"] = SarifReporter::kInformationUri;
  if (!o.tool_version.empty()) {
    driver["semanticVersion"] = o.tool_version;
    driver["version"] = o.tool_version;
  }
  driver["rules"] = Json::array();
  std::vector<std::string> ids;
  for (const Rule& rule : r.rules) {
    driver["rules"].push_back(SarifReporter::rule_entry(rule.id, rule.description, rule.severity, rule.fallback));
    ids.push_back(rule.id);
  }
  Json results = Json::array();
  for (size_t i = 0; i < r.groups.size(); ++i) {
    const SecretGroup& g = r.groups[i];
    const std::string& rule_id = g.rules.front();
    Json res;
    res["ruleId"] = rule_id;
    const auto at = std::lower_bound(ids.begin(), ids.end(), rule_id);
    if (at != ids.end() && *at == rule_id) res["ruleIndex"] = static_cast<size_t>(at - ids.begin());
    res["level"] = SarifReporter::level(g.severity);
    res["message"]["text"] = r.remedies[i].title + " " + shown_secret(g, o) + ": " + exposure_summary(g) + ".";
    Json locations = Json::array();
    for (const SecretPath& p : g.paths) {
      Json loc;
      loc["physicalLocation"]["artifactLocation"] = SarifReporter::artifact(p.path);
      loc["physicalLocation"]["region"]["startLine"] = std::max<uint32_t>(1, p.line);
      if (!p.first_commit.empty()) loc["message"]["text"] = "introduced in commit " + p.first_commit;
      else if (p.in_index) loc["message"]["text"] = "staged";
      else if (p.in_worktree) loc["message"]["text"] = "in the work tree";
      locations.push_back(std::move(loc));
    }
    res["locations"] = std::move(locations);
    res["partialFingerprints"]["keysweep/v1"] = g.fingerprint;
    res["properties"]["rules"] = g.rules;
    res["properties"]["kind"] = r.remedies[i].kind;
    res["properties"]["urgency"] = urgency(g);
    res["properties"]["exposure"] = exposure_json(g);
    res["properties"]["rotate"] = r.remedies[i].rotate;
    if (!g.commit.empty()) {
      res["properties"]["introduced"] = {{"commit", g.commit}, {"author", shown_identity(g, g.author, o)},
                                         {"email", shown_identity(g, g.email, o)}, {"date", g.date},
                                         {"path", g.path}};
    }
    results.push_back(std::move(res));
  }
  Json invocation;
  invocation["executionSuccessful"] = r.errors.empty();
  if (!r.errors.empty()) {
    Json notes = Json::array();
    for (const std::string& e : r.errors) notes.push_back({{"level", "error"}, {"message", {{"text", e}}}});
    invocation["toolExecutionNotifications"] = std::move(notes);
  }
  invocation["properties"] = {{"commits", r.commits}, {"blobs", r.blobs}, {"stagedFiles", r.staged_files},
                              {"worktreeFiles", r.worktree_files}, {"secrets", r.groups.size()}};
  Json run;
  run["tool"]["driver"] = std::move(driver);
  run["invocations"] = Json::array({std::move(invocation)});
  run["results"] = std::move(results);
  Json doc;
  doc["$schema"] = SarifReporter::kSchemaUri;
  doc["version"] = "2.1.0";
  doc["runs"] = Json::array({std::move(run)});
  write_nested_json(out, doc, 0);
  out << "\n";
}

}  // namespace

std::string exposure_summary(const SecretGroup& g) {
  const SecretExposure& e = g.exposure;
  std::vector<std::string> parts;
  if (e.pushed()) parts.push_back("pushed (" + join(e.remotes, ", ") + ")");
  std::vector<std::string> present;
  if (e.in_head) present.push_back("HEAD");
  if (e.in_index) present.push_back("the index");
  if (e.in_worktree) present.push_back("the work tree");
  if (!present.empty()) parts.push_back("in " + join(present, ", "));
  if (!e.branches.empty()) parts.push_back("branches " + join(e.branches, ", "));
  if (!e.tags.empty()) parts.push_back("tags " + join(e.tags, ", "));
  if (!e.other_refs.empty()) parts.push_back((e.pushed() || !e.branches.empty() || !e.tags.empty() ? "also " : "only in ") +
                                             join(e.other_refs, ", "));
  if (!e.reflogs.empty()) parts.push_back((parts.empty() ? "only in reflog entries " : "reflog entries ") + join(e.reflogs, ", "));
  if (e.unreachable_blob) parts.push_back(parts.empty() ? "only in a blob no commit holds" : "in a blob no commit holds");
  if (parts.empty()) return g.commit.empty() ? "nowhere known" : "only in commits no ref or reflog reaches (dangling)";
  if (!e.pushed()) parts.insert(parts.begin(), "local only");
  return join(parts, "; ");
}

void write_sweep_report(std::ostream& out, const std::string& format, const SweepReport& report,
                        const SweepOptions& options) {
  if (format == "json") write_json(out, report, options);
  else if (format == "sarif") write_sarif(out, report, options);
  else if (format == "markdown") write_markdown(out, report, options);
  else write_text(out, report, options);
}

}  // namespace keysweep
