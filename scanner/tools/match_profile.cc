// Developer tool: where the matcher spends its time on a tree of real files, per rule.
//
// Reads every regular file under the given paths (no .git/, no symbolic links, none over
// 10 MB, none with a NUL byte in its first 8,000 bytes: what `keysweep dir` skips), keeps them
// in memory, then matches them `--rounds` times with one Matcher over the default pack, counting
// (match/matcher.h, MatchStats): prefilter hits per rule, the regex windows and their bytes, RE2
// calls and candidates, what the byte checks kept, and the time in each stage. The scan itself
// (no reading, no placing, no report) is timed once more with counting off, for the MB/s figure.
//
// With --hs-cost it also compiles each rule's prefilter patterns (as its plan says: the regex,
// the regex in prefilter mode, or its keywords) into a database of their own and times one
// Vectorscan scan of every file: which rules make the shared database slow. Patterns do not
// cost the same alone as together, so read these as a ranking, not as parts of a sum.
//
// Usage: keysweep_match_profile [--rounds N] [--top N] [--hs-cost] [--hs-leave-out]
//        [--hs-without ID,...] [--hs-keywords] [--no-gate] PATH...
// --rounds 0 runs the first pass only, and --no-precompile leaves each regex to compile when the
// first pass needs it, as in a scan (for counting instructions under callgrind).
// Output: a summary, then one line per rule with any hit or time, the costliest first.
#include <hs/hs.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "scanner/finding/path_gate.h"
#include "scanner/match/matcher.h"
#include "scanner/ruleset/embedded_db.h"
#include "scanner/ruleset/ruleset.h"

namespace {

using keysweep::Chunk;
using keysweep::MatchSet;
using keysweep::MatchStats;

constexpr uintmax_t kMaxFileBytes = 10u << 20;
constexpr size_t kBinaryProbe = 8000;

// CPU time of this thread, in seconds: on a shared machine it moves far less than wall time.
double cpu_now() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

void read_tree(const std::filesystem::path& root, std::vector<std::string>* files, std::vector<std::string>* names) {
  namespace fs = std::filesystem;
  auto add = [&](const fs::path& p) {
    std::error_code ec;
    if (!fs::is_regular_file(fs::symlink_status(p, ec)) || fs::file_size(p, ec) > kMaxFileBytes) return;
    std::ifstream in(p, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.substr(0, kBinaryProbe).find('\0') != std::string::npos) return;
    files->push_back(std::move(bytes));
    std::error_code rel_ec;
    const fs::path rel = fs::relative(p, fs::is_directory(root, rel_ec) ? root : root.parent_path(), rel_ec);
    names->push_back(rel_ec || rel.empty() ? p.filename().string() : rel.generic_string());
  };
  std::error_code ec;
  if (!fs::is_directory(fs::symlink_status(root, ec))) {
    add(root);
    return;
  }
  for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (it->is_directory() && it->path().filename() == ".git") {
      it.disable_recursion_pending();
      continue;
    }
    add(it->path());
  }
}

std::string escape_literal(const std::string& lit) {
  std::string out;
  for (unsigned char c : lit) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\x%02x", c);
    out += buf;
  }
  return out;
}

int count_hit(unsigned int, unsigned long long, unsigned long long, unsigned int, void* ctx) {
  ++*static_cast<uint64_t*>(ctx);
  return 0;
}

void add_patterns(const keysweep::CompiledRule& rule, std::vector<std::string>* exprs, std::vector<unsigned>* flags) {
  switch (rule.plan.mode) {
    case keysweep::PrefilterMode::kExact:
    case keysweep::PrefilterMode::kApprox:
      exprs->push_back(rule.rule.regex);
      flags->push_back(rule.plan.mode == keysweep::PrefilterMode::kApprox ? HS_FLAG_PREFILTER : 0);
      break;
    case keysweep::PrefilterMode::kPattern:
      exprs->push_back(rule.rule.prefilter);
      flags->push_back(0);
      break;
    case keysweep::PrefilterMode::kKeywords:
      for (const std::string& kw : rule.rule.keywords) {
        exprs->push_back(escape_literal(kw));
        flags->push_back(HS_FLAG_CASELESS);
      }
      break;
    case keysweep::PrefilterMode::kAlways:
      break;
  }
}

