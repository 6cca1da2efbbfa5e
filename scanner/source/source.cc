#include "scanner/source/source.h"

#include <algorithm>

namespace keysweep {

ContentClass classify(std::string_view bytes, const std::string& path, const LoadLimits& limits) {
  const std::string_view probe = bytes.substr(0, std::min(bytes.size(), limits.binary_probe));
  ContentClass out;
  out.encoding = detect_encoding(probe);
  if (has_nul_character(probe, out.encoding)) {
    const bool utf8 = out.encoding.encoding == TextEncoding::kUtf8;
    out.skipped = Skipped{path, "binary",
                          std::string(utf8 ? "NUL byte" : "NUL character") + " in the first " +
                              std::to_string(limits.binary_probe) + " bytes" +
                              (utf8 ? "" : " (" + std::string(encoding_name(out.encoding.encoding)) + ")")};
  }
  return out;
}

std::optional<Skipped> classify_content(std::string_view bytes, const std::string& path,
                                        const LoadLimits& limits) {
  return classify(bytes, path, limits).skipped;
}

WindowGeometry window_geometry(const LoadLimits& limits) {
  WindowGeometry g;
  g.window_size = limits.window_size;
  g.overlap = limits.window_overlap;
  return g.normalized();
}

std::unique_ptr<ChunkStream> stream_of(LoadResult* loaded, const LoadLimits& limits) {
  if (loaded->stream) return std::move(loaded->stream);
  Chunk& chunk = *loaded->chunk;
  const std::string_view bytes = chunk.bytes();
  const DetectedEncoding encoding = detect_encoding(bytes.substr(0, std::min(bytes.size(), limits.binary_probe)));
  Provenance provenance = chunk.provenance();
  const WindowGeometry g = window_geometry(limits);
  const uint64_t size = bytes.size();
  std::string all = std::move(chunk).take_bytes();
  loaded->chunk.reset();
  if (size <= g.window_size + g.overlap) {
    return std::make_unique<ChunkStream>(std::move(provenance), encoding, std::move(all), nullptr, g, size, false);
  }
  return std::make_unique<ChunkStream>(std::move(provenance), encoding, std::string(),
                                       std::make_unique<MemoryReader>(std::move(all)), g, size, false);
}

}  // namespace keysweep
