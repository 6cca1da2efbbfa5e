// Source: where chunks come from (a directory walk, standard input, the git index and history).
//
// A source enumerates WorkItems on one thread, cheaply and in a deterministic order; the costly
// part (reading the bytes) happens in WorkItem::load on the worker threads, so I/O runs in
// parallel with matching. A file or standard input is loaded as far as its binary probe only and
// comes back as a ChunkStream that reads the rest window by window (chunk_stream.h); a git blob,
// read whole by libgit2, comes back as one Chunk. stream_of() turns either into a stream.
//
// Loaders: a source may give each worker thread its own Loader (make_loader()), the state its
// loads share on that thread (a git source's repository handle), so loads take no locks.
//
// Places: a git blob held at several paths (of one commit, or of the index) is one WorkItem,
// loaded and scanned once; its LoadResult lists each place it is reported at.
//
// Thread safety: enumerate() is called once, from one thread. Each WorkItem::load may run on any
// thread, once, with the Loader that thread's make_loader() gave. Errors: enumerate() returns
// hard errors only (the scan cannot start or go on); per-item problems come back from load() as
// a Skipped entry or a soft error.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "scanner/base/progress.h"
#include "scanner/base/status.h"
#include "scanner/chunk/chunk.h"
#include "scanner/decode/text_encoding.h"
#include "scanner/base/skipped.h"
#include "scanner/source/chunk_stream.h"

namespace keysweep {

struct LoadLimits {
  uint64_t max_file_size = 10ull << 20;   // larger inputs are skipped as "too-large"
  // A NUL character in these first bytes means "binary" (git's rule); they also decide the text
  // encoding (decode/text_encoding.h). Nothing past them is read before that decision.
  size_t binary_probe = 8000;
  // Window size W and overlap V of a ChunkStream (see chunk_stream.h for the arithmetic):
  // memory for input bytes is at most threads x (W + 2V), about 16.25 MiB per thread.
  size_t window_size = 16u << 20;
  size_t window_overlap = 128u << 10;
};

// Where one loaded input lives. A git blob held at several paths (or commits) is loaded and
// scanned once and its matches are placed at each of its places.
struct Place {
  Provenance provenance;
  // When set, only findings touching one of these 1-based chunk lines (sorted) are reported at
  // this place: the whole chunk is still scanned, so multi-line secrets and nearby context keep
  // working.
  std::optional<std::vector<uint32_t>> report_lines;
};

// What loading one item gave: one of chunk, stream, skipped or error; an unreadable input has
// both error and skipped (reason "unreadable": listed, and the run is incomplete). A chunk or
// stream may also come with an error: some of the item's places could not be prepared (a git
// blob whose parent copy at one path cannot be read); those are left out of `places`, the
// input is scanned at the others. A skipped item is listed once per place.
struct LoadResult {
  std::optional<Chunk> chunk;            // a whole input held in memory (git blobs)
  std::unique_ptr<ChunkStream> stream;   // an input read window by window (files, stdin)
  std::optional<Skipped> skipped;
  std::string error;  // a soft error: reported, the scan goes on, the run is incomplete
  // Where the input is reported, in order. Empty: one place, the chunk's (or stream's) own
  // provenance, every line reported (files, stdin).
  std::vector<Place> places;
};

// Per-worker state a source's loads share (a repository handle; later a pack reader's caches).
class Loader {
 public:
  virtual ~Loader() = default;
};

struct WorkItem {
  std::string path;    // display path (relative, '/'-separated); a git blob's first place
  std::string blob;    // hex blob id, empty for files
  bool named = false;  // the user named this input itself: skipping it makes the run incomplete
  // Scanned only for context (its places are Provenance::before_range): what it holds is never
  // reported, and a skip, an error or a cap on it is not either, nor counted in the summary.
  // Not scanning it only means an old secret may be reported again.
  bool context = false;
  // `loader` is the calling worker's own, from this item's source's make_loader() (null for a
  // source without one); a git source also accepts null (it then opens a repository itself).
  std::function<LoadResult(Loader* loader, const LoadLimits&)> load;
};

class Source {
 public:
  virtual ~Source() = default;
  virtual Status enumerate(const std::function<void(WorkItem)>& emit) = 0;
  // The state one worker thread's loads share. Called once per worker thread, on that thread,
  // before its first load; the Loader is used by that thread only and outlives its loads. May
  // be called while enumerate() runs on another thread, so it must not touch what enumerate()
  // changes. Null: the source's loads need no shared state.
  virtual std::unique_ptr<Loader> make_loader() { return nullptr; }
  // Counters for a progress line (base/progress.h), set before enumerate() when someone watches:
  // a source that knows more than the runner (commits walked, the number of items) adds it
  // there. Sources that do not override this report nothing of their own.
  virtual void set_progress(Progress* progress) {}
  // How many WorkItems the runner may hold queued for `threads` workers. A producer that emits in
  // bursts (history's pack-order batches) asks for a burst's worth, so the workers do not run dry
  // while it prepares the next one. Items carry no file bytes, only what their load needs.
  virtual size_t queue_depth(unsigned threads) const { return size_t{threads} * 64; }
};

// What an input's first bytes say: binary (skipped set) or text in `encoding`.
struct ContentClass {
  std::optional<Skipped> skipped;
  DetectedEncoding encoding;
};
// Classifies an input from its first bytes (only the first limits.binary_probe are looked at):
// binary when they hold a NUL character in the detected encoding, so UTF-16 and UTF-32 text is
// text. Shared by all sources.
ContentClass classify(std::string_view bytes, const std::string& path, const LoadLimits& limits);
// The same, for callers that only need the binary test: a Skipped for binary content, else
// nullopt (UTF-16/32 text is not binary; stream_of() decodes it).
std::optional<Skipped> classify_content(std::string_view bytes, const std::string& path, const LoadLimits& limits);

// The windows of a loaded text input: its stream, or a stream over its in-memory chunk (whose
// encoding is detected here; a chunk that fits one window is handed over without a copy).
// Precondition: loaded has a chunk or a stream; they are moved out.
std::unique_ptr<ChunkStream> stream_of(LoadResult* loaded, const LoadLimits& limits);

// The window geometry of `limits`.
WindowGeometry window_geometry(const LoadLimits& limits);

}  // namespace keysweep