// Seconds for one Vectorscan scan of every file with the patterns of `rules` (indices) alone,
// compiled as their plans say; < 0 if there are none.
double hs_cost(const std::vector<std::string>& exprs, const std::vector<unsigned>& flags,
               const std::vector<std::string>& files, uint64_t* hits) {
  if (exprs.empty()) return -1;
  std::vector<const char*> cexprs;
  std::vector<unsigned> ids;
  for (size_t i = 0; i < exprs.size(); ++i) {
    cexprs.push_back(exprs[i].c_str());
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(cexprs.data(), flags.data(), ids.data(), static_cast<unsigned>(exprs.size()),
                       HS_MODE_BLOCK, nullptr, &db, &err) != HS_SUCCESS) {
    hs_free_compile_error(err);
    return -1;
  }
  hs_scratch_t* scratch = nullptr;
  if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS) {
    hs_free_database(db);
    return -1;
  }
  double best = 1e30;
  for (int round = 0; round < 5; ++round) {
    *hits = 0;
    const double t0 = cpu_now();
    for (const std::string& f : files) {
      hs_scan(db, f.data(), static_cast<unsigned>(f.size()), 0, scratch, &count_hit, hits);
    }
    best = std::min(best, cpu_now() - t0);
  }
  hs_free_scratch(scratch);
  hs_free_database(db);
  return best;
}

