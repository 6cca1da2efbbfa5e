#include "scanner/app/scan_runner.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <new>
#include <system_error>
#include <thread>

#include "scanner/base/bounded_queue.h"
#include "scanner/finding/finding_cap.h"
#include "scanner/finding/first_seen.h"
#include "scanner/finding/path_gate.h"
#include "scanner/finding/placer.h"
#include "scanner/match/decoded_scan.h"
#include "scanner/match/matcher.h"

namespace keysweep {
namespace {

struct WorkerState {
  std::vector<Finding> findings;
  ScanSummary summary;
  Status status;
  std::vector<CleanBlob> newly_clean;  // with a known-clean set only
  PlaceTally tally;                    // suppression counts; the first fingerprint error
  uint64_t out_of_memory_unnamed = 0;  // inputs not scanned for want of memory, unnamed (see work)
};

// The overlap must cover everything a finding depends on (see source/chunk_stream.h).
static_assert(LoadLimits{}.window_overlap >= Matcher::kMaxReach, "window overlap shorter than a match can reach");

// One place of the item being scanned (source.h), with the findings and cap counts gathered
// for it: caps and Capped records are per place, as they were per file.
struct PlaceScan {
  Place place;
  std::vector<Finding> findings;
  CappedCounts capped;
};

// Matches one window once, then places the matches at each place (finding/placer.h). Each
// place's findings are capped per rule after every window, so at most two windows' worth of
// capped findings (2 x max_findings_per_file per rule) are held per place. A window none of
// whose places can report anything (allow_paths) is not matched at all. Returns true when the
// window was matched and gave no match (clean by its bytes alone, wherever it is placed).
bool scan_window_at_places(Matcher& matcher, DecodedScan& decoder, const Placer& placer, const PathGate& gate,
                           const ChunkStream::Window& w, uint64_t max_findings_per_file, MatchSet* matches,
                           std::vector<PlaceScan>* places, ScanSummary* summary, PlaceTally* tally) {
  const bool any = std::any_of(places->begin(), places->end(),
                               [&](const PlaceScan& p) { return !placer.skips_path(p.place.provenance.path); });
  if (!any) return false;
  // The chunk's bytes and what its encoded regions decode to (match/decoded_scan.h).
  if (Status s = decoder.scan(matcher, *w.chunk, matches, &gate); !s) {
    summary->errors.push_back(s.with_context("scanning " + places->front().place.provenance.path).message());
    return false;
  }
  if (matches->matches.empty()) return true;
  for (PlaceScan& p : *places) {
    // The placer filters to the report lines, to this window's owned range, and caps per rule
    // before it builds findings (memory bounded by the cap).
    PlaceLimits limits;
    limits.max_findings_per_rule = max_findings_per_file;
    if (p.place.report_lines) limits.report_lines = &*p.place.report_lines;
    limits.owned_begin = w.owned_begin;
    limits.owned_end = w.owned_end;
    placer.place(*w.chunk, *matches, p.place.provenance, limits, &p.findings, &p.capped, tally);
    add_capped(cap_file_findings(&p.findings, max_findings_per_file), &p.capped);
  }
  return false;
}

// The paths an item is listed at when it is skipped: each place's, or the item's own.
std::vector<std::string> skip_paths(const WorkItem& item, const std::vector<Place>& places) {
  if (places.empty()) return {item.path};
  std::vector<std::string> paths;
  for (const Place& p : places) paths.push_back(p.provenance.path);
  return paths;
}

void add_skipped(Skipped s, const std::vector<std::string>& paths, ScanSummary* summary) {
  for (const std::string& path : paths) {
    s.path = path;
    summary->skipped.push_back(s);
  }
}

// Loads one item and scans it window by window, at each of its places. A finding is kept by
// the one window that owns its secret's first byte (the placer skips the others:
// PlaceLimits::owned_*). All of a place's findings are gathered here and capped per rule as a
// whole (finding_cap.h) before they join the worker's results. files_scanned counts items
// loaded and scanned (a blob held at several places counts once), bytes_scanned their bytes.
// With `known_clean` (run_scan), a blob it holds is counted without being loaded, and a blob
// found clean here is recorded in st.newly_clean.
void scan_item(WorkItem& item, Loader* loader, Matcher& matcher, DecodedScan& decoder, const Placer& placer, const LoadLimits& limits,
               uint64_t max_findings_per_file, const CleanBlobCache* known_clean, WorkerState& st) {
  std::optional<BlobId> blob_id;
  if (known_clean && !item.blob.empty()) blob_id = parse_blob_id(item.blob);
  if (blob_id) {
    if (std::optional<uint64_t> bytes = known_clean->find(*blob_id)) {
      if (item.context) return;  // context gives findings only; a clean blob has none
      st.summary.files_scanned += 1;
      st.summary.bytes_scanned += *bytes;
      st.summary.cache_hits += 1;
      return;
    }
  }
  LoadResult loaded = item.load(loader, limits);
  const bool loaded_content = loaded.chunk || loaded.stream;
  // A context item that cannot be scanned is dropped silently (source.h: WorkItem::context).
  if (item.context && (!loaded.error.empty() || !loaded_content)) return;
  if (!loaded.error.empty()) {
    st.summary.errors.push_back(loaded.error);
    // An unreadable input is both an error (the run is incomplete) and a skipped entry.
    if (loaded.skipped) st.summary.skipped.push_back(std::move(*loaded.skipped));
    // With content, the error is about places left out (source.h); the others are scanned.
    if (!loaded_content) return;
  }
  if (loaded.skipped) {
    if (item.named) {
      // The user asked for exactly this input; not scanning it leaves the run incomplete.
      st.summary.errors.push_back(loaded.skipped->path + ": not scanned (" + loaded.skipped->reason +
                                  ": " + loaded.skipped->detail + ")");
    }
    if (loaded.places.empty()) {
      st.summary.skipped.push_back(std::move(*loaded.skipped));
    } else {
      add_skipped(std::move(*loaded.skipped), skip_paths(item, loaded.places), &st.summary);
    }
    return;
  }
  const std::vector<std::string> paths = skip_paths(item, loaded.places);
  // No places of its own: one, at the input's own provenance (from its first window).
  const bool own_place = loaded.places.empty();
  std::vector<PlaceScan> places;
  if (own_place) places.emplace_back();
  for (Place& p : loaded.places) places.push_back(PlaceScan{std::move(p), {}, {}});
  // Clean so far: read without an error about some of its places, and not skipped (above).
  bool clean = loaded.error.empty();
  // Rules limited to paths none of the places has are not run (finding/path_gate.h). The own
  // place's path is filled in at the first window, before the gate is first asked.
  std::vector<const std::string*> place_paths;
  for (const PlaceScan& p : places) place_paths.push_back(&p.place.provenance.path);
  const PathGate gate(placer.rules(), place_paths);
  std::unique_ptr<ChunkStream> stream = stream_of(&loaded, limits);
  bool first_window = true;
  MatchSet matches;
  std::string read_error;
  while (true) {
    Result<std::optional<ChunkStream::Window>> window = stream->next();
    if (!window) {
      read_error = window.status().message();
      break;
    }
    if (!*window) break;
    if (own_place && first_window) places.front().place.provenance = (*window)->chunk->provenance();
    first_window = false;
    const bool clean_window =
        scan_window_at_places(matcher, decoder, placer, gate, **window, max_findings_per_file, &matches, &places,
                              &st.summary, &st.tally);
    clean = clean && clean_window;
  }
  // Clean by its bytes alone only if no rule was left out for its paths: at another path it
  // might not be.
  clean = clean && read_error.empty() && !stream->over_limit() && !gate.denied_any();
  if (clean && blob_id) st.newly_clean.push_back(CleanBlob{*blob_id, stream->bytes_read()});
  if (item.context) {
    for (PlaceScan& p : places) {
      for (Finding& f : p.findings) st.findings.push_back(std::move(f));
    }
    return;
  }
  st.summary.files_scanned += 1;
  st.summary.bytes_scanned += stream->bytes_read();
  if (!read_error.empty()) {
    st.summary.errors.push_back(read_error);
    add_skipped(Skipped{item.path, "unreadable", read_error}, paths, &st.summary);
  }
  if (stream->over_limit()) {
    Skipped s{item.path, "too-large",
              "more than --max-file-size (" + std::to_string(limits.max_file_size) +
                  " bytes): only the first " + std::to_string(limits.max_file_size) + " bytes were scanned"};
    if (item.named) st.summary.errors.push_back(s.path + ": not scanned in full (too-large: " + s.detail + ")");
    add_skipped(std::move(s), paths, &st.summary);
  }
  for (PlaceScan& p : places) {
    if (!first_window) record_capped(p.place.provenance, p.capped, &st.summary);
    for (Finding& f : p.findings) st.findings.push_back(std::move(f));
  }
}

// One worker: its own loader (Source::make_loader, made here on the worker's thread), then
// every item it pops. Memory running out never ends the thread (an exception leaving it would
// abort the process, and a worker that stopped popping would leave the producer blocked on a
// full queue): an item that cannot be scanned is recorded and the next one is tried; a worker
// that cannot even make its loader drains the queue, counting what it could not scan.
void work(Source& source, BoundedQueue<WorkItem>& queue, Matcher& matcher, DecodedScan& decoder, const Placer& placer,
          const LoadLimits& limits, uint64_t max_findings_per_file, const CleanBlobCache* known_clean, Progress* progress,
          WorkerState& st) {
  std::unique_ptr<Loader> loader;
  try {
    loader = source.make_loader();
  } catch (const std::bad_alloc&) {
    while (queue.pop()) ++st.out_of_memory_unnamed;
    return;
  }
  while (std::optional<WorkItem> item = queue.pop()) {  // pop moves an item out: no allocation
    try {
      const uint64_t bytes_before = st.summary.bytes_scanned;
      scan_item(*item, loader.get(), matcher, decoder, placer, limits, max_findings_per_file, known_clean, st);
      if (progress) {
        progress->add(progress->items_done);
        progress->add(progress->bytes_done, st.summary.bytes_scanned - bytes_before);
      }
    } catch (const std::bad_alloc&) {
      // Buffers are bounded by the window size, but memory can still run out (a tight ulimit,
      // many threads): that input is not scanned, the others are.
      try {
        st.summary.errors.push_back(item->path + ": not scanned: out of memory");
      } catch (const std::bad_alloc&) {
        ++st.out_of_memory_unnamed;  // not even the message fits: counted, reported after the join
      }
    }
  }
}

}  // namespace

// KEYSWEEP_TEST_WINDOW_SIZE (bytes) overrides the window size, so tests can cross many window
// boundaries with small files. Not a user setting: it changes nothing but speed and memory.
LoadLimits effective_limits(LoadLimits limits) {
  if (const char* v = std::getenv("KEYSWEEP_TEST_WINDOW_SIZE"); v && *v) {
    char* end = nullptr;
    const unsigned long long n = std::strtoull(v, &end, 10);
    if (end && *end == '\0' && n > 0) limits.window_size = static_cast<size_t>(n);
  }
  return limits;
}

Result<ScanResult> run_scan(Source& source, std::shared_ptr<const RuleSet> rules, unsigned threads,
                            const LoadLimits& given_limits, uint64_t max_findings_per_file, Progress* progress,
                            const CleanBlobCache* known_clean, SuppressOptions suppress) {
  const LoadLimits limits = effective_limits(given_limits);
  const auto started = std::chrono::steady_clock::now();
  threads = std::max(1u, threads);
  std::vector<std::unique_ptr<Matcher>> matchers;
  for (unsigned i = 0; i < threads; ++i) {
    auto m = Matcher::create(rules);
    if (!m) return m.status();
    matchers.push_back(std::move(m).value());
  }
  std::vector<std::unique_ptr<DecodedScan>> decoders;  // one per worker, like the matchers
  for (unsigned i = 0; i < threads; ++i) {
    auto d = DecodedScan::create(rules);
    if (!d) return d.status();
    decoders.push_back(std::move(d).value());
  }
  const Placer placer(rules, /*resolve_overlaps=*/true, std::move(suppress));
  if (progress) source.set_progress(progress);
  BoundedQueue<WorkItem> queue(source.queue_depth(threads));
  std::vector<WorkerState> states(threads);
  std::vector<std::thread> workers;
  for (unsigned i = 0; i < threads; ++i) {
    try {
      workers.emplace_back([&, i] { work(source, queue, *matchers[i], *decoders[i], placer, limits, max_findings_per_file, known_clean, progress, states[i]); });
    } catch (const std::system_error& e) {
      // No thread to spare (ulimit -u, memory for its stack): scan with the workers started.
      if (workers.empty()) return Status::error(std::string("cannot start a scan thread: ") + e.what());
      break;
    }
  }
  // The workers must be joined whatever the walk does (a joinable std::thread's destructor
  // aborts): memory running out in the walk closes the queue first and then fails the scan.
  bool walk_out_of_memory = false;
  Status enumerated;
  try {
    enumerated = source.enumerate([&](WorkItem item) { queue.push(std::move(item)); });
  } catch (const std::bad_alloc&) {
    walk_out_of_memory = true;
  }
  queue.close();
  for (std::thread& t : workers) t.join();
  if (walk_out_of_memory) throw std::bad_alloc();  // main: "out of memory", exit 2
  if (!enumerated) return enumerated;

  ScanResult result;
  size_t total = 0;
  for (const WorkerState& st : states) total += st.findings.size();
  result.findings.reserve(total);
  for (WorkerState& st : states) {
    result.summary.files_scanned += st.summary.files_scanned;
    result.summary.bytes_scanned += st.summary.bytes_scanned;
    result.summary.cache_hits += st.summary.cache_hits;
    result.summary.suppressed.add(st.tally.suppressed);
    // One line per worker at most: the cause (out of memory) is the same for every secret.
    if (!st.tally.error.empty()) result.summary.errors.push_back("fingerprinting a finding: " + st.tally.error);
    if (st.out_of_memory_unnamed) {
      result.summary.errors.push_back(std::to_string(st.out_of_memory_unnamed) + " inputs not scanned: out of memory");
    }
    result.newly_clean.insert(result.newly_clean.end(), st.newly_clean.begin(), st.newly_clean.end());
    std::vector<CleanBlob>().swap(st.newly_clean);
    for (Skipped& s : st.summary.skipped) result.summary.skipped.push_back(std::move(s));
    for (std::string& e : st.summary.errors) result.summary.errors.push_back(std::move(e));
    for (Capped& c : st.summary.capped) result.summary.capped.push_back(std::move(c));
    for (Finding& f : st.findings) result.findings.push_back(std::move(f));
    std::vector<Finding>().swap(st.findings);  // free each worker's copy as soon as it is moved
  }
  // Suppressed findings kept for the report go apart first: they must not hide (as "seen
  // before") a reported finding of the same secret, nor be hidden by one.
  auto reported_end = std::stable_partition(result.findings.begin(), result.findings.end(),
                                            [](const Finding& f) { return !f.suppressed_by; });
  result.suppressed.assign(std::make_move_iterator(reported_end), std::make_move_iterator(result.findings.end()));
  result.findings.erase(reported_end, result.findings.end());
  // A secret kept unchanged through later edits of its file is reported where it entered.
  keep_first_seen(&result.findings);
  std::sort(result.findings.begin(), result.findings.end(), finding_less);
  keep_first_seen(&result.suppressed);
  std::sort(result.suppressed.begin(), result.suppressed.end(), finding_less);
  // One entry per path and reason: a history holds many blobs of one binary file (each version
  // of logo.png), and one line says what the user needs to know.
  std::vector<Skipped>& skipped = result.summary.skipped;
  std::stable_sort(skipped.begin(), skipped.end(),
                   [](const Skipped& a, const Skipped& b) { return std::tie(a.path, a.reason) < std::tie(b.path, b.reason); });
  skipped.erase(std::unique(skipped.begin(), skipped.end(),
                            [](const Skipped& a, const Skipped& b) { return a.path == b.path && a.reason == b.reason; }),
                skipped.end());
  std::sort(result.summary.errors.begin(), result.summary.errors.end());
  result.summary.errors.erase(std::unique(result.summary.errors.begin(), result.summary.errors.end()),
                              result.summary.errors.end());
  // A blob handed out twice (a copy found after the walk) may be clean twice: once each.
  auto by_id = [](const CleanBlob& a, const CleanBlob& b) { return a.id < b.id; };
  std::sort(result.newly_clean.begin(), result.newly_clean.end(), by_id);
  result.newly_clean.erase(std::unique(result.newly_clean.begin(), result.newly_clean.end(),
                                       [](const CleanBlob& a, const CleanBlob& b) { return a.id == b.id; }),
                           result.newly_clean.end());
  result.summary.max_findings_per_file = max_findings_per_file;
  if (const BaselineFile* baseline = placer.suppressor().baseline()) {
    result.summary.baseline_entries = baseline->entries.size();
    result.baseline_used = placer.suppressor().baseline_used();
  }
  sort_capped(&result.summary);
  result.summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace keysweep
