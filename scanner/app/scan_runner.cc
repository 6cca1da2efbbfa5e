#include "scanner/app/scan_runner.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "scanner/base/bounded_queue.h"
#include "scanner/finding/finding_cap.h"
#include "scanner/match/matcher.h"

namespace keysweep {
namespace {

struct WorkerState {
  std::vector<Finding> findings;
  ScanSummary summary;
  Status status;
};

void work(BoundedQueue<WorkItem>& queue, Matcher& matcher, const LoadLimits& limits,
          uint64_t max_findings_per_file, WorkerState& st) {
  while (std::optional<WorkItem> item = queue.pop()) {
    LoadResult loaded = item->load(limits);
    if (!loaded.error.empty()) {
      st.summary.errors.push_back(loaded.error);
      continue;
    }
    if (loaded.skipped) {
      if (item->named) {
        // The user asked for exactly this input; not scanning it leaves the run incomplete.
        st.summary.errors.push_back(loaded.skipped->path + ": not scanned (" + loaded.skipped->reason +
                                    ": " + loaded.skipped->detail + ")");
      }
      st.summary.skipped.push_back(std::move(*loaded.skipped));
      continue;
    }
    const Chunk& chunk = *loaded.chunk;
    st.summary.files_scanned += 1;
    st.summary.bytes_scanned += chunk.bytes().size();
    std::vector<Finding> found;
    // The matcher filters to the report lines and caps per rule before it builds findings
    // (memory bounded by the cap); cap_file_findings caps the file as a whole.
    ScanLimits scan_limits;
    scan_limits.max_findings_per_rule = max_findings_per_file;
    if (loaded.report_lines) scan_limits.report_lines = &*loaded.report_lines;
    CappedCounts capped;
    if (Status s = matcher.scan(chunk, &found, scan_limits, &capped); !s) {
      st.summary.errors.push_back(s.with_context("scanning " + chunk.provenance().path).message());
    }
    add_capped(cap_file_findings(&found, max_findings_per_file), &capped);
    record_capped(chunk.provenance(), capped, &st.summary);
    for (Finding& f : found) st.findings.push_back(std::move(f));
  }
}

}  // namespace

Result<ScanResult> run_scan(Source& source, std::shared_ptr<const RuleSet> rules, unsigned threads,
                            const LoadLimits& limits, uint64_t max_findings_per_file) {
  const auto started = std::chrono::steady_clock::now();
  threads = std::max(1u, threads);
  std::vector<std::unique_ptr<Matcher>> matchers;
  for (unsigned i = 0; i < threads; ++i) {
    auto m = Matcher::create(rules);
    if (!m) return m.status();
    matchers.push_back(std::move(m).value());
  }
  BoundedQueue<WorkItem> queue(threads * 64);
  std::vector<WorkerState> states(threads);
  std::vector<std::thread> workers;
  for (unsigned i = 0; i < threads; ++i) {
    workers.emplace_back([&, i] { work(queue, *matchers[i], limits, max_findings_per_file, states[i]); });
  }
  Status enumerated = source.enumerate([&](WorkItem item) { queue.push(std::move(item)); });
  queue.close();
  for (std::thread& t : workers) t.join();
  if (!enumerated) return enumerated;

  ScanResult result;
  size_t total = 0;
  for (const WorkerState& st : states) total += st.findings.size();
  result.findings.reserve(total);
  for (WorkerState& st : states) {
    result.summary.files_scanned += st.summary.files_scanned;
    result.summary.bytes_scanned += st.summary.bytes_scanned;
    for (Skipped& s : st.summary.skipped) result.summary.skipped.push_back(std::move(s));
    for (std::string& e : st.summary.errors) result.summary.errors.push_back(std::move(e));
    for (Capped& c : st.summary.capped) result.summary.capped.push_back(std::move(c));
    for (Finding& f : st.findings) result.findings.push_back(std::move(f));
    std::vector<Finding>().swap(st.findings);  // free each worker's copy as soon as it is moved
  }
  std::sort(result.findings.begin(), result.findings.end(), finding_less);
  std::sort(result.summary.skipped.begin(), result.summary.skipped.end(),
            [](const Skipped& a, const Skipped& b) { return std::tie(a.path, a.reason) < std::tie(b.path, b.reason); });
  std::sort(result.summary.errors.begin(), result.summary.errors.end());
  result.summary.max_findings_per_file = max_findings_per_file;
  sort_capped(&result.summary);
  result.summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace keysweep