double hs_cost(const keysweep::RuleSet& set, const std::vector<size_t>& rules, const std::vector<std::string>& files,
               uint64_t* hits) {
  std::vector<std::string> exprs;
  std::vector<unsigned> flags;
  for (size_t r : rules) add_patterns(set.rules()[r], &exprs, &flags);
  return hs_cost(exprs, flags, files, hits);
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 1;
  size_t top = 40;
  bool with_hs_cost = false;
  bool leave_out = false;
  bool keywords_only = false;
  bool precompile = true;
  bool use_gate = true;
  std::string without;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--rounds" && i + 1 < argc) {
      rounds = std::max(0, std::atoi(argv[++i]));
    } else if (a == "--top" && i + 1 < argc) {
      top = static_cast<size_t>(std::max(1, std::atoi(argv[++i])));
    } else if (a == "--hs-cost") {
      with_hs_cost = true;
    } else if (a == "--hs-without" && i + 1 < argc) {
      without = argv[++i];
    } else if (a == "--no-precompile") {
      precompile = false;  // the first pass then includes compiling what it needs
    } else if (a == "--no-gate") {
      use_gate = false;  // every rule on every file, whatever its path
    } else if (a == "--hs-keywords") {
      keywords_only = true;
    } else if (a == "--hs-leave-out") {
      leave_out = true;
    } else if (!a.empty() && a[0] == '-') {
      std::cerr << "usage: keysweep_match_profile [--rounds N] [--top N] [--hs-cost] [--hs-leave-out] [--hs-without ID,...] [--hs-keywords] [--no-precompile] [--no-gate] PATH...\n";
      return 2;
    } else {
      paths.push_back(a);
    }
  }
  if (paths.empty()) {
    std::cerr << "usage: keysweep_match_profile [--rounds N] [--top N] [--hs-cost] [--hs-leave-out] [--hs-without ID,...] [--hs-keywords] [--no-precompile] [--no-gate] PATH...\n";
    return 2;
  }
  keysweep::RuleSetOptions opts;
  opts.embedded_db = keysweep::embedded_prefilter_db();
  opts.validate_defaults = false;
  auto rules = keysweep::RuleSet::build(keysweep::Config{}, opts);
  if (!rules) {
    std::cerr << "keysweep_match_profile: " << rules.status().message() << "\n";
    return 2;
  }
  auto matcher = keysweep::Matcher::create(*rules);
  if (!matcher) {
    std::cerr << "keysweep_match_profile: " << matcher.status().message() << "\n";
    return 2;
  }
  std::vector<std::string> files, names;
  for (const std::string& p : paths) read_tree(p, &files, &names);
  uint64_t total = 0;
  for (const std::string& f : files) total += f.size();
  const double mb = static_cast<double>(total) / 1e6;
  // Fresh chunks for every round: a chunk keeps its line index once built. Each file's gate
  // (finding/path_gate.h) leaves out the rules limited to other paths, as a scan does, unless
  // --no-gate; the paths are relative to the named folder.
  std::vector<Chunk> chunks;
  std::vector<const std::string*> name_ptrs;
  for (const std::string& name : names) name_ptrs.push_back(&name);
  std::vector<std::unique_ptr<keysweep::PathGate>> gates;
  auto fresh_chunks = [&] {
    chunks.clear();
    chunks.reserve(files.size());
    gates.clear();
    for (size_t i = 0; i < files.size(); ++i) {
      chunks.emplace_back(files[i], keysweep::Provenance{"profile", "dir"});
      if (use_gate) gates.push_back(std::make_unique<keysweep::PathGate>(**rules, std::vector<const std::string*>{name_ptrs[i]}));
    }
  };
  auto gate_of = [&](size_t i) -> const keysweep::RuleGate* { return use_gate ? gates[i].get() : nullptr; };
  fresh_chunks();

  MatchSet out;
  uint64_t matches = 0;
  // The first pass is what one run pays: each regex the tree needs compiles on first use, and
  // RE2 builds its DFA states as the text asks for them. Later passes reuse both.
  // Compile every regex first, timed, so that the first pass below shows only RE2's DFA work.
  std::vector<double> compile_ms((*rules)->rules().size());
  double compile_total = 0;
  for (size_t i = 0; precompile && i < (*rules)->rules().size(); ++i) {
    const double t0 = cpu_now();
    const keysweep::CompiledRule& c = (*rules)->rules()[i];
    // The form the matcher searches with first: anchored (matcher.h, kAnchoredMaxText) unless
    // the rule's windows are long.
    const bool anchored =
        (c.one_line || c.plan.max_width <= keysweep::Matcher::kAnchoredMaxText / 2) && c.regex->anchored();
    if (!anchored) (void)c.regex->get();
    (void)c.regex->groups(anchored);
    compile_ms[i] = (cpu_now() - t0) * 1e3;
    compile_total += compile_ms[i];
  }
  MatchStats cold;
  (*matcher)->set_stats(&cold);
  const double t_cold = cpu_now();
  for (size_t i = 0; i < chunks.size(); ++i) {
    if (!(*matcher)->scan(chunks[i], &out, gate_of(i))) return 2;
    matches += out.matches.size();
  }
  const double cold_secs = cpu_now() - t_cold;
  (*matcher)->set_stats(nullptr);
  double plain = 1e30;
  for (int r = 0; r < rounds; ++r) {
    fresh_chunks();
    const double t0 = cpu_now();
    for (size_t i = 0; i < chunks.size(); ++i) (void)(*matcher)->scan(chunks[i], &out, gate_of(i));
    plain = std::min(plain, cpu_now() - t0);
  }
  MatchStats stats;
  (*matcher)->set_stats(&stats);
  for (int r = 0; r < rounds; ++r) {
    fresh_chunks();
    for (size_t i = 0; i < chunks.size(); ++i) (void)(*matcher)->scan(chunks[i], &out, gate_of(i));
  }
  (*matcher)->set_stats(nullptr);

  if (rounds == 0) stats = cold;  // the table then shows the first pass
  const double n = std::max(rounds, 1);
  const auto ms = [&](uint64_t nanos) { return static_cast<double>(nanos) / 1e6 / n; };
  uint64_t rule_nanos = 0;
  for (const MatchStats::Rule& r : stats.rules) rule_nanos += r.nanos;
  std::printf("%zu files, %.1f MB, %llu matches (before placing)\n", files.size(), mb,
              static_cast<unsigned long long>(matches));
  uint64_t cold_rule_nanos = 0;
  for (const MatchStats::Rule& r : cold.rules) cold_rule_nanos += r.nanos;
  std::printf("first pass (regexes compile, DFAs fill): %.1f ms, %.0f MB/s; prefilter %.1f ms, rules %.1f ms\n",
              cold_secs * 1e3, mb / cold_secs, static_cast<double>(cold.prefilter_nanos) / 1e6,
              static_cast<double>(cold_rule_nanos) / 1e6);
  std::printf("compiling every rule's regex (before the first pass): %.1f ms\n", compile_total);
  if (rounds > 0) {
    std::printf("matcher alone, counting off: %.1f ms, %.0f MB/s (best of %d)\n", plain * 1e3, mb / plain, rounds);
  }
  std::printf("counting on, per round: prefilter %.1f ms, line index %.1f ms, rules %.1f ms, finish %.1f ms\n",
              ms(stats.prefilter_nanos), ms(stats.line_index_nanos), ms(rule_nanos), ms(stats.finish_nanos));

  if (with_hs_cost || leave_out) {
    uint64_t hits = 0;
    const double floor = hs_cost({"qzqzjxjxvkvk"}, {0}, files, &hits);
    std::printf("Vectorscan floor (one literal that never fires, one scan per file): %.1f ms\n", floor * 1e3);
  }
  std::vector<size_t> order;
  for (size_t i = 0; i < stats.rules.size(); ++i) {
    if (with_hs_cost || stats.rules[i].hits || cold.rules[i].nanos) order.push_back(i);
  }
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return stats.rules[a].nanos + cold.rules[a].nanos > stats.rules[b].nanos + cold.rules[b].nanos;
  });
  if (order.size() > top) order.resize(top);
  std::printf("\n%-34s %-8s %6s %9s %7s %6s %9s %8s %7s %6s %5s %7s %11s %8s\n", "rule", "mode", "width", "hits/MB",
              "chunks", "win/MB", "winKB/MB", "re2/MB", "cand", "kept", "ms", "cold-ms", "re2-compile", "hs-alone");
  for (size_t i : order) {
    const MatchStats::Rule& r = stats.rules[i];
    const keysweep::CompiledRule& rule = (*rules)->rules()[i];
    std::string hs = "";
    if (with_hs_cost) {
      uint64_t hits = 0;
      const double secs = hs_cost(**rules, {i}, files, &hits);
      hs = secs < 0 ? "-" : std::to_string(static_cast<int>(secs * 1e3)) + "ms";
    }
    const double per = n * mb;
    std::printf("%-34s %-8s %6s %9.1f %7.0f %6.1f %9.1f %8.1f %7.0f %6.0f %5.1f %7.1f %11.1f %8s\n", rule.rule.id.c_str(),
                keysweep::prefilter_mode_name(rule.plan.mode),
                rule.plan.max_width == keysweep::kUnboundedWidth ? "inf" : std::to_string(rule.plan.max_width).c_str(),
                r.hits / per, r.chunks / n, r.windows / per, r.window_bytes / 1e3 / per, r.regex_calls / per,
                r.regex_matches / n, r.kept / n, ms(r.nanos), static_cast<double>(cold.rules[i].nanos) / 1e6, compile_ms[i], hs.c_str());
  }
  if (keywords_only) {
    // Every rule's keywords as one literal database: what a literal-only prefilter would cost,
    // and how often each keyword fires.
    std::vector<std::string> exprs, kws;
    std::vector<unsigned> flags;
    for (const keysweep::CompiledRule& c : (*rules)->rules()) {
      for (const std::string& kw : c.rule.keywords) {
        if (std::find(kws.begin(), kws.end(), kw) != kws.end()) continue;
        kws.push_back(kw);
        exprs.push_back(escape_literal(kw));
        flags.push_back(HS_FLAG_CASELESS | HS_FLAG_SINGLEMATCH);
      }
    }
    uint64_t hits = 0;
    const double secs = hs_cost(exprs, flags, files, &hits);
    std::printf("\nVectorscan, every keyword (%zu literals, single match per file): %.1f ms\n", exprs.size(), secs * 1e3);
    for (unsigned& f : flags) f = HS_FLAG_CASELESS;
    const double all_secs = hs_cost(exprs, flags, files, &hits);
    std::printf("Vectorscan, every keyword, every hit: %.1f ms, %.0f hits/MB\n", all_secs * 1e3, static_cast<double>(hits) / mb);
    std::vector<std::pair<double, std::string>> per;
    for (size_t k = 0; k < kws.size(); ++k) {
      (void)hs_cost({exprs[k]}, {HS_FLAG_CASELESS}, files, &hits);
      per.emplace_back(static_cast<double>(hits) / mb, kws[k]);
    }
    std::sort(per.rbegin(), per.rend());
    for (size_t k = 0; k < per.size() && k < top; ++k) std::printf("  %-24s %9.1f hits/MB\n", per[k].second.c_str(), per[k].first);
  }
  if (leave_out) {
    // The whole database's scan, then the same without each rule file's rules: what each file
    // adds to the shared scan.
    std::vector<size_t> all;
    for (size_t i = 0; i < (*rules)->rules().size(); ++i) all.push_back(i);
    uint64_t hits = 0;
    const double whole = hs_cost(**rules, all, files, &hits);
    std::printf("\nVectorscan, every rule: %.1f ms (%.0f MB/s)\n", whole * 1e3, mb / whole);
    std::vector<std::string> sources;
    for (const keysweep::CompiledRule& c : (*rules)->rules()) {
      if (std::find(sources.begin(), sources.end(), c.rule.defined_at.file) == sources.end()) {
        sources.push_back(c.rule.defined_at.file);
      }
    }
    for (const std::string& file : sources) {
      std::vector<size_t> rest;
      for (size_t i : all) {
        if ((*rules)->rules()[i].rule.defined_at.file != file) rest.push_back(i);
      }
      const double secs = hs_cost(**rules, rest, files, &hits);
      std::printf("  without %-28s %6.1f ms (%+.1f)\n", file.c_str(), secs * 1e3, (secs - whole) * 1e3);
    }
  }
  if (!without.empty()) {
    // The whole database without the listed rules (comma-separated ids).
    std::vector<size_t> rest;
    for (size_t i = 0; i < (*rules)->rules().size(); ++i) {
      const std::string& id = (*rules)->rules()[i].rule.id;
      if (("," + without + ",").find("," + id + ",") == std::string::npos) rest.push_back(i);
    }
    uint64_t hits = 0;
    const double secs = hs_cost(**rules, rest, files, &hits);
    std::printf("\nVectorscan, %zu rules (without %s): %.1f ms (%.0f MB/s), %.1f hits/MB\n", rest.size(),
                without.c_str(), secs * 1e3, mb / secs, static_cast<double>(hits) / mb);
  }
  return 0;
}
