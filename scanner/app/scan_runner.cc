#include "scanner/app/scan_runner.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "scanner/base/bounded_queue.h"
#include "scanner/match/matcher.h"

namespace keysweep {
namespace {

struct WorkerState {
  std::vector<Finding> findings;
  ScanSummary summary;
  Status status;
};

// True when one of the finding's lines (first to last line of its secret) is in `lines`.
bool touches_lines(const Finding& f, const std::vector<uint32_t>& lines) {
  auto it = std::lower_bound(lines.begin(), lines.end(), f.line);
  return it != lines.end() && *it <= std::max(f.line, f.end_line);
}

void work(BoundedQueue<WorkItem>& queue, Matcher& matcher, const LoadLimits& limits, WorkerState& st) {
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
    if (Status s = matcher.scan(chunk, &found); !s) {
      st.summary.errors.push_back(s.with_context("scanning " + chunk.provenance().path).message());
    }
    for (Finding& f : found) {
      if (loaded.report_lines && !touches_lines(f, *loaded.report_lines)) continue;
      st.findings.push_back(std::move(f));
    }
  }
}

}  // namespace

Result<ScanResult> run_scan(Source& source, std::shared_ptr<const RuleSet> rules, unsigned threads,
                            const LoadLimits& limits) {
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
    workers.emplace_back([&, i] { work(queue, *matchers[i], limits, states[i]); });
  }
  Status enumerated = source.enumerate([&](WorkItem item) { queue.push(std::move(item)); });
  queue.close();
  for (std::thread& t : workers) t.join();
  if (!enumerated) return enumerated;

  ScanResult result;
  for (WorkerState& st : states) {
    result.summary.files_scanned += st.summary.files_scanned;
    result.summary.bytes_scanned += st.summary.bytes_scanned;
    for (Skipped& s : st.summary.skipped) result.summary.skipped.push_back(std::move(s));
    for (std::string& e : st.summary.errors) result.summary.errors.push_back(std::move(e));
    for (Finding& f : st.findings) result.findings.push_back(std::move(f));
  }
  std::sort(result.findings.begin(), result.findings.end(), finding_less);
  std::sort(result.summary.skipped.begin(), result.summary.skipped.end(),
            [](const Skipped& a, const Skipped& b) { return std::tie(a.path, a.reason) < std::tie(b.path, b.reason); });
  std::sort(result.summary.errors.begin(), result.summary.errors.end());
  result.summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace keysweep
