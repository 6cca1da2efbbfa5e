#include "scanner/finding/secret_group.h"

#include <algorithm>
#include <tuple>
#include <unordered_map>

namespace keysweep {
namespace {

void add_sorted_unique(std::vector<std::string>* v, const std::string& s) {
  auto it = std::lower_bound(v->begin(), v->end(), s);
  if (it == v->end() || *it != s) v->insert(it, s);
}

}  // namespace

Grouped group_by_secret(const std::vector<Finding>& findings) {
  // Findings in a fixed order first (history by walk sequence, then index, then work tree;
  // within each by finding_less), so "the first place" does not depend on the input order.
  std::vector<const Finding*> order;
  order.reserve(findings.size());
  for (const Finding& f : findings) order.push_back(&f);
  const auto source_rank = [](const Finding& f) {
    const std::string& s = f.provenance.source;
    return s == "history" ? 0 : s == "staged" ? 1 : s == "dir" ? 2 : 3;
  };
  std::sort(order.begin(), order.end(), [&](const Finding* a, const Finding* b) {
    const int ra = source_rank(*a), rb = source_rank(*b);
    if (ra != rb) return ra < rb;
    if (a->provenance.sequence != b->provenance.sequence) return a->provenance.sequence < b->provenance.sequence;
    return finding_less(*a, *b);
  });

  Grouped out;
  std::unordered_map<std::string, size_t> by_secret;
  for (const Finding* f : order) {
    auto found = by_secret.find(f->secret);
    if (found == by_secret.end()) {
      if (out.groups.size() >= kMaxGroups) {
        ++out.dropped;
        continue;
      }
      found = by_secret.emplace(f->secret, out.groups.size()).first;
      SecretGroup g;
      g.secret = f->secret;
      g.line_text = f->line_text;
      g.line_masks = f->line_masks;
      out.groups.push_back(std::move(g));
    }
    SecretGroup& g = out.groups[found->second];
    const Provenance& p = f->provenance;
    if (std::find(g.rules.begin(), g.rules.end(), f->rule_id) == g.rules.end()) {
      add_sorted_unique(&g.rules, f->rule_id);
      if (g.rules.front() == f->rule_id) g.description = f->description;
    }
    g.severity = std::max(g.severity, f->severity);
    const bool history = p.source == "history";
    if (history && g.commit.empty()) {  // the first history place in walk order
      g.commit = p.commit;
      g.author = p.author;
      g.email = p.email;
      g.date = p.date;
      g.path = p.path;
      g.sequence = p.sequence;
      g.line_text = f->line_text;
      g.line_masks = f->line_masks;
    }
    if (!p.blob.empty()) add_sorted_unique(&g.blobs, p.blob);
    if (history && !p.commit.empty() && std::find(g.commits.begin(), g.commits.end(), p.commit) == g.commits.end()) {
      if (g.commits.size() < kMaxGroupCommits) g.commits.push_back(p.commit);  // walk order: order is sorted so
      else ++g.commits_dropped;
    }
    auto at = std::lower_bound(g.paths.begin(), g.paths.end(), p.path,
                               [](const SecretPath& sp, const std::string& path) { return sp.path < path; });
    if (at == g.paths.end() || at->path != p.path) {
      if (g.paths.size() >= kMaxGroupPaths) {
        ++g.paths_dropped;
        continue;
      }
      SecretPath sp;
      sp.path = p.path;
      sp.line = f->line;
      at = g.paths.insert(at, std::move(sp));
    }
    if (history) {
      // One finding per (path, introducing commit); several rules at one place count once.
      if (at->first_commit.empty()) {
        at->first_commit = p.commit;
        at->first_date = p.date;
        at->introductions = 1;
      } else if (at->first_commit != p.commit) {
        ++at->introductions;
      }
    } else if (p.source == "staged") {
      at->in_index = true;
      g.exposure.in_index = true;
    } else if (p.source == "unreachable") {
      g.exposure.unreachable_blob = true;
    } else {
      at->in_worktree = true;
      g.exposure.in_worktree = true;
    }
  }
  return out;
}

void add_reach(SecretExposure* e, Reach kind, std::string name) {
  std::vector<std::string>* into = kind == Reach::kBranch   ? &e->branches
                                   : kind == Reach::kTag    ? &e->tags
                                   : kind == Reach::kRemote ? &e->remotes
                                   : kind == Reach::kReflog ? &e->reflogs
                                                            : &e->other_refs;
  into->push_back(std::move(name));
}

void settle_exposure(SecretGroup* g) {
  SecretExposure& e = g->exposure;
  if (!e.branches.empty() || !e.tags.empty() || !e.remotes.empty() || !e.other_refs.empty()) e.reflogs.clear();
  e.exposed_until.clear();
  if (e.in_head || e.in_index || e.in_worktree) return;
  for (const SecretPath& p : g->paths) {
    if (p.removed_date > e.exposed_until) e.exposed_until = p.removed_date;
  }
}

int urgency(const SecretGroup& g) {
  const SecretExposure& e = g.exposure;
  const bool present = e.in_head || e.in_index || e.in_worktree;
  if (e.pushed()) return present ? 0 : 1;
  return present ? 2 : 3;
}

void sort_by_urgency(std::vector<SecretGroup>* groups) {
  std::sort(groups->begin(), groups->end(), [](const SecretGroup& a, const SecretGroup& b) {
    const int ua = urgency(a), ub = urgency(b);
    if (ua != ub) return ua < ub;
    if (a.severity != b.severity) return a.severity > b.severity;
    // Committed before never committed; then walk order.
    const uint32_t sa = a.sequence ? a.sequence : UINT32_MAX, sb = b.sequence ? b.sequence : UINT32_MAX;
    if (sa != sb) return sa < sb;
    const std::string& pa = a.paths.empty() ? a.path : a.paths.front().path;
    const std::string& pb = b.paths.empty() ? b.path : b.paths.front().path;
    return std::tie(pa, a.secret) < std::tie(pb, b.secret);
  });
}

}  // namespace keysweep
