// The matcher and the finding stage together on one chunk, as a scan runs them
// (app/scan_runner.cc): match the bytes once, place the matches at the chunk's own provenance.
// For unit tests and fuzz targets that check findings rather than raw matches.
#pragma once

#include <vector>

#include "scanner/base/status.h"
#include "scanner/chunk/chunk.h"
#include "scanner/finding/finding.h"
#include "scanner/finding/placer.h"
#include "scanner/match/matcher.h"

namespace keysweep {

inline Status find_in_chunk(Matcher& matcher, const Placer& placer, const Chunk& chunk, std::vector<Finding>* out,
                            const PlaceLimits& limits = {}, CappedCounts* capped = nullptr) {
  MatchSet matches;
  if (Status st = matcher.scan(chunk, &matches); !st) return st;
  placer.place(chunk, matches, chunk.provenance(), limits, out, capped);
  return Status::ok();
}

// The same with the reference engine (no prefilter).
inline void find_in_chunk_reference(Matcher& matcher, const Placer& placer, const Chunk& chunk,
                                    std::vector<Finding>* out) {
  MatchSet matches;
  matcher.scan_reference(chunk, &matches);
  placer.place(chunk, matches, chunk.provenance(), PlaceLimits{}, out, nullptr);
}

}  // namespace keysweep
